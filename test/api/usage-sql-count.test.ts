import { ManualClock } from '../../src/core/clock.js';
import { MembershipRole } from '../../src/core/roles.js';
import { gql } from '../helpers/client.js';
import type { TestOrg } from '../helpers/factories.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';
import { USAGE_TODAY, activeContract, contactRecords, report, usageParties } from '../helpers/usage.js';

/**
 * SQL statements of usage: the mutation is a constant number of statements whatever the batch size
 * (BEGIN and the tenant set-up, savepoint, contract, advisory lock, partitions + locked months,
 * moved records, records upsert, days upsert, recount, audit, release, COMMIT), and the nested read
 * of many contracts' usage is one query for all of them.
 */
const USAGE_REPORT_BUDGET = 13;

let app: TestApp;
const clock = new ManualClock(USAGE_TODAY);
let merchant: TestOrg;
let vendor: TestOrg;
const contracts: { id: string; rawId: string }[] = [];

beforeAll(async () => {
  app = await startTestApp({}, { clock });
  ({ merchant, vendor } = await usageParties(app));
  for (let i = 0; i < 50; i++) contracts.push(await activeContract(app, clock, merchant, vendor));
  for (const [i, contract] of contracts.entries()) {
    const response = await report(app, { token: vendor.member(MembershipRole.OPERATIONS).token }, contract.id, {
      days: [{ date: '2027-01-04', qualifiedContacts: i, totalContacts: i + 1, seats: [{ seatType: 'INBOUND', seats: 3 }] }],
      records: contactRecords(3, { prefix: `k${i}-`, start: '2027-01-05T10:00:00+08:00' }),
    });
    expect(response.data!.usageReport.userErrors).toEqual([]);
  }
}, 120_000);
afterAll(() => app.close());

test(`usageReport takes at most ${USAGE_REPORT_BUDGET} statements, the same for 1, 1,000 and 10,000 records with days`, async () => {
  const counts: number[] = [];
  for (const n of [1, 1000, 10_000]) {
    const response = await report(app, { token: vendor.member(MembershipRole.OPERATIONS).token }, contracts[0]!.id, {
      days: [{ date: '2027-02-01', qualifiedContacts: 1, totalContacts: 1 }],
      records: contactRecords(n, { prefix: `budget-${n}-`, start: '2027-01-12T00:00:00+08:00', spacingSeconds: 5 }),
    });
    expect(response.data!.usageReport.userErrors).toEqual([]);
    counts.push(app.requests.at(-1)!.sqlStatements);
  }
  expect(new Set(counts).size).toBe(1);
  expect(counts[0]).toBeLessThanOrEqual(USAGE_REPORT_BUDGET);
});

test('the usage of 5 or 50 contracts in one query takes the same number of SQL statements', async () => {
  const query = `query($first: Int!) { contracts(first: $first) { edges { node { id usage(month: "2027-01") { totalContacts qualifiedContacts recordCount days { date totalContacts seats { seatType seats } } } } } } }`;
  const statements: number[] = [];
  for (const first of [5, 50]) {
    const response = await gql(app, query, { first }, { token: merchant.owner.token });
    expect(response.errors).toBeUndefined();
    const edges = response.data!.contracts.edges as { node: { usage: { days: unknown[] } } }[];
    expect(edges).toHaveLength(first);
    for (const edge of edges) expect(edge.node.usage.days.length).toBeGreaterThanOrEqual(2);
    statements.push(app.requests.at(-1)!.sqlStatements);
  }
  expect(statements[1]).toBe(statements[0]);
});
