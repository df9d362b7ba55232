import { ManualClock } from '../../src/core/clock.js';
import { gql } from '../helpers/client.js';
import type { TestOrg } from '../helpers/factories.js';
import { INSPECTION_CREATE, INSPECTION_SCORE, SCORECARD, SCORECARD_SET, inspectionParties, inspector, scoresFor, weekRecords } from '../helpers/inspections.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';
import { USAGE_TODAY, activeContract } from '../helpers/usage.js';

/**
 * SQL statements of inspections: creating and scoring take a constant number of statements whatever
 * the sample size (the sample is inserted and updated set-based), and a nested read of 5 or 50
 * inspections with their samples, scores, rectifications and contract takes the same number.
 */
/** Budgets: statements per mutation, whatever the sample size. */
const CREATE_BUDGET = 14;
/** Failing: + the failures so far, the rectification and the audit events (BEGIN, tenant set-up, savepoint, inspection, contract lock, sample, update, flush …). */
const SCORE_BUDGET = 16;
const clock = new ManualClock(USAGE_TODAY);
let app: TestApp;
let merchant: TestOrg;
let vendor: TestOrg;
let contract: { id: string; rawId: string };

beforeAll(async () => {
  app = await startTestApp({}, { clock });
  ({ merchant, vendor } = await inspectionParties(app));
  contract = await activeContract(app, clock, merchant, vendor);
  await weekRecords(app, vendor, contract.id, 200);
  await gql(app, SCORECARD_SET, { contractId: contract.id, input: SCORECARD }, inspector(merchant));
}, 60_000);
afterAll(() => app.close());

async function create(input: Record<string, unknown>) {
  const response = await gql(app, INSPECTION_CREATE, { contractId: contract.id, input }, inspector(merchant));
  expect(response.data!.inspectionCreate.userErrors).toEqual([]);
  return { inspection: response.data!.inspectionCreate.inspection, statements: app.requests.at(-1)!.sqlStatements };
}

async function score(inspection: { id: string; sample: { externalId: string }[] }, value: string) {
  const response = await gql(app, INSPECTION_SCORE, { id: inspection.id, input: scoresFor(inspection.sample, value) }, inspector(merchant));
  expect(response.data!.inspectionScore.userErrors).toEqual([]);
  return app.requests.at(-1)!.sqlStatements;
}

test('inspectionCreate and inspectionScore take the same number of statements for 5 and 50 contacts (random or entered)', async () => {
  const created = [await create({ week: '2027-W02', seed: 1, sampleSize: 5 }), await create({ week: '2027-W02', seed: 2, sampleSize: 50 })];
  expect(created[1]!.statements).toBe(created[0]!.statements);
  const entered = [
    await create({ week: '2027-W02', externalIds: ['w2-1', 'w2-2', 'w2-3', 'w2-4', 'w2-5'] }),
    await create({ week: '2027-W02', externalIds: Array.from({ length: 50 }, (_, i) => `w2-${i + 10}`) }),
  ];
  expect(entered[1]!.statements).toBe(entered[0]!.statements);
  // Passing, then failing (a rectification opens; the ladder reads the failures so far).
  const passing = [await score(created[0]!.inspection, '90'), await score(created[1]!.inspection, '90')];
  const failing = [await score(entered[0]!.inspection, '10'), await score(entered[1]!.inspection, '10')];
  expect(passing[1]).toBe(passing[0]);
  expect(failing[1]).toBe(failing[0]);
  expect(Math.max(created[0]!.statements, entered[0]!.statements)).toBeLessThanOrEqual(CREATE_BUDGET);
  expect(Math.max(...passing, ...failing)).toBeLessThanOrEqual(SCORE_BUDGET);
});

test('a nested read of 5 or 50 inspections with samples, scores, rectifications and contract takes the same number of statements', async () => {
  for (let i = 0; i < 50; i++) {
    const { inspection } = await create({ week: '2027-W02', seed: 100 + i, sampleSize: 3 });
    await score(inspection, i % 2 ? '90' : '40');
  }
  const query = `query($id: ID!, $first: Int!) { contract(id: $id) { inspectionScorecard { version } inspections(first: $first) { totalCount edges { node {
    id number score result deduction { percent } scorecard { passMark criteria { name } } sampling { seed }
    sample { externalId channel score scores { criterion score } } rectification { status overdue inspection { id } } contract { id status } } } } } }`;
  const statements: number[] = [];
  for (const first of [5, 50]) {
    const response = await gql(app, query, { id: contract.id, first }, { token: merchant.owner.token });
    expect(response.errors).toBeUndefined();
    const edges = response.data!.contract.inspections.edges as { node: { sample: unknown[]; rectification: unknown } }[];
    expect(edges).toHaveLength(first);
    expect(edges.every((e) => e.node.sample.length > 0)).toBe(true);
    expect(edges.some((e) => e.node.rectification !== null)).toBe(true);
    statements.push(app.requests.at(-1)!.sqlStatements);
  }
  expect(statements[1]).toBe(statements[0]);
}, 120_000);
