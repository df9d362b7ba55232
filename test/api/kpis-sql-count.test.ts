import { ManualClock } from '../../src/core/clock.js';
import { MembershipRole } from '../../src/core/roles.js';
import { gql } from '../helpers/client.js';
import type { TestOrg } from '../helpers/factories.js';
import { firstResponse, kpiParties, reportKpis } from '../helpers/kpis.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';
import { USAGE_TODAY, activeContract } from '../helpers/usage.js';

/**
 * SQL statements of KPIs: the mutation is a constant number of statements whatever the batch size
 * (BEGIN and the tenant set-up, savepoint, contract, amendments, advisory lock, upsert, the KPIs'
 * days, their notices and rights, then at most a withdrawal, a notice insert, the rights and the
 * audit events, release, COMMIT); the nested read of many contracts' KPI months and notices is a
 * fixed number of queries for all of them.
 */
const KPI_REPORT_BUDGET = 16;

let app: TestApp;
const clock = new ManualClock(USAGE_TODAY);
let merchant: TestOrg;
let vendor: TestOrg;
const contracts: { id: string; rawId: string }[] = [];
const operations = () => ({ token: vendor.member(MembershipRole.OPERATIONS).token });
const missed = (n: number) => Array.from({ length: n }, () => '99');

beforeAll(async () => {
  app = await startTestApp({}, { clock });
  ({ merchant, vendor } = await kpiParties(app));
  for (let i = 0; i < 50; i++) contracts.push(await activeContract(app, clock, merchant, vendor));
  for (const contract of contracts.slice(0, 50)) {
    const response = await reportKpis(app, operations(), contract.id, firstResponse('2027-01-01', ['10', ...missed(3), '10']));
    expect(response.data!.kpiMeasurementsReport.userErrors).toEqual([]);
  }
}, 120_000);
afterAll(() => app.close());

async function statementsOf(contractId: string, measurements: ReturnType<typeof firstResponse>) {
  const response = await reportKpis(app, operations(), contractId, measurements);
  expect(response.data!.kpiMeasurementsReport.userErrors).toEqual([]);
  return { statements: app.requests.at(-1)!.sqlStatements, result: response.data!.kpiMeasurementsReport };
}

test(`kpiMeasurementsReport takes the same statements for 1 and 50 measurements, and at most ${KPI_REPORT_BUDGET} when notices open and withdraw and a right arises`, async () => {
  const one = await statementsOf(contracts[0]!.id, firstResponse('2027-02-01', ['10']));
  const fifty = await statementsOf(
    contracts[1]!.id,
    firstResponse(
      '2027-01-01',
      Array.from({ length: 50 }, () => '10'),
    ),
  );
  expect(fifty.result.noticesWithdrawn).toBe(1);
  const withdrawOne = await statementsOf(contracts[2]!.id, firstResponse('2027-01-02', ['10']));
  expect(withdrawOne.result.noticesWithdrawn).toBe(1);
  expect(fifty.statements).toBe(withdrawOne.statements);
  const plain = await statementsOf(
    contracts[3]!.id,
    firstResponse(
      '2027-02-01',
      Array.from({ length: 20 }, () => '10'),
    ),
  );
  expect(plain.statements).toBe(one.statements);
  const worst = await statementsOf(contracts[4]!.id, firstResponse('2027-01-02', ['10', ...missed(49)]));
  expect(worst.result).toMatchObject({ noticesWithdrawn: 1, noticesOpened: 1, rightsGranted: 1 });
  expect(worst.statements).toBeLessThanOrEqual(KPI_REPORT_BUDGET);
});

test('the KPI month and notices of 5 or 50 contracts take the same number of SQL statements', async () => {
  const query = `query($first: Int!) { contracts(first: $first) { edges { node { id
    kpiMonth(month: "2027-01") { score kpis { metric daysMeasured attainment currentMissedStreak } }
    kpiNotices { id days withdrawnAt } } } } }`;
  const statements: number[] = [];
  for (const first of [5, 50]) {
    const response = await gql(app, query, { first }, { token: merchant.owner.token });
    expect(response.errors).toBeUndefined();
    const edges = response.data!.contracts.edges as { node: { kpiMonth: { kpis: unknown[] }; kpiNotices: unknown[] } }[];
    expect(edges).toHaveLength(first);
    for (const edge of edges) {
      expect(edge.node.kpiMonth.kpis.length).toBe(1);
      expect(edge.node.kpiNotices.length).toBeGreaterThanOrEqual(1);
    }
    statements.push(app.requests.at(-1)!.sqlStatements);
  }
  expect(statements[1]).toBe(statements[0]);
});
