import { MembershipRole } from '../../src/core/roles.js';
import { toGlobalId } from '../../src/graphql/global-id.js';
import { newId } from '../../src/db/base.js';
import { OrganizationKind } from '../../src/modules/organizations/organization.entity.js';
import { gql } from '../helpers/client.js';
import { createOrg, type TestOrg } from '../helpers/factories.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';

/** A user of organization A cannot read B's memberships, API keys or private profile by any path: it reads as not found. */
let app: TestApp;
let a: TestOrg;
let b: TestOrg;
let bApiKeyId: string;

beforeAll(async () => {
  app = await startTestApp();
  a = await createOrg(app, { kind: OrganizationKind.MERCHANT, roles: [MembershipRole.OWNER, MembershipRole.VIEWER] });
  b = await createOrg(app, { kind: OrganizationKind.VENDOR, roles: [MembershipRole.OWNER, MembershipRole.SALES] });
  const created = await gql(app, `mutation { apiKeyCreate(input: { name: "B feed", role: OPERATIONS }) { apiKey { id } } }`, {}, { token: b.owner.token });
  bApiKeyId = created.data!.apiKeyCreate.apiKey.id;
});
afterAll(() => app.close());

const INSIDE = `query($id: ID!) { organization(id: $id) { legalName privateProfile { contactEmail } members { totalCount edges { node { user { email } } } } apiKeys { totalCount } } }`;

test('B’s own owner sees its members, keys and contacts (the query is not empty by construction)', async () => {
  const own = await gql(app, INSIDE, { id: b.globalId }, { token: b.owner.token });
  expect(own.errors).toBeUndefined();
  expect(own.data!.organization.members.totalCount).toBe(2);
  expect(own.data!.organization.apiKeys.totalCount).toBe(1);
  expect(own.data!.organization.privateProfile.contactEmail).toMatch(/@example\.test$/);
});

test('through organization(id:), A sees B’s public directory entry only', async () => {
  for (const token of [a.owner.token, a.member(MembershipRole.VIEWER).token]) {
    const response = await gql(app, INSIDE, { id: b.globalId }, { token });
    expect(response.errors).toBeUndefined();
    expect(response.data!.organization).toEqual({ legalName: b.legalName, privateProfile: null, members: null, apiKeys: null });
  }
});

test('through the directory, only A’s own entry carries members and contacts', async () => {
  const response = await gql(
    app,
    `{ organizations(first: 100) { edges { node { id privateProfile { contactEmail } members { totalCount } apiKeys { totalCount } } } } }`,
    {},
    { token: a.owner.token },
  );
  expect(response.errors).toBeUndefined();
  const inside = response.data!.organizations.edges.filter((e: any) => e.node.privateProfile || e.node.members || e.node.apiKeys);
  expect(inside.map((e: any) => e.node.id)).toEqual([a.globalId]);
});

test('node(id:) of B’s membership, API key and user is null, exactly like an id that never existed', async () => {
  const ids = {
    membership: toGlobalId('Membership', b.owner.membershipId),
    apiKey: bApiKeyId,
    user: toGlobalId('User', b.owner.userId),
    missingMembership: toGlobalId('Membership', newId()),
    missingApiKey: toGlobalId('ApiKey', newId()),
    missingUser: toGlobalId('User', newId()),
  };
  const answers: Record<string, unknown> = {};
  for (const [name, id] of Object.entries(ids)) {
    const response = await gql(app, `query($id: ID!) { node(id: $id) { id } }`, { id }, { token: a.owner.token });
    answers[name] = { errors: response.errors ?? null, node: response.data!.node };
  }
  for (const name of Object.keys(ids)) expect(answers[name]).toEqual({ errors: null, node: null });
  // B's owner does see them.
  const own = await gql(app, `query($id: ID!) { node(id: $id) { id ... on Membership { role } } }`, { id: ids.membership }, { token: b.owner.token });
  expect(own.data!.node).toEqual({ id: ids.membership, role: 'OWNER' });
});

test('mutations on B’s objects answer NOT_FOUND to A’s owner, with the same message as a missing object', async () => {
  const change = `mutation($id: ID!) { memberRoleChange(id: $id, input: { role: VIEWER }) { membership { id } userErrors { code field message } } }`;
  const revoke = `mutation($id: ID!) { apiKeyRevoke(id: $id) { apiKey { id } userErrors { code field message } } }`;
  const foreignMember = await gql(app, change, { id: toGlobalId('Membership', b.member(MembershipRole.SALES).membershipId) }, { token: a.owner.token });
  const missingMember = await gql(app, change, { id: toGlobalId('Membership', newId()) }, { token: a.owner.token });
  expect(foreignMember.data!.memberRoleChange).toEqual(missingMember.data!.memberRoleChange);
  expect(foreignMember.data!.memberRoleChange.userErrors[0].code).toBe('NOT_FOUND');
  const foreignKey = await gql(app, revoke, { id: bApiKeyId }, { token: a.owner.token });
  const missingKey = await gql(app, revoke, { id: toGlobalId('ApiKey', newId()) }, { token: a.owner.token });
  expect(foreignKey.data!.apiKeyRevoke).toEqual(missingKey.data!.apiKeyRevoke);
  const { rows } = await app.sql.query('select role from membership where id = $1', [b.member(MembershipRole.SALES).membershipId]);
  expect(rows[0].role).toBe('SALES');
});
