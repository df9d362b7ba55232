import { ManualClock } from '../../src/core/clock.js';
import { MembershipRole } from '../../src/core/roles.js';
import { OrganizationKind } from '../../src/modules/organizations/organization.entity.js';
import { generateMonthStatements } from '../../src/modules/statements/statement.jobs.js';
import { asApp } from '../helpers/as-app.js';
import { grant, revoke } from '../helpers/audit-grants.js';
import { errorCodes, gql, type Caller } from '../helpers/client.js';
import { createOrg, type TestOrg } from '../helpers/factories.js';
import {
  STATEMENTS,
  STATEMENT_CONFIRM,
  STATEMENT_GENERATE,
  STATEMENT_ISSUE,
  STATEMENT_NODE,
  STATEMENT_PAY,
  STATEMENT_RECOMPUTE,
  expectNoErrors,
  finance,
  recordWorkedExampleFacts,
  signedContract,
  spreadDays,
  statementParties,
  operations,
} from '../helpers/statements.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';
import { report } from '../helpers/usage.js';

/**
 * Auditors and statements (issue 10, point 6): a merchant grants an audit firm its contracts (or
 * some, for some months); the firm's auditors read the statements, versions, lines, evidence and
 * recompute them — nothing of other contracts or merchants, nothing after revocation, no mutation.
 */
const clock = new ManualClock('2026-08-01T12:00:00+08:00');
let app: TestApp;
let merchant: TestOrg;
let vendor: TestOrg;
let otherMerchant: TestOrg;
let firm: TestOrg;
let worked: { id: string; rawId: string };
let other: { id: string; rawId: string };
let octoberId: string;
let otherStatementId: string;
const auditor = (): Caller => ({ token: firm.member(MembershipRole.AUDITOR).token });

beforeAll(async () => {
  app = await startTestApp({}, { clock });
  ({ merchant, vendor, otherMerchant } = await statementParties(app));
  firm = await createOrg(app, { kind: OrganizationKind.AUDIT_FIRM, roles: [MembershipRole.OWNER, MembershipRole.AUDITOR] });
  worked = await recordWorkedExampleFacts(app, clock, merchant, vendor);
  // The other merchant's contract with the same vendor, and its statement of October.
  other = await signedContract(app, clock, otherMerchant, vendor, { termStart: '2026-09-01', termMonths: 3 });
  clock.set(new Date('2026-11-02T12:00:00+08:00'));
  expectNoErrors(await report(app, operations(vendor), other.id, { days: spreadDays('2026-10-01', '2026-10-31', 3_100) }), 'usageReport');
  const run = await generateMonthStatements(app.orm, '2026-10', 'run-1', app.config, clock);
  expect(run.failed).toEqual([]);
  const list = async (caller: Caller) => (await gql(app, STATEMENTS, { filter: { month: '2026-10' } }, caller)).data!.statements.edges.map((e: any) => e.node);
  octoberId = (await list(finance(merchant)))[0].id;
  otherStatementId = (await list(finance(otherMerchant)))[0].id;
  expectNoErrors(await gql(app, STATEMENT_ISSUE, { id: octoberId }, finance(vendor)), 'statementIssue');
}, 180_000);
afterAll(() => app.close());

const listAsAuditor = async () => {
  const response = await gql(app, STATEMENTS, { filter: { month: '2026-10' } }, auditor());
  expect(response.errors).toBeUndefined();
  return response.data!.statements.edges.map((e: any) => e.node);
};

test('without a grant an auditor reads no statement', async () => {
  expect(await listAsAuditor()).toEqual([]);
  expect((await gql(app, STATEMENT_NODE, { id: octoberId }, auditor())).data!.node).toBeNull();
});

test('with a grant of October: the statement, its lines and evidence, its versions and contract, recompute matching to the cent', async () => {
  const grantId = await grant(
    app,
    { token: merchant.owner.token },
    { auditFirmId: firm.globalId, contractIds: [worked.id], validFrom: '2026-10-01', validTo: '2026-10-31' },
  );
  try {
    const listed = await listAsAuditor();
    expect(listed.map((s: any) => s.id)).toEqual([octoberId]);
    expect(listed[0]).toMatchObject({ status: 'ISSUED', total: { amount: '152714.28' }, contract: { id: worked.id } });
    expect(listed[0].lines.map((l: any) => l.amount.amount)).toEqual(['15120.00', '86016.00', '62580.00', '-3274.32', '-16371.60']);
    expect(listed[0].lines[3].evidence.incidentIds).toHaveLength(1);
    const node = (await gql(app, STATEMENT_NODE, { id: octoberId }, auditor())).data!.node;
    expect(node.versions).toEqual([{ id: octoberId, version: 1, status: 'ISSUED' }]);
    // The evidence is readable to the auditor too: recomputing from it matches.
    const recomputed = (await gql(app, STATEMENT_RECOMPUTE, { id: octoberId }, auditor())).data!.statementRecompute;
    expect(recomputed).toMatchObject({ matches: true, differences: [], recomputedTotal: { amount: '152714.28' } });
    // Nothing of the other merchant, even with the same vendor.
    expect((await gql(app, STATEMENT_NODE, { id: otherStatementId }, auditor())).data!.node).toBeNull();
    expect((await gql(app, STATEMENT_RECOMPUTE, { id: otherStatementId }, auditor())).data!.statementRecompute).toBeNull();
  } finally {
    await revoke(app, { token: merchant.owner.token }, grantId);
  }
});

test('a grant of another month shows nothing of October; after revocation nothing at all', async () => {
  const grantId = await grant(app, { token: merchant.owner.token }, { auditFirmId: firm.globalId, validFrom: '2026-11-01' });
  expect(await listAsAuditor()).toEqual([]);
  await revoke(app, { token: merchant.owner.token }, grantId);
  const all = await grant(app, { token: merchant.owner.token }, { auditFirmId: firm.globalId });
  expect((await listAsAuditor()).map((s: any) => s.id)).toEqual([octoberId]);
  // The statement's audit events are the auditor's to read (issued by the vendor, in the vendor's log; written at the database's clock, so under a grant without dates).
  const events = await gql(
    app,
    `query($contractId: ID!) { auditEvents(first: 20, filter: { contractId: $contractId }) { edges { node { action } } } }`,
    { contractId: worked.id },
    auditor(),
  );
  expect(events.data!.auditEvents.edges.map((e: any) => e.node.action)).toEqual(expect.arrayContaining(['statement.generate', 'statement.issue']));
  await revoke(app, { token: merchant.owner.token }, all);
  expect(await listAsAuditor()).toEqual([]);
  expect((await gql(app, STATEMENT_RECOMPUTE, { id: octoberId }, auditor())).data!.statementRecompute).toBeNull();
});

test('in the database too: the granted statement’s lines, disputes and payments, none of another statement’s', async () => {
  const grantId = await grant(app, { token: merchant.owner.token }, { auditFirmId: firm.globalId, contractIds: [worked.id] });
  try {
    const raw = (id: string) => Buffer.from(id, 'base64url').toString('utf8').split(':')[1]!;
    const ids = [raw(octoberId), raw(otherStatementId)];
    const counts = `select s.id as statement_id,
        (select count(*)::int from statement_line l where l.statement_id = s.id) as lines,
        (select count(*)::int from statement_dispute d where d.statement_id = s.id) as disputes,
        (select count(*)::int from statement_payment p where p.statement_id = s.id) as payments
      from unnest($1::uuid[]) as s(id) order by s.id`;
    // Both statements have lines, the other merchant's too (so that reading none of them means something).
    const stored = (await app.sql.query(counts, [ids])).rows;
    expect(stored.every((row) => row.lines > 0)).toBe(true);
    const auditorSettings = { 'app.org_id': firm.id, 'app.user_id': firm.member(MembershipRole.AUDITOR).userId, 'app.role': MembershipRole.AUDITOR };
    const seen = await asApp(app, auditorSettings, async (client) => (await client.query(counts, [ids])).rows);
    const byId = (rows: { statement_id: string }[], id: string) => rows.find((row) => row.statement_id === id);
    expect(byId(seen, raw(octoberId))).toEqual(byId(stored, raw(octoberId)));
    expect(byId(seen, raw(otherStatementId))).toEqual({ statement_id: raw(otherStatementId), lines: 0, disputes: 0, payments: 0 });
  } finally {
    await revoke(app, { token: merchant.owner.token }, grantId);
  }
});

test('an auditor changes nothing: every statement mutation is refused', async () => {
  const grantId = await grant(app, { token: merchant.owner.token }, { auditFirmId: firm.globalId });
  try {
    expect(errorCodes(await gql(app, STATEMENT_CONFIRM, { id: octoberId }, auditor()))).toEqual(['FORBIDDEN']);
    expect(errorCodes(await gql(app, STATEMENT_ISSUE, { id: octoberId }, auditor()))).toEqual(['FORBIDDEN']);
    expect(errorCodes(await gql(app, STATEMENT_PAY, { id: octoberId, input: { paidOn: '2026-11-03', amount: '1.00' } }, auditor()))).toEqual(['FORBIDDEN']);
    expect(errorCodes(await gql(app, STATEMENT_GENERATE, { contractId: worked.id, month: '2026-10' }, auditor()))).toEqual(['FORBIDDEN']);
    // And at the database: the application role acting for the firm cannot write a statement row.
    const client = await app.sql.connect();
    try {
      await client.query('begin');
      await client.query('set local role kefu_app');
      await client.query(`select set_config('app.org_id', $1, true)`, [firm.id]);
      const updated = await client.query(`update statement set confirmed_at = now() where id = $1`, [
        Buffer.from(octoberId, 'base64url').toString('utf8').split(':')[1],
      ]);
      expect(updated.rowCount).toBe(0);
    } finally {
      await client.query('rollback');
      client.release();
    }
  } finally {
    await revoke(app, { token: merchant.owner.token }, grantId);
  }
});
