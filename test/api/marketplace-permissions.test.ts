import { MembershipRole } from '../../src/core/roles.js';
import { OrganizationKind } from '../../src/modules/organizations/organization.entity.js';
import { errorCodes, gql } from '../helpers/client.js';
import { createOrg, type TestOrg } from '../helpers/factories.js';
import { BID_ACCEPT, REQUIREMENT_CREATE, bidInput, passDeadline, publishedRequirement, requirementInput, submitBid } from '../helpers/marketplace.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';

/**
 * Every marketplace mutation: the right role succeeds; a wrong role is FORBIDDEN; an anonymous
 * caller is UNAUTHENTICATED; the same role of another organization gets NOT_FOUND.
 */
let app: TestApp;
let merchant: TestOrg;
let otherMerchant: TestOrg;
let vendor: TestOrg;
let otherVendor: TestOrg;
let auditor: TestOrg;

beforeAll(async () => {
  app = await startTestApp();
  merchant = await createOrg(app, { kind: OrganizationKind.MERCHANT, roles: [MembershipRole.OWNER, MembershipRole.PROCUREMENT, MembershipRole.INSPECTOR] });
  otherMerchant = await createOrg(app, { kind: OrganizationKind.MERCHANT, roles: [MembershipRole.OWNER, MembershipRole.PROCUREMENT] });
  vendor = await createOrg(app, { kind: OrganizationKind.VENDOR, roles: [MembershipRole.OWNER, MembershipRole.SALES, MembershipRole.OPERATIONS] });
  otherVendor = await createOrg(app, { kind: OrganizationKind.VENDOR, roles: [MembershipRole.OWNER, MembershipRole.SALES] });
  auditor = await createOrg(app, { kind: OrganizationKind.AUDIT_FIRM, roles: [MembershipRole.AUDITOR] });
});
afterAll(() => app.close());

interface Case {
  name: string;
  document: string;
  /** Fresh objects for one call; returns the variables. */
  setup: () => Promise<Record<string, unknown>>;
  right: () => string;
  wrongRole: () => string;
  otherOrg: () => string;
}

const draft = async () => {
  const created = await gql(app, REQUIREMENT_CREATE, { input: requirementInput() }, { token: merchant.owner.token });
  return created.data!.requirementCreate.requirement.id as string;
};
const procurement = () => merchant.member(MembershipRole.PROCUREMENT).token;
const inspector = () => merchant.member(MembershipRole.INSPECTOR).token;
const sales = () => vendor.member(MembershipRole.SALES).token;
const operations = () => vendor.member(MembershipRole.OPERATIONS).token;

const CASES: Case[] = [
  {
    name: 'requirementUpdate',
    document: `mutation($id: ID!, $input: RequirementInput!) { requirementUpdate(id: $id, input: $input) { requirement { id } userErrors { code } } }`,
    setup: async () => ({ id: await draft(), input: requirementInput({ title: 'Edited title' }) }),
    right: procurement,
    wrongRole: inspector,
    otherOrg: () => otherMerchant.member(MembershipRole.PROCUREMENT).token,
  },
  {
    name: 'requirementPublish',
    document: `mutation($id: ID!) { requirementPublish(id: $id) { requirement { id } userErrors { code } } }`,
    setup: async () => ({ id: await draft() }),
    right: procurement,
    wrongRole: inspector,
    otherOrg: () => otherMerchant.owner.token,
  },
  {
    name: 'requirementCancel',
    document: `mutation($id: ID!) { requirementCancel(id: $id, input: { reason: "budget cut" }) { requirement { id status } userErrors { code } } }`,
    setup: async () => ({ id: await publishedRequirement(app, merchant) }),
    right: procurement,
    wrongRole: inspector,
    otherOrg: () => otherMerchant.owner.token,
  },
  {
    name: 'requirementInviteVendors',
    document: `mutation($id: ID!, $vendors: [ID!]!) { requirementInviteVendors(id: $id, input: { vendorIds: $vendors }) { requirement { id } userErrors { code } } }`,
    setup: async () => ({ id: await publishedRequirement(app, merchant, { visibility: 'INVITED' }), vendors: [vendor.globalId] }),
    right: procurement,
    wrongRole: inspector,
    otherOrg: () => otherMerchant.owner.token,
  },
  {
    name: 'requirementQuestionAnswer',
    document: `mutation($id: ID!) { requirementQuestionAnswer(id: $id, input: { answer: "Yes." }) { question { id } userErrors { code } } }`,
    setup: async () => {
      const id = await publishedRequirement(app, merchant);
      const asked = await gql(
        app,
        `mutation($id: ID!) { requirementQuestionAsk(requirementId: $id, input: { question: "Weekend shifts?" }) { question { id } } }`,
        { id },
        { token: vendor.owner.token },
      );
      return { id: asked.data!.requirementQuestionAsk.question.id };
    },
    right: procurement,
    wrongRole: inspector,
    otherOrg: () => otherMerchant.owner.token,
  },
  {
    name: 'requirementQuestionAsk',
    document: `mutation($id: ID!) { requirementQuestionAsk(requirementId: $id, input: { question: "Which CRM?" }) { question { id } userErrors { code } } }`,
    setup: async () => {
      const id = await publishedRequirement(app, merchant, { visibility: 'INVITED' });
      await gql(
        app,
        `mutation($id: ID!, $vendors: [ID!]!) { requirementInviteVendors(id: $id, input: { vendorIds: $vendors }) { userErrors { code } } }`,
        { id, vendors: [vendor.globalId] },
        { token: merchant.owner.token },
      );
      return { id };
    },
    right: sales,
    wrongRole: operations,
    // A vendor not invited to an INVITED requirement cannot see it: not found.
    otherOrg: () => otherVendor.member(MembershipRole.SALES).token,
  },
  {
    name: 'bidRevise',
    document: `mutation($id: ID!, $input: BidInput!) { bidRevise(id: $id, input: $input) { bid { id } userErrors { code } } }`,
    setup: async () => ({ id: await submitBid(app, vendor, await publishedRequirement(app, merchant)), input: bidInput({ notes: 'revised' }) }),
    right: sales,
    wrongRole: operations,
    otherOrg: () => otherVendor.owner.token,
  },
  {
    name: 'bidWithdraw',
    document: `mutation($id: ID!) { bidWithdraw(id: $id) { bid { id } userErrors { code } } }`,
    setup: async () => ({ id: await submitBid(app, vendor, await publishedRequirement(app, merchant)) }),
    right: sales,
    wrongRole: operations,
    otherOrg: () => otherVendor.owner.token,
  },
  {
    name: 'bidShortlist',
    document: `mutation($id: ID!) { bidShortlist(id: $id) { bid { id } userErrors { code } } }`,
    setup: async () => {
      const requirementId = await publishedRequirement(app, merchant);
      const id = await submitBid(app, vendor, requirementId);
      await passDeadline(app, requirementId);
      return { id };
    },
    right: procurement,
    wrongRole: inspector,
    otherOrg: () => otherMerchant.owner.token,
  },
  {
    name: 'bidAccept',
    document: BID_ACCEPT,
    setup: async () => {
      const requirementId = await publishedRequirement(app, merchant);
      const id = await submitBid(app, vendor, requirementId);
      await passDeadline(app, requirementId);
      return { id };
    },
    right: procurement,
    wrongRole: inspector,
    otherOrg: () => otherMerchant.member(MembershipRole.PROCUREMENT).token,
  },
];

describe.each(CASES)('$name', (c) => {
  test('right role succeeds; wrong role FORBIDDEN; anonymous UNAUTHENTICATED; another organization NOT_FOUND', async () => {
    const variables = await c.setup();
    const field = c.name;
    expect(errorCodes(await gql(app, c.document, variables, { token: c.wrongRole() }))).toEqual(['FORBIDDEN']);
    expect(errorCodes(await gql(app, c.document, variables))).toEqual(['UNAUTHENTICATED']);
    const other = await gql(app, c.document, variables, { token: c.otherOrg() });
    expect(other.errors).toBeUndefined();
    expect(other.data![field].userErrors.map((e: { code: string }) => e.code)).toEqual(['NOT_FOUND']);
    const right = await gql(app, c.document, variables, { token: c.right() });
    expect(right.errors).toBeUndefined();
    expect(right.data![field].userErrors).toEqual([]);
  });
});

test('requirementCreate and bidSubmit: wrong kinds and roles are refused; anonymous unauthenticated', async () => {
  expect(errorCodes(await gql(app, REQUIREMENT_CREATE, { input: requirementInput() }, { token: vendor.owner.token }))).toEqual(['FORBIDDEN']);
  expect(errorCodes(await gql(app, REQUIREMENT_CREATE, { input: requirementInput() }, { token: inspector() }))).toEqual(['FORBIDDEN']);
  expect(errorCodes(await gql(app, REQUIREMENT_CREATE, { input: requirementInput() }))).toEqual(['UNAUTHENTICATED']);
  expect((await gql(app, REQUIREMENT_CREATE, { input: requirementInput() }, { token: procurement() })).data!.requirementCreate.userErrors).toEqual([]);
});

test('queries: merchants and vendors may read the marketplace; an audit firm and an anonymous caller may not; another merchant’s draft reads as null', async () => {
  const id = await draft();
  for (const [query, field] of [
    ['{ requirements { totalCount } }', 'requirements'],
    [`{ requirement(id: "${id}") { id } }`, 'requirement'],
    ['{ contracts { totalCount } }', 'contracts'],
  ] as const) {
    expect(errorCodes(await gql(app, query))).toEqual(['UNAUTHENTICATED']);
    // Audit firms read the contracts merchants grant them (test/api/audit-grants.test.ts): none here.
    const asAuditor = await gql(app, query, {}, { token: auditor.member(MembershipRole.AUDITOR).token });
    if (field === 'contracts') expect(asAuditor.data!.contracts.totalCount).toBe(0);
    else expect(errorCodes(asAuditor)).toEqual(['FORBIDDEN']);
    const allowed = await gql(app, query, {}, { token: vendor.member(MembershipRole.OPERATIONS).token });
    expect(allowed.errors).toBeUndefined();
    expect(allowed.data).toHaveProperty(field);
  }
  expect((await gql(app, `{ requirement(id: "${id}") { id } }`, {}, { token: otherMerchant.owner.token })).data!.requirement).toBeNull();
  expect((await gql(app, `{ requirement(id: "${id}") { id } }`, {}, { token: vendor.owner.token })).data!.requirement).toBeNull();
  expect((await gql(app, `{ requirement(id: "${id}") { id } }`, {}, { token: merchant.member(MembershipRole.INSPECTOR).token })).data!.requirement).toEqual({
    id,
  });
});
