import { MembershipRole } from '../../src/core/roles.js';
import { toGlobalId } from '../../src/graphql/global-id.js';
import { OrganizationKind } from '../../src/modules/organizations/organization.entity.js';
import { hashRefreshToken } from '../../src/modules/users/session.service.js';
import { errorCodes, gql, type GraphQLResponse } from '../helpers/client.js';
import { createOrg, createPlatformAdmin, TEST_PASSWORD, type TestOrg } from '../helpers/factories.js';
import { REQUIREMENT_CREATE, requirementInput } from '../helpers/marketplace.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';

/**
 * A bearer token names its session (`sid`); the request's first round trip checks the session, the
 * membership and the role against the database, so a demotion, a removal or a logout takes effect
 * on the next request. Refresh tokens rotate on use; a reused one ends its whole family.
 */
let app: TestApp;
let merchant: TestOrg;

beforeAll(async () => {
  app = await startTestApp();
  merchant = await createOrg(app, { kind: OrganizationKind.MERCHANT, roles: [MembershipRole.OWNER] });
});
afterAll(() => app.close());

const LOGIN = `mutation($email: String!, $password: String!) { login(input: { email: $email, password: $password }) {
  token expiresAt refreshToken refreshTokenExpiresAt userErrors { code } } }`;
const REFRESH = `mutation($refreshToken: String!) { tokenRefresh(input: { refreshToken: $refreshToken }) {
  token expiresAt refreshToken refreshTokenExpiresAt userErrors { code field message } } }`;
const LOGOUT = `mutation { logout { signedOut userErrors { code } } }`;
const VIEWER = '{ viewer { role organization { id } } }';
const MEMBER_INVITE = `mutation($email: String!, $role: MembershipRole!) { memberInvite(input: { email: $email, role: $role }) { membership { id } userErrors { code } } }`;

interface Tokens {
  token: string;
  refreshToken: string;
}

async function login(email: string): Promise<Tokens> {
  const response = await gql(app, LOGIN, { email, password: TEST_PASSWORD });
  const payload = response.data?.login;
  if (!payload?.token) throw new Error(`login failed: ${JSON.stringify(response)}`);
  return { token: payload.token, refreshToken: payload.refreshToken };
}

async function refresh(refreshToken: string): Promise<GraphQLResponse> {
  return gql(app, REFRESH, { refreshToken });
}

/** A request with an ended session: HTTP 401, UNAUTHENTICATED, a message telling what to do, no data. */
function expectSessionEnded(response: GraphQLResponse) {
  expect(response.status).toBe(401);
  expect(errorCodes(response)).toEqual(['UNAUTHENTICATED']);
  expect(response.errors![0]!.message).toMatch(/tokenRefresh, or sign in again/);
  expect(response.data ?? null).toBeNull();
}

async function requirementCount(merchantId: string): Promise<number> {
  const { rows } = await app.sql.query('select count(*)::int as n from requirement where merchant_id = $1', [merchantId]);
  return rows[0].n;
}

describe('a role change takes effect on the next request', () => {
  test('a member demoted from PROCUREMENT to VIEWER can no longer create requirements with the old token; a refresh gives the new role', async () => {
    const org = await createOrg(app, { kind: OrganizationKind.MERCHANT, roles: [MembershipRole.OWNER, MembershipRole.PROCUREMENT] });
    const buyer = org.member(MembershipRole.PROCUREMENT);
    const session = await login(buyer.email);
    const created = await gql(app, REQUIREMENT_CREATE, { input: requirementInput() }, { token: session.token });
    expect(created.data!.requirementCreate.userErrors).toEqual([]);
    expect(await requirementCount(org.id)).toBe(1);

    const demote = await gql(
      app,
      `mutation($id: ID!) { memberRoleChange(id: $id, input: { role: VIEWER }) { userErrors { code } } }`,
      { id: toGlobalId('Membership', buyer.membershipId) },
      { token: org.owner.token },
    );
    expect(demote.data!.memberRoleChange.userErrors).toEqual([]);

    expectSessionEnded(await gql(app, REQUIREMENT_CREATE, { input: requirementInput() }, { token: session.token }));
    expect(await requirementCount(org.id)).toBe(1);

    const refreshed = await refresh(session.refreshToken);
    expect(refreshed.data!.tokenRefresh.userErrors).toEqual([]);
    const viewerToken = refreshed.data!.tokenRefresh.token as string;
    expect((await gql(app, VIEWER, {}, { token: viewerToken })).data!.viewer.role).toBe('VIEWER');
    expect(errorCodes(await gql(app, REQUIREMENT_CREATE, { input: requirementInput() }, { token: viewerToken }))).toEqual(['FORBIDDEN']);
    expect(await requirementCount(org.id)).toBe(1);
  });

  test('a removed member’s token stops at once, its refresh gets nothing, and re-inviting the person does not revive it', async () => {
    const org = await createOrg(app, { kind: OrganizationKind.MERCHANT, roles: [MembershipRole.OWNER, MembershipRole.PROCUREMENT] });
    const buyer = org.member(MembershipRole.PROCUREMENT);
    const session = await login(buyer.email);
    expect((await gql(app, VIEWER, {}, { token: session.token })).data!.viewer.role).toBe('PROCUREMENT');

    const removed = await gql(
      app,
      `mutation($id: ID!) { memberRemove(id: $id) { userErrors { code } } }`,
      { id: toGlobalId('Membership', buyer.membershipId) },
      { token: org.owner.token },
    );
    expect(removed.data!.memberRemove.userErrors).toEqual([]);
    expectSessionEnded(await gql(app, REQUIREMENT_CREATE, { input: requirementInput() }, { token: session.token }));
    expect(await requirementCount(org.id)).toBe(0);

    // Added back with the same role (an existing account joins at once): the old session stays ended.
    const again = await gql(app, MEMBER_INVITE, { email: buyer.email, role: 'PROCUREMENT' }, { token: org.owner.token });
    expect(again.data!.memberInvite.userErrors).toEqual([]);
    expectSessionEnded(await gql(app, VIEWER, {}, { token: session.token }));

    const refreshed = await refresh(session.refreshToken);
    expect(refreshed.data!.tokenRefresh).toMatchObject({ token: null, refreshToken: null, userErrors: [{ code: 'SESSION_ENDED' }] });
  });

  test('a platform administrator whose flag is withdrawn is refused on the next request', async () => {
    const admin = await createPlatformAdmin(app);
    expect((await gql(app, VIEWER, {}, { token: admin.token })).data!.viewer.role).toBe('PLATFORM_ADMIN');
    await app.sql.query('update app_user set is_platform_admin = false where id = $1', [admin.userId]);
    expectSessionEnded(await gql(app, VIEWER, {}, { token: admin.token }));
  });

  test('an expired session is refused even while the access token is still valid', async () => {
    const org = await createOrg(app, { kind: OrganizationKind.VENDOR });
    await app.sql.query(`update auth_session set expires_at = now() - interval '1 second' where id = $1`, [org.owner.sessionId]);
    expectSessionEnded(await gql(app, VIEWER, {}, { token: org.owner.token }));
  });

  test('API keys are unaffected (checked by their key on each request)', async () => {
    const org = await createOrg(app, { kind: OrganizationKind.VENDOR });
    const created = await gql(
      app,
      `mutation { apiKeyCreate(input: { name: "feed", role: OPERATIONS }) { secret userErrors { code } } }`,
      {},
      { token: org.owner.token },
    );
    const apiKey = created.data!.apiKeyCreate.secret as string;
    expect((await gql(app, VIEWER, {}, { apiKey })).data!.viewer.role).toBe('OPERATIONS');
    expect(errorCodes(await gql(app, LOGOUT, {}, { apiKey }))).toEqual(['FORBIDDEN']);
  });
});

describe('the check costs no extra round trip', () => {
  test('a signed-in query: BEGIN with the tenant set-up and the session check, the read, COMMIT', async () => {
    const response = await gql(app, '{ viewer { organization { legalName } } }', {}, { token: merchant.owner.token });
    expect(response.data!.viewer.organization.legalName).toBe(merchant.legalName);
    const record = app.requests.at(-1)!;
    expect({ roundTrips: record.sqlRoundTrips, statements: record.sqlStatements }).toEqual({ roundTrips: 3, statements: 4 });
  });

  test('a refused session rolls back and returns the connection: a small pool keeps serving', async () => {
    const small = await startTestApp({ DB_POOL_SIZE: '2' });
    try {
      const org = await createOrg(small, { kind: OrganizationKind.MERCHANT });
      await small.sql.query('update auth_session set revoked_at = now() where id = $1', [org.owner.sessionId]);
      for (let i = 0; i < 6; i++) {
        const response = await gql(small, VIEWER, {}, { token: org.owner.token });
        expect(response.status).toBe(401);
      }
      await small.sql.query('update auth_session set revoked_at = null where id = $1', [org.owner.sessionId]);
      const ok = await gql(small, '{ viewer { organization { id members { totalCount } } } }', {}, { token: org.owner.token });
      expect(ok.data!.viewer.organization).toEqual({ id: org.globalId, members: { totalCount: 1 } });
      const pool = (await small.orm.em.getConnection().getNativeClient()) as unknown as { totalCount: number; idleCount: number };
      expect(pool.totalCount - pool.idleCount).toBe(0);
      const { rows } = await small.sql.query(
        `select count(*)::int as n from pg_stat_activity where datname = current_database() and state like 'idle in transaction%'`,
      );
      expect(rows[0].n).toBe(0);
    } finally {
      await small.close();
    }
  });
});

describe('logout', () => {
  test('ends the session at once: its token and refresh token stop working; another session of the same person does not', async () => {
    const org = await createOrg(app, { kind: OrganizationKind.MERCHANT });
    const laptop = await login(org.owner.email);
    const phone = await login(org.owner.email);
    expect((await gql(app, LOGOUT, {}, { token: laptop.token })).data!.logout).toEqual({ signedOut: true, userErrors: [] });
    expectSessionEnded(await gql(app, VIEWER, {}, { token: laptop.token }));
    expect((await refresh(laptop.refreshToken)).data!.tokenRefresh.userErrors.map((e: { code: string }) => e.code)).toEqual(['SESSION_ENDED']);
    expect((await gql(app, VIEWER, {}, { token: phone.token })).data!.viewer.role).toBe('OWNER');
    const { rows } = await app.sql.query(`select action from audit_event where organization_id = $1 and action like 'session.%' order by id`, [org.id]);
    expect(rows.map((r) => r.action)).toEqual(['session.login', 'session.login', 'session.logout']);
  });

  test('a platform administrator can log out too; anonymous callers are refused', async () => {
    const admin = await createPlatformAdmin(app);
    expect((await gql(app, LOGOUT, {}, { token: admin.token })).data!.logout.signedOut).toBe(true);
    expectSessionEnded(await gql(app, VIEWER, {}, { token: admin.token }));
    expect(errorCodes(await gql(app, LOGOUT))).toEqual(['UNAUTHENTICATED']);
  });
});

describe('tokenRefresh', () => {
  test('rotates: a new access token and a new refresh token, the refresh expiry pushed back; refresh tokens are stored hashed', async () => {
    const session = await login(merchant.owner.email);
    const { rows: before } = await app.sql.query('select expires_at from auth_refresh_token where token_hash = $1', [hashRefreshToken(session.refreshToken)]);
    expect(before).toHaveLength(1);
    const { rows: plain } = await app.sql.query('select count(*)::int as n from auth_refresh_token where token_hash = $1', [session.refreshToken]);
    expect(plain[0].n).toBe(0);

    const response = await refresh(session.refreshToken);
    const payload = response.data!.tokenRefresh;
    expect(payload.userErrors).toEqual([]);
    expect(payload.token).not.toBe(session.token);
    expect(payload.refreshToken).toMatch(/^kefu_rt_/);
    expect(payload.refreshToken).not.toBe(session.refreshToken);
    expect(new Date(payload.expiresAt).getTime() - Date.now()).toBeLessThanOrEqual(app.config.jwt.ttlSeconds * 1000);
    expect(new Date(payload.refreshTokenExpiresAt).getTime()).toBeGreaterThanOrEqual(new Date(before[0].expires_at).getTime());
    expect((await gql(app, VIEWER, {}, { token: payload.token })).data!.viewer).toEqual({ role: 'OWNER', organization: { id: merchant.globalId } });
    // The old access token keeps working until it expires: same session, same role.
    expect((await gql(app, VIEWER, {}, { token: session.token })).data!.viewer.role).toBe('OWNER');
  });

  test('a reused refresh token revokes its family: the thief’s and the owner’s tokens all stop working', async () => {
    const owner = await login(merchant.owner.email);
    // The thief copied the refresh token and uses it first.
    const stolen = (await refresh(owner.refreshToken)).data!.tokenRefresh;
    expect(stolen.userErrors).toEqual([]);
    expect((await gql(app, VIEWER, {}, { token: stolen.token })).data!.viewer.role).toBe('OWNER');

    // The owner's client presents the same (now used) refresh token.
    const replay = (await refresh(owner.refreshToken)).data!.tokenRefresh;
    expect(replay).toMatchObject({ token: null, refreshToken: null, userErrors: [{ code: 'SESSION_ENDED', field: ['input', 'refreshToken'] }] });

    expectSessionEnded(await gql(app, VIEWER, {}, { token: stolen.token }));
    expectSessionEnded(await gql(app, VIEWER, {}, { token: owner.token }));
    expect((await refresh(stolen.refreshToken)).data!.tokenRefresh.userErrors[0].code).toBe('SESSION_ENDED');
    const { rows } = await app.sql.query(
      'select s.revoked_reason from auth_session s join auth_refresh_token t on t.session_id = s.id where t.token_hash = $1',
      [hashRefreshToken(owner.refreshToken)],
    );
    expect(rows).toEqual([{ revoked_reason: 'REFRESH_REUSE' }]);
  });

  test('unknown, malformed and expired refresh tokens get SESSION_ENDED', async () => {
    const codes = async (refreshToken: string) => (await refresh(refreshToken)).data!.tokenRefresh.userErrors.map((e: { code: string }) => e.code);
    expect(await codes('kefu_rt_' + 'A'.repeat(43))).toEqual(['SESSION_ENDED']);
    expect(await codes('not-a-token')).toEqual(['SESSION_ENDED']);
    const session = await login(merchant.owner.email);
    await app.sql.query(`update auth_refresh_token set expires_at = now() - interval '1 second' where token_hash = $1`, [
      hashRefreshToken(session.refreshToken),
    ]);
    expect(await codes(session.refreshToken)).toEqual(['SESSION_ENDED']);
  });

  test('works while the client still sends its ended or invalid token along; anything else with such a token is refused', async () => {
    const org = await createOrg(app, { kind: OrganizationKind.MERCHANT });
    const session = await login(org.owner.email);
    await gql(app, LOGOUT, {}, { token: org.owner.token }); // ends the factory's session, not this one
    // An ended session's token sent along with tokenRefresh and login: both still work.
    const refreshed = await gql(app, REFRESH, { refreshToken: session.refreshToken }, { token: org.owner.token });
    expect(refreshed.data!.tokenRefresh.userErrors).toEqual([]);
    const again = await gql(app, LOGIN, { email: org.owner.email, password: TEST_PASSWORD }, { token: 'not-a-jwt' });
    expect(again.data!.login.token).toEqual(expect.any(String));
    // The operation holds something else too: the token counts, and is refused.
    const mixed = await gql(
      app,
      `mutation($r: String!) { tokenRefresh(input: { refreshToken: $r }) { token } organizationContactUpdate(id: "${org.globalId}", input: { contactName: "x" }) { userErrors { code } } }`,
      { r: refreshed.data!.tokenRefresh.refreshToken },
      { token: org.owner.token },
    );
    expectSessionEnded(mixed);
    expect(errorCodes(await gql(app, VIEWER, {}, { token: 'not-a-jwt' }))).toEqual(['UNAUTHENTICATED']);
  });

  test('registration signs the owner in with a refresh token that works', async () => {
    const { validCreditCode } = await import('../helpers/factories.js');
    const response = await gql(
      app,
      `mutation($input: OrganizationRegisterInput!) { organizationRegister(input: $input) { token refreshToken refreshTokenExpiresAt userErrors { code } } }`,
      {
        input: {
          kind: 'VENDOR',
          legalName: '成都测试客服有限公司',
          creditCode: validCreditCode(),
          owner: { email: 'reg-owner@example.test', displayName: 'Reg Owner', password: 'long-enough-pw' },
        },
      },
    );
    const payload = response.data!.organizationRegister;
    expect(payload.userErrors).toEqual([]);
    const refreshed = (await refresh(payload.refreshToken)).data!.tokenRefresh;
    expect(refreshed.userErrors).toEqual([]);
    expect((await gql(app, VIEWER, {}, { token: refreshed.token })).data!.viewer.role).toBe('OWNER');
  });
});

test('a daily job purges sessions ended more than a week ago (with their refresh tokens) and old throttle windows', async () => {
  const { purgeAuthState } = await import('../../src/modules/users/purge-auth-state.job.js');
  const old = await createOrg(app, { kind: OrganizationKind.MERCHANT, roles: [MembershipRole.OWNER, MembershipRole.FINANCE] });
  const ended = await login(old.owner.email);
  const kept = old.member(MembershipRole.FINANCE);
  await app.sql.query(`update auth_session set revoked_at = now() - interval '8 days' where user_id = $1`, [old.owner.userId]);
  await app.sql.query(`update auth_session set revoked_at = now() - interval '6 days' where id = $1`, [kept.sessionId]);
  await app.sql.query(
    `insert into login_throttle (subject_kind, subject_hash, window_started_at, failures) values ('ADDRESS', 'old', now() - interval '8 days', 3), ('ADDRESS', 'recent', now() - interval '1 hour', 3)`,
  );
  expect(await purgeAuthState(app.orm)).toBeGreaterThanOrEqual(3);
  const { rows: sessions } = await app.sql.query('select id from auth_session where user_id = any($1)', [[old.owner.userId, kept.userId]]);
  expect(sessions).toEqual([{ id: kept.sessionId }]);
  const { rows: tokens } = await app.sql.query('select count(*)::int as n from auth_refresh_token where token_hash = $1', [
    hashRefreshToken(ended.refreshToken),
  ]);
  expect(tokens[0].n).toBe(0);
  const { rows: throttles } = await app.sql.query(`select subject_hash from login_throttle where subject_hash in ('old', 'recent')`);
  expect(throttles).toEqual([{ subject_hash: 'recent' }]);
});
