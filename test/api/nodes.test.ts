import { MembershipRole } from '../../src/core/roles.js';
import { toGlobalId } from '../../src/graphql/global-id.js';
import { OrganizationKind } from '../../src/modules/organizations/organization.entity.js';
import { gql } from '../helpers/client.js';
import { createOrg, createPlatformAdmin, type TestOrg } from '../helpers/factories.js';
import { publishedRequirement, REQUIREMENT_CREATE, requirementInput } from '../helpers/marketplace.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';

/** Questions and audit events are Nodes: `node(id:)` shows them exactly to whom their lists show them. */

let app: TestApp;
let merchant: TestOrg;
let otherMerchant: TestOrg;
let invited: TestOrg;
let outsider: TestOrg;
let auditFirm: TestOrg;
let admin: { token: string };

beforeAll(async () => {
  app = await startTestApp();
  merchant = await createOrg(app, { kind: OrganizationKind.MERCHANT, roles: [MembershipRole.OWNER, MembershipRole.PROCUREMENT, MembershipRole.VIEWER] });
  otherMerchant = await createOrg(app, { kind: OrganizationKind.MERCHANT });
  invited = await createOrg(app, { kind: OrganizationKind.VENDOR, roles: [MembershipRole.OWNER, MembershipRole.SALES] });
  outsider = await createOrg(app, { kind: OrganizationKind.VENDOR });
  auditFirm = await createOrg(app, { kind: OrganizationKind.AUDIT_FIRM, roles: [MembershipRole.OWNER, MembershipRole.AUDITOR] });
  admin = await createPlatformAdmin(app);
});
afterAll(() => app.close());

const NODE = `query($id: ID!) { node(id: $id) { __typename id
  ... on RequirementQuestion { question askedByYou requirement { id } }
  ... on AuditEvent { action entityType } } }`;

async function nodeAs(id: string, token: string) {
  const response = await gql(app, NODE, { id }, { token });
  expect(response.errors).toBeUndefined();
  return response.data!.node;
}

describe('questions', () => {
  let requirementId: string;
  let questionId: string;

  beforeAll(async () => {
    requirementId = await publishedRequirement(app, merchant, { visibility: 'INVITED' });
    const invite = await gql(
      app,
      `mutation($id: ID!, $vendors: [ID!]!) { requirementInviteVendors(id: $id, input: { vendorIds: $vendors }) { userErrors { code } } }`,
      { id: requirementId, vendors: [invited.globalId] },
      { token: merchant.owner.token },
    );
    expect(invite.data!.requirementInviteVendors.userErrors).toEqual([]);
    const ask = await gql(
      app,
      `mutation($id: ID!) { requirementQuestionAsk(requirementId: $id, input: { question: "Night shifts?" }) { question { id } userErrors { code } } }`,
      { id: requirementId },
      { token: invited.member(MembershipRole.SALES).token },
    );
    expect(ask.data!.requirementQuestionAsk.userErrors).toEqual([]);
    questionId = ask.data!.requirementQuestionAsk.question.id;
  });

  test('the id in the list is the node id, fetchable by the merchant and by the vendors that may see the requirement', async () => {
    const listed = await gql(
      app,
      `query($id: ID!) { requirement(id: $id) { questions { edges { node { id } } } } }`,
      { id: requirementId },
      { token: merchant.owner.token },
    );
    expect(listed.data!.requirement.questions.edges.map((e: { node: { id: string } }) => e.node.id)).toEqual([questionId]);
    expect(await nodeAs(questionId, merchant.member(MembershipRole.VIEWER).token)).toEqual({
      __typename: 'RequirementQuestion',
      id: questionId,
      question: 'Night shifts?',
      askedByYou: false,
      requirement: { id: requirementId },
    });
    expect(await nodeAs(questionId, invited.owner.token)).toMatchObject({ id: questionId, askedByYou: true, requirement: { id: requirementId } });
  });

  test('null for whoever may not see the requirement: an uninvited vendor, another merchant, an audit firm, a platform administrator', async () => {
    for (const token of [outsider.owner.token, otherMerchant.owner.token, auditFirm.owner.token, admin.token]) {
      expect(await nodeAs(questionId, token)).toBeNull();
    }
  });
});

describe('audit events', () => {
  // Scope OWN: an audit firm's auditors list the events of their grants unless they ask for their own firm's log.
  const EVENTS = `{ auditEvents(first: 100, filter: { scope: OWN }) { edges { node { id action entityType entityId actorUserId actorApiKeyId
    actor { __typename ... on User { id email } ... on ApiKey { id name } }
    entity { __typename id } } } } }`;
  let keyId: string;
  let requirementId: string;

  beforeAll(async () => {
    const created = await gql(
      app,
      `mutation { apiKeyCreate(input: { name: "ERP requirements", role: PROCUREMENT }) { apiKey { id } secret userErrors { code } } }`,
      {},
      { token: merchant.owner.token },
    );
    expect(created.data!.apiKeyCreate.userErrors).toEqual([]);
    keyId = created.data!.apiKeyCreate.apiKey.id;
    // The key creates a requirement: a machine acts.
    requirementId = await publishedRequirementWithKey(created.data!.apiKeyCreate.secret);
  });

  async function publishedRequirementWithKey(secret: string): Promise<string> {
    const response = await gql(app, REQUIREMENT_CREATE, { input: requirementInput() }, { apiKey: secret });
    expect(response.data!.requirementCreate.userErrors).toEqual([]);
    return response.data!.requirementCreate.requirement.id;
  }

  async function events(token: string) {
    const response = await gql(app, EVENTS, {}, { token });
    expect(response.errors).toBeUndefined();
    return response.data!.auditEvents.edges.map((e: { node: Record<string, unknown> }) => e.node) as Record<string, any>[];
  }

  test('an event links to its actor (a person or an API key) and to the object changed, as nodes', async () => {
    const log = await events(merchant.owner.token);
    const keyCreated = log.find((e) => e.action === 'apiKey.create')!;
    expect(keyCreated).toMatchObject({
      entityType: 'ApiKey',
      actorUserId: merchant.owner.userId,
      actorApiKeyId: null,
      actor: { __typename: 'User', id: toGlobalId('User', merchant.owner.userId), email: merchant.owner.email },
      entity: { __typename: 'ApiKey', id: keyId },
    });
    const byKey = log.find((e) => e.action === 'requirement.create')!;
    expect(byKey).toMatchObject({
      actorUserId: null,
      actor: { __typename: 'ApiKey', id: keyId, name: 'ERP requirements' },
      entity: { __typename: 'Requirement', id: requirementId },
    });
  });

  test('node(id:) fetches an event for the owners and auditors of its organization, null for everyone else', async () => {
    const keyCreated = (await events(merchant.owner.token)).find((e) => e.action === 'apiKey.create')!;
    expect(await nodeAs(keyCreated.id, merchant.owner.token)).toEqual({
      __typename: 'AuditEvent',
      id: keyCreated.id,
      action: 'apiKey.create',
      entityType: 'ApiKey',
    });
    // VIEWER may not read the log; other organizations and the platform administrator never see it.
    for (const token of [merchant.member(MembershipRole.VIEWER).token, otherMerchant.owner.token, invited.owner.token, auditFirm.owner.token, admin.token]) {
      expect(await nodeAs(keyCreated.id, token)).toBeNull();
    }
    expect(await nodeAs(toGlobalId('AuditEvent', '9223372036854775807'), merchant.owner.token)).toBeNull();
  });

  test('actor and entity are null where the reader may not see them; the raw ids stay', async () => {
    const created = await gql(
      app,
      `mutation { apiKeyCreate(input: { name: "Audit tool", role: AUDITOR }) { apiKey { id } userErrors { code } } }`,
      {},
      { token: auditFirm.owner.token },
    );
    expect(created.data!.apiKeyCreate.userErrors).toEqual([]);
    // An auditor sees the log and the owner who acted, but API keys are for owners only.
    const event = (await events(auditFirm.member(MembershipRole.AUDITOR).token)).find((e) => e.action === 'apiKey.create')!;
    expect(event).toMatchObject({
      actor: { __typename: 'User', email: auditFirm.owner.email },
      entity: null,
      entityType: 'ApiKey',
      entityId: expect.any(String),
    });
    // A record that is not an object of the API (a vendor profile) has no entity.
    await gql(app, `mutation { vendorProfileUpdate(input: { seatCapacity: 250 }) { userErrors { code } } }`, {}, { token: invited.owner.token });
    const profile = (await events(invited.owner.token)).find((e) => e.action === 'vendorProfile.update')!;
    expect(profile).toMatchObject({ entityType: 'VendorProfile', entityId: invited.id, entity: null, actor: { __typename: 'User' } });
  });
});
