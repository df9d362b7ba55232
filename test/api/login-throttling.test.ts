import { createHash } from 'node:crypto';
import { createAppOrm, startKefuApp } from '../../src/app/composition.js';
import { createLogger } from '../../src/server/logger.js';
import { createMetrics } from '../../src/server/metrics.js';
import { MembershipRole } from '../../src/core/roles.js';
import { OrganizationKind } from '../../src/modules/organizations/organization.entity.js';
import { errorCodes, gql, type GraphQLResponse } from '../helpers/client.js';
import { createOrg, TEST_PASSWORD, type TestOrg } from '../helpers/factories.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';

/**
 * Failed logins are throttled per account and per client address, with the counters in PostgreSQL
 * (shared by replicas). Defaults: 5 per account, 30 per address, within 15 minutes.
 */
let app: TestApp;
let org: TestOrg;

beforeAll(async () => {
  // Every request of this app comes from 127.0.0.1: the address limit (default 30) is tested on its
  // own apps below, so that it does not depend on how many failures the other tests add up here.
  app = await startTestApp({ LOGIN_MAX_FAILURES_PER_ADDRESS: '1000' });
  org = await createOrg(app, {
    kind: OrganizationKind.MERCHANT,
    roles: [MembershipRole.OWNER, MembershipRole.FINANCE, MembershipRole.VIEWER, MembershipRole.PROCUREMENT],
  });
});
afterAll(() => app.close());

const LOGIN = `mutation($email: String!, $password: String!) { login(input: { email: $email, password: $password }) { token userErrors { code } } }`;

function attempt(target: Pick<TestApp, 'url'>, email: string, password: string, headers: Record<string, string> = {}): Promise<GraphQLResponse> {
  return gql(target, LOGIN, { email, password }, {}, headers);
}

/** INVALID_CREDENTIALS, RATE_LIMITED or OK, for counting outcomes. */
function outcome(response: GraphQLResponse): string {
  if (response.errors) return errorCodes(response).join(',');
  const payload = response.data!.login;
  return payload.token ? 'OK' : payload.userErrors.map((e: { code: string }) => e.code).join(',');
}

function expectRateLimited(response: GraphQLResponse, windowSeconds = app.config.loginThrottle.windowSeconds) {
  expect(response.status).toBe(429);
  expect(errorCodes(response)).toEqual(['RATE_LIMITED']);
  expect(response.data ?? null).toBeNull();
  const retryAfter = Number(response.headers.get('retry-after'));
  expect(retryAfter).toBeGreaterThanOrEqual(1);
  expect(retryAfter).toBeLessThanOrEqual(windowSeconds);
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

test('50 wrong passwords in a row: the first 5 are answered, the rest RATE_LIMITED with Retry-After; the right password is refused while blocked', async () => {
  const victim = org.member(MembershipRole.FINANCE);
  const outcomes: string[] = [];
  let last: GraphQLResponse | undefined;
  for (let i = 0; i < 50; i++) {
    last = await attempt(app, victim.email, `wrong-password-${i}`);
    outcomes.push(outcome(last));
  }
  expect(outcomes.slice(0, 5)).toEqual(Array(5).fill('INVALID_CREDENTIALS'));
  expect(outcomes.slice(5)).toEqual(Array(45).fill('RATE_LIMITED'));
  expectRateLimited(last!);
  expect(Number(last!.headers.get('retry-after'))).toBeGreaterThan(app.config.loginThrottle.windowSeconds - 60);

  const right = await attempt(app, victim.email, TEST_PASSWORD);
  expectRateLimited(right);
  // Differently written, the same account.
  expectRateLimited(await attempt(app, `  ${victim.email.toUpperCase()} `, TEST_PASSWORD));

  // When the window has ended (moved into the past here), the right password works again.
  await app.sql.query(`update login_throttle set window_started_at = now() - interval '16 minutes' where subject_kind = 'ACCOUNT' and subject_hash = $1`, [
    sha256(victim.email),
  ]);
  expect(outcome(await attempt(app, victim.email, TEST_PASSWORD))).toBe('OK');
});

test('a success starts the account afresh', async () => {
  const member = org.member(MembershipRole.VIEWER);
  const wrong = async (n: number) => {
    const results: string[] = [];
    for (let i = 0; i < n; i++) results.push(outcome(await attempt(app, member.email, 'not-the-password')));
    return results;
  };
  expect(await wrong(4)).toEqual(Array(4).fill('INVALID_CREDENTIALS'));
  expect(outcome(await attempt(app, member.email, TEST_PASSWORD))).toBe('OK');
  expect(await wrong(5)).toEqual(Array(5).fill('INVALID_CREDENTIALS'));
  expect(outcome(await attempt(app, member.email, TEST_PASSWORD))).toBe('RATE_LIMITED');
});

test('an unknown e-mail is throttled exactly like a known one (nothing revealed), and nothing is stored in clear', async () => {
  const unknown = 'no-such-person@example.test';
  const outcomes: string[] = [];
  for (let i = 0; i < 7; i++) outcomes.push(outcome(await attempt(app, unknown, 'whatever-password')));
  expect(outcomes).toEqual([...Array(5).fill('INVALID_CREDENTIALS'), 'RATE_LIMITED', 'RATE_LIMITED']);
  const { rows } = await app.sql.query(`select subject_kind, failures from login_throttle where subject_hash = $1`, [sha256(unknown)]);
  expect(rows).toEqual([{ subject_kind: 'ACCOUNT', failures: 5 }]);
  const { rows: clear } = await app.sql.query(`select count(*)::int as n from login_throttle where subject_hash like '%@%' or subject_hash like '%127.0.0.1%'`);
  expect(clear[0].n).toBe(0);
});

test('parallel guesses cannot slip past the limit: attempts count before the password is checked', async () => {
  const target = org.member(MembershipRole.PROCUREMENT);
  const responses = await Promise.all(Array.from({ length: 20 }, (_, i) => attempt(app, target.email, `parallel-guess-${i}`)));
  const counts = responses.map(outcome).reduce<Record<string, number>>((acc, o) => ({ ...acc, [o]: (acc[o] ?? 0) + 1 }), {});
  expect(counts).toEqual({ INVALID_CREDENTIALS: 5, RATE_LIMITED: 15 });
});

describe('per client address', () => {
  test('30 failures from one address block it for every account; X-Forwarded-For is ignored unless TRUST_PROXY says so', async () => {
    const fresh = await startTestApp();
    try {
      const other = await createOrg(fresh, { kind: OrganizationKind.VENDOR });
      const outcomes: string[] = [];
      // Each guess on another e-mail, each claiming another address: the TCP peer is what counts.
      for (let i = 0; i < 31; i++) outcomes.push(outcome(await attempt(fresh, `spray-${i}@example.test`, 'guess', { 'x-forwarded-for': `203.0.113.${i}` })));
      expect(outcomes).toEqual([...Array(30).fill('INVALID_CREDENTIALS'), 'RATE_LIMITED']);
      expectRateLimited(await attempt(fresh, other.owner.email, TEST_PASSWORD));
    } finally {
      await fresh.close();
    }
  });

  test('behind a trusted proxy the forwarded address counts: one address blocked, another still served; the account limit follows the account across addresses', async () => {
    const proxied = await startTestApp({ TRUST_PROXY: 'loopback', LOGIN_MAX_FAILURES_PER_ADDRESS: '3', LOGIN_MAX_FAILURES_PER_ACCOUNT: '4' });
    try {
      const other = await createOrg(proxied, { kind: OrganizationKind.VENDOR, roles: [MembershipRole.OWNER, MembershipRole.SALES] });
      const from = (address: string) => ({ 'x-forwarded-for': address });
      const sprayed: string[] = [];
      for (let i = 0; i < 4; i++) sprayed.push(outcome(await attempt(proxied, `spray-${i}@example.test`, 'guess', from('198.51.100.7'))));
      expect(sprayed).toEqual(['INVALID_CREDENTIALS', 'INVALID_CREDENTIALS', 'INVALID_CREDENTIALS', 'RATE_LIMITED']);
      expect(outcome(await attempt(proxied, other.owner.email, TEST_PASSWORD, from('198.51.100.7')))).toBe('RATE_LIMITED');
      expect(outcome(await attempt(proxied, other.owner.email, TEST_PASSWORD, from('198.51.100.8')))).toBe('OK');

      // One account guessed from four addresses (under each address's limit): the account blocks.
      const sales = other.member(MembershipRole.SALES);
      const rotating: string[] = [];
      for (let i = 0; i < 5; i++) rotating.push(outcome(await attempt(proxied, sales.email, 'guess', from(`192.0.2.${i}`))));
      expect(rotating).toEqual([...Array(4).fill('INVALID_CREDENTIALS'), 'RATE_LIMITED']);
    } finally {
      await proxied.close();
    }
  });
});

test('the counters live in PostgreSQL: a second replica on the same database refuses the blocked account at once', async () => {
  const victim = org.owner;
  for (let i = 0; i < 5; i++) expect(outcome(await attempt(app, victim.email, `wrong-${i}`))).toBe('INVALID_CREDENTIALS');
  // A second API process: its own ORM pool and HTTP server, same database and configuration.
  const orm = await createAppOrm({ databaseUrl: app.databaseUrl, poolSize: 2 });
  const replica = await startKefuApp({ config: app.config, orm, logger: createLogger('silent'), metrics: createMetrics() }, { host: '127.0.0.1', port: 0 });
  try {
    const response = await attempt(replica, victim.email, TEST_PASSWORD);
    expectRateLimited(response);
  } finally {
    await replica.stop();
    await orm.close(true);
  }
});
