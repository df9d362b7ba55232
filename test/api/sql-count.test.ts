import { MembershipRole } from '../../src/auth/roles.js';
import { OrganizationKind } from '../../src/modules/organizations/organization.entity.js';
import { gql } from '../helpers/client.js';
import { createOrg, createPlatformAdmin } from '../helpers/factories.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';

let app: TestApp;
let adminToken: string;

beforeAll(async () => {
  app = await startTestApp();
  for (let i = 0; i < 50; i++) {
    await createOrg(app, { kind: i % 2 ? OrganizationKind.VENDOR : OrganizationKind.MERCHANT, roles: [MembershipRole.OWNER, MembershipRole.FINANCE] });
  }
  adminToken = (await createPlatformAdmin(app)).token;
});
afterAll(() => app.close());

const NESTED = `query Nested($first: Int!) {
  organizations(first: $first) {
    totalCount
    edges { node { legalName vendorProfile { seatCapacity } members(first: 10) { totalCount edges { node { role user { email } organization { legalName } } } } } }
  }
}`;

async function statementsFor(first: number): Promise<{ statements: number; members: number }> {
  const response = await gql(app, NESTED, { first }, { token: adminToken });
  expect(response.errors).toBeUndefined();
  const edges = response.data!.organizations.edges as { node: { members: { edges: { node: { user: { email: string } } }[] } } }[];
  expect(edges).toHaveLength(first);
  const members = edges.reduce((sum, e) => sum + e.node.members.edges.length, 0);
  const record = app.requests.at(-1)!;
  expect(record.operation).toBe('Nested');
  return { statements: record.sqlStatements, members };
}

test('organizations → members → user runs the same number of SQL statements for 5 and 50 organizations', async () => {
  const small = await statementsFor(5);
  const large = await statementsFor(50);
  expect(small.members).toBe(10);
  expect(large.members).toBe(100);
  expect(large.statements).toBe(small.statements);
  // BEGIN + tenant set-up, count, organizations page, members, vendor profiles, users, COMMIT
  // (member.organization comes from the primed organization loader).
  expect(large.statements).toBeLessThanOrEqual(8);
});

test('a nested page past the end still reports the total', async () => {
  const response = await gql(app, `query($after: String) { organizations(first: 2) { edges { node { members(first: 5, after: $after) { totalCount edges { cursor } pageInfo { hasPreviousPage hasNextPage } } } } } }`, { after: Buffer.from('o:9').toString('base64url') }, { token: adminToken });
  expect(response.errors).toBeUndefined();
  for (const edge of response.data!.organizations.edges) {
    expect(edge.node.members).toEqual({ totalCount: 2, edges: [], pageInfo: { hasPreviousPage: true, hasNextPage: false } });
  }
});
