import { ManualClock } from '../../src/core/clock.js';
import { MembershipRole } from '../../src/core/roles.js';
import { generateMonthStatements, runDeemedConfirmation } from '../../src/modules/statements/statement.jobs.js';
import { errorCodes, gql } from '../helpers/client.js';
import type { TestOrg } from '../helpers/factories.js';
import {
  STATEMENTS,
  STATEMENT_CONFIRM,
  STATEMENT_DISPUTE,
  STATEMENT_GENERATE,
  STATEMENT_ISSUE,
  STATEMENT_NODE,
  STATEMENT_PAY,
  STATEMENT_RECOMPUTE,
  STATEMENT_REVISE,
  expectNoErrors,
  finance,
  operations,
  recordWorkedExampleFacts,
  signedContract,
  spreadDays,
  statementParties,
} from '../helpers/statements.js';
import { reportIncident } from '../helpers/incidents.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';
import { report } from '../helpers/usage.js';

/**
 * Monthly statements through HTTP, from recorded usage, outages and inspections: the worked example
 * of product.md §8 to the cent, issuance, confirmation, late payment and its fee on the next
 * statement, deemed confirmation on the PRC calendar, disputes and revisions, immutability in the
 * API and the database, recompute, generation by the job (idempotent, failures isolated), and who
 * may do what.
 */
const clock = new ManualClock('2026-08-01T12:00:00+08:00');
let app: TestApp;
let merchant: TestOrg;
let vendor: TestOrg;
let otherMerchant: TestOrg;
let otherVendor: TestOrg;
let worked: { id: string; rawId: string };

const at = (instant: string) => clock.set(new Date(instant));

async function statementOf(contractId: string, month: string, caller = finance(merchant)) {
  const response = await gql(app, STATEMENTS, { filter: { contractId, month } }, caller);
  expect(response.errors).toBeUndefined();
  return response.data!.statements.edges[0]?.node ?? null;
}

const amounts = (s: Record<string, any>) => ({
  serviceCharges: s.serviceCharges.amount,
  deductions: s.deductions.amount,
  subtotal: s.subtotal.amount,
  vat: s.vat.amount,
  fees: s.fees.amount,
  total: s.total.amount,
});

beforeAll(async () => {
  app = await startTestApp({}, { clock });
  ({ merchant, vendor, otherMerchant, otherVendor } = await statementParties(app));
  worked = await recordWorkedExampleFacts(app, clock, merchant, vendor);
}, 120_000);
afterAll(() => app.close());

describe('the worked example of product.md §8, through the API', () => {
  let statementId: string;

  test('the job drafts October from the recorded facts: 163,716.00 / −3,274.32 / −16,371.60 / 144,070.08 / 8,644.20 / 152,714.28', async () => {
    at('2026-11-02T12:00:00+08:00');
    const run = await generateMonthStatements(app.orm, '2026-10', 'run-1', app.config, clock);
    expect(run.failed).toEqual([]);
    const draft = await statementOf(worked.id, '2026-10');
    statementId = draft.id;
    expect(draft).toMatchObject({ status: 'DRAFT', version: 1, month: '2026-10', vatRate: '0.0600', chargedFrom: '2026-10-01', chargedTo: '2026-10-31' });
    expect(amounts(draft)).toEqual({
      serviceCharges: '163716.00',
      deductions: '-19645.92',
      subtotal: '144070.08',
      vat: '8644.20',
      fees: '0.00',
      total: '152714.28',
    });
    expect(draft.lines.map((l: any) => [l.kind, l.quantity, l.unitPrice?.amount ?? null, l.percent, l.amount.amount])).toEqual([
      ['HOLIDAY_CONTACTS', '3000', '5.04', null, '15120.00'],
      ['BASE_CONTACTS', '51200', '1.68', null, '86016.00'],
      ['BASE_CONTACTS', '42000', '1.49', null, '62580.00'],
      ['AVAILABILITY_DEDUCTION', null, null, '2', '-3274.32'],
      ['INSPECTION_DEDUCTION', null, null, '10', '-16371.60'],
    ]);
    // Evidence: the days, the terms, the outage counted (not the exempt one), the inspection.
    const [holiday, , month2, availabilityLine, inspectionLine] = draft.lines;
    expect(holiday.evidence).toMatchObject({
      dates: ['2026-10-01', '2026-10-02', '2026-10-03'],
      contractMonth: 1,
      termsFrom: '2026-10-01',
      termsTo: '2026-10-31',
      amendmentNumbers: [],
    });
    expect(month2.evidence.dates).toHaveLength(12);
    expect(month2.evidence.contractMonth).toBe(2);
    expect(availabilityLine.evidence).toMatchObject({ availabilityPercent: '95.52', outageMinutes: 2000, minutesInMonth: 44640 });
    expect(availabilityLine.evidence.incidentIds).toHaveLength(1);
    expect(inspectionLine.evidence.inspectionIds).toHaveLength(1);
    expect(draft).toMatchObject({ issueDeadline: '2026-11-05', dueDate: '2026-11-20' });
  });

  test('issued on time: deemed confirmation due at the end of the 5th working day; the month’s usage is locked', async () => {
    at('2026-11-03T10:00:00+08:00');
    const issued = expectNoErrors(await gql(app, STATEMENT_ISSUE, { id: statementId }, finance(vendor)), 'statementIssue').statement;
    expect(issued).toMatchObject({ status: 'ISSUED', issuedLate: false, deemedConfirmationOn: '2026-11-10', deemedConfirmationAt: '2026-11-10T16:00:00.000Z' });
    const late = await report(app, operations(vendor), worked.id, { days: [{ date: '2026-10-30', qualifiedContacts: 1, totalContacts: 1 }] });
    expect(late.data!.usageReport.userErrors[0].message).toMatch(/issued|locked/i);
  });

  test('issued amounts never change: the API refuses, and the database refuses the application role too', async () => {
    const regenerate = await gql(app, STATEMENT_GENERATE, { contractId: worked.id, month: '2026-10' }, finance(vendor));
    expect(regenerate.data!.statementGenerate).toMatchObject({ outcome: 'UNCHANGED', userErrors: [] });
    expect(regenerate.data!.statementGenerate.statement.total.amount).toBe('152714.28');
    const raw = Buffer.from(statementId, 'base64url').toString('utf8').split(':')[1]!;
    const client = await app.sql.connect();
    try {
      await client.query('begin');
      await client.query('set local role kefu_app');
      await client.query(`select set_config('app.org_id', $1, true)`, [vendor.id]);
      await expect(client.query(`update statement set total = total + 1 where id = $1`, [raw])).rejects.toThrow(/amounts cannot change/);
      await client.query('rollback');
      await client.query('begin');
      await client.query('set local role kefu_app');
      await client.query(`select set_config('app.org_id', $1, true)`, [vendor.id]);
      await expect(client.query(`update statement_line set amount = 0 where statement_id = $1`, [raw])).rejects.toThrow(/lines cannot change/);
      await client.query('rollback');
      // Not even the owner of the tables, without the application's role.
      await expect(app.sql.query(`delete from statement_line where statement_id = $1`, [raw])).rejects.toThrow(/lines cannot change/);
    } finally {
      await client.query('rollback').catch(() => undefined);
      client.release();
    }
  });

  test('recompute from the recorded facts and the terms in force matches to the cent; a fact changed afterwards shows as the line that differs', async () => {
    const same = await gql(app, STATEMENT_RECOMPUTE, { id: statementId }, finance(merchant));
    expect(same.data!.statementRecompute).toMatchObject({ matches: true, differences: [], recomputedTotal: { amount: '152714.28' } });
    // The merchant exempts the counted outage after issuance: availability is 100% now, the statement says 95.52%.
    const { rows } = await app.sql.query(`select id from incident where contract_id = $1 and status = 'NOT_EXEMPT'`, [worked.rawId]);
    await app.sql.query(`update incident set status = 'EXEMPT', exemption_grounds = 'OUTSIDE_VENDOR', decided_at = now() where id = $1`, [rows[0].id]);
    try {
      const changed = await gql(app, STATEMENT_RECOMPUTE, { id: statementId }, finance(vendor));
      expect(changed.data!.statementRecompute.matches).toBe(false);
      expect(changed.data!.statementRecompute.differences).toEqual(
        expect.arrayContaining([expect.objectContaining({ kind: 'AVAILABILITY_DEDUCTION', recorded: { amount: '-3274.32' }, recomputed: null })]),
      );
    } finally {
      await app.sql.query(`update incident set status = 'NOT_EXEMPT', exemption_grounds = null, decided_at = null where id = $1`, [rows[0].id]);
    }
  });

  test('confirmed by the merchant, paid ten days late: the November statement carries 152,714.28 × 0.05% × 10 = 763.57, outside VAT', async () => {
    at('2026-11-04T10:00:00+08:00');
    expect(expectNoErrors(await gql(app, STATEMENT_CONFIRM, { id: statementId }, finance(merchant)), 'statementConfirm').statement.status).toBe('CONFIRMED');
    at('2026-11-30T15:00:00+08:00');
    const paid = expectNoErrors(
      await gql(app, STATEMENT_PAY, { id: statementId, input: { paidOn: '2026-11-30', amount: '152714.28', reference: 'CMB 6225…0042' } }, finance(merchant)),
      'statementPaymentRecord',
    );
    expect(paid.statement).toMatchObject({ status: 'PAID', amountDue: { amount: '0.00' }, payments: [{ paidOn: '2026-11-30', daysLate: 10 }] });

    at('2026-12-01T01:00:00+08:00');
    const run = await generateMonthStatements(app.orm, '2026-11', 'run-2', app.config, clock);
    expect(run.failed).toEqual([]);
    const november = await statementOf(worked.id, '2026-11');
    const fee = november.lines.find((l: any) => l.kind === 'LATE_PAYMENT_FEE');
    expect(fee).toMatchObject({ section: 'FEE', amount: { amount: '763.57' }, evidence: { daysLate: 10, statementIds: [statementId] } });
    expect(november.fees.amount).toBe('763.57');
    expect(november.vat.amount).toBe('0.00');
    expect(november.total.amount).toBe('763.57');
  });
});

describe('deemed confirmation on the PRC calendar', () => {
  test('a statement issued Wednesday 2026-09-30 and left unanswered is deemed confirmed at the end of Tuesday 2026-10-13', async () => {
    const august = await signedContract(app, clock, merchant, vendor, { termStart: '2026-08-01', termMonths: 3 });
    at('2026-09-02T10:00:00+08:00');
    expectNoErrors(await report(app, operations(vendor), august.id, { days: spreadDays('2026-08-01', '2026-08-31', 31_000) }), 'usageReport');
    const drafted = expectNoErrors(await gql(app, STATEMENT_GENERATE, { contractId: august.id, month: '2026-08' }, finance(vendor)), 'statementGenerate');
    expect(drafted.outcome).toBe('CREATED');
    at('2026-09-30T15:00:00+08:00');
    const issued = expectNoErrors(await gql(app, STATEMENT_ISSUE, { id: drafted.statement.id }, finance(vendor)), 'statementIssue').statement;
    // Working days after Wednesday Sep 30: Oct 8, 9, 10 (a make-up Saturday), 12, 13.
    expect(issued).toMatchObject({
      issuedLate: true,
      deemedConfirmationOn: '2026-10-13',
      deemedConfirmationAt: '2026-10-13T16:00:00.000Z',
      deemedConfirmationNote: null,
    });

    at('2026-10-13T23:59:00+08:00');
    expect(await runDeemedConfirmation(app.orm, 'deem-0', app.config, clock)).toEqual([]);
    expect((await gql(app, STATEMENT_NODE, { id: issued.id }, finance(merchant))).data!.node.status).toBe('ISSUED');
    at('2026-10-14T00:00:00+08:00');
    // Reads show it at once; the job stores it, once.
    expect((await gql(app, STATEMENT_NODE, { id: issued.id }, finance(merchant))).data!.node.status).toBe('DEEMED_CONFIRMED');
    const confirm = await gql(app, STATEMENT_CONFIRM, { id: issued.id }, finance(merchant));
    expect(confirm.data!.statementConfirm.userErrors[0]).toMatchObject({ code: 'DEADLINE_PASSED' });
    const raw = Buffer.from(issued.id, 'base64url').toString('utf8').split(':')[1]!;
    expect(await runDeemedConfirmation(app.orm, 'deem-1', app.config, clock)).toEqual([raw]);
    expect(await runDeemedConfirmation(app.orm, 'deem-2', app.config, clock)).toEqual([]);
    const { rows } = await app.sql.query(`select status, confirmed_at from statement where id = $1`, [raw]);
    expect(rows[0]).toEqual({ status: 'DEEMED_CONFIRMED', confirmed_at: new Date('2026-10-13T16:00:00Z') });
    const audit = await app.sql.query(`select request_id from audit_event where entity_id = $1 and action = 'statement.deemConfirmed'`, [raw]);
    expect(audit.rows.map((r) => r.request_id)).toEqual(['job:statement-deemed-confirmation:deem-1']);
  });
});

test('issued in a year whose holiday notice is not recorded: the deemed day is computed by the statutory rule, and the statement says so', async () => {
  const contract = await signedContract(app, clock, merchant, vendor, { termStart: '2027-01-01', termMonths: 3 });
  at('2027-02-01T10:00:00+08:00');
  const drafted = expectNoErrors(await gql(app, STATEMENT_GENERATE, { contractId: contract.id, month: '2027-01' }, finance(vendor)), 'statementGenerate');
  expect(drafted.statement.lines).toEqual([]);
  const issued = expectNoErrors(await gql(app, STATEMENT_ISSUE, { id: drafted.statement.id }, finance(vendor)), 'statementIssue').statement;
  expect(issued.deemedConfirmationNote).toMatch(/2027 is not recorded/);
  // Monday Feb 1 → Feb 2, 3, 4, then the Spring Festival's statutory days by rule (除夕 Feb 5 to 初三 Feb 8), then 9, 10;
  // the 2027 notice may yet add rest days and make-up working days around them.
  expect(issued).toMatchObject({ issuedLate: false, deemedConfirmationOn: '2027-02-10', total: { amount: '0.00' } });
});

describe('disputes and revisions', () => {
  test('disputed with a reason per line, revised from corrected usage, the revision issued: the disputed version is SUPERSEDED', async () => {
    const contract = await signedContract(app, clock, merchant, vendor, { termStart: '2026-08-01', termMonths: 3 });
    at('2026-09-02T10:00:00+08:00');
    expectNoErrors(await report(app, operations(vendor), contract.id, { days: spreadDays('2026-08-01', '2026-08-31', 10_000) }), 'usageReport');
    const first = expectNoErrors(
      await gql(app, STATEMENT_GENERATE, { contractId: contract.id, month: '2026-08' }, finance(vendor)),
      'statementGenerate',
    ).statement;
    expectNoErrors(await gql(app, STATEMENT_ISSUE, { id: first.id }, finance(vendor)), 'statementIssue');

    const bad = await gql(app, STATEMENT_DISPUTE, { id: first.id, input: { lines: [{ position: 9, reason: 'No such line' }] } }, finance(merchant));
    expect(bad.data!.statementDispute.userErrors[0]).toMatchObject({ code: 'INVALID', field: ['input', 'lines', '0', 'position'] });
    const disputed = expectNoErrors(
      await gql(
        app,
        STATEMENT_DISPUTE,
        { id: first.id, input: { lines: [{ position: 1, reason: 'Aug 31 counted twice, call 13812345678 to check' }] } },
        finance(merchant),
      ),
      'statementDispute',
    ).statement;
    expect(disputed.status).toBe('DISPUTED');
    expect(disputed.disputes[0].reason).not.toContain('13812345678');

    // The dispute unlocks the month: the vendor corrects Aug 31 and drafts the revision.
    expectNoErrors(
      await report(app, operations(vendor), contract.id, { days: [{ date: '2026-08-31', qualifiedContacts: 0, totalContacts: 0 }] }),
      'usageReport',
    );
    const revision = expectNoErrors(await gql(app, STATEMENT_REVISE, { id: first.id }, finance(vendor)), 'statementRevise');
    expect(revision).toMatchObject({ outcome: 'CREATED', statement: { version: 2, status: 'DRAFT', revisionOf: { id: first.id } } });
    const issued = expectNoErrors(await gql(app, STATEMENT_ISSUE, { id: revision.statement.id }, finance(vendor)), 'statementIssue').statement;
    expect(Number(issued.serviceCharges.amount)).toBeLessThan(Number(first.serviceCharges.amount));
    const old = (await gql(app, STATEMENT_NODE, { id: first.id }, finance(merchant))).data!.node;
    expect(old).toMatchObject({
      status: 'SUPERSEDED',
      versions: [
        { version: 1, status: 'SUPERSEDED' },
        { version: 2, status: 'ISSUED' },
      ],
    });
    // The list shows the version in force.
    expect((await statementOf(contract.id, '2026-08')).version).toBe(2);
  });
});

describe('generation by the job', () => {
  test('run twice for one month → one statement per contract; a contract whose generation throws leaves the others generated and is retried', async () => {
    const contracts: { id: string; rawId: string }[] = [];
    for (let i = 0; i < 3; i++) contracts.push(await signedContract(app, clock, merchant, otherVendor, { termStart: '2026-08-01', termMonths: 3 }));
    at('2026-09-01T00:30:00+08:00');
    const failing = contracts[1]!.rawId;
    const first = await generateMonthStatements(app.orm, '2026-08', 'gen-1', app.config, clock, {
      beforeWrite: (id) => {
        if (id === failing) throw new Error('simulated failure');
      },
    });
    expect(first.failed).toEqual([{ contractId: failing, error: 'simulated failure' }]);
    const count = async () =>
      (await app.sql.query(`select contract_id, count(*)::int as n from statement where contract_id = any($1) group by 1`, [contracts.map((c) => c.rawId)]))
        .rows;
    expect((await count()).map((r) => r.contract_id).sort()).toEqual([contracts[0]!.rawId, contracts[2]!.rawId].sort());
    const second = await generateMonthStatements(app.orm, '2026-08', 'gen-2', app.config, clock);
    expect(second.failed).toEqual([]);
    const third = await generateMonthStatements(app.orm, '2026-08', 'gen-3', app.config, clock);
    expect(third.outcomes.CREATED).toBe(0);
    // Unchanged drafts are left alone: not rewritten, no audit event (the stored inputs come back from jsonb in another key order).
    expect(third.outcomes.REGENERATED).toBe(0);
    expect(third.outcomes.UNCHANGED).toBeGreaterThanOrEqual(3);
    expect((await count()).map((r) => r.n)).toEqual([1, 1, 1]);
    // A fact recorded after the drafts (an August outage of the first contract): the next run redrafts that draft only.
    expectNoErrors(
      await reportIncident(app, { token: otherVendor.owner.token }, contracts[0]!.id, {
        kind: 'OUTAGE',
        startedAt: '2026-08-10T10:00:00+08:00',
        endedAt: '2026-08-10T12:00:00+08:00',
        cause: 'Switch failure at the Hefei site.',
      }),
      'incidentReport',
    );
    const fourth = await generateMonthStatements(app.orm, '2026-08', 'gen-4', app.config, clock);
    expect(fourth.failed).toEqual([]);
    expect(fourth.outcomes).toMatchObject({ CREATED: 0, REGENERATED: 1 });
    const redrafted = await app.sql.query(
      `select inputs -> 'availability' ->> 'nonExemptOutageMinutes' as minutes, version from statement where contract_id = $1`,
      [contracts[0]!.rawId],
    );
    expect(redrafted.rows).toEqual([{ minutes: '120', version: 1 }]);
    // A month that has not ended is not drafted.
    expect((await generateMonthStatements(app.orm, '2026-09', 'early', app.config, clock)).contracts).toBe(0);
    // Several replicas at once draft each contract-month once.
    at('2026-10-01T00:30:00+08:00');
    const runs = await Promise.all([1, 2, 3].map((i) => generateMonthStatements(app.orm, '2026-09', `par-${i}`, app.config, clock)));
    expect(runs.flatMap((r) => r.failed)).toEqual([]);
    const { rows } = await app.sql.query(
      `select contract_id, count(*)::int as n from statement where contract_id = any($1) and period_start = '2026-09-01' group by 1`,
      [contracts.map((c) => c.rawId)],
    );
    expect(rows.map((r) => r.n)).toEqual([1, 1, 1]);
  });
});

describe('who may do what', () => {
  let draftId: string;

  beforeAll(async () => {
    const contract = await signedContract(app, clock, merchant, vendor, { termStart: '2026-08-01', termMonths: 3 });
    at('2026-09-02T10:00:00+08:00');
    draftId = expectNoErrors(await gql(app, STATEMENT_GENERATE, { contractId: contract.id, month: '2026-08' }, finance(vendor)), 'statementGenerate').statement
      .id;
  });

  test('reads: both parties’ finance; not the merchant’s procurement, not another organization (not found), not anonymous', async () => {
    expect((await gql(app, STATEMENT_NODE, { id: draftId }, finance(merchant))).data!.node.id).toBe(draftId);
    expect((await gql(app, STATEMENT_NODE, { id: draftId }, finance(vendor))).data!.node.id).toBe(draftId);
    expect(errorCodes(await gql(app, STATEMENTS, {}, { token: merchant.member(MembershipRole.PROCUREMENT).token }))).toEqual(['FORBIDDEN']);
    expect((await gql(app, STATEMENT_NODE, { id: draftId }, finance(otherMerchant))).data!.node).toBeNull();
    expect((await gql(app, STATEMENTS, {}, finance(otherVendor))).data!.statements.edges.map((e: any) => e.node.id)).not.toContain(draftId);
    expect(errorCodes(await gql(app, STATEMENTS, {}))).toEqual(['UNAUTHENTICATED']);
  });

  test('issuing: the vendor’s finance only; the merchant, the vendor’s sales and another vendor are refused', async () => {
    expect(errorCodes(await gql(app, STATEMENT_ISSUE, { id: draftId }, { token: vendor.member(MembershipRole.SALES).token }))).toEqual(['FORBIDDEN']);
    expect(errorCodes(await gql(app, STATEMENT_ISSUE, { id: draftId }, finance(merchant)))).toEqual(['FORBIDDEN']);
    expect((await gql(app, STATEMENT_ISSUE, { id: draftId }, finance(otherVendor))).data!.statementIssue.userErrors[0].code).toBe('NOT_FOUND');
    expect(errorCodes(await gql(app, STATEMENT_ISSUE, { id: draftId }))).toEqual(['UNAUTHENTICATED']);
  });

  test('confirming and disputing: the merchant’s finance only; a draft cannot be confirmed', async () => {
    expect(errorCodes(await gql(app, STATEMENT_CONFIRM, { id: draftId }, finance(vendor)))).toEqual(['FORBIDDEN']);
    expect((await gql(app, STATEMENT_CONFIRM, { id: draftId }, finance(otherMerchant))).data!.statementConfirm.userErrors[0].code).toBe('NOT_FOUND');
    expect((await gql(app, STATEMENT_CONFIRM, { id: draftId }, finance(merchant))).data!.statementConfirm.userErrors[0].code).toBe('INVALID_STATE');
  });

  test('every other operation: the wrong role is FORBIDDEN, another organization reads as not found, anonymous is UNAUTHENTICATED', async () => {
    const contractId = (await gql(app, STATEMENT_NODE, { id: draftId }, finance(vendor))).data!.node.contract.id;
    const procurement = { token: merchant.member(MembershipRole.PROCUREMENT).token };
    const sales = { token: vendor.member(MembershipRole.SALES).token };
    const cases = [
      { query: STATEMENT_GENERATE, vars: { contractId, month: '2026-08' }, field: 'statementGenerate', wrong: finance(merchant), other: finance(otherVendor) },
      { query: STATEMENT_REVISE, vars: { id: draftId }, field: 'statementRevise', wrong: sales, other: finance(otherVendor) },
      {
        query: STATEMENT_DISPUTE,
        vars: { id: draftId, input: { lines: [{ position: 1, reason: 'Not agreed' }] } },
        field: 'statementDispute',
        wrong: procurement,
        other: finance(otherMerchant),
      },
      {
        query: STATEMENT_PAY,
        vars: { id: draftId, input: { paidOn: '2026-09-02', amount: '1.00' } },
        field: 'statementPaymentRecord',
        wrong: procurement,
        other: finance(otherMerchant),
      },
    ];
    for (const { query, vars, field, wrong, other } of cases) {
      expect(errorCodes(await gql(app, query, vars, wrong))).toEqual(['FORBIDDEN']);
      expect((await gql(app, query, vars, other)).data![field].userErrors[0].code).toBe('NOT_FOUND');
      expect(errorCodes(await gql(app, query, vars))).toEqual(['UNAUTHENTICATED']);
    }
    expect(errorCodes(await gql(app, STATEMENT_RECOMPUTE, { id: draftId }, procurement))).toEqual(['FORBIDDEN']);
    expect((await gql(app, STATEMENT_RECOMPUTE, { id: draftId }, finance(otherMerchant))).data!.statementRecompute).toBeNull();
    expect(errorCodes(await gql(app, STATEMENT_RECOMPUTE, { id: draftId }))).toEqual(['UNAUTHENTICATED']);
  });

  test('the running figures of the current month: both parties read them, stored nowhere; others do not', async () => {
    const contract = await signedContract(app, clock, merchant, vendor, { termStart: '2026-08-01', termMonths: 3 });
    at('2026-09-10T10:00:00+08:00');
    expectNoErrors(await report(app, operations(vendor), contract.id, { days: spreadDays('2026-09-01', '2026-09-09', 900) }), 'usageReport');
    const preview = `query($id: ID!) { contract(id: $id) { statementPreview { month inService serviceCharges { amount } total { amount } lines { kind quantity amount { amount } } } } }`;
    for (const caller of [finance(merchant), finance(vendor)]) {
      const response = await gql(app, preview, { id: contract.id }, caller);
      expect(response.errors).toBeUndefined();
      // Contract month 2 (from 2026-09-01) at 1.49: 900 × 1.49 = 1,341.00.
      expect(response.data!.contract.statementPreview).toMatchObject({ month: '2026-09', inService: true, serviceCharges: { amount: '1341.00' } });
    }
    expect(errorCodes(await gql(app, preview, { id: contract.id }, { token: merchant.member(MembershipRole.PROCUREMENT).token }))).toEqual(['FORBIDDEN']);
    expect((await gql(app, preview, { id: contract.id }, finance(otherMerchant))).data!.contract).toBeNull();
    const { rows } = await app.sql.query(`select count(*)::int as n from statement where contract_id = $1`, [contract.rawId]);
    expect(rows[0].n).toBe(0);
  });

  test('payments: bad amounts and dates are userErrors, and nothing is written', async () => {
    const count = async () => (await app.sql.query(`select count(*)::int as n from statement_payment`)).rows[0].n;
    const before = await count();
    const bad = await gql(app, STATEMENT_PAY, { id: draftId, input: { paidOn: '2026-09-02', amount: '10.00' } }, finance(merchant));
    expect(bad.data!.statementPaymentRecord.userErrors[0].code).toBe('INVALID_STATE');
    expect(await count()).toBe(before);
  });
});
