import { ManualClock } from '../../src/core/clock.js';
import { MembershipRole } from '../../src/core/roles.js';
import { asApp } from '../helpers/as-app.js';
import { errorCodes, gql, type GraphQLResponse } from '../helpers/client.js';
import type { TestOrg } from '../helpers/factories.js';
import {
  BREACH_VERIFY,
  CONTRACT_AVAILABILITY,
  EXEMPTION_DECIDE,
  EXEMPTION_PROPOSE,
  INCIDENTS_TODAY,
  OUTAGE_CLOSE,
  autumnContract,
  incidentParties,
  reportIncident,
} from '../helpers/incidents.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';
import { apiKey } from '../helpers/usage.js';

let app: TestApp;
const clock = new ManualClock(INCIDENTS_TODAY);
let merchant: TestOrg;
let vendor: TestOrg;
let otherVendor: TestOrg;
let otherMerchant: TestOrg;
let operationsKey: string;

beforeAll(async () => {
  app = await startTestApp({}, { clock });
  ({ merchant, vendor, otherVendor, otherMerchant } = await incidentParties(app));
  operationsKey = await apiKey(app, vendor, MembershipRole.OPERATIONS);
}, 60_000);
afterAll(() => app.close());

const operations = () => ({ token: vendor.member(MembershipRole.OPERATIONS).token });
const procurement = () => ({ token: merchant.member(MembershipRole.PROCUREMENT).token });

async function ok(response: Promise<GraphQLResponse>, field: string) {
  const result = await response;
  expect(result.errors).toBeUndefined();
  expect(result.data![field].userErrors).toEqual([]);
  return result.data![field].incident as Record<string, any>;
}

async function availability(contractId: string, month: string, token = merchant.owner.token) {
  const response = await gql(app, CONTRACT_AVAILABILITY, { id: contractId, month }, { token });
  expect(response.errors).toBeUndefined();
  return response.data!.contract.availability;
}

const outage = (startedAt: string, endedAt: string | null, extra: Record<string, unknown> = {}) => ({
  kind: 'OUTAGE',
  startedAt,
  ...(endedAt ? { endedAt } : {}),
  cause: 'Switch failure in the Chengdu site.',
  ...extra,
});

describe('availability through the API', () => {
  test('2,000 non-exempt outage minutes in October 2026 → 95.52%; an exempt day is ignored; both parties read the same', async () => {
    const contract = await autumnContract(app, clock, merchant, vendor);
    const counted = await ok(
      reportIncident(app, { apiKey: operationsKey }, contract.id, outage('2026-10-10T08:00:00+08:00', '2026-10-11T17:20:00+08:00')),
      'incidentReport',
    );
    expect(counted).toMatchObject({ kind: 'OUTAGE', status: 'NOT_EXEMPT', exempt: false, reportedBy: 'VENDOR', reportedByApiKey: true });
    // The merchant (a person of procurement) reports a planned maintenance day and decides it exempt at once.
    const exempt = await ok(
      reportIncident(
        app,
        procurement(),
        contract.id,
        outage('2026-10-20T00:00:00+08:00', '2026-10-21T00:00:00+08:00', { exemptionGrounds: 'PLANNED_WITH_NOTICE' }),
      ),
      'incidentReport',
    );
    expect(exempt).toMatchObject({
      status: 'EXEMPT',
      exempt: true,
      reportedBy: 'MERCHANT',
      exemptionGrounds: 'PLANNED_WITH_NOTICE',
      decidedAt: clock.now().toISOString(),
    });
    const october = await availability(contract.id, '2026-10');
    expect(october).toEqual({
      month: '2026-10',
      minutesInMonth: 44_640,
      nonExemptOutageMinutes: 2000,
      exemptOutageMinutes: 1440,
      availabilityPercent: '95.52',
      outages: [
        { minutes: 2000, exempt: false, incident: { id: counted.id } },
        { minutes: 1440, exempt: true, incident: { id: exempt.id } },
      ],
    });
    expect(await availability(contract.id, '2026-10', vendor.member(MembershipRole.OPERATIONS).token)).toEqual(october);
    expect(await availability(contract.id, '2026-11')).toMatchObject({ minutesInMonth: 43_200, availabilityPercent: '100.00', outages: [] });
  });

  test('an outage across the Sep/Oct boundary is split at Shanghai midnight; overlaps count once; an open outage counts up to now, then its end', async () => {
    const contract = await autumnContract(app, clock, merchant, vendor);
    // 23:00 on 30 September to 01:30 on 1 October, Shanghai (15:00Z–17:30Z): 60 minutes in September, 90 in October.
    await ok(reportIncident(app, operations(), contract.id, outage('2026-09-30T15:00:00Z', '2026-09-30T17:30:00Z')), 'incidentReport');
    // 01:00–02:00 on 1 October overlaps the first by 30 minutes.
    await ok(reportIncident(app, operations(), contract.id, outage('2026-10-01T01:00:00+08:00', '2026-10-01T02:00:00+08:00')), 'incidentReport');
    expect(await availability(contract.id, '2026-09')).toMatchObject({ minutesInMonth: 43_200, nonExemptOutageMinutes: 60, availabilityPercent: '99.86' });
    const october = await availability(contract.id, '2026-10');
    expect(october).toMatchObject({ nonExemptOutageMinutes: 120, availabilityPercent: '99.73' });
    expect(october.outages.map((o: { minutes: number }) => o.minutes)).toEqual([90, 60]);

    // Open since 10:00 today; now is 12:00: 120 minutes so far.
    const open = await ok(reportIncident(app, operations(), contract.id, outage('2026-11-10T10:00:00+08:00', null)), 'incidentReport');
    expect(open).toMatchObject({ endedAt: null, closedAt: null });
    expect(await availability(contract.id, '2026-11')).toMatchObject({ nonExemptOutageMinutes: 120 });
    clock.advance(30 * 60_000);
    try {
      expect(await availability(contract.id, '2026-11')).toMatchObject({ nonExemptOutageMinutes: 150 });
      const closed = await ok(gql(app, OUTAGE_CLOSE, { id: open.id, input: { endedAt: '2026-11-10T12:15:00+08:00' } }, procurement()), 'outageClose');
      expect(closed).toMatchObject({ endedAt: '2026-11-10T04:15:00.000Z', closedAt: clock.now().toISOString() });
      expect(await availability(contract.id, '2026-11')).toMatchObject({ nonExemptOutageMinutes: 135, availabilityPercent: '99.69' });
      // Closed once.
      const again = await gql(app, OUTAGE_CLOSE, { id: open.id, input: { endedAt: '2026-11-10T12:20:00+08:00' } }, operations());
      expect(again.data!.outageClose.userErrors).toEqual([expect.objectContaining({ code: 'CONFLICT', field: ['id'] })]);
    } finally {
      clock.set(new Date(INCIDENTS_TODAY));
    }
  });
});

describe('exemptions and breaches', () => {
  let contract: { id: string; rawId: string };
  beforeAll(async () => {
    contract = await autumnContract(app, clock, merchant, vendor);
  });

  test('the vendor proposes, the merchant grants: the outage leaves availability; who and when are recorded (the person shown to the merchant only)', async () => {
    const reported = await ok(
      reportIncident(app, operations(), contract.id, outage('2026-10-03T09:00:00+08:00', '2026-10-03T10:00:00+08:00')),
      'incidentReport',
    );
    expect((await availability(contract.id, '2026-10')).nonExemptOutageMinutes).toBe(60);
    const proposed = await ok(
      gql(app, EXEMPTION_PROPOSE, { id: reported.id, input: { grounds: 'OUTSIDE_VENDOR', note: 'Carrier outage, ticket from 13912345678.' } }, operations()),
      'outageExemptionPropose',
    );
    expect(proposed).toMatchObject({ status: 'EXEMPTION_PROPOSED', exempt: false, exemptionProposalNote: 'Carrier outage, ticket from 139****5678.' });
    expect((await availability(contract.id, '2026-10')).nonExemptOutageMinutes).toBe(60);
    const granted = await ok(gql(app, EXEMPTION_DECIDE, { id: reported.id, input: { exempt: true } }, procurement()), 'outageExemptionDecide');
    expect(granted).toMatchObject({
      status: 'EXEMPT',
      exempt: true,
      exemptionGrounds: 'OUTSIDE_VENDOR',
      decidedAt: clock.now().toISOString(),
      decidedBy: { id: expect.any(String) },
    });
    expect(await availability(contract.id, '2026-10')).toMatchObject({ nonExemptOutageMinutes: 0, exemptOutageMinutes: 60, availabilityPercent: '100.00' });
    const { rows } = await app.sql.query('select decided_by_user, decided_at from incident where id = $1', [
      Buffer.from(reported.id, 'base64url').toString('utf8').split(':')[1],
    ]);
    expect(rows[0].decided_by_user).toBe(merchant.member(MembershipRole.PROCUREMENT).userId);
    const seenByVendor = await gql(app, `query($id: ID!) { node(id: $id) { ... on Incident { status decidedBy { id } } } }`, { id: reported.id }, operations());
    expect(seenByVendor.data!.node).toEqual({ status: 'EXEMPT', decidedBy: null });
    // Final: no second decision.
    const again = await gql(app, EXEMPTION_DECIDE, { id: reported.id, input: { exempt: false } }, procurement());
    expect(again.data!.outageExemptionDecide.userErrors).toEqual([expect.objectContaining({ code: 'INVALID_STATE', field: ['id'] })]);
  });

  test('a rejected proposal keeps the outage counted; granting without a proposal needs grounds; rejecting with no proposal is refused', async () => {
    const reported = await ok(
      reportIncident(app, operations(), contract.id, outage('2026-10-04T09:00:00+08:00', '2026-10-04T09:30:00+08:00')),
      'incidentReport',
    );
    const noGrounds = await gql(app, EXEMPTION_DECIDE, { id: reported.id, input: { exempt: true } }, procurement());
    expect(noGrounds.data!.outageExemptionDecide.userErrors).toEqual([expect.objectContaining({ code: 'INVALID', field: ['input', 'grounds'] })]);
    const nothingProposed = await gql(app, EXEMPTION_DECIDE, { id: reported.id, input: { exempt: false } }, procurement());
    expect(nothingProposed.data!.outageExemptionDecide.userErrors).toEqual([
      { code: 'INVALID_STATE', field: ['id'], message: 'No exemption was proposed: the outage counts already.' },
    ]);
    await ok(gql(app, EXEMPTION_PROPOSE, { id: reported.id, input: { grounds: 'PLANNED_WITH_NOTICE' } }, { apiKey: operationsKey }), 'outageExemptionPropose');
    const rejected = await ok(
      gql(app, EXEMPTION_DECIDE, { id: reported.id, input: { exempt: false, note: 'No notice was given.' } }, procurement()),
      'outageExemptionDecide',
    );
    expect(rejected).toMatchObject({ status: 'EXEMPTION_REJECTED', exempt: false, decisionNote: 'No notice was given.' });
    const proposeAgain = await gql(app, EXEMPTION_PROPOSE, { id: reported.id, input: { grounds: 'OUTSIDE_VENDOR' } }, operations());
    expect(proposeAgain.data!.outageExemptionPropose.userErrors).toEqual([expect.objectContaining({ code: 'INVALID_STATE' })]);
  });

  test('a data breach is reported by either party and verified (or dismissed) by the merchant, once', async () => {
    const breach = await ok(
      reportIncident(app, operations(), contract.id, {
        kind: 'DATA_BREACH',
        startedAt: '2026-10-15T14:23:17+08:00',
        cause: 'An agent exported a customer list.',
      }),
      'incidentReport',
    );
    expect(breach).toMatchObject({ kind: 'DATA_BREACH', status: 'REPORTED', endedAt: null, exempt: false });
    const verified = await ok(gql(app, BREACH_VERIFY, { id: breach.id, input: { confirmed: true } }, procurement()), 'dataBreachVerify');
    expect(verified).toMatchObject({ status: 'VERIFIED', decidedAt: clock.now().toISOString(), decidedBy: { id: expect.any(String) } });
    const again = await gql(app, BREACH_VERIFY, { id: breach.id, input: { confirmed: false } }, procurement());
    expect(again.data!.dataBreachVerify.userErrors).toEqual([expect.objectContaining({ code: 'INVALID_STATE' })]);
    const dismissedOne = await ok(
      reportIncident(app, procurement(), contract.id, { kind: 'DATA_BREACH', startedAt: '2026-10-16T10:00:00+08:00', cause: 'Suspected leak of order data.' }),
      'incidentReport',
    );
    expect((await ok(gql(app, BREACH_VERIFY, { id: dismissedOne.id, input: { confirmed: false } }, procurement()), 'dataBreachVerify')).status).toBe(
      'DISMISSED',
    );
    // Outage mutations on a breach, and breach mutations on an outage, are refused.
    const closeBreach = await gql(app, OUTAGE_CLOSE, { id: breach.id, input: { endedAt: '2026-10-16T00:00:00+08:00' } }, operations());
    expect(closeBreach.data!.outageClose.userErrors).toEqual([expect.objectContaining({ code: 'INVALID', field: ['id'] })]);
  });

  test('Contract.incidents: newest first, paged, filtered by kind; node(id:) fetches an incident', async () => {
    const query = `query($id: ID!, $kind: IncidentKind, $after: String) { contract(id: $id) { incidents(first: 2, kind: $kind, after: $after) {
      totalCount pageInfo { hasNextPage endCursor } edges { node { id kind startedAt } } } } }`;
    const all = await gql(app, query, { id: contract.id }, { token: merchant.owner.token });
    const page = all.data!.contract.incidents;
    expect(page.totalCount).toBe(4);
    expect(page.edges.map((e: any) => e.node.startedAt)).toEqual(['2026-10-16T02:00:00.000Z', '2026-10-15T06:23:17.000Z']);
    const next = await gql(app, query, { id: contract.id, after: page.pageInfo.endCursor }, { token: merchant.owner.token });
    expect(next.data!.contract.incidents.edges.map((e: any) => e.node.kind)).toEqual(['OUTAGE', 'OUTAGE']);
    expect(next.data!.contract.incidents.pageInfo.hasNextPage).toBe(false);
    const outages = await gql(app, query, { id: contract.id, kind: 'OUTAGE' }, { token: vendor.owner.token });
    expect(outages.data!.contract.incidents.totalCount).toBe(2);
    const id = page.edges[0].node.id;
    const node = await gql(app, `query($id: ID!) { node(id: $id) { id ... on Incident { kind contract { id } } } }`, { id }, { token: vendor.owner.token });
    expect(node.data!.node).toEqual({ id, kind: 'DATA_BREACH', contract: { id: contract.id } });
  });
});

describe('masking personal data', () => {
  test('a cause with a mobile number, an ID-card number and an e-mail address is stored and returned masked', async () => {
    const contract = await autumnContract(app, clock, merchant, vendor);
    const incident = await ok(
      reportIncident(
        app,
        operations(),
        contract.id,
        outage('2026-10-05T09:00:00+08:00', '2026-10-05T09:10:00+08:00', {
          cause: 'Customer 13812345678 (ID 110101199003071234, li.lei@example.cn) reported the hotline down.',
        }),
      ),
      'incidentReport',
    );
    const masked = 'Customer 138****5678 (ID 110101********1234, l***@example.cn) reported the hotline down.';
    expect(incident.cause).toBe(masked);
    const { rows } = await app.sql.query('select cause from incident where contract_id = $1', [contract.rawId]);
    expect(rows).toEqual([{ cause: masked }]);
    const { rows: audit } = await app.sql.query(
      `select changes::text as changes from audit_event where action = 'incident.report' and changes::text like '%Customer%'`,
    );
    expect(audit).toHaveLength(1);
    for (const row of audit) expect(row.changes).not.toMatch(/13812345678|110101199003071234|li\.lei@/);
  });
});

describe('validation: clear userErrors with the input path, nothing written', () => {
  let contract: { id: string; rawId: string };
  beforeAll(async () => {
    contract = await autumnContract(app, clock, merchant, vendor);
  });

  async function problems(input: Record<string, unknown>, caller = operations()) {
    const response = await reportIncident(app, caller, contract.id, input);
    expect(response.errors).toBeUndefined();
    expect(response.data!.incidentReport.incident).toBeNull();
    return (response.data!.incidentReport.userErrors as { code: string; field: string[] }[]).map((e) => [e.code, e.field.join('.')]);
  }

  test('end before start, in the future, outside the term, seconds, short cause', async () => {
    expect(await problems(outage('2026-10-05T10:00:00+08:00', '2026-10-05T09:00:00+08:00'))).toEqual([['INVALID', 'input.endedAt']]);
    expect(await problems(outage('2026-10-05T10:00:00+08:00', '2026-10-05T10:00:00+08:00'))).toEqual([['INVALID', 'input.endedAt']]);
    expect(await problems(outage('2026-11-10T11:00:00+08:00', '2026-11-10T12:01:00+08:00'))).toEqual([['INVALID', 'input.endedAt']]);
    expect(await problems(outage('2026-11-11T09:00:00+08:00', null))).toEqual([['INVALID', 'input.startedAt']]);
    // The term starts at midnight on 1 September in Shanghai (2026-08-31T16:00Z).
    expect(await problems(outage('2026-08-31T15:59:00Z', '2026-08-31T16:30:00Z'))).toEqual([['INVALID', 'input.startedAt']]);
    expect(await problems(outage('2026-10-05T10:00:30+08:00', '2026-10-05T10:30:00.500+08:00'))).toEqual([
      ['INVALID', 'input.startedAt'],
      ['INVALID', 'input.endedAt'],
    ]);
    expect(await problems({ ...outage('2026-10-05T10:00:00+08:00', null), cause: '  x ' })).toEqual([['INVALID', 'input.cause']]);
    expect(
      await problems({
        kind: 'DATA_BREACH',
        startedAt: '2026-10-05T10:00:00+08:00',
        endedAt: '2026-10-05T11:00:00+08:00',
        cause: 'Leak.',
        exemptionGrounds: 'OUTSIDE_VENDOR',
      }),
    ).toEqual([
      ['INVALID', 'input.endedAt'],
      ['INVALID', 'input.exemptionGrounds'],
    ]);
    const { rows } = await app.sql.query('select count(*)::int as n from incident where contract_id = $1', [contract.rawId]);
    expect(rows[0].n).toBe(0);
  });

  test('closing: end before the start or in the future is refused, the outage stays open', async () => {
    const open = await ok(reportIncident(app, operations(), contract.id, outage('2026-11-09T10:00:00+08:00', null)), 'incidentReport');
    for (const endedAt of ['2026-11-09T09:00:00+08:00', '2026-11-10T13:00:00+08:00']) {
      const response = await gql(app, OUTAGE_CLOSE, { id: open.id, input: { endedAt } }, operations());
      expect(response.data!.outageClose).toEqual({ incident: null, userErrors: [expect.objectContaining({ code: 'INVALID', field: ['input', 'endedAt'] })] });
    }
    const { rows } = await app.sql.query('select ended_at from incident where contract_id = $1', [contract.rawId]);
    expect(rows).toEqual([{ ended_at: null }]);
  });

  test('a contract not signed and started yet refuses incidents (INVALID_STATE)', async () => {
    const pending = await autumnContract(app, clock, merchant, vendor);
    await app.sql.query(`update contract set status = 'PENDING_SIGNATURE' where id = $1`, [pending.rawId]);
    const response = await reportIncident(app, operations(), pending.id, outage('2026-10-05T10:00:00+08:00', null));
    expect(response.data!.incidentReport.userErrors).toEqual([expect.objectContaining({ code: 'INVALID_STATE', field: ['contractId'] })]);
  });
});

describe('who may report, decide and read', () => {
  let contract: { id: string; rawId: string };
  let incidentId: string;
  const anOutage = () => outage('2026-10-07T09:00:00+08:00', '2026-10-07T09:05:00+08:00');
  beforeAll(async () => {
    contract = await autumnContract(app, clock, merchant, vendor);
    incidentId = (await ok(reportIncident(app, operations(), contract.id, anOutage()), 'incidentReport')).id;
  });

  test('vendor OWNER and OPERATIONS (person or API key), merchant OWNER, PROCUREMENT and INSPECTOR may report', async () => {
    for (const caller of [
      { token: vendor.owner.token },
      operations(),
      { apiKey: operationsKey },
      { token: merchant.owner.token },
      procurement(),
      { token: merchant.member(MembershipRole.INSPECTOR).token },
    ]) {
      await ok(reportIncident(app, caller, contract.id, anOutage()), 'incidentReport');
    }
  });

  test('vendor SALES, merchant FINANCE, a VIEWER API key may not (FORBIDDEN); anonymous callers are UNAUTHENTICATED', async () => {
    const viewerKey = await apiKey(app, vendor, MembershipRole.VIEWER);
    for (const caller of [
      { token: vendor.member(MembershipRole.SALES).token },
      { token: merchant.member(MembershipRole.FINANCE).token },
      { apiKey: viewerKey },
    ]) {
      expect(errorCodes(await reportIncident(app, caller, contract.id, anOutage()))).toEqual(['FORBIDDEN']);
    }
    expect(errorCodes(await reportIncident(app, {}, contract.id, anOutage()))).toEqual(['UNAUTHENTICATED']);
    expect(errorCodes(await gql(app, OUTAGE_CLOSE, { id: incidentId, input: { endedAt: '2026-10-07T10:00:00+08:00' } }))).toEqual(['UNAUTHENTICATED']);
  });

  test('exemptions: the vendor cannot decide, the merchant cannot propose, an API key cannot decide; the OPERATIONS key can do nothing else', async () => {
    const decideInput = { id: incidentId, input: { exempt: true, grounds: 'OUTSIDE_VENDOR' } };
    expect(errorCodes(await gql(app, EXEMPTION_DECIDE, decideInput, operations()))).toEqual(['FORBIDDEN']);
    expect(errorCodes(await gql(app, EXEMPTION_DECIDE, decideInput, { token: vendor.owner.token }))).toEqual(['FORBIDDEN']);
    const merchantKey = await apiKey(app, merchant, MembershipRole.PROCUREMENT);
    expect(errorCodes(await gql(app, EXEMPTION_DECIDE, decideInput, { apiKey: merchantKey }))).toEqual(['FORBIDDEN']);
    expect(errorCodes(await gql(app, EXEMPTION_PROPOSE, { id: incidentId, input: { grounds: 'OUTSIDE_VENDOR' } }, procurement()))).toEqual(['FORBIDDEN']);
    expect(errorCodes(await gql(app, BREACH_VERIFY, { id: incidentId, input: { confirmed: true } }, { apiKey: operationsKey }))).toEqual(['FORBIDDEN']);
    expect(errorCodes(await gql(app, EXEMPTION_DECIDE, decideInput, { token: merchant.member(MembershipRole.INSPECTOR).token }))).toEqual(['FORBIDDEN']);
    expect(errorCodes(await gql(app, EXEMPTION_DECIDE, decideInput))).toEqual(['UNAUTHENTICATED']);
  });

  test('another tenant: NOT_FOUND for the contract and the incident, null for reads, nothing visible even as the application role', async () => {
    const other = await reportIncident(app, { token: otherVendor.member(MembershipRole.OPERATIONS).token }, contract.id, anOutage());
    expect(other.data!.incidentReport.userErrors).toEqual([{ code: 'NOT_FOUND', field: ['contractId'], message: 'No such contract.' }]);
    const garbage = await reportIncident(app, operations(), 'not-an-id', anOutage());
    expect(garbage.data!.incidentReport.userErrors).toEqual([expect.objectContaining({ code: 'NOT_FOUND', field: ['contractId'] })]);
    const close = await gql(app, OUTAGE_CLOSE, { id: incidentId, input: { endedAt: '2026-10-07T10:00:00+08:00' } }, { token: otherVendor.owner.token });
    expect(close.data!.outageClose.userErrors).toEqual([{ code: 'NOT_FOUND', field: ['id'], message: 'No such incident.' }]);
    const decide = await gql(
      app,
      EXEMPTION_DECIDE,
      { id: incidentId, input: { exempt: true, grounds: 'OUTSIDE_VENDOR' } },
      { token: otherMerchant.owner.token },
    );
    expect(decide.data!.outageExemptionDecide.userErrors).toEqual([expect.objectContaining({ code: 'NOT_FOUND', field: ['id'] })]);
    const node = await gql(app, `query($id: ID!) { node(id: $id) { id } }`, { id: incidentId }, { token: otherVendor.owner.token });
    expect(node.data!.node).toBeNull();
    const read = await gql(app, CONTRACT_AVAILABILITY, { id: contract.id, month: '2026-10' }, { token: otherMerchant.owner.token });
    expect(read.data!.contract).toBeNull();
    for (const org of [otherVendor, otherMerchant]) {
      const seen = await asApp(app, { 'app.org_id': org.id }, async (client) => (await client.query('select count(*)::int as n from incident')).rows[0].n);
      expect(seen).toBe(0);
    }
    await expect(
      asApp(app, { 'app.org_id': otherVendor.id }, (client) =>
        client.query(
          `insert into incident (id, contract_id, merchant_id, vendor_id, kind, status, started_at, cause, reported_by_organization, reported_at)
           values (gen_random_uuid(), $1, $2, $3, 'OUTAGE', 'NOT_EXEMPT', now(), 'x', $3, now())`,
          [contract.rawId, merchant.id, otherVendor.id],
        ),
      ),
    ).rejects.toThrow(/row-level security/);
  });
});
