import { MembershipRole } from '../../src/core/roles.js';
import { toGlobalId } from '../../src/graphql/global-id.js';
import { OrganizationKind } from '../../src/modules/organizations/organization.entity.js';
import { errorCodes, gql, type GraphQLResponse } from '../helpers/client.js';
import { createOrg, createPlatformAdmin, TEST_PASSWORD, validCreditCode, type TestOrg } from '../helpers/factories.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';

/**
 * For each operation: the right role succeeds; a wrong role is FORBIDDEN; an anonymous caller is
 * UNAUTHENTICATED; another organization's member gets NOT_FOUND (never FORBIDDEN: no existence leak).
 */
let app: TestApp;
let merchant: TestOrg;
let otherMerchant: TestOrg;
let vendor: TestOrg;
let admin: { token: string };

beforeAll(async () => {
  app = await startTestApp();
  merchant = await createOrg(app, { kind: OrganizationKind.MERCHANT, roles: [MembershipRole.OWNER, MembershipRole.FINANCE, MembershipRole.VIEWER] });
  otherMerchant = await createOrg(app, { kind: OrganizationKind.MERCHANT, roles: [MembershipRole.OWNER] });
  vendor = await createOrg(app, { kind: OrganizationKind.VENDOR, roles: [MembershipRole.OWNER, MembershipRole.SALES, MembershipRole.OPERATIONS] });
  admin = await createPlatformAdmin(app);
});
afterAll(() => app.close());

function expectDenied(response: GraphQLResponse, code: 'FORBIDDEN' | 'UNAUTHENTICATED', field: string) {
  expect(errorCodes(response)).toEqual([code]);
  expect(response.data?.[field] ?? null).toBeNull();
}

function payloadCodes(response: GraphQLResponse, field: string): string[] {
  expect(response.errors).toBeUndefined();
  return (response.data![field].userErrors as { code: string }[]).map((e) => e.code);
}

describe('organizationVerify (platform administrators)', () => {
  const mutation = `mutation($id: ID!) { organizationVerify(id: $id, input: { decision: VERIFIED }) { organization { verificationStatus } userErrors { code } } }`;

  test('a platform administrator verifies', async () => {
    const pending = await createOrg(app, { kind: OrganizationKind.VENDOR, verified: false });
    const response = await gql(app, mutation, { id: pending.globalId }, { token: admin.token });
    expect(response.data!.organizationVerify).toEqual({ organization: { verificationStatus: 'VERIFIED' }, userErrors: [] });
  });

  test('an organization owner, an anonymous caller are refused', async () => {
    const pending = await createOrg(app, { kind: OrganizationKind.VENDOR, verified: false });
    expectDenied(await gql(app, mutation, { id: pending.globalId }, { token: pending.owner.token }), 'FORBIDDEN', 'organizationVerify');
    expectDenied(await gql(app, mutation, { id: pending.globalId }), 'UNAUTHENTICATED', 'organizationVerify');
    const { rows } = await app.sql.query('select verification_status from organization where id = $1', [pending.id]);
    expect(rows[0].verification_status).toBe('PENDING');
  });
});

describe('organizationContactUpdate (owner)', () => {
  const mutation = `mutation($id: ID!) { organizationContactUpdate(id: $id, input: { contactName: "Zhou" }) { organization { privateProfile { contactName } } userErrors { code } } }`;

  test('the owner updates; FINANCE is forbidden; another org’s owner gets NOT_FOUND; anonymous is unauthenticated', async () => {
    const ok = await gql(app, mutation, { id: merchant.globalId }, { token: merchant.owner.token });
    expect(ok.data!.organizationContactUpdate).toEqual({ organization: { privateProfile: { contactName: 'Zhou' } }, userErrors: [] });
    expectDenied(
      await gql(app, mutation, { id: merchant.globalId }, { token: merchant.member(MembershipRole.FINANCE).token }),
      'FORBIDDEN',
      'organizationContactUpdate',
    );
    expect(payloadCodes(await gql(app, mutation, { id: merchant.globalId }, { token: otherMerchant.owner.token }), 'organizationContactUpdate')).toEqual([
      'NOT_FOUND',
    ]);
    expectDenied(await gql(app, mutation, { id: merchant.globalId }), 'UNAUTHENTICATED', 'organizationContactUpdate');
  });
});

describe('vendorProfileUpdate (vendor owner or sales)', () => {
  const mutation = `mutation { vendorProfileUpdate(input: { seatCapacity: 77 }) { vendorProfile { seatCapacity } userErrors { code } } }`;

  test('SALES updates its own vendor; OPERATIONS and a merchant owner are forbidden; anonymous is unauthenticated', async () => {
    const ok = await gql(app, mutation, {}, { token: vendor.member(MembershipRole.SALES).token });
    expect(ok.data!.vendorProfileUpdate).toEqual({ vendorProfile: { seatCapacity: 77 }, userErrors: [] });
    expectDenied(await gql(app, mutation, {}, { token: vendor.member(MembershipRole.OPERATIONS).token }), 'FORBIDDEN', 'vendorProfileUpdate');
    expectDenied(await gql(app, mutation, {}, { token: merchant.owner.token }), 'FORBIDDEN', 'vendorProfileUpdate');
    expectDenied(await gql(app, mutation, {}), 'UNAUTHENTICATED', 'vendorProfileUpdate');
  });

  test('another vendor’s update never touches this vendor’s profile', async () => {
    const otherVendor = await createOrg(app, { kind: OrganizationKind.VENDOR });
    await gql(app, `mutation { vendorProfileUpdate(input: { seatCapacity: 5 }) { userErrors { code } } }`, {}, { token: otherVendor.owner.token });
    const { rows } = await app.sql.query('select seat_capacity from vendor_profile where organization_id = $1', [vendor.id]);
    expect(rows[0].seat_capacity).toBe(77);
  });
});

describe('memberInvite, memberRoleChange, memberRemove (owner)', () => {
  const invite = `mutation($email: String!) { memberInvite(input: { email: $email, role: VIEWER }) { membership { role } userErrors { code } } }`;
  const change = `mutation($id: ID!) { memberRoleChange(id: $id, input: { role: FINANCE }) { membership { role } userErrors { code } } }`;
  const remove = `mutation($id: ID!) { memberRemove(id: $id) { membership { role } userErrors { code } } }`;

  test('memberInvite: owner yes, FINANCE forbidden, anonymous unauthenticated', async () => {
    const ok = await gql(app, invite, { email: 'new-person@example.test' }, { token: merchant.owner.token });
    expect(ok.data!.memberInvite).toEqual({ membership: { role: 'VIEWER' }, userErrors: [] });
    expectDenied(await gql(app, invite, { email: 'x@example.test' }, { token: merchant.member(MembershipRole.FINANCE).token }), 'FORBIDDEN', 'memberInvite');
    expectDenied(await gql(app, invite, { email: 'y@example.test' }), 'UNAUTHENTICATED', 'memberInvite');
  });

  test('memberRoleChange and memberRemove: owner yes; VIEWER forbidden; another org’s owner NOT_FOUND; anonymous unauthenticated', async () => {
    const target = await createOrg(app, { kind: OrganizationKind.MERCHANT, roles: [MembershipRole.OWNER, MembershipRole.VIEWER, MembershipRole.INSPECTOR] });
    const viewerId = toGlobalId('Membership', target.member(MembershipRole.VIEWER).membershipId);
    const inspectorId = toGlobalId('Membership', target.member(MembershipRole.INSPECTOR).membershipId);

    expectDenied(await gql(app, change, { id: inspectorId }, { token: target.member(MembershipRole.VIEWER).token }), 'FORBIDDEN', 'memberRoleChange');
    expect(payloadCodes(await gql(app, change, { id: inspectorId }, { token: otherMerchant.owner.token }), 'memberRoleChange')).toEqual(['NOT_FOUND']);
    expectDenied(await gql(app, change, { id: inspectorId }), 'UNAUTHENTICATED', 'memberRoleChange');
    expect((await gql(app, change, { id: inspectorId }, { token: target.owner.token })).data!.memberRoleChange).toEqual({
      membership: { role: 'FINANCE' },
      userErrors: [],
    });

    expectDenied(await gql(app, remove, { id: viewerId }, { token: target.member(MembershipRole.VIEWER).token }), 'FORBIDDEN', 'memberRemove');
    expect(payloadCodes(await gql(app, remove, { id: viewerId }, { token: otherMerchant.owner.token }), 'memberRemove')).toEqual(['NOT_FOUND']);
    expectDenied(await gql(app, remove, { id: viewerId }), 'UNAUTHENTICATED', 'memberRemove');
    const { rows: before } = await app.sql.query('select count(*)::int as n from membership where organization_id = $1', [target.id]);
    expect(before[0].n).toBe(3);
    expect((await gql(app, remove, { id: viewerId }, { token: target.owner.token })).data!.memberRemove).toEqual({
      membership: { role: 'VIEWER' },
      userErrors: [],
    });
    const { rows: after } = await app.sql.query('select count(*)::int as n from membership where organization_id = $1', [target.id]);
    expect(after[0].n).toBe(2);
  });
});

describe('apiKeyCreate, apiKeyRevoke (owner, people only)', () => {
  const create = `mutation { apiKeyCreate(input: { name: "CTI feed", role: OPERATIONS }) { apiKey { id } secret userErrors { code } } }`;
  const revoke = `mutation($id: ID!) { apiKeyRevoke(id: $id) { apiKey { revokedAt } userErrors { code } } }`;

  test('owner creates and revokes; SALES forbidden; an API key cannot manage keys; other org NOT_FOUND; anonymous unauthenticated', async () => {
    const created = await gql(app, create, {}, { token: vendor.owner.token });
    expect(created.data!.apiKeyCreate.userErrors).toEqual([]);
    const { id } = created.data!.apiKeyCreate.apiKey;
    const secret = created.data!.apiKeyCreate.secret as string;

    expectDenied(await gql(app, create, {}, { token: vendor.member(MembershipRole.SALES).token }), 'FORBIDDEN', 'apiKeyCreate');
    expectDenied(await gql(app, create, {}, { apiKey: secret }), 'FORBIDDEN', 'apiKeyCreate');
    expectDenied(await gql(app, create, {}), 'UNAUTHENTICATED', 'apiKeyCreate');

    expectDenied(await gql(app, revoke, { id }, { token: vendor.member(MembershipRole.SALES).token }), 'FORBIDDEN', 'apiKeyRevoke');
    expect(payloadCodes(await gql(app, revoke, { id }, { token: merchant.owner.token }), 'apiKeyRevoke')).toEqual(['NOT_FOUND']);
    expectDenied(await gql(app, revoke, { id }), 'UNAUTHENTICATED', 'apiKeyRevoke');
    const ok = await gql(app, revoke, { id }, { token: vendor.owner.token });
    expect(ok.data!.apiKeyRevoke.userErrors).toEqual([]);
    expect(ok.data!.apiKeyRevoke.apiKey.revokedAt).toEqual(expect.any(String));
  });
});

describe('anyone: organizationRegister, login, invitationAccept', () => {
  test('an anonymous caller may register, sign in, and try an invitation', async () => {
    const register = await gql(
      app,
      `mutation($code: String!) { organizationRegister(input: { kind: MERCHANT, legalName: "Anon Shop Co.", creditCode: $code,
        owner: { email: "anon-owner@example.test", password: "long-enough-pw", displayName: "Anon" } }) { organization { verificationStatus } token userErrors { code } } }`,
      { code: validCreditCode() },
    );
    expect(register.data!.organizationRegister).toMatchObject({ organization: { verificationStatus: 'PENDING' }, userErrors: [] });
    const login = await gql(app, `mutation { login(input: { email: "anon-owner@example.test", password: "long-enough-pw" }) { token userErrors { code } } }`);
    expect(login.data!.login.token).toEqual(expect.any(String));
    const accept = await gql(
      app,
      `mutation { invitationAccept(input: { token: "nope", password: "long-enough-pw" }) { membership { id } userErrors { code } } }`,
    );
    expect(payloadCodes(accept, 'invitationAccept')).toEqual(['NOT_FOUND']);
  });
});

describe('tokenRefresh (anyone) and logout (signed-in people)', () => {
  const refresh = `mutation($refreshToken: String!) { tokenRefresh(input: { refreshToken: $refreshToken }) { token userErrors { code } } }`;
  const logout = `mutation { logout { signedOut userErrors { code } } }`;

  test('tokenRefresh needs no bearer token, only the refresh token', async () => {
    const login = await gql(app, `mutation($email: String!) { login(input: { email: $email, password: "${TEST_PASSWORD}" }) { refreshToken } }`, {
      email: merchant.member(MembershipRole.FINANCE).email,
    });
    const ok = await gql(app, refresh, { refreshToken: login.data!.login.refreshToken });
    expect(ok.data!.tokenRefresh).toEqual({ token: expect.any(String), userErrors: [] });
    expect(payloadCodes(await gql(app, refresh, { refreshToken: 'kefu_rt_unknown' }), 'tokenRefresh')).toEqual(['SESSION_ENDED']);
  });

  test('logout: any member with any role and a platform administrator; an API key is forbidden; anonymous is unauthenticated', async () => {
    const member = await createOrg(app, { kind: OrganizationKind.VENDOR, roles: [MembershipRole.OWNER, MembershipRole.OPERATIONS] });
    expect((await gql(app, logout, {}, { token: member.member(MembershipRole.OPERATIONS).token })).data!.logout).toEqual({ signedOut: true, userErrors: [] });
    const otherAdmin = await createPlatformAdmin(app);
    expect((await gql(app, logout, {}, { token: otherAdmin.token })).data!.logout.signedOut).toBe(true);
    const created = await gql(app, `mutation { apiKeyCreate(input: { name: "feed", role: OPERATIONS }) { secret } }`, {}, { token: member.owner.token });
    expectDenied(await gql(app, logout, {}, { apiKey: created.data!.apiKeyCreate.secret }), 'FORBIDDEN', 'logout');
    expectDenied(await gql(app, logout), 'UNAUTHENTICATED', 'logout');
    // The owner's session was not touched by the others' logouts.
    expect((await gql(app, '{ viewer { role } }', {}, { token: member.owner.token })).data!.viewer.role).toBe('OWNER');
  });
});

describe('queries', () => {
  test('organizations, organization and node need a signed-in caller', async () => {
    for (const [query, field] of [
      ['{ organizations { totalCount } }', 'organizations'],
      [`{ organization(id: "${merchant.globalId}") { legalName } }`, 'organization'],
      [`{ node(id: "${merchant.globalId}") { id } }`, 'node'],
    ] as const) {
      expectDenied(await gql(app, query), 'UNAUTHENTICATED', field);
      const ok = await gql(app, query, {}, { token: vendor.member(MembershipRole.OPERATIONS).token });
      expect(ok.errors).toBeUndefined();
      expect(ok.data![field]).not.toBeNull();
    }
  });

  test('auditEvents: owner yes, VIEWER forbidden, anonymous unauthenticated, another org sees only its own', async () => {
    await gql(app, `mutation { apiKeyCreate(input: { name: "audit probe", role: VIEWER }) { userErrors { code } } }`, {}, { token: merchant.owner.token });
    const query = '{ auditEvents(first: 50) { edges { node { action entityType } } } }';
    const own = await gql(app, query, {}, { token: merchant.owner.token });
    expect(own.data!.auditEvents.edges.map((e: any) => e.node.action)).toContain('apiKey.create');
    expectDenied(await gql(app, query, {}, { token: merchant.member(MembershipRole.VIEWER).token }), 'FORBIDDEN', 'auditEvents');
    expectDenied(await gql(app, query), 'UNAUTHENTICATED', 'auditEvents');
    const other = await gql(app, query, {}, { token: otherMerchant.owner.token });
    expect(other.data!.auditEvents.edges.map((e: any) => e.node.action)).not.toContain('apiKey.create');
  });
});
