import { ManualClock } from '../../src/core/clock.js';
import { MembershipRole } from '../../src/core/roles.js';
import { OrganizationKind } from '../../src/modules/organizations/organization.entity.js';
import { grant } from '../helpers/audit-grants.js';
import { gql } from '../helpers/client.js';
import { createOrg, type TestOrg } from '../helpers/factories.js';
import { INCIDENTS_TODAY, autumnContract, incidentParties, reportIncident } from '../helpers/incidents.js';
import { report } from '../helpers/usage.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';

/**
 * An auditor's nested read — the contracts granted, each with its terms in force, amendments, usage,
 * incidents and a page of its audit events with their actors, entities and contracts — takes as many
 * SQL statements for 20 contracts as for 5: one per loader, whatever the page size.
 */
const VIEW = `query AuditorView($first: Int!) { contracts(first: $first) { totalCount edges { node {
  id status merchant { legalName } vendor { legalName }
  termsInForce(on: "2026-10-15") { amendmentNumbers pricing { model baseRate } }
  amendments { number status }
  signatures { party signedAt signedBy { id } }
  usage(month: "2026-10") { qualifiedContacts }
  incidents(first: 2) { totalCount edges { node { id cause } } }
  auditEvents(first: 3) { totalCount edges { node { id action occurredAt actor { __typename } entity { id } contract { id } } } }
} } } }`;

let app: TestApp;
const clock = new ManualClock(INCIDENTS_TODAY);
let merchant: TestOrg;
let vendor: TestOrg;
let firm: TestOrg;
const contracts: string[] = [];

beforeAll(async () => {
  app = await startTestApp({}, { clock });
  ({ merchant, vendor } = await incidentParties(app));
  firm = await createOrg(app, { kind: OrganizationKind.AUDIT_FIRM, roles: [MembershipRole.OWNER, MembershipRole.AUDITOR] });
  for (let i = 0; i < 20; i++) contracts.push((await autumnContract(app, clock, merchant, vendor)).id);
  // Evidence and events of both parties on a few of them.
  const operations = { token: vendor.member(MembershipRole.OPERATIONS).token };
  for (const id of contracts.slice(-3)) {
    const usage = await report(app, operations, id, { days: [{ date: '2026-10-01', qualifiedContacts: 900, totalContacts: 1000, seats: [] }] });
    expect(usage.data!.usageReport.userErrors).toEqual([]);
    const outage = await reportIncident(app, operations, id, {
      kind: 'OUTAGE',
      startedAt: '2026-10-12T10:00:00+08:00',
      endedAt: '2026-10-12T12:00:00+08:00',
      cause: 'Carrier outage.',
    });
    expect(outage.data!.incidentReport.userErrors).toEqual([]);
  }
  await grant(app, { token: merchant.owner.token }, { auditFirmId: firm.globalId });
}, 180_000);
afterAll(() => app.close());

test('the auditor’s view of 5 or 20 granted contracts with their audit events takes the same number of SQL statements', async () => {
  const statements: number[] = [];
  for (const first of [5, 20]) {
    const before = app.requests.length;
    const response = await gql(app, VIEW, { first }, { token: firm.member(MembershipRole.AUDITOR).token });
    expect(response.errors).toBeUndefined();
    const nodes = (response.data!.contracts.edges as { node: Record<string, any> }[]).map((e) => e.node);
    expect(nodes).toHaveLength(first);
    expect(response.data!.contracts.totalCount).toBe(20);
    for (const node of nodes) {
      expect(node.auditEvents.totalCount).toBeGreaterThanOrEqual(1); // contract.create at least
      for (const { node: event } of node.auditEvents.edges) expect(event.contract).toEqual({ id: node.id });
    }
    const withEvidence = nodes.filter((n) => n.incidents.totalCount > 0);
    expect(withEvidence).toHaveLength(3); // the newest three, first in the list
    for (const node of withEvidence) {
      expect(node.usage.qualifiedContacts).toBe(900);
      // The vendor's actions too, with the vendor's person as actor (not visible to the auditor: null) and the incident as entity.
      expect(node.auditEvents.edges.map((e: { node: { action: string } }) => e.node.action)).toEqual(['incident.report', 'usage.report', 'contract.create']);
      expect(node.auditEvents.edges[0].node).toMatchObject({ actor: null, entity: { id: node.incidents.edges[0].node.id } });
    }
    statements.push(app.requests.slice(before).at(-1)!.sqlStatements);
  }
  expect(statements[1]).toBe(statements[0]);
  // BEGIN with the tenant set-up, the page and its count, one statement per loader (the grants held among them), COMMIT.
  expect(statements[0]).toBeLessThanOrEqual(13);
});
