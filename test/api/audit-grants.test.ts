import { randomUUID } from 'node:crypto';
import { isObjectType } from 'graphql';
import { buildAppSchema } from '../../src/app/composition.js';
import { isAllowed } from '../../src/auth/permissions.js';
import { ManualClock } from '../../src/core/clock.js';
import { MembershipRole } from '../../src/core/roles.js';
import type { Viewer } from '../../src/core/viewer.js';
import { toGlobalId } from '../../src/graphql/global-id.js';
import { permissionOf } from '../../src/graphql/permission.js';
import { OrganizationKind } from '../../src/modules/organizations/organization.entity.js';
import { EVENTS, GRANTS, GRANT_CREATE, GRANT_REVOKE, eventAt, grant, rawId, revoke } from '../helpers/audit-grants.js';
import { errorCodes, gql, type Caller } from '../helpers/client.js';
import { createOrg, type TestOrg } from '../helpers/factories.js';
import { INCIDENTS_TODAY, incidentParties, reportIncident } from '../helpers/incidents.js';
import { BID_ACCEPT, publishedRequirement, submitBid } from '../helpers/marketplace.js';
import { apiKey, report } from '../helpers/usage.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';

/**
 * Audit grants (issue 10, point 6) over HTTP: a merchant's owner or finance grants an audit firm read
 * access to all of its contracts or some, optionally for a range of days, and revokes it. The firm's
 * auditors then read those contracts, their terms in force, the evidence and the contracts' audit
 * events of the covered days — nothing else, nothing after revocation, and they change nothing.
 * Contracts run 2026-09-01 for 3 months; the test's clock stands at 2026-11-10 in Shanghai.
 */
const clock = new ManualClock(INCIDENTS_TODAY);
let app: TestApp;
let merchant: TestOrg;
let vendor: TestOrg;
let otherMerchant: TestOrg;
let firm: TestOrg;
let otherFirm: TestOrg;
let unverifiedFirm: TestOrg;
/** The merchant's contracts a (with history) and b, and another merchant's c with the same vendor. */
let a: string;
let b: string;
let c: string;
let bindingAmendment: string;

const owner = () => ({ token: merchant.owner.token });
const finance = () => ({ token: merchant.member(MembershipRole.FINANCE).token });
const auditor = (of: TestOrg = firm) => ({ token: of.member(MembershipRole.AUDITOR).token });
const operations = () => ({ token: vendor.member(MembershipRole.OPERATIONS).token });

/** A contract from 2026-09-01 for 3 months, signed by both parties (in July) and stored ACTIVE. */
async function signedContract(of: TestOrg): Promise<string> {
  const saved = clock.now();
  clock.set(new Date('2026-07-01T12:00:00+08:00'));
  try {
    const requirement = await publishedRequirement(app, of, { termStart: '2026-09-01', termMonths: 3, bidDeadline: '2026-07-02T12:00:00+08:00' });
    const bid = await submitBid(app, vendor, requirement);
    clock.set(new Date('2026-07-03T12:00:00+08:00'));
    const accepted = await gql(app, BID_ACCEPT, { id: bid }, { token: of.owner.token });
    const id = accepted.data!.bidAccept.contract.id as string;
    for (const signer of [of.owner, vendor.member(MembershipRole.SALES)]) {
      const signed = await gql(app, `mutation($id: ID!) { contractSign(id: $id) { userErrors { code message } } }`, { id }, { token: signer.token });
      expect(signed.data!.contractSign.userErrors).toEqual([]);
    }
    await app.sql.query(`update contract set status = 'ACTIVE', activated_at = '2026-09-01T00:00:00+08:00' where id = $1`, [rawId(id)]);
    return id;
  } finally {
    clock.set(saved);
  }
}

const PROPOSE = `mutation($contractId: ID!, $input: ContractAmendmentInput!) { contractAmendmentPropose(contractId: $contractId, input: $input) { amendment { id } userErrors { code message } } }`;

beforeAll(async () => {
  app = await startTestApp({}, { clock });
  ({ merchant, vendor, otherMerchant } = await incidentParties(app));
  firm = await createOrg(app, { kind: OrganizationKind.AUDIT_FIRM, roles: [MembershipRole.OWNER, MembershipRole.AUDITOR] });
  otherFirm = await createOrg(app, { kind: OrganizationKind.AUDIT_FIRM, roles: [MembershipRole.OWNER, MembershipRole.AUDITOR] });
  unverifiedFirm = await createOrg(app, { kind: OrganizationKind.AUDIT_FIRM, verified: false });
  a = await signedContract(merchant);
  b = await signedContract(merchant);
  c = await signedContract(otherMerchant);
  // Evidence of a: usage on the edges of October, an outage; an amendment made binding, one only proposed.
  const usage = await report(app, operations(), a, {
    days: ['2026-09-30', '2026-10-01', '2026-10-31', '2026-11-01'].map((date) => ({ date, qualifiedContacts: 100, totalContacts: 120, seats: [] })),
  });
  expect(usage.data!.usageReport.userErrors).toEqual([]);
  const outage = await reportIncident(app, operations(), a, {
    kind: 'OUTAGE',
    startedAt: '2026-10-12T10:00:00+08:00',
    endedAt: '2026-10-12T11:00:00+08:00',
    cause: 'Carrier outage.',
  });
  expect(outage.data!.incidentReport.userErrors).toEqual([]);
  const change = (baseRate: string) => ({
    effectiveFrom: '2026-11-20',
    reason: 'Rate for the after-sales scope.',
    pricing: { model: 'PER_CONTACT', baseRate, rampFactors: ['1.0'] },
  });
  const proposed = await gql(app, PROPOSE, { contractId: a, input: change('1.50') }, { token: merchant.member(MembershipRole.PROCUREMENT).token });
  bindingAmendment = proposed.data!.contractAmendmentPropose.amendment.id;
  const signed = await gql(
    app,
    `mutation($id: ID!) { contractAmendmentSign(id: $id) { userErrors { code message } } }`,
    { id: bindingAmendment },
    { token: vendor.member(MembershipRole.SALES).token },
  );
  expect(signed.data!.contractAmendmentSign.userErrors).toEqual([]);
  const pending = await gql(app, PROPOSE, { contractId: a, input: change('1.60') }, { token: vendor.member(MembershipRole.SALES).token });
  expect(pending.data!.contractAmendmentPropose.userErrors).toEqual([]);
}, 120_000);
afterAll(() => app.close());

// Every test starts without a grant in force (revoked as the superuser: the trigger allows a revocation).
afterEach(async () => {
  await app.sql.query(`update audit_grant set revoked_at = now(), revoked_by = created_by where revoked_at is null`);
});

const grantCount = async () => (await app.sql.query('select count(*)::int as n from audit_grant')).rows[0].n as number;
const auditCount = async () => (await app.sql.query('select count(*)::int as n from audit_event')).rows[0].n as number;

describe('granting and revoking', () => {
  test('the merchant’s owner and finance grant and revoke, audited; the grant shows who and what', async () => {
    for (const caller of [owner(), finance()]) {
      const created = await gql(app, GRANT_CREATE, { input: { auditFirmId: firm.globalId, contractIds: [a], validFrom: '2026-10-01' } }, caller);
      expect(created.errors).toBeUndefined();
      const node = created.data!.auditGrantCreate.auditGrant;
      expect(created.data!.auditGrantCreate.userErrors).toEqual([]);
      expect(node).toMatchObject({
        allContracts: false,
        contracts: [{ id: a }],
        validFrom: '2026-10-01',
        validTo: null,
        active: true,
        revokedAt: null,
        merchant: { id: merchant.globalId },
        auditFirm: { id: firm.globalId },
        createdBy: { id: expect.any(String) },
      });
      const revoked = await gql(app, GRANT_REVOKE, { id: node.id }, caller);
      expect(revoked.data!.auditGrantRevoke).toMatchObject({
        auditGrant: { active: false, revokedAt: expect.any(String), revokedBy: { id: expect.any(String) } },
        userErrors: [],
      });
      const events = await app.sql.query(
        `select action, entity_type, organization_id, contract_id, changes from audit_event where entity_id = $1 order by id`,
        [rawId(node.id)],
      );
      expect(events.rows).toEqual([
        {
          action: 'auditGrant.create',
          entity_type: 'AuditGrant',
          organization_id: merchant.id,
          contract_id: null,
          changes: expect.objectContaining({ auditFirmId: { before: null, after: firm.id }, contractIds: { before: null, after: [rawId(a)] } }),
        },
        { action: 'auditGrant.revoke', entity_type: 'AuditGrant', organization_id: merchant.id, contract_id: null, changes: { revokedAt: expect.any(Object) } },
      ]);
    }
  });

  test('procurement, inspectors, the vendor, audit firms and API keys are refused; anonymous callers too', async () => {
    const input = { auditFirmId: firm.globalId };
    const financeKey = await apiKey(app, merchant, MembershipRole.FINANCE);
    for (const caller of [
      { token: merchant.member(MembershipRole.PROCUREMENT).token },
      { token: merchant.member(MembershipRole.INSPECTOR).token },
      { token: vendor.owner.token },
      { token: firm.owner.token },
      auditor(),
      { apiKey: financeKey },
    ] as Caller[]) {
      expect(errorCodes(await gql(app, GRANT_CREATE, { input }, caller))).toEqual(['FORBIDDEN']);
      expect(errorCodes(await gql(app, GRANTS, {}, caller))).toEqual(
        caller.token === firm.owner.token || caller.token === auditor().token || caller.apiKey ? [] : ['FORBIDDEN'],
      );
    }
    expect(errorCodes(await gql(app, GRANT_CREATE, { input }))).toEqual(['UNAUTHENTICATED']);
    expect(errorCodes(await gql(app, GRANTS, {}))).toEqual(['UNAUTHENTICATED']);
    const id = await grant(app, owner(), input);
    for (const caller of [{ token: merchant.member(MembershipRole.PROCUREMENT).token }, auditor(), { token: firm.owner.token }] as Caller[]) {
      expect(errorCodes(await gql(app, GRANT_REVOKE, { id }, caller))).toEqual(['FORBIDDEN']);
    }
    expect(errorCodes(await gql(app, GRANT_REVOKE, { id }))).toEqual(['UNAUTHENTICATED']);
  });

  test('userErrors: an unknown organization, one that is not an audit firm or not verified, contracts not the merchant’s, an empty list, a range ending before it starts — nothing written', async () => {
    const [grants, audits] = [await grantCount(), await auditCount()];
    const create = async (input: Record<string, unknown>) => {
      const response = await gql(app, GRANT_CREATE, { input: { auditFirmId: firm.globalId, ...input } }, owner());
      expect(response.errors).toBeUndefined();
      expect(response.data!.auditGrantCreate.auditGrant).toBeNull();
      return response.data!.auditGrantCreate.userErrors;
    };
    const problem = (code: string, field: string[]) => ({ code, field, message: expect.any(String) });
    expect(await create({ auditFirmId: toGlobalId('Organization', randomUUID()) })).toEqual([problem('NOT_FOUND', ['input', 'auditFirmId'])]);
    expect(await create({ auditFirmId: 'not-an-id' })).toEqual([problem('NOT_FOUND', ['input', 'auditFirmId'])]);
    expect(await create({ auditFirmId: otherMerchant.globalId })).toEqual([problem('INVALID', ['input', 'auditFirmId'])]);
    expect(await create({ auditFirmId: unverifiedFirm.globalId })).toEqual([problem('NOT_VERIFIED', ['input', 'auditFirmId'])]);
    // Another merchant's contract reads exactly like one that does not exist.
    const errors = await create({ contractIds: [a, c, toGlobalId('Contract', randomUUID()), toGlobalId('Bid', randomUUID())] });
    expect(errors).toEqual([1, 2, 3].map((i) => ({ code: 'NOT_FOUND', field: ['input', 'contractIds', String(i)], message: 'No such contract.' })));
    expect(await create({ contractIds: [] })).toEqual([problem('INVALID', ['input', 'contractIds'])]);
    expect(await create({ validFrom: '2026-10-02', validTo: '2026-10-01' })).toEqual([problem('INVALID', ['input', 'validTo'])]);
    expect(await create({ auditFirmId: vendor.globalId, contractIds: [c], validFrom: '2027-01-01', validTo: '2026-01-01' })).toEqual([
      problem('INVALID', ['input', 'auditFirmId']),
      problem('NOT_FOUND', ['input', 'contractIds', '0']),
      problem('INVALID', ['input', 'validTo']),
    ]);
    expect([await grantCount(), await auditCount()]).toEqual([grants, audits]);
    // A one-day range is a range.
    expect(await gql(app, GRANT_CREATE, { input: { auditFirmId: firm.globalId, validFrom: '2026-10-01', validTo: '2026-10-01' } }, owner())).toMatchObject({
      data: { auditGrantCreate: { userErrors: [] } },
    });
  });

  test('revoking: another merchant’s grant reads as not found, a revoked grant is not revoked twice', async () => {
    const id = await grant(app, owner(), { auditFirmId: firm.globalId });
    const others = await gql(app, GRANT_REVOKE, { id }, { token: otherMerchant.owner.token });
    expect(others.data!.auditGrantRevoke).toEqual({ auditGrant: null, userErrors: [{ code: 'NOT_FOUND', field: ['id'], message: 'No such audit grant.' }] });
    const notAGrant = await gql(app, GRANT_REVOKE, { id: a }, owner());
    expect(notAGrant.data!.auditGrantRevoke.userErrors).toEqual([{ code: 'NOT_FOUND', field: ['id'], message: 'No such audit grant.' }]);
    await revoke(app, finance(), id);
    const twice = await gql(app, GRANT_REVOKE, { id }, owner());
    expect(twice.data!.auditGrantRevoke.userErrors).toEqual([{ code: 'INVALID_STATE', field: ['id'], message: expect.stringMatching(/revoked at/) }]);
  });
});

describe('listing grants', () => {
  test('the merchant lists the grants it gave, the audit firm those it holds; nobody else sees them', async () => {
    // A second apart each, so that "newest first" is their order.
    clock.advance(1000);
    const held = await grant(app, owner(), { auditFirmId: firm.globalId, contractIds: [a, b] });
    clock.advance(1000);
    const revoked = await grant(app, owner(), { auditFirmId: firm.globalId, validTo: '2026-10-31' });
    await revoke(app, owner(), revoked);
    clock.advance(1000);
    const toOther = await grant(app, owner(), { auditFirmId: otherFirm.globalId });
    const list = async (caller: Caller, filter?: Record<string, unknown>) => {
      const response = await gql(app, GRANTS, { filter, first: 100 }, caller);
      expect(response.errors).toBeUndefined();
      return response.data!.auditGrants.edges.map((e: { node: { id: string } }) => e.node);
    };
    const mine = (await list(finance())).map((g: { id: string }) => g.id);
    expect(mine.slice(0, 3)).toEqual([toOther, revoked, held]); // newest first
    expect((await list(owner(), { active: true })).map((g: { id: string }) => g.id)).toEqual(expect.arrayContaining([toOther, held]));
    expect((await list(owner(), { active: false })).map((g: { id: string }) => g.id)).toContain(revoked);
    // The firm: its own grants, revoked ones included (and then nothing of their contracts); who granted is the merchant's.
    const firms = await list(auditor());
    expect(firms.map((g: { id: string }) => g.id)).toEqual(expect.arrayContaining([held, revoked]));
    expect(firms.map((g: { id: string }) => g.id)).not.toContain(toOther);
    expect(firms.find((g: { id: string }) => g.id === held)).toMatchObject({ contracts: [{ id: a }, { id: b }], createdBy: null, active: true });
    expect((await list(auditor(otherFirm))).map((g: { id: string }) => g.id)).toEqual([toOther]);
    expect(await list({ token: otherMerchant.owner.token })).toEqual([]);
    // node(id:) likewise.
    const node = async (id: string, caller: Caller) => (await gql(app, `query($id: ID!) { node(id: $id) { id } }`, { id }, caller)).data!.node;
    expect(await node(held, owner())).toEqual({ id: held });
    expect(await node(held, auditor())).toEqual({ id: held });
    for (const caller of [auditor(otherFirm), { token: otherMerchant.owner.token }, { token: vendor.owner.token }]) expect(await node(held, caller)).toBeNull();
  });
});

const CONTRACT = `query($id: ID!) { contract(id: $id) {
  id status startDate yourParty title merchant { id } vendor { id } requirement { id } bid { id }
  signatures { party signedAt signedBy { id } }
  termsInForce(on: "2026-11-25") { on amendmentNumbers pricing { baseRate } }
  before: termsInForce(on: "2026-11-19") { amendmentNumbers pricing { baseRate } }
  amendments { number status }
  breachNotices { id } kpiNotices { id } inspectionScorecard { version }
  usage(month: "2026-10") { qualifiedContacts days { date } }
  incidents(first: 5) { totalCount edges { node { id cause contract { id } } } }
  auditEvents(first: 50) { totalCount edges { node { action entityType contract { id } } } }
} }`;

const readContract = async (id: string, caller: Caller) => {
  const response = await gql(app, CONTRACT, { id }, caller);
  expect(response.errors).toBeUndefined();
  return response.data!.contract;
};
const listContracts = async (caller: Caller, filter?: Record<string, unknown>) => {
  const response = await gql(
    app,
    `query($filter: ContractFilter) { contracts(first: 100, filter: $filter) { totalCount edges { node { id } } } }`,
    { filter },
    caller,
  );
  expect(response.errors).toBeUndefined();
  return response.data!.contracts.edges.map((e: { node: { id: string } }) => e.node.id);
};
const events = async (caller: Caller, filter?: Record<string, unknown>, first = 100, after?: string) => {
  const response = await gql(app, EVENTS, { filter, first, after }, caller);
  expect(response.errors).toBeUndefined();
  return response.data!.auditEvents;
};
const actions = (page: { edges: { node: { action: string } }[] }) => page.edges.map((e) => e.node.action);

describe('what an auditor reads', () => {
  test('a granted contract: its terms, binding amendments, signatures, evidence and both parties’ audit events — no requirement, bid, proposal, notice or person', async () => {
    await grant(app, owner(), { auditFirmId: firm.globalId, contractIds: [a] });
    const contract = await readContract(a, auditor());
    expect(contract).toMatchObject({
      id: a,
      status: 'ACTIVE',
      startDate: '2026-09-01',
      yourParty: null,
      merchant: { id: merchant.globalId },
      vendor: { id: vendor.globalId },
      requirement: null,
      bid: null,
      signatures: [
        { party: 'MERCHANT', signedAt: expect.any(String), signedBy: null },
        { party: 'VENDOR', signedAt: expect.any(String), signedBy: null },
      ],
      termsInForce: { on: '2026-11-25', amendmentNumbers: [1], pricing: { baseRate: '1.50' } },
      before: { amendmentNumbers: [], pricing: { baseRate: '1.34' } },
      amendments: [{ number: 1, status: 'BINDING' }],
      breachNotices: [],
      kpiNotices: [],
      inspectionScorecard: null,
      usage: { qualifiedContacts: 200, days: [{ date: '2026-10-01' }, { date: '2026-10-31' }] },
      incidents: { totalCount: 1, edges: [{ node: { cause: 'Carrier outage.', contract: { id: a } } }] },
    });
    // Both parties' actions on the contract, newest first; none of another contract.
    expect(actions(contract.auditEvents)).toEqual(
      expect.arrayContaining(['contract.create', 'contract.sign', 'usage.report', 'incident.report', 'contract.amendment.propose', 'contract.amendment.sign']),
    );
    expect(contract.auditEvents.edges.every((e: { node: { contract: { id: string } } }) => e.node.contract.id === a)).toBe(true);
    // The merchant reads its own log's events of the contract only (the vendor's stay the vendor's), as before.
    const merchantView = await readContract(a, owner());
    expect(actions(merchantView.auditEvents)).not.toContain('usage.report');
    expect(merchantView.amendments).toEqual([
      { number: 1, status: 'BINDING' },
      { number: 2, status: 'PROPOSED' },
    ]);
    // Members without the audit log read no events.
    expect((await readContract(a, { token: merchant.member(MembershipRole.PROCUREMENT).token })).auditEvents).toBeNull();
  });

  test('a contract not granted, another merchant’s, another firm’s grant: not found, not listed', async () => {
    await grant(app, owner(), { auditFirmId: firm.globalId, contractIds: [a] });
    await grant(app, otherMerchant.owner, { auditFirmId: otherFirm.globalId });
    expect(await listContracts(auditor())).toEqual([a]);
    expect(await listContracts({ token: firm.owner.token })).toEqual([a]);
    expect(await listContracts(auditor(), { counterpartyId: vendor.globalId })).toEqual([a]);
    expect(await listContracts(auditor(), { counterpartyId: otherMerchant.globalId })).toEqual([]);
    expect(await listContracts(auditor(), { statuses: ['TERMINATED'] })).toEqual([]);
    for (const id of [b, c]) {
      expect(await readContract(id, auditor())).toBeNull();
      expect((await gql(app, `query($id: ID!) { node(id: $id) { id } }`, { id }, auditor())).data!.node).toBeNull();
    }
    // The other firm holds c's merchant's grant only.
    expect(await listContracts(auditor(otherFirm))).toEqual([c]);
    expect(await readContract(a, auditor(otherFirm))).toBeNull();
    // The binding amendment of a granted contract is a node the auditor fetches too.
    expect((await gql(app, `query($id: ID!) { node(id: $id) { id } }`, { id: bindingAmendment }, auditor())).data!.node).toEqual({ id: bindingAmendment });
    // Nothing of the marketplace: requirements and bids stay closed to audit firms.
    expect(errorCodes(await gql(app, `{ requirements(first: 5) { totalCount } }`, {}, auditor()))).toEqual(['FORBIDDEN']);
    expect(errorCodes(await gql(app, `{ bids(first: 5) { totalCount } }`, {}, auditor()))).toEqual(['FORBIDDEN']);
  });

  test('a grant of all contracts covers later ones too; after revocation nothing is left', async () => {
    const id = await grant(app, owner(), { auditFirmId: firm.globalId });
    expect((await listContracts(auditor())).sort()).toEqual([a, b].sort());
    const later = await signedContract(merchant);
    expect((await listContracts(auditor())).sort()).toEqual([a, b, later].sort());
    const event = (await events(auditor(), { contractId: a })).edges[0].node;
    expect((await gql(app, `query($id: ID!) { node(id: $id) { id } }`, { id: event.id }, auditor())).data!.node).toEqual({ id: event.id });

    await revoke(app, owner(), id);
    expect(await listContracts(auditor())).toEqual([]);
    expect(await readContract(a, auditor())).toBeNull();
    expect((await events(auditor())).totalCount).toBe(0);
    expect((await gql(app, `query($id: ID!) { node(id: $id) { id } }`, { id: event.id }, auditor())).data!.node).toBeNull();
    const held = (await gql(app, GRANTS, { filter: { active: false }, first: 100 }, auditor())).data!.auditGrants.edges.map(
      (e: { node: { id: string; contracts: unknown[] } }) => e.node,
    );
    expect(held.find((g: { id: string }) => g.id === id)).toMatchObject({ active: false, contracts: [] });
  });

  test('only the days of the grant: usage days and events on its edges (Asia/Shanghai), bounds inclusive', async () => {
    const organizationId = merchant.id;
    const contractId = rawId(a);
    const edge = 'edge.check';
    const inserted = {
      beforeStart: await eventAt(app, { organizationId, contractId, action: edge, occurredAt: '2026-09-30T23:59:59.999+08:00' }),
      start: await eventAt(app, { organizationId, contractId, action: edge, occurredAt: '2026-10-01T00:00:00+08:00' }),
      end: await eventAt(app, { organizationId, contractId, action: edge, occurredAt: '2026-10-31T23:59:59.999+08:00' }),
      afterEnd: await eventAt(app, { organizationId, contractId, action: edge, occurredAt: '2026-11-01T00:00:00+08:00' }),
    };
    await grant(app, finance(), { auditFirmId: firm.globalId, validFrom: '2026-10-01', validTo: '2026-10-31' });
    const listed = await events(auditor(), { action: edge });
    expect(listed.edges.map((e: { node: { id: string } }) => rawId(e.node.id))).toEqual([inserted.end, inserted.start]);
    expect(listed.totalCount).toBe(2);
    const contract = await readContract(a, auditor());
    expect(contract.usage.days).toEqual([{ date: '2026-10-01' }, { date: '2026-10-31' }]);
    expect(contract.incidents.totalCount).toBe(1); // 2026-10-12
    const september = await gql(
      app,
      `query($id: ID!) { contract(id: $id) { usage(month: "2026-09") { days { date } } n: usage(month: "2026-11") { days { date } } } }`,
      { id: a },
      auditor(),
    );
    expect(september.data!.contract).toEqual({ usage: { days: [] }, n: { days: [] } });
    // The application's own events happened today (December): outside the range, so none of them.
    expect(actions(contract.auditEvents)).toEqual([edge, edge]);
    // The terms are the contract's, whatever the day.
    expect(contract.termsInForce.amendmentNumbers).toEqual([1]);
  });
});

describe('the audit log of an audit firm', () => {
  test('auditors list the granted contracts’ events by default, filtered by contract, entity, actor, action and time, in keyset pages', async () => {
    await grant(app, owner(), { auditFirmId: firm.globalId, contractIds: [a, b] });
    const all = await events(auditor());
    expect(all.totalCount).toBeGreaterThan(5);
    const contractOf = (page: { edges: { node: { contract: { id: string } | null } }[] }) => [...new Set(page.edges.map((e) => e.node.contract?.id))];
    expect(contractOf(all).sort()).toEqual([a, b].sort());
    expect(contractOf(await events(auditor(), { contractId: b }))).toEqual([b]);
    expect((await events(auditor(), { contractId: c })).totalCount).toBe(0);
    expect((await events(auditor(), { contractId: firm.globalId })).totalCount).toBe(0);
    // Actor: the vendor's operations person reported the usage and the outage.
    const byVendor = await events(auditor(), { actorUserId: vendor.member(MembershipRole.OPERATIONS).userId });
    expect(actions(byVendor).sort()).toEqual(['incident.report', 'usage.report']);
    expect((await events(auditor(), { actorUserId: 'not-a-uuid' })).totalCount).toBe(0);
    // Action and entity.
    expect(actions(await events(auditor(), { action: 'contract.sign' }))).toEqual(['contract.sign', 'contract.sign', 'contract.sign', 'contract.sign']);
    const amendment = await events(auditor(), { entityType: 'ContractAmendment', entityId: rawId(bindingAmendment) });
    expect(actions(amendment)).toEqual(['contract.amendment.sign', 'contract.amendment.propose']);
    // Time: from (inclusive) and to (exclusive).
    const newest = all.edges[0].node;
    expect((await events(auditor(), { from: newest.occurredAt })).edges.map((e: { node: { id: string } }) => e.node.id)).toContain(newest.id);
    expect((await events(auditor(), { to: newest.occurredAt })).edges.map((e: { node: { id: string } }) => e.node.id)).not.toContain(newest.id);
    expect((await events(auditor(), { from: '2030-01-01T00:00:00Z' })).totalCount).toBe(0);
    // Pages: every event once, in order.
    const seen: string[] = [];
    let after: string | undefined;
    for (;;) {
      const page = await events(auditor(), undefined, 3, after);
      seen.push(...page.edges.map((e: { node: { id: string } }) => e.node.id));
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(seen).toEqual(all.edges.map((e: { node: { id: string } }) => e.node.id));
    // Scope OWN: the firm's own log (nothing of the contracts); its owner's default, GRANTED on request.
    expect(contractOf(await events(auditor(), { scope: 'OWN' }))).toEqual([]);
    expect(contractOf(await events({ token: firm.owner.token }))).toEqual([]);
    expect((await events({ token: firm.owner.token }, { scope: 'GRANTED' })).totalCount).toBe(all.totalCount);
    // The merchant's owner: its own log as before; GRANTED is nobody's but an audit firm's.
    const merchantLog = await events(owner(), { contractId: a });
    expect(actions(merchantLog)).not.toContain('usage.report');
    expect(actions(merchantLog)).toContain('contract.amendment.propose');
    expect((await events(owner(), { scope: 'GRANTED' })).totalCount).toBe(0);
    // The other firm: nothing.
    expect((await events(auditor(otherFirm))).totalCount).toBe(0);
  });
});

describe('an auditor changes nothing', () => {
  test('every business mutation is refused to an audit firm, whatever its role: only signing in and out, and its own organization’s administration remain', async () => {
    const schema = await buildAppSchema();
    const allowed = (role: MembershipRole) => {
      const viewer: Viewer = {
        kind: 'member',
        userId: randomUUID(),
        apiKeyId: null,
        sessionId: randomUUID(),
        organizationId: firm.id,
        organizationKind: OrganizationKind.AUDIT_FIRM,
        role,
      };
      const mutation = schema.getMutationType()!;
      expect(isObjectType(mutation)).toBe(true);
      return Object.values(mutation.getFields())
        .filter((field) => isAllowed(permissionOf(field)!, viewer))
        .map((field) => field.name)
        .sort();
    };
    const session = ['invitationAccept', 'login', 'logout', 'organizationRegister', 'tokenRefresh'];
    expect(allowed(MembershipRole.AUDITOR)).toEqual(session);
    expect(allowed(MembershipRole.OWNER)).toEqual(
      [...session, 'apiKeyCreate', 'apiKeyRevoke', 'memberInvite', 'memberRemove', 'memberRoleChange', 'organizationContactUpdate'].sort(),
    );
  });

  test('with a grant in force: signing, amending, usage, KPIs, incidents, inspections and grants are refused, and nothing is written', async () => {
    const id = await grant(app, owner(), { auditFirmId: firm.globalId });
    const audits = await auditCount();
    const contractId = a;
    for (const [query, variables] of [
      [`mutation($id: ID!) { contractSign(id: $id) { userErrors { code } } }`, { id: contractId }],
      [PROPOSE, { contractId, input: { effectiveFrom: '2026-11-25', reason: 'Auditor change.', pricing: { model: 'PER_CONTACT', baseRate: '0.01' } } }],
      [`mutation($id: ID!) { contractAmendmentSign(id: $id) { userErrors { code } } }`, { id: bindingAmendment }],
      [
        `mutation($contractId: ID!, $input: UsageReportInput!) { usageReport(contractId: $contractId, input: $input) { userErrors { code } } }`,
        { contractId, input: { days: [{ date: '2026-10-05', qualifiedContacts: 1, totalContacts: 1, seats: [] }] } },
      ],
      [
        `mutation($contractId: ID!, $input: KpiMeasurementsReportInput!) { kpiMeasurementsReport(contractId: $contractId, input: $input) { userErrors { code } } }`,
        { contractId, input: { measurements: [{ metric: 'FIRST_RESPONSE_SECONDS', date: '2026-10-05', value: '1' }] } },
      ],
      [
        `mutation($contractId: ID!, $input: IncidentReportInput!) { incidentReport(contractId: $contractId, input: $input) { userErrors { code } } }`,
        { contractId, input: { kind: 'DATA_BREACH', startedAt: '2026-10-05T10:00:00+08:00', cause: 'Auditor.' } },
      ],
      [`mutation($id: ID!) { contractRenewalOptOut(id: $id) { userErrors { code } } }`, { id: contractId }],
      [GRANT_CREATE, { input: { auditFirmId: firm.globalId } }],
      [GRANT_REVOKE, { id }],
    ] as const) {
      for (const caller of [auditor(), { token: firm.owner.token }]) {
        expect({ query, codes: errorCodes(await gql(app, query, variables, caller)) }).toEqual({ query, codes: ['FORBIDDEN'] });
      }
    }
    expect(await auditCount()).toBe(audits);
    expect((await gql(app, GRANTS, { filter: { active: true } }, owner())).data!.auditGrants.edges.map((e: { node: { id: string } }) => e.node.id)).toContain(
      id,
    );
  });
});
