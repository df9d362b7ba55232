import { ManualClock } from '../../src/core/clock.js';
import { MembershipRole } from '../../src/core/roles.js';
import { OrganizationKind } from '../../src/modules/organizations/organization.entity.js';
import { EVENTS, GRANTS, GRANT_REVOKE, grant, revoke } from '../helpers/audit-grants.js';
import { gql, type Caller } from '../helpers/client.js';
import { createOrg, type TestOrg } from '../helpers/factories.js';
import { INCIDENTS_TODAY, autumnContract, incidentParties, reportIncident } from '../helpers/incidents.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';

/**
 * The services check audit grants themselves, behind row-level security: here every request runs as
 * a role that row-level security lets through (startTestApp `policies: 'bypassed'`), so only the
 * services' checks (contract.service `mayReadContract`, audit.service `readsAuditEvent`, the lists'
 * explicit grant conditions, audit-grant.service) stand between an audit firm and what it was not
 * granted.
 */
const clock = new ManualClock(INCIDENTS_TODAY);
let app: TestApp;
let merchant: TestOrg;
let vendor: TestOrg;
let otherMerchant: TestOrg;
let firm: TestOrg;
let otherFirm: TestOrg;
let a: string;
let b: string;

const auditor = (of: TestOrg = firm): Caller => ({ token: of.member(MembershipRole.AUDITOR).token });
const node = async (id: string, caller: Caller) => (await gql(app, `query($id: ID!) { node(id: $id) { id } }`, { id }, caller)).data!.node;
const contract = async (id: string, caller: Caller) => (await gql(app, `query($id: ID!) { contract(id: $id) { id } }`, { id }, caller)).data!.contract;
const contracts = async (caller: Caller) =>
  (await gql(app, `{ contracts(first: 100) { edges { node { id } } } }`, {}, caller)).data!.contracts.edges.map((e: { node: { id: string } }) => e.node.id);
const events = async (caller: Caller, filter?: Record<string, unknown>) => {
  const response = await gql(app, EVENTS, { filter, first: 100 }, caller);
  expect(response.errors).toBeUndefined();
  return response.data!.auditEvents.edges.map((e: { node: { id: string; contract: { id: string } | null } }) => e.node);
};

beforeAll(async () => {
  app = await startTestApp({}, { clock, policies: 'bypassed' });
  ({ merchant, vendor, otherMerchant } = await incidentParties(app));
  firm = await createOrg(app, { kind: OrganizationKind.AUDIT_FIRM, roles: [MembershipRole.OWNER, MembershipRole.AUDITOR] });
  otherFirm = await createOrg(app, { kind: OrganizationKind.AUDIT_FIRM, roles: [MembershipRole.OWNER, MembershipRole.AUDITOR] });
  a = (await autumnContract(app, clock, merchant, vendor)).id;
  b = (await autumnContract(app, clock, merchant, vendor)).id;
}, 60_000);
afterAll(() => app.close());

test('the policies are really out of the way: without a grant, an auditor reads an incident row-level security alone would hide', async () => {
  const reported = await reportIncident(app, { token: vendor.member(MembershipRole.OPERATIONS).token }, a, {
    kind: 'DATA_BREACH',
    startedAt: '2026-10-05T10:00:00+08:00',
    cause: 'A list was mailed out.',
  });
  const incident = reported.data!.incidentReport.incident.id;
  expect(await node(incident, auditor())).toEqual({ id: incident });
  // A grant to another firm is a row the database would show too; the service does not.
  const id = await grant(app, { token: merchant.owner.token }, { auditFirmId: otherFirm.globalId });
  expect(await node(id, auditor())).toBeNull();
  expect(await node(id, auditor(otherFirm))).toEqual({ id });
  await revoke(app, { token: merchant.owner.token }, id);
});

test('a listed contract is read; the other one, the other merchant’s and another firm’s grant are not', async () => {
  const id = await grant(app, { token: merchant.owner.token }, { auditFirmId: firm.globalId, contractIds: [a] });
  expect(await contract(a, auditor())).toEqual({ id: a });
  expect(await contract(b, auditor())).toBeNull();
  expect(await node(b, auditor())).toBeNull();
  expect(await contracts(auditor())).toEqual([a]);
  expect(await contract(a, auditor(otherFirm))).toBeNull();
  expect(await contracts(auditor(otherFirm))).toEqual([]);
  // Events: a's only, and not to the other firm; an event of b is no node for the auditor.
  const listed = await events(auditor());
  expect(listed.length).toBeGreaterThan(0);
  expect(new Set(listed.map((e: { contract: { id: string } | null }) => e.contract?.id))).toEqual(new Set([a]));
  expect(await events(auditor(otherFirm))).toEqual([]);
  const ofB = (await events({ token: merchant.owner.token }, { contractId: b }))[0]!;
  expect(await node(ofB.id, auditor())).toBeNull();
  expect(await node(listed[0].id, auditor())).toEqual({ id: listed[0].id });
  // Another merchant cannot revoke it, nor see it.
  const revoked = await gql(app, GRANT_REVOKE, { id }, { token: otherMerchant.owner.token });
  expect(revoked.data!.auditGrantRevoke.userErrors).toEqual([{ code: 'NOT_FOUND', field: ['id'], message: 'No such audit grant.' }]);
  expect((await gql(app, GRANTS, {}, { token: otherMerchant.owner.token })).data!.auditGrants.totalCount).toBe(0);
  await revoke(app, { token: merchant.owner.token }, id);
});

test('after revocation, and outside the grant’s days, the services show nothing', async () => {
  const id = await grant(app, { token: merchant.owner.token }, { auditFirmId: firm.globalId });
  const before = await events(auditor());
  expect(before.length).toBeGreaterThan(0);
  await revoke(app, { token: merchant.owner.token }, id);
  expect(await contract(a, auditor())).toBeNull();
  expect(await contracts(auditor())).toEqual([]);
  expect(await events(auditor())).toEqual([]);
  expect(await node(before[0].id, auditor())).toBeNull();
  // The application's events happened today (real time, December 2026): a grant of October shows none of them.
  const october = await grant(app, { token: merchant.owner.token }, { auditFirmId: firm.globalId, validFrom: '2026-10-01', validTo: '2026-10-31' });
  expect(await contract(a, auditor())).toEqual({ id: a });
  expect(await events(auditor())).toEqual([]);
  expect(await node(before[0].id, auditor())).toBeNull();
  await revoke(app, { token: merchant.owner.token }, october);
});

test('the vendor and the merchant’s other roles read their own log as before, never another firm’s view', async () => {
  await grant(app, { token: merchant.owner.token }, { auditFirmId: firm.globalId });
  const vendorLog = await events({ token: vendor.owner.token }, { scope: 'GRANTED' });
  expect(vendorLog).toEqual([]);
  const merchantLog = await events({ token: merchant.owner.token }, { contractId: a });
  expect(merchantLog.length).toBeGreaterThan(0);
  const vendorsEvent = (await events({ token: vendor.owner.token }))[0]!;
  expect(await node(vendorsEvent.id, { token: merchant.owner.token })).toBeNull();
});
