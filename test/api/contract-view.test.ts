import { ManualClock } from '../../src/core/clock.js';
import { MembershipRole } from '../../src/core/roles.js';
import { gql } from '../helpers/client.js';
import type { TestOrg } from '../helpers/factories.js';
import { INCIDENTS_TODAY, autumnContract, incidentParties, reportIncident } from '../helpers/incidents.js';
import { firstResponse, reportKpis } from '../helpers/kpis.js';
import { report } from '../helpers/usage.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';

/**
 * The contract view (issue 9 point 9): one query gives a party the contract with the terms in force,
 * signatures, amendments, this month's usage and KPI roll-up, availability, incidents, inspections and
 * their rectifications, notices and rights — in as many SQL statements for 25 contracts as for 5 (50 would be over the cost limit).
 */
const VIEW = `query ContractView($first: Int!) { contracts(first: $first) { edges { node {
  id status startDate termMonths startsOn transitionEndsOn signedByBoth yourParty
  merchant { legalName } vendor { legalName }
  termsInForce(on: "2026-10-15") { on amendmentNumbers pricing { model baseRate } kpiTargets { metric comparator target } rules { termination { convenienceNoticeDays } } }
  signatures { party signedAt signedBy { id } }
  amendments { id number status effectiveFrom signatures { party signedAt } }
  renewal { renews endDate optOutDeadline }
  usage(month: "2026-10") { qualifiedContacts totalContacts recordCount days { date qualifiedContacts source } }
  kpiMonth(month: "2026-10") { score kpis { metric attainment daysMeasured daysMet currentMissedStreak } }
  kpiNotices { id metric days openedAt withdrawnAt }
  availability(month: "2026-10") { availabilityPercent nonExemptOutageMinutes outages { minutes exempt incident { id status } } }
  incidents(first: 5) { totalCount edges { node { id kind status cause contract { id } } } }
  inspectionScorecard { version passMark }
  inspections(first: 5) { totalCount edges { node { id status result score rectification { id status overdue dueAt } } } }
  terminationRights { holder source arisesAt }
  breachNotices { id }
  termination { kind effectiveOn }
} } } }`;

let app: TestApp;
const clock = new ManualClock(INCIDENTS_TODAY);
let merchant: TestOrg;
let vendor: TestOrg;
const contracts: { id: string; rawId: string }[] = [];
const operations = () => ({ token: vendor.member(MembershipRole.OPERATIONS).token });

beforeAll(async () => {
  app = await startTestApp({}, { clock });
  ({ merchant, vendor } = await incidentParties(app));
  for (let i = 0; i < 25; i++) contracts.push(await autumnContract(app, clock, merchant, vendor));
  // Evidence of every kind on a few of them (the loaders run for every contract of the page either way).
  for (const contract of contracts.slice(-3)) {
    const usage = await report(app, operations(), contract.id, {
      days: [
        { date: '2026-10-01', qualifiedContacts: 900, totalContacts: 1000, seats: [] },
        { date: '2026-10-02', qualifiedContacts: 800, totalContacts: 850, seats: [] },
      ],
    });
    expect(usage.data!.usageReport.userErrors).toEqual([]);
    const kpis = await reportKpis(app, operations(), contract.id, firstResponse('2026-10-05', ['20', '21', '22', '10']));
    expect(kpis.data!.kpiMeasurementsReport.userErrors).toEqual([]);
    const outage = await reportIncident(app, operations(), contract.id, {
      kind: 'OUTAGE',
      startedAt: '2026-10-12T10:00:00+08:00',
      endedAt: '2026-10-12T12:00:00+08:00',
      cause: 'Carrier outage, call 13812345678 for details.',
    });
    expect(outage.data!.incidentReport.userErrors).toEqual([]);
  }
}, 240_000);
afterAll(() => app.close());

test('the whole contract view of 5 or 25 contracts takes the same number of SQL statements, and shows the evidence', async () => {
  const statements: number[] = [];
  for (const first of [5, 25]) {
    const before = app.requests.length;
    const response = await gql(app, VIEW, { first }, { token: merchant.owner.token });
    expect(response.errors).toBeUndefined();
    const nodes = (response.data!.contracts.edges as { node: Record<string, any> }[]).map((e) => e.node);
    expect(nodes).toHaveLength(first);
    const withEvidence = nodes.filter((n) => n.incidents.totalCount > 0);
    expect(withEvidence).toHaveLength(3); // the newest three, first in the list
    for (const node of withEvidence) {
      expect(node.status).toBe('ACTIVE');
      expect(node.usage).toMatchObject({ qualifiedContacts: 1700, totalContacts: 1850 });
      expect(node.kpiNotices.map((n: { days: string[] }) => n.days)).toEqual([['2026-10-05', '2026-10-06', '2026-10-07']]);
      expect(node.availability.nonExemptOutageMinutes).toBe(120);
      expect(node.incidents.edges[0].node.cause).toBe('Carrier outage, call 138****5678 for details.');
    }
    statements.push(app.requests.slice(before).at(-1)!.sqlStatements);
  }
  expect(statements[1]).toBe(statements[0]);
  // BEGIN with the tenant set-up, the page and its count, then one statement per loader, COMMIT.
  expect(statements[0]).toBeLessThanOrEqual(18);
});
