import { MembershipRole } from '../../src/core/roles.js';
import { OrganizationKind } from '../../src/modules/organizations/organization.entity.js';
import { errorCodes, gql } from '../helpers/client.js';
import { TEST_PASSWORD, createOrg, createPlatformAdmin, type TestOrg } from '../helpers/factories.js';
import { BID_ACCEPT, passDeadline, publishedRequirement, submitBid } from '../helpers/marketplace.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';

/** Issue 6 through the API: sealed bids after an early cancel, platform administrators, questions, invitations, reasons. */
let app: TestApp;
let merchant: TestOrg;
let vendorA: TestOrg;
let vendorB: TestOrg;
let vendorC: TestOrg;

beforeAll(async () => {
  app = await startTestApp();
  merchant = await createOrg(app, { kind: OrganizationKind.MERCHANT, roles: [MembershipRole.OWNER, MembershipRole.PROCUREMENT] });
  vendorA = await createOrg(app, { kind: OrganizationKind.VENDOR, roles: [MembershipRole.OWNER, MembershipRole.SALES] });
  vendorB = await createOrg(app, { kind: OrganizationKind.VENDOR });
  vendorC = await createOrg(app, { kind: OrganizationKind.VENDOR });
});
afterAll(() => app.close());

const rawId = (globalId: string) => Buffer.from(globalId, 'base64url').toString('utf8').split(':')[1]!;
const NODE = `query($id: ID!) { node(id: $id) { id } }`;
const CANCEL = `mutation($id: ID!, $reason: String!) { requirementCancel(id: $id, input: { reason: $reason }) { requirement { status cancelReason } userErrors { code field } } }`;
const REJECT = `mutation($id: ID!, $reason: String) { bidReject(id: $id, input: { reason: $reason }) { bid { status rejectionReason } userErrors { code field } } }`;
const decide = (mutation: 'bidShortlist' | 'bidReject' | 'bidAccept', id: string) =>
  gql(app, `mutation($id: ID!) { ${mutation}(id: $id) { userErrors { code field message } } }`, { id }, { token: merchant.owner.token });
const MISSING_BID = Buffer.from('Bid:00000000-0000-4000-8000-000000000000').toString('base64url');

describe('1. a requirement cancelled before its deadline keeps its bids sealed for good', () => {
  const MERCHANT_VIEW = `query($id: ID!) { requirement(id: $id) { status bidCount
    bids(first: 10) { totalCount edges { node { id vendor { legalName } totalContractValue { amount } } } }
    bidComparison { entries { rank } } } }`;

  test('bids, bidComparison, node and every decision read as if there were no bid, also after the deadline', async () => {
    const id = await publishedRequirement(app, merchant);
    const bidA = await submitBid(app, vendorA, id);
    await submitBid(app, vendorB, id);
    const cancelled = await gql(app, CANCEL, { id, reason: 'Project stopped' }, { token: merchant.owner.token });
    expect(cancelled.data!.requirementCancel).toEqual({ requirement: { status: 'CANCELLED', cancelReason: 'Project stopped' }, userErrors: [] });

    const sealed = { status: 'CANCELLED', bidCount: 2, bids: { totalCount: 0, edges: [] }, bidComparison: null };
    const expectSealed = async () => {
      const view = await gql(app, MERCHANT_VIEW, { id }, { token: merchant.owner.token });
      expect(view.errors).toBeUndefined();
      expect(view.data!.requirement).toEqual(sealed);
      expect((await gql(app, NODE, { id: bidA }, { token: merchant.owner.token })).data!.node).toBeNull();
      for (const mutation of ['bidShortlist', 'bidReject', 'bidAccept'] as const) {
        const answer = await decide(mutation, bidA);
        expect(answer.data![mutation].userErrors).toEqual((await decide(mutation, MISSING_BID)).data![mutation].userErrors);
        expect(answer.data![mutation].userErrors).toEqual([expect.objectContaining({ code: 'NOT_FOUND' })]);
      }
    };
    await expectSealed();
    // Time passes: the deadline (after the cancellation) is now behind us.
    await app.sql.query(`update requirement set bid_deadline = now() - interval '1 hour', cancelled_at = now() - interval '2 hours' where id = $1`, [
      rawId(id),
    ]);
    await expectSealed();
    // The vendor still reads its own bid.
    expect((await gql(app, NODE, { id: bidA }, { token: vendorA.owner.token })).data!.node).toEqual({ id: bidA });
  });

  test('cancelled after the deadline: the merchant reads the bids and their comparison', async () => {
    const id = await publishedRequirement(app, merchant);
    const bidA = await submitBid(app, vendorA, id);
    await passDeadline(app, id);
    expect((await gql(app, CANCEL, { id, reason: 'No fit' }, { token: merchant.owner.token })).data!.requirementCancel.userErrors).toEqual([]);
    const view = await gql(app, MERCHANT_VIEW, { id }, { token: merchant.owner.token });
    expect(view.data!.requirement).toMatchObject({ status: 'CANCELLED', bidCount: 1, bids: { totalCount: 1 }, bidComparison: { entries: [{ rank: 1 }] } });
    expect((await gql(app, NODE, { id: bidA }, { token: merchant.owner.token })).data!.node).toEqual({ id: bidA });
  });
});

describe('2. a platform administrator verifies organizations and reads nothing else', () => {
  let admin: { userId: string; token: string };
  let requirementId: string;
  let bidId: string;
  let contractId: string;
  let apiKeyId: string;
  let questionId: string;

  beforeAll(async () => {
    admin = await createPlatformAdmin(app);
    requirementId = await publishedRequirement(app, merchant);
    const ask = await gql(
      app,
      `mutation($id: ID!) { requirementQuestionAsk(requirementId: $id, input: { question: "Night shifts?" }) { question { id } } }`,
      { id: requirementId },
      { token: vendorA.owner.token },
    );
    questionId = ask.data!.requirementQuestionAsk.question.id;
    bidId = await submitBid(app, vendorA, requirementId);
    await passDeadline(app, requirementId);
    contractId = (await gql(app, BID_ACCEPT, { id: bidId }, { token: merchant.owner.token })).data!.bidAccept.contract.id;
    apiKeyId = (await gql(app, `mutation { apiKeyCreate(input: { name: "feed", role: VIEWER }) { apiKey { id } } }`, {}, { token: vendorA.owner.token })).data!
      .apiKeyCreate.apiKey.id;
  });

  test('members of other organizations: null, by every path; the registration contact and verification: yes', async () => {
    const org = await gql(
      app,
      `query($id: ID!) { organization(id: $id) { legalName kind verificationStatus members { totalCount } privateProfile { contactName contactEmail } } }`,
      { id: vendorA.globalId },
      { token: admin.token },
    );
    expect(org.errors).toBeUndefined();
    const { rows } = await app.sql.query('select contact_name, contact_email from organization_private where organization_id = $1', [vendorA.id]);
    expect(org.data!.organization).toEqual({
      legalName: vendorA.legalName,
      kind: 'VENDOR',
      verificationStatus: 'VERIFIED',
      members: null,
      privateProfile: { contactName: rows[0].contact_name, contactEmail: rows[0].contact_email },
    });
    const directory = await gql(
      app,
      `{ organizations(first: 50) { edges { node { members { totalCount } apiKeys { totalCount } } } } }`,
      {},
      { token: admin.token },
    );
    expect(directory.errors).toBeUndefined();
    for (const edge of directory.data!.organizations.edges) expect(edge.node).toEqual({ members: null, apiKeys: null });
    const membershipId = Buffer.from(`Membership:${vendorA.owner.membershipId}`).toString('base64url');
    const userId = Buffer.from(`User:${vendorA.owner.userId}`).toString('base64url');
    for (const id of [membershipId, userId]) expect((await gql(app, NODE, { id }, { token: admin.token })).data!.node).toBeNull();
    // The same ids resolve for a member of that organization: null above means "not yours", not "bad id".
    for (const id of [membershipId, userId]) expect((await gql(app, NODE, { id }, { token: vendorA.owner.token })).data!.node).toEqual({ id });
    // Its own account it reads.
    expect((await gql(app, `{ viewer { role user { id } } }`, {}, { token: admin.token })).data!.viewer).toEqual({
      role: 'PLATFORM_ADMIN',
      user: { id: Buffer.from(`User:${admin.userId}`).toString('base64url') },
    });
  });

  test('requirements, bids, contracts and API keys: null through node, refused as queries', async () => {
    for (const id of [requirementId, bidId, contractId, apiKeyId]) {
      const response = await gql(app, NODE, { id }, { token: admin.token });
      expect({ id, node: response.data!.node }).toEqual({ id, node: null });
    }
    for (const query of [
      `{ requirements(first: 5) { totalCount } }`,
      `{ contracts(first: 5) { totalCount } }`,
      `{ auditEvents(first: 5) { totalCount } }`,
      `query($id: ID!) { requirement(id: $id) { id } }`,
    ]) {
      expect(errorCodes(await gql(app, query, { id: requirementId }, { token: admin.token }))).toEqual(['FORBIDDEN']);
    }
    expect(questionId).toEqual(expect.any(String));
  });

  test('verification still works', async () => {
    const pending = await createOrg(app, { kind: OrganizationKind.VENDOR, verified: false });
    const verify = await gql(
      app,
      `mutation($id: ID!) { organizationVerify(id: $id, input: { decision: VERIFIED }) { organization { verificationStatus } userErrors { code } } }`,
      { id: pending.globalId },
      { token: admin.token },
    );
    expect(verify.data!.organizationVerify).toEqual({ organization: { verificationStatus: 'VERIFIED' }, userErrors: [] });
  });
});

describe('3. questions: who asked is known to the asking vendor only', () => {
  test('the asker reads askedByYou, the merchant and another vendor read the question only; another merchant nothing', async () => {
    const id = await publishedRequirement(app, merchant);
    const ask = await gql(
      app,
      `mutation($id: ID!) { requirementQuestionAsk(requirementId: $id, input: { question: "Weekend coverage?" }) { question { askedByYou } userErrors { code } } }`,
      { id },
      { token: vendorA.member(MembershipRole.SALES).token },
    );
    expect(ask.data!.requirementQuestionAsk).toEqual({ question: { askedByYou: true }, userErrors: [] });
    const read = `query($id: ID!) { requirement(id: $id) { questions { totalCount edges { node { question askedByYou } } } } }`;
    const question = (askedByYou: boolean) => ({ questions: { totalCount: 1, edges: [{ node: { question: 'Weekend coverage?', askedByYou } }] } });
    expect((await gql(app, read, { id }, { token: vendorA.owner.token })).data!.requirement).toEqual(question(true));
    expect((await gql(app, read, { id }, { token: vendorB.owner.token })).data!.requirement).toEqual(question(false));
    expect((await gql(app, read, { id }, { token: merchant.owner.token })).data!.requirement).toEqual(question(false));
    const otherMerchant = await createOrg(app, { kind: OrganizationKind.MERCHANT });
    expect((await gql(app, read, { id }, { token: otherMerchant.owner.token })).data!.requirement).toBeNull();
    // Stored apart from the question.
    const { rows } = await app.sql.query(
      'select a.vendor_id from requirement_question_asker a join requirement_question q on q.id = a.question_id where q.requirement_id = $1',
      [rawId(id)],
    );
    expect(rows).toEqual([{ vendor_id: vendorA.id }]);
  });
});

describe('6. inviting an existing account asks for its holder’s consent', () => {
  const INVITE = `mutation($email: String!) { memberInvite(input: { email: $email, role: PROCUREMENT }) { membership { id accepted } invitationToken userErrors { code } } }`;
  const ACCEPT = `mutation($token: String!, $password: String) { invitationAccept(input: { token: $token, password: $password }) { membership { accepted } userErrors { code field } } }`;
  const LOGIN = `mutation($email: String!, $password: String!, $org: ID) { login(input: { email: $email, password: $password, organizationId: $org }) { token choices { organizationId } userErrors { code } } }`;

  test('the membership is pending and grants nothing until the person accepts; then they sign in to it with their own password', async () => {
    const person = vendorB.owner;
    const invite = await gql(app, INVITE, { email: person.email }, { token: merchant.owner.token });
    expect(invite.data!.memberInvite).toEqual({ membership: { id: expect.any(String), accepted: false }, invitationToken: expect.any(String), userErrors: [] });
    const token = invite.data!.memberInvite.invitationToken as string;

    // Not yet a member: signing in to the merchant is refused, and it is not offered as a choice.
    const refused = await gql(app, LOGIN, { email: person.email, password: TEST_PASSWORD, org: merchant.globalId });
    expect(refused.data!.login).toEqual({ token: null, choices: [], userErrors: [{ code: 'NOT_FOUND' }] });
    const plain = await gql(app, LOGIN, { email: person.email, password: TEST_PASSWORD });
    expect(plain.data!.login).toEqual({ token: expect.any(String), choices: [], userErrors: [] });
    const viewer = await gql(app, `{ viewer { organization { id } } }`, {}, { token: plain.data!.login.token });
    expect(viewer.data!.viewer.organization.id).toBe(vendorB.globalId);

    // Whoever merely holds the token (the inviting owner, say) cannot accept in the person's name.
    for (const password of [null, 'not-their-password']) {
      const forged = await gql(app, ACCEPT, { token, password }, { token: merchant.owner.token });
      expect(forged.data!.invitationAccept).toEqual({ membership: null, userErrors: [{ code: 'INVALID_CREDENTIALS', field: ['input', 'password'] }] });
    }
    expect((await gql(app, LOGIN, { email: person.email, password: TEST_PASSWORD, org: merchant.globalId })).data!.login.userErrors).toEqual([
      { code: 'NOT_FOUND' },
    ]);

    // The person, signed in to their own organization, accepts; their password is kept.
    const accepted = await gql(app, ACCEPT, { token, password: 'ignored-new-password' }, { token: person.token });
    expect(accepted.data!.invitationAccept).toEqual({ membership: { accepted: true }, userErrors: [] });
    const nowMember = await gql(app, LOGIN, { email: person.email, password: TEST_PASSWORD, org: merchant.globalId });
    expect(nowMember.data!.login).toEqual({ token: expect.any(String), choices: [], userErrors: [] });
    const role = await gql(app, `{ viewer { role organization { id } } }`, {}, { token: nowMember.data!.login.token });
    expect(role.data!.viewer).toEqual({ role: 'PROCUREMENT', organization: { id: merchant.globalId } });
  });

  test('an existing account may also accept with its password, without signing in', async () => {
    const person = vendorC.owner;
    const token = (await gql(app, INVITE, { email: person.email }, { token: merchant.owner.token })).data!.memberInvite.invitationToken;
    const accepted = await gql(app, ACCEPT, { token, password: TEST_PASSWORD });
    expect(accepted.data!.invitationAccept).toEqual({ membership: { accepted: true }, userErrors: [] });
    expect((await gql(app, LOGIN, { email: person.email, password: TEST_PASSWORD, org: merchant.globalId })).data!.login.token).toEqual(expect.any(String));
  });

  test('a new account must set a password when accepting', async () => {
    const token = (await gql(app, INVITE, { email: 'brand.new@example.test' }, { token: merchant.owner.token })).data!.memberInvite.invitationToken;
    expect((await gql(app, ACCEPT, { token, password: null })).data!.invitationAccept.userErrors).toEqual([{ code: 'INVALID', field: ['input', 'password'] }]);
    expect((await gql(app, ACCEPT, { token, password: 'a-new-password' })).data!.invitationAccept).toEqual({ membership: { accepted: true }, userErrors: [] });
  });
});

describe('16. reasons reach the vendor', () => {
  const BID_VIEW = `query($id: ID!) { node(id: $id) { ... on Bid { status rejectionReason decidedAt } } }`;

  test('rejection reasons (given, and automatic on accept) are read by the vendor and the merchant', async () => {
    const id = await publishedRequirement(app, merchant);
    const bidA = await submitBid(app, vendorA, id);
    const bidB = await submitBid(app, vendorB, id);
    const bidC = await submitBid(app, vendorC, id);
    await passDeadline(app, id);

    const tooLong = await gql(app, REJECT, { id: bidA, reason: 'x'.repeat(1001) }, { token: merchant.owner.token });
    expect(tooLong.data!.bidReject).toEqual({ bid: null, userErrors: [{ code: 'INVALID', field: ['input', 'reason'] }] });
    const rejected = await gql(app, REJECT, { id: bidA, reason: '  Price above our budget.  ' }, { token: merchant.owner.token });
    expect(rejected.data!.bidReject).toEqual({ bid: { status: 'REJECTED', rejectionReason: 'Price above our budget.' }, userErrors: [] });
    expect((await gql(app, BID_ACCEPT, { id: bidB }, { token: merchant.owner.token })).data!.bidAccept.userErrors).toEqual([]);

    const decided = { decidedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) };
    expect((await gql(app, BID_VIEW, { id: bidA }, { token: vendorA.owner.token })).data!.node).toEqual({
      status: 'REJECTED',
      rejectionReason: 'Price above our budget.',
      ...decided,
    });
    expect((await gql(app, BID_VIEW, { id: bidC }, { token: vendorC.owner.token })).data!.node).toEqual({
      status: 'REJECTED',
      rejectionReason: 'Another bid was accepted.',
      ...decided,
    });
    expect((await gql(app, BID_VIEW, { id: bidB }, { token: vendorB.owner.token })).data!.node).toEqual({
      status: 'ACCEPTED',
      rejectionReason: null,
      ...decided,
    });
    expect((await gql(app, BID_VIEW, { id: bidA }, { token: merchant.owner.token })).data!.node).toMatchObject({ rejectionReason: 'Price above our budget.' });
    // A vendor reads only its own bid's reason.
    expect((await gql(app, BID_VIEW, { id: bidA }, { token: vendorC.owner.token })).data!.node).toBeNull();
  });

  test('the cancellation reason and time are read by bidders and by vendors that may see the requirement', async () => {
    const id = await publishedRequirement(app, merchant);
    await submitBid(app, vendorA, id);
    for (const reason of ['   ', 'y'.repeat(1001)]) {
      expect((await gql(app, CANCEL, { id, reason }, { token: merchant.owner.token })).data!.requirementCancel.userErrors).toEqual([
        { code: 'INVALID', field: ['input', 'reason'] },
      ]);
    }
    const before = Date.now();
    expect((await gql(app, CANCEL, { id, reason: ' Budget frozen until Q3. ' }, { token: merchant.owner.token })).data!.requirementCancel.userErrors).toEqual(
      [],
    );
    const read = `query($id: ID!) { requirement(id: $id) { status cancelReason cancelledAt } }`;
    for (const org of [vendorA, vendorB, merchant]) {
      const requirement = (await gql(app, read, { id }, { token: org.owner.token })).data!.requirement;
      expect(requirement).toEqual({ status: 'CANCELLED', cancelReason: 'Budget frozen until Q3.', cancelledAt: expect.any(String) });
      expect(Date.parse(requirement.cancelledAt)).toBeGreaterThanOrEqual(before - 1000);
    }
    const open = await publishedRequirement(app, merchant);
    expect((await gql(app, read, { id: open }, { token: vendorA.owner.token })).data!.requirement).toEqual({
      status: 'OPEN',
      cancelReason: null,
      cancelledAt: null,
    });
  });
});
