import { ManualClock } from '../../src/core/clock.js';
import { MembershipRole } from '../../src/core/roles.js';
import { gql } from '../helpers/client.js';
import type { TestOrg } from '../helpers/factories.js';
import { INCIDENTS_TODAY, autumnContract, incidentParties, reportIncident } from '../helpers/incidents.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';

/**
 * SQL statements of incidents: each mutation is a small constant number of statements (BEGIN and the
 * tenant set-up, savepoint, contract or locked incident, insert/update, audit, release, COMMIT), and
 * the nested reads of many contracts' incidents and availability are one query per loader for all.
 */
const REPORT_BUDGET = 8;
const CLOSE_BUDGET = 9;
/** The payload without relations (those are loaders, counted in the read test). */
const LEAN_REPORT = `mutation($contractId: ID!, $input: IncidentReportInput!) { incidentReport(contractId: $contractId, input: $input) { incident { id status } userErrors { code field message } } }`;
const LEAN_CLOSE = `mutation($id: ID!, $input: OutageCloseInput!) { outageClose(id: $id, input: $input) { incident { id endedAt } userErrors { code field message } } }`;

let app: TestApp;
const clock = new ManualClock(INCIDENTS_TODAY);
let merchant: TestOrg;
let vendor: TestOrg;
const contracts: { id: string; rawId: string }[] = [];
const openOutages: string[] = [];
const operations = () => ({ token: vendor.member(MembershipRole.OPERATIONS).token });

beforeAll(async () => {
  app = await startTestApp({}, { clock });
  ({ merchant, vendor } = await incidentParties(app));
  for (let i = 0; i < 50; i++) contracts.push(await autumnContract(app, clock, merchant, vendor));
  for (const [i, contract] of contracts.entries()) {
    for (const input of [
      { kind: 'OUTAGE', startedAt: '2026-09-30T15:00:00Z', endedAt: `2026-09-30T17:${String(i).padStart(2, '0')}:00Z`, cause: 'Across the month boundary.' },
      { kind: 'OUTAGE', startedAt: '2026-10-12T10:00:00+08:00', cause: 'Still open.', exemptionGrounds: 'OUTSIDE_VENDOR' },
      { kind: 'DATA_BREACH', startedAt: '2026-10-13T10:00:00+08:00', cause: 'A list was mailed out.' },
    ]) {
      const response = await reportIncident(app, operations(), contract.id, input);
      expect(response.data!.incidentReport.userErrors).toEqual([]);
      if (input.cause === 'Still open.') openOutages.push(response.data!.incidentReport.incident.id);
    }
  }
}, 180_000);
afterAll(() => app.close());

test('the incidents and availability of 5 or 50 contracts in one query take the same number of SQL statements', async () => {
  const query = `query($first: Int!) { contracts(first: $first) { edges { node { id
    incidents(first: 3) { totalCount edges { node { id kind status cause contract { id } decidedBy { id } } } }
    outages: incidents(first: 1, kind: OUTAGE) { totalCount }
    availability(month: "2026-10") { minutesInMonth nonExemptOutageMinutes availabilityPercent outages { minutes exempt incident { id status } } }
  } } } }`;
  const statements: number[] = [];
  for (const first of [5, 50]) {
    const response = await gql(app, query, { first }, { token: merchant.owner.token });
    expect(response.errors).toBeUndefined();
    const edges = response.data!.contracts.edges as { node: { incidents: { totalCount: number }; availability: { outages: unknown[] } } }[];
    expect(edges).toHaveLength(first);
    for (const edge of edges) {
      expect(edge.node.incidents.totalCount).toBeGreaterThanOrEqual(3);
      expect(edge.node.availability.outages.length).toBeGreaterThanOrEqual(2);
    }
    statements.push(app.requests.at(-1)!.sqlStatements);
  }
  expect(statements[1]).toBe(statements[0]);
});

test(`incidentReport takes at most ${REPORT_BUDGET} statements and outageClose at most ${CLOSE_BUDGET}, the same every time`, async () => {
  const reports: number[] = [];
  for (const caller of [operations(), { token: merchant.member(MembershipRole.PROCUREMENT).token }]) {
    const response = await gql(
      app,
      LEAN_REPORT,
      {
        contractId: contracts[0]!.id,
        input: {
          kind: 'OUTAGE',
          startedAt: '2026-10-20T10:00:00+08:00',
          endedAt: '2026-10-20T10:10:00+08:00',
          cause: 'Budget check.',
          exemptionGrounds: 'PLANNED_WITH_NOTICE',
        },
      },
      caller,
    );
    expect(response.data!.incidentReport.userErrors).toEqual([]);
    reports.push(app.requests.at(-1)!.sqlStatements);
  }
  expect(new Set(reports).size).toBe(1);
  expect(reports[0]).toBeLessThanOrEqual(REPORT_BUDGET);
  const closes: number[] = [];
  for (const id of openOutages.slice(0, 2)) {
    const response = await gql(app, LEAN_CLOSE, { id, input: { endedAt: '2026-10-12T11:00:00+08:00' } }, operations());
    expect(response.data!.outageClose.userErrors).toEqual([]);
    closes.push(app.requests.at(-1)!.sqlStatements);
  }
  expect(new Set(closes).size).toBe(1);
  expect(closes[0]).toBeLessThanOrEqual(CLOSE_BUDGET);
});
