import { ConfigError, DEVELOPMENT_JWT_SECRET, loadConfig } from '../../src/config.js';

const STRONG = 'x'.repeat(40);

describe('configuration', () => {
  test('development runs on the development secret; production refuses it', () => {
    expect(loadConfig({}).jwt.signingKey).toBe(DEVELOPMENT_JWT_SECRET);
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(ConfigError);
    expect(() => loadConfig({ NODE_ENV: 'production', JWT_SECRET: DEVELOPMENT_JWT_SECRET })).toThrow(/JWT_SECRET must be set in production/);
    expect(loadConfig({ NODE_ENV: 'production', JWT_SECRET: STRONG }).jwt.signingKey).toBe(STRONG);
  });

  test('production turns introspection and the demo seed off by default', () => {
    const config = loadConfig({ NODE_ENV: 'production', JWT_SECRET: STRONG });
    expect(config.introspection).toBe(false);
    expect(config.seedDemo).toBe(false);
  });

  test('a short secret, a bad port or a bad boolean is refused with the variable named', () => {
    expect(() => loadConfig({ JWT_SECRET: 'short' })).toThrow(/JWT_SECRET must be at least 32/);
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(/PORT must be an integer/);
    expect(() => loadConfig({ SEED_DEMO: 'maybe' })).toThrow(/SEED_DEMO must be true or false/);
  });

  test('RS256 needs both keys', () => {
    expect(() => loadConfig({ JWT_ALGORITHM: 'RS256', JWT_PRIVATE_KEY: 'pem' })).toThrow(/JWT_PUBLIC_KEY/);
  });

  test('previous verification keys parse as kid=key pairs or JSON, beside the current one', () => {
    const pairs = loadConfig({ JWT_KID: 'k3', JWT_SECRET: STRONG, JWT_PREVIOUS_KEYS: 'k1=one,k2=two' }).jwt.verificationKeys;
    expect([...pairs.entries()]).toEqual([
      ['k1', 'one'],
      ['k2', 'two'],
      ['k3', STRONG],
    ]);
    const json = loadConfig({ JWT_PREVIOUS_KEYS: '{"old":"-----BEGIN KEY-----\\nabc"}' }).jwt.verificationKeys;
    expect(json.get('old')).toBe('-----BEGIN KEY-----\nabc');
    expect(() => loadConfig({ JWT_PREVIOUS_KEYS: 'nokey' })).toThrow(/kid=key/);
  });

  test('short-lived access tokens, 30-day refresh tokens; a refresh lifetime not longer than the access one is refused', () => {
    const config = loadConfig({});
    expect(config.jwt.ttlSeconds).toBe(900);
    expect(config.jwt.refreshTtlSeconds).toBe(30 * 24 * 3600);
    expect(loadConfig({ JWT_TTL_SECONDS: '600', REFRESH_TOKEN_TTL_SECONDS: '86400' }).jwt).toMatchObject({ ttlSeconds: 600, refreshTtlSeconds: 86400 });
    expect(() => loadConfig({ JWT_TTL_SECONDS: '3600', REFRESH_TOKEN_TTL_SECONDS: '3600' })).toThrow(
      /REFRESH_TOKEN_TTL_SECONDS \(3600\) must be longer than JWT_TTL_SECONDS/,
    );
    expect(() => loadConfig({ REFRESH_TOKEN_TTL_SECONDS: '60' })).toThrow(/REFRESH_TOKEN_TTL_SECONDS must be an integer between 300/);
  });

  test('login throttling: 5 per account, 30 per address, 15 minutes by default; validated', () => {
    expect(loadConfig({}).loginThrottle).toEqual({ maxFailuresPerAccount: 5, maxFailuresPerAddress: 30, windowSeconds: 900 });
    expect(loadConfig({ LOGIN_MAX_FAILURES_PER_ACCOUNT: '10', LOGIN_THROTTLE_WINDOW_SECONDS: '3600' }).loginThrottle).toMatchObject({
      maxFailuresPerAccount: 10,
      windowSeconds: 3600,
    });
    expect(() => loadConfig({ LOGIN_MAX_FAILURES_PER_ACCOUNT: '0' })).toThrow(/LOGIN_MAX_FAILURES_PER_ACCOUNT must be an integer/);
    expect(() => loadConfig({ LOGIN_THROTTLE_WINDOW_SECONDS: '100000' })).toThrow(/LOGIN_THROTTLE_WINDOW_SECONDS/);
  });

  test('DB_POOL_IDLE_SECONDS: idle pooled connections kept 60 s by default; validated', () => {
    expect(loadConfig({}).dbPoolIdleSeconds).toBe(60);
    expect(loadConfig({ DB_POOL_IDLE_SECONDS: '600' }).dbPoolIdleSeconds).toBe(600);
    expect(() => loadConfig({ DB_POOL_IDLE_SECONDS: '0' })).toThrow(/DB_POOL_IDLE_SECONDS must be an integer between 1 and 86400/);
  });

  test('TRUST_PROXY: off by default; a hop count or proxy addresses; "true" (any client could choose its address) is refused', () => {
    expect(loadConfig({}).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: 'off' }).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: '1' }).trustProxy).toBe(1);
    expect(loadConfig({ TRUST_PROXY: 'loopback, 10.0.0.0/8,fd00::1' }).trustProxy).toBe('loopback,10.0.0.0/8,fd00::1');
    expect(() => loadConfig({ TRUST_PROXY: 'true' })).toThrow(/TRUST_PROXY=true would believe any client/);
    expect(() => loadConfig({ TRUST_PROXY: '99' })).toThrow(/TRUST_PROXY must be an integer between 1 and 10/);
    expect(() => loadConfig({ TRUST_PROXY: 'proxy.example.com' })).toThrow(/TRUST_PROXY must be off, a hop count/);
  });

  test('CORS_ORIGINS: a comma-separated list of origins; localhost allowed outside production only; anything not an origin is refused', () => {
    expect(loadConfig({}).cors).toEqual({ origins: [], allowLocalhost: true });
    expect(loadConfig({ NODE_ENV: 'production', JWT_SECRET: STRONG }).cors).toEqual({ origins: [], allowLocalhost: false });
    expect(loadConfig({ CORS_ORIGINS: ' https://Shop.Example.com , http://localhost:3000/,https://a.example:8443' }).cors.origins).toEqual([
      'https://shop.example.com',
      'http://localhost:3000',
      'https://a.example:8443',
    ]);
    for (const bad of [
      '*',
      'shop.example.com',
      'https://shop.example.com/app',
      'ftp://files.example.com',
      'https://*.example.com',
      'https://shop.example.com?x=1',
      'https://a.example,',
    ]) {
      expect(() => loadConfig({ CORS_ORIGINS: bad })).toThrow(/CORS_ORIGINS: ".*" is not an origin/);
    }
  });
});
