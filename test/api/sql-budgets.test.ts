import { MembershipRole } from '../../src/core/roles.js';
import { OrganizationKind } from '../../src/modules/organizations/organization.entity.js';
import { gql } from '../helpers/client.js';
import { createOrg, type TestOrg } from '../helpers/factories.js';
import { bidInput, passDeadline, publishedRequirement, requirementInput, submitBid } from '../helpers/marketplace.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';

/**
 * SQL statements per marketplace mutation, run once each over HTTP: BEGIN with the tenant set-up,
 * the statements of the use case, COMMIT (app.requests.at(-1).sqlStatements). The budgets are what
 * each costs today (measured with the payload selections below); a change that adds a query shows
 * here as a diff of this table. A mutation that got cheaper may lower its budget.
 */
const BUDGETS = {
  requirementCreate: 7,
  requirementUpdate: 8,
  requirementInviteVendors: 10,
  requirementPublish: 9,
  requirementExtendDeadline: 8,
  requirementQuestionAsk: 9,
  requirementQuestionAnswer: 8,
  requirementCancel: 8,
  bidSubmit: 13,
  bidRevise: 11,
  bidWithdraw: 9,
  bidShortlist: 10,
  bidReject: 10,
  bidAccept: 14,
} as const;
type Mutation = keyof typeof BUDGETS;

const DOCUMENTS: Record<Mutation, string> = {
  requirementCreate: `mutation requirementCreate($input: RequirementInput!) { requirementCreate(input: $input) { requirement { id status } userErrors { code field message } } }`,
  requirementUpdate: `mutation requirementUpdate($id: ID!, $input: RequirementInput!) { requirementUpdate(id: $id, input: $input) { requirement { id status } userErrors { code field message } } }`,
  requirementInviteVendors: `mutation requirementInviteVendors($id: ID!, $vendorIds: [ID!]!) { requirementInviteVendors(id: $id, input: { vendorIds: $vendorIds }) { requirement { id status } userErrors { code field message } } }`,
  requirementPublish: `mutation requirementPublish($id: ID!) { requirementPublish(id: $id) { requirement { id status } userErrors { code field message } } }`,
  requirementExtendDeadline: `mutation requirementExtendDeadline($id: ID!, $bidDeadline: DateTime!) { requirementExtendDeadline(id: $id, input: { bidDeadline: $bidDeadline }) { requirement { id status } userErrors { code field message } } }`,
  requirementQuestionAsk: `mutation requirementQuestionAsk($requirementId: ID!) { requirementQuestionAsk(requirementId: $requirementId, input: { question: "Is a night shift needed?" }) { question { id } userErrors { code field message } } }`,
  requirementQuestionAnswer: `mutation requirementQuestionAnswer($id: ID!) { requirementQuestionAnswer(id: $id, input: { answer: "No, 09:00–23:00 only." }) { question { id } userErrors { code field message } } }`,
  requirementCancel: `mutation requirementCancel($id: ID!) { requirementCancel(id: $id, input: { reason: "Budget frozen." }) { requirement { id status } userErrors { code field message } } }`,
  bidSubmit: `mutation bidSubmit($requirementId: ID!, $input: BidInput!) { bidSubmit(requirementId: $requirementId, input: $input) { bid { id status } userErrors { code field message } } }`,
  bidRevise: `mutation bidRevise($id: ID!, $input: BidInput!) { bidRevise(id: $id, input: $input) { bid { id status } userErrors { code field message } } }`,
  bidWithdraw: `mutation bidWithdraw($id: ID!) { bidWithdraw(id: $id) { bid { id status } userErrors { code field message } } }`,
  bidShortlist: `mutation bidShortlist($id: ID!) { bidShortlist(id: $id) { bid { id status } userErrors { code field message } } }`,
  bidReject: `mutation bidReject($id: ID!) { bidReject(id: $id, input: { reason: "Price too high." }) { bid { id status } userErrors { code field message } } }`,
  bidAccept: `mutation bidAccept($id: ID!) { bidAccept(id: $id) { contract { id status } bid { id status } userErrors { code field message } } }`,
};

let app: TestApp;
let merchant: TestOrg;
let vendors: TestOrg[];
const measured: Partial<Record<Mutation, number>> = {};

beforeAll(async () => {
  app = await startTestApp();
  merchant = await createOrg(app, { kind: OrganizationKind.MERCHANT, roles: [MembershipRole.OWNER] });
  vendors = [];
  for (let i = 0; i < 10; i++) vendors.push(await createOrg(app, { kind: OrganizationKind.VENDOR }));
});
afterAll(() => app.close());

/** Runs one mutation over HTTP, checks it succeeded, and returns its payload and SQL statement count. */
async function run(mutation: Mutation, variables: Record<string, unknown>, caller: TestOrg): Promise<{ payload: Record<string, any>; statements: number }> {
  const response = await gql(app, DOCUMENTS[mutation], variables, { token: caller.owner.token });
  expect(response.errors).toBeUndefined();
  const payload = response.data![mutation];
  expect(payload.userErrors).toEqual([]);
  const record = app.requests.at(-1)!;
  expect(record.operation).toBe(mutation);
  return { payload, statements: record.sqlStatements };
}

async function withinBudget(mutation: Mutation, variables: Record<string, unknown>, caller: TestOrg): Promise<Record<string, any>> {
  const { payload, statements } = await run(mutation, variables, caller);
  measured[mutation] = statements;
  expect({ mutation, statements }).toEqual({ mutation, statements: Math.min(statements, BUDGETS[mutation]) });
  return payload;
}

describe('each marketplace mutation stays within its SQL statement budget', () => {
  let requirementId: string;
  let questionId: string;
  let bidId: string;

  test('requirementCreate, requirementUpdate, requirementInviteVendors, requirementPublish, requirementExtendDeadline', async () => {
    const created = await withinBudget('requirementCreate', { input: requirementInput({ visibility: 'INVITED' }) }, merchant);
    requirementId = created.requirement.id;
    await withinBudget('requirementUpdate', { id: requirementId, input: requirementInput({ visibility: 'INVITED', seatsRequired: 25 }) }, merchant);
    await withinBudget('requirementInviteVendors', { id: requirementId, vendorIds: vendors.slice(0, 3).map((v) => v.globalId) }, merchant);
    await withinBudget('requirementPublish', { id: requirementId }, merchant);
    await withinBudget('requirementExtendDeadline', { id: requirementId, bidDeadline: new Date(Date.now() + 48 * 3600_000).toISOString() }, merchant);
  });

  test('requirementQuestionAsk, requirementQuestionAnswer', async () => {
    questionId = (await withinBudget('requirementQuestionAsk', { requirementId }, vendors[0]!)).question.id;
    await withinBudget('requirementQuestionAnswer', { id: questionId }, merchant);
  });

  test('bidSubmit, bidRevise, bidWithdraw', async () => {
    bidId = (await withinBudget('bidSubmit', { requirementId, input: bidInput() }, vendors[0]!)).bid.id;
    await withinBudget('bidRevise', { id: bidId, input: bidInput({ notes: 'Now with a night team.' }) }, vendors[0]!);
    await withinBudget('bidWithdraw', { id: bidId }, vendors[0]!);
  });

  test('requirementCancel', async () => {
    await withinBudget('requirementCancel', { id: requirementId }, merchant);
  });

  test('bidShortlist, bidReject, bidAccept (three bids)', async () => {
    const id = await publishedRequirement(app, merchant);
    const bids = [];
    for (const vendor of vendors.slice(0, 3)) bids.push(await submitBid(app, vendor, id));
    await passDeadline(app, id);
    await withinBudget('bidShortlist', { id: bids[0] }, merchant);
    await withinBudget('bidReject', { id: bids[1] }, merchant);
    await withinBudget('bidAccept', { id: bids[2] }, merchant);
  });

  test('every mutation of the table was measured', () => {
    expect(Object.keys(measured).sort()).toEqual(Object.keys(BUDGETS).sort());
  });
});

test('bidAccept runs as many statements with 9 other live bids as with 2: the others are rejected and audited in batches', async () => {
  const acceptWith = async (bidders: TestOrg[]) => {
    const id = await publishedRequirement(app, merchant);
    const bids = [];
    for (const vendor of bidders) bids.push(await submitBid(app, vendor, id));
    await passDeadline(app, id);
    const { statements } = await run('bidAccept', { id: bids[0] }, merchant);
    const statuses = (
      await app.sql.query('select status, count(*)::int as n from bid where requirement_id = $1 group by status order by status', [
        Buffer.from(id, 'base64url').toString('utf8').split(':')[1],
      ])
    ).rows;
    expect(statuses).toEqual([
      { status: 'ACCEPTED', n: 1 },
      { status: 'REJECTED', n: bidders.length - 1 },
    ]);
    return statements;
  };
  const few = await acceptWith(vendors.slice(0, 3));
  const many = await acceptWith(vendors.slice(0, 10));
  expect(many).toBe(few);
  expect(many).toBeLessThanOrEqual(BUDGETS.bidAccept);
});
