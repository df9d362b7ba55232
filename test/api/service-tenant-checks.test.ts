import { MembershipRole } from '../../src/core/roles.js';
import { OrganizationKind } from '../../src/modules/organizations/organization.entity.js';
import { gql } from '../helpers/client.js';
import { createOrg, type TestOrg } from '../helpers/factories.js';
import { BID_ACCEPT, REQUIREMENT_CREATE, bidInput, passDeadline, publishedRequirement, requirementInput, submitBid } from '../helpers/marketplace.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';

/**
 * The services check the tenant themselves (bid.service `lockOwnBid` / `lockDecision`,
 * requirement.service `lockOwnRequirement` / `answerQuestion`, membership.service `ownMembership`),
 * a second line behind row-level security. With the policies on, deleting such a check changes
 * nothing anyone can observe, so here every request runs as a role with kefu_app's grants and
 * BYPASSRLS (startTestApp `policies: 'bypassed'`): the database lets every row through and only the
 * service's check answers NOT_FOUND. Each test also shows that nothing was written.
 */

let app: TestApp;
let merchant: TestOrg;
let otherMerchant: TestOrg;
let vendor: TestOrg;
let otherVendor: TestOrg;

beforeAll(async () => {
  app = await startTestApp({}, { policies: 'bypassed' });
  merchant = await createOrg(app, { kind: OrganizationKind.MERCHANT, roles: [MembershipRole.OWNER, MembershipRole.FINANCE] });
  otherMerchant = await createOrg(app, { kind: OrganizationKind.MERCHANT });
  vendor = await createOrg(app, { kind: OrganizationKind.VENDOR });
  otherVendor = await createOrg(app, { kind: OrganizationKind.VENDOR });
});
afterAll(() => app.close());

const rawId = (globalId: string) => Buffer.from(globalId, 'base64url').toString('utf8').split(':')[1]!;
const row = async (sql: string, params: unknown[]) => (await app.sql.query(sql, params)).rows[0];
const bidRow = (id: string) => row('select status, revision, total_contract_value, decided_at, rejection_reason from bid where id = $1', [rawId(id)]);
const requirementRow = (id: string) =>
  row('select status, title, bid_deadline, cancelled_at, published_at, awarded_at from requirement where id = $1', [rawId(id)]);
const auditCount = async () => (await row('select count(*)::int as n from audit_event', [])).n as number;

const NO_SUCH_BID = [{ code: 'NOT_FOUND', field: ['id'], message: 'No such bid.' }];
const NO_SUCH_REQUIREMENT = [{ code: 'NOT_FOUND', field: ['id'], message: 'No such requirement.' }];

const BID_REVISE = `mutation($id: ID!, $input: BidInput!) { bidRevise(id: $id, input: $input) { bid { id revision } userErrors { code field message } } }`;
const BID_WITHDRAW = `mutation($id: ID!) { bidWithdraw(id: $id) { bid { id status } userErrors { code field message } } }`;
const BID_SHORTLIST = `mutation($id: ID!) { bidShortlist(id: $id) { bid { id status } userErrors { code field message } } }`;
const BID_REJECT = `mutation($id: ID!) { bidReject(id: $id, input: { reason: "Too expensive." }) { bid { id status } userErrors { code field message } } }`;

test('the policies are really out of the way: another vendor reads a bid that row-level security would hide', async () => {
  const requirementId = await publishedRequirement(app, merchant);
  const bidId = await submitBid(app, vendor, requirementId);
  const read = await gql(app, `query($id: ID!) { node(id: $id) { id ... on Bid { status } } }`, { id: bidId }, { token: otherVendor.owner.token });
  expect(read.errors).toBeUndefined();
  expect(read.data!.node).toEqual({ id: bidId, status: 'SUBMITTED' });
});

describe('bid.service lockOwnBid: only the bidding vendor changes its bid', () => {
  let requirementId: string;
  let bidId: string;
  beforeAll(async () => {
    requirementId = await publishedRequirement(app, merchant);
    bidId = await submitBid(app, vendor, requirementId);
  });

  test('another vendor revising the bid gets NOT_FOUND and no revision is written', async () => {
    const before = await bidRow(bidId);
    const audits = await auditCount();
    const response = await gql(
      app,
      BID_REVISE,
      { id: bidId, input: bidInput({ pricing: { model: 'PER_CONTACT', baseRate: '0.10' } }) },
      { token: otherVendor.owner.token },
    );
    expect(response.errors).toBeUndefined();
    expect(response.data!.bidRevise).toEqual({ bid: null, userErrors: NO_SUCH_BID });
    expect(await bidRow(bidId)).toEqual(before);
    expect((await row('select count(*)::int as n from bid_revision where bid_id = $1', [rawId(bidId)])).n).toBe(1);
    expect(await auditCount()).toBe(audits);
  });

  test('another vendor withdrawing the bid gets NOT_FOUND and the bid stays SUBMITTED', async () => {
    const response = await gql(app, BID_WITHDRAW, { id: bidId }, { token: otherVendor.owner.token });
    expect(response.data!.bidWithdraw).toEqual({ bid: null, userErrors: NO_SUCH_BID });
    expect((await bidRow(bidId)).status).toBe('SUBMITTED');
  });

  test('the bidding vendor itself may still revise and withdraw (the role works for the rightful owner)', async () => {
    const revised = await gql(app, BID_REVISE, { id: bidId, input: bidInput() }, { token: vendor.owner.token });
    expect(revised.data!.bidRevise).toEqual({ bid: { id: bidId, revision: 2 }, userErrors: [] });
    const withdrawn = await gql(app, BID_WITHDRAW, { id: bidId }, { token: vendor.owner.token });
    expect(withdrawn.data!.bidWithdraw).toEqual({ bid: { id: bidId, status: 'WITHDRAWN' }, userErrors: [] });
  });
});

describe('bid.service lockDecision: only the requirement’s merchant decides on its bids', () => {
  let requirementId: string;
  let bidId: string;
  let otherBidId: string;
  beforeAll(async () => {
    requirementId = await publishedRequirement(app, merchant);
    bidId = await submitBid(app, vendor, requirementId);
    otherBidId = await submitBid(app, otherVendor, requirementId);
    await passDeadline(app, requirementId);
  });

  test.each([
    ['bidShortlist', BID_SHORTLIST],
    ['bidReject', BID_REJECT],
    ['bidAccept', BID_ACCEPT],
  ])('another merchant’s %s gets NOT_FOUND ("No such bid.") and changes nothing', async (field, document) => {
    const before = [await bidRow(bidId), await bidRow(otherBidId), await requirementRow(requirementId)];
    const audits = await auditCount();
    const response = await gql(app, document, { id: bidId }, { token: otherMerchant.owner.token });
    expect(response.errors).toBeUndefined();
    expect(response.data![field].userErrors).toEqual(NO_SUCH_BID);
    expect([await bidRow(bidId), await bidRow(otherBidId), await requirementRow(requirementId)]).toEqual(before);
    expect((await row('select count(*)::int as n from contract where requirement_id = $1', [rawId(requirementId)])).n).toBe(0);
    expect(await auditCount()).toBe(audits);
  });

  test('the requirement’s own merchant decides (the role works for the rightful owner)', async () => {
    const response = await gql(app, BID_SHORTLIST, { id: bidId }, { token: merchant.owner.token });
    expect(response.data!.bidShortlist).toEqual({ bid: { id: bidId, status: 'SHORTLISTED' }, userErrors: [] });
  });
});

describe('requirement.service lockOwnRequirement and answerQuestion: only the merchant manages its requirement', () => {
  const UPDATE = `mutation($id: ID!, $input: RequirementInput!) { requirementUpdate(id: $id, input: $input) { requirement { id } userErrors { code field message } } }`;
  const PUBLISH = `mutation($id: ID!) { requirementPublish(id: $id) { requirement { id } userErrors { code field message } } }`;
  const EXTEND = `mutation($id: ID!, $at: DateTime!) { requirementExtendDeadline(id: $id, input: { bidDeadline: $at }) { requirement { id } userErrors { code field message } } }`;
  const CANCEL = `mutation($id: ID!) { requirementCancel(id: $id, input: { reason: "Not mine to cancel." }) { requirement { id } userErrors { code field message } } }`;
  const INVITE = `mutation($id: ID!, $vendors: [ID!]!) { requirementInviteVendors(id: $id, input: { vendorIds: $vendors }) { requirement { id } userErrors { code field message } } }`;
  let draftId: string;
  let openId: string;
  let invitedId: string;
  beforeAll(async () => {
    const created = await gql(app, REQUIREMENT_CREATE, { input: requirementInput({ title: 'Draft of the merchant' }) }, { token: merchant.owner.token });
    draftId = created.data!.requirementCreate.requirement.id;
    openId = await publishedRequirement(app, merchant);
    invitedId = await publishedRequirement(app, merchant, { visibility: 'INVITED' });
  });

  test('another merchant editing, publishing, extending, cancelling or inviting to it gets NOT_FOUND and nothing changes', async () => {
    const attempts: [string, string, Record<string, unknown>][] = [
      ['requirementUpdate', UPDATE, { id: draftId, input: requirementInput({ title: 'Taken over' }) }],
      ['requirementPublish', PUBLISH, { id: draftId }],
      ['requirementExtendDeadline', EXTEND, { id: openId, at: new Date(Date.now() + 7 * 24 * 3600_000).toISOString() }],
      ['requirementCancel', CANCEL, { id: openId }],
      ['requirementInviteVendors', INVITE, { id: invitedId, vendors: [otherVendor.globalId] }],
    ];
    const before = [await requirementRow(draftId), await requirementRow(openId), await requirementRow(invitedId)];
    const audits = await auditCount();
    for (const [field, document, variables] of attempts) {
      const response = await gql(app, document, variables, { token: otherMerchant.owner.token });
      expect([field, response.errors, response.data![field]]).toEqual([field, undefined, { requirement: null, userErrors: NO_SUCH_REQUIREMENT }]);
    }
    expect([await requirementRow(draftId), await requirementRow(openId), await requirementRow(invitedId)]).toEqual(before);
    expect((await row('select count(*)::int as n from requirement_invitation where requirement_id = $1', [rawId(invitedId)])).n).toBe(0);
    expect(await auditCount()).toBe(audits);
  });

  test('another merchant answering a question on it gets NOT_FOUND and the question stays unanswered', async () => {
    const ask = await gql(
      app,
      `mutation($id: ID!) { requirementQuestionAsk(requirementId: $id, input: { question: "Night shifts?" }) { question { id } userErrors { code } } }`,
      { id: openId },
      { token: vendor.owner.token },
    );
    const questionId = ask.data!.requirementQuestionAsk.question.id;
    const answer = `mutation($id: ID!) { requirementQuestionAnswer(id: $id, input: { answer: "Yes, all night." }) { question { id } userErrors { code field message } } }`;
    const response = await gql(app, answer, { id: questionId }, { token: otherMerchant.owner.token });
    expect(response.data!.requirementQuestionAnswer).toEqual({
      question: null,
      userErrors: [{ code: 'NOT_FOUND', field: ['id'], message: 'No such question.' }],
    });
    expect(await row('select answer, answered_at from requirement_question where id = $1', [rawId(questionId)])).toEqual({ answer: null, answered_at: null });
    const own = await gql(app, answer, { id: questionId }, { token: merchant.owner.token });
    expect(own.data!.requirementQuestionAnswer.userErrors).toEqual([]);
  });
});

describe('membership.service ownMembership: only an organization’s owner manages its members', () => {
  const ROLE_CHANGE = `mutation($id: ID!) { memberRoleChange(id: $id, input: { role: PROCUREMENT }) { membership { id role } userErrors { code field message } } }`;
  const REMOVE = `mutation($id: ID!) { memberRemove(id: $id) { membership { id } userErrors { code field message } } }`;
  const NO_SUCH_MEMBER = [{ code: 'NOT_FOUND', field: ['id'], message: 'No such member.' }];
  const membershipRow = (id: string) => row('select organization_id, user_id, role from membership where id = $1', [id]);
  const membershipGlobalId = (id: string) => Buffer.from(`Membership:${id}`).toString('base64url');

  test('another organization’s owner changing a member’s role gets NOT_FOUND and the role stays', async () => {
    const finance = merchant.member(MembershipRole.FINANCE);
    const before = await membershipRow(finance.membershipId);
    const response = await gql(app, ROLE_CHANGE, { id: membershipGlobalId(finance.membershipId) }, { token: otherMerchant.owner.token });
    expect(response.errors).toBeUndefined();
    expect(response.data!.memberRoleChange).toEqual({ membership: null, userErrors: NO_SUCH_MEMBER });
    expect(await membershipRow(finance.membershipId)).toEqual(before);
    expect(before.role).toBe('FINANCE');
  });

  test('another organization’s owner removing a member (even its only owner) gets NOT_FOUND and the member stays', async () => {
    for (const member of [merchant.member(MembershipRole.FINANCE), vendor.owner]) {
      const response = await gql(app, REMOVE, { id: membershipGlobalId(member.membershipId) }, { token: otherMerchant.owner.token });
      expect(response.data!.memberRemove).toEqual({ membership: null, userErrors: NO_SUCH_MEMBER });
      expect(await membershipRow(member.membershipId)).toBeDefined();
    }
  });

  test('the organization’s own owner changes the role (the role works for the rightful owner)', async () => {
    const finance = merchant.member(MembershipRole.FINANCE);
    const response = await gql(app, ROLE_CHANGE, { id: membershipGlobalId(finance.membershipId) }, { token: merchant.owner.token });
    expect(response.data!.memberRoleChange).toEqual({ membership: { id: membershipGlobalId(finance.membershipId), role: 'PROCUREMENT' }, userErrors: [] });
  });
});
