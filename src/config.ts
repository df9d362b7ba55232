/**
 * Every setting of the service, read once from the environment and validated.
 * Defaults are for development only; `loadConfig` refuses the development secret in production.
 */
export const DEVELOPMENT_JWT_SECRET = 'kefu-dev-only-secret-do-not-use-in-production';

export type JwtAlgorithm = 'HS256' | 'RS256';

export interface JwtConfig {
  algorithm: JwtAlgorithm;
  /** Key id stamped on issued tokens. */
  currentKid: string;
  /** HS256 secret or RS256 private key (PEM) used to sign. */
  signingKey: string;
  /** Every key accepted for verification, by kid (the current one included). */
  verificationKeys: Map<string, string>;
  issuer: string;
  audience: string;
  /** Access-token lifetime: short, since a refresh token gets a new one. */
  ttlSeconds: number;
  /** Refresh-token lifetime; each refresh starts it again (a session unused this long ends). */
  refreshTtlSeconds: number;
  clockToleranceSeconds: number;
}

export interface LoginThrottleConfig {
  /** Failed logins per account (normalized e-mail) within the window before it is blocked. */
  maxFailuresPerAccount: number;
  /** Failed logins per client address within the window before it is blocked. */
  maxFailuresPerAddress: number;
  windowSeconds: number;
}

/** Express's 'trust proxy': false, a number of hops, or addresses/subnets/names of trusted proxies. */
export type TrustProxy = false | number | string;

export interface Config {
  env: 'development' | 'test' | 'production';
  host: string;
  port: number;
  /** External PostgreSQL; when absent the embedded server under `dataDir` is used. */
  databaseUrl: string | undefined;
  dataDir: string;
  embeddedPort: number;
  dbPoolSize: number;
  /** Seconds a pooled connection may stay idle before it is closed (a new one starts with cold caches). */
  dbPoolIdleSeconds: number;
  seedDemo: boolean;
  /** Scheduled jobs (deadlines, …) on pg-boss; turn off on replicas that should only serve. */
  jobsEnabled: boolean;
  jwt: JwtConfig;
  loginThrottle: LoginThrottleConfig;
  /** Which proxies' X-Forwarded-For to believe for the client address (throttling, anonymous budget). */
  trustProxy: TrustProxy;
  introspection: boolean;
  limits: {
    maxDepth: number;
    maxAliases: number;
    maxCost: number;
    maxTokens: number;
    costPerMinute: number;
    /** Largest body of a request whose root fields all take bulk input (usageReport); every other body stays ≤ 1 MiB. */
    maxBulkBodyBytes: number;
  };
  logLevel: string;
  shutdownGraceMs: number;
  cors: CorsConfig;
}

export interface CorsConfig {
  /** Origins (`scheme://host[:port]`) whose pages may call the API from a browser. */
  origins: string[];
  /** Outside production, any http(s) page on localhost, 127.0.0.1 or [::1] (any port) may too. */
  allowLocalhost: boolean;
}

export class ConfigError extends Error {}

type Env = Record<string, string | undefined>;

function integer(env: Env, name: string, fallback: number, min = 0, max = Number.MAX_SAFE_INTEGER): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(`${name} must be an integer between ${min} and ${max}, got "${raw}"`);
  }
  return value;
}

function boolean(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (['1', 'true', 'yes', 'on'].includes(raw.toLowerCase())) return true;
  if (['0', 'false', 'no', 'off'].includes(raw.toLowerCase())) return false;
  throw new ConfigError(`${name} must be true or false, got "${raw}"`);
}

/** `kid1=secret1,kid2=secret2` or a JSON object `{ "kid": "key" }` (JSON is needed for PEM keys). */
function parseKeyList(name: string, raw: string | undefined): Map<string, string> {
  const keys = new Map<string, string>();
  if (!raw) return keys;
  if (raw.trim().startsWith('{')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw);
    } catch {
      throw new ConfigError(`${name} is not valid JSON`);
    }
    for (const [kid, key] of Object.entries(parsed as Record<string, unknown>)) {
      if (typeof key !== 'string' || !key) throw new ConfigError(`${name}: key "${kid}" must be a non-empty string`);
      keys.set(kid, key);
    }
    return keys;
  }
  for (const pair of raw.split(',')) {
    const at = pair.indexOf('=');
    if (at <= 0 || at === pair.length - 1) throw new ConfigError(`${name}: expected kid=key pairs separated by commas`);
    keys.set(pair.slice(0, at).trim(), pair.slice(at + 1).trim());
  }
  return keys;
}

function jwtConfig(env: Env, production: boolean): JwtConfig {
  const algorithm = (env.JWT_ALGORITHM ?? (env.JWT_PRIVATE_KEY ? 'RS256' : 'HS256')) as JwtAlgorithm;
  if (algorithm !== 'HS256' && algorithm !== 'RS256') {
    throw new ConfigError(`JWT_ALGORITHM must be HS256 or RS256, got "${String(algorithm)}"`);
  }
  const currentKid = env.JWT_KID || 'k1';
  const verificationKeys = parseKeyList('JWT_PREVIOUS_KEYS', env.JWT_PREVIOUS_KEYS);
  const ttlSeconds = integer(env, 'JWT_TTL_SECONDS', 900, 60, 7 * 24 * 3600);
  const refreshTtlSeconds = integer(env, 'REFRESH_TOKEN_TTL_SECONDS', 30 * 24 * 3600, 300, 365 * 24 * 3600);
  if (refreshTtlSeconds <= ttlSeconds) {
    throw new ConfigError(`REFRESH_TOKEN_TTL_SECONDS (${refreshTtlSeconds}) must be longer than JWT_TTL_SECONDS (${ttlSeconds})`);
  }
  let signingKey: string;
  if (algorithm === 'HS256') {
    signingKey = env.JWT_SECRET || DEVELOPMENT_JWT_SECRET;
    if (production && signingKey === DEVELOPMENT_JWT_SECRET) {
      throw new ConfigError('JWT_SECRET must be set in production: the development secret is public');
    }
    if (signingKey.length < 32) throw new ConfigError('JWT_SECRET must be at least 32 characters');
    verificationKeys.set(currentKid, signingKey);
  } else {
    if (!env.JWT_PRIVATE_KEY || !env.JWT_PUBLIC_KEY) {
      throw new ConfigError('RS256 needs JWT_PRIVATE_KEY and JWT_PUBLIC_KEY (PEM)');
    }
    signingKey = env.JWT_PRIVATE_KEY;
    verificationKeys.set(currentKid, env.JWT_PUBLIC_KEY);
  }
  return {
    algorithm,
    currentKid,
    signingKey,
    verificationKeys,
    issuer: env.JWT_ISSUER || 'kefu-exchange',
    audience: env.JWT_AUDIENCE || 'kefu-exchange-api',
    ttlSeconds,
    refreshTtlSeconds,
    clockToleranceSeconds: integer(env, 'JWT_CLOCK_TOLERANCE_SECONDS', 30, 0, 300),
  };
}

/**
 * TRUST_PROXY: off by default (the client address is the TCP peer). A hop count (1 = one proxy in
 * front) or a comma-separated list of proxy addresses, subnets or Express's names (loopback,
 * linklocal, uniquelocal). "true" is refused: it believes the left-most X-Forwarded-For entry, which
 * any client can write, and would let an attacker pick the address login throttling counts.
 */
function trustProxy(env: Env): TrustProxy {
  const raw = env.TRUST_PROXY?.trim();
  if (!raw || ['0', 'false', 'no', 'off'].includes(raw.toLowerCase())) return false;
  if (['1', 'true', 'yes', 'on'].includes(raw.toLowerCase()) && raw !== '1') {
    throw new ConfigError("TRUST_PROXY=true would believe any client's X-Forwarded-For: give the number of proxies in front (e.g. 1) or their addresses");
  }
  if (/^\d+$/.test(raw)) return integer(env, 'TRUST_PROXY', 0, 1, 10);
  const entries = raw.split(',').map((entry) => entry.trim());
  const valid = /^(loopback|linklocal|uniquelocal|[0-9a-fA-F.:]+(\/\d{1,3})?)$/;
  if (entries.some((entry) => !valid.test(entry))) {
    throw new ConfigError(`TRUST_PROXY must be off, a hop count or proxy addresses/subnets (loopback, 10.0.0.0/8, …), got "${raw}"`);
  }
  return entries.join(',');
}

/** `CORS_ORIGINS`: comma-separated origins, each exactly `scheme://host[:port]` (no path, no wildcard). */
function corsOrigins(raw: string | undefined): string[] {
  if (!raw?.trim()) return [];
  return raw.split(',').map((entry) => {
    const text = entry.trim();
    let origin: string | undefined;
    try {
      const url = new URL(text);
      const bare = url.pathname === '/' && !url.search && !url.hash && !url.username && !url.password;
      if ((url.protocol === 'http:' || url.protocol === 'https:') && bare && !text.includes('*')) origin = url.origin;
    } catch {
      // reported below
    }
    if (!origin) {
      throw new ConfigError(
        `CORS_ORIGINS: "${entry.trim()}" is not an origin; list origins like https://shop.example.com or http://localhost:3000, separated by commas`,
      );
    }
    return origin;
  });
}

export function loadConfig(env: Env = process.env): Config {
  const nodeEnv = env.NODE_ENV === 'production' ? 'production' : env.NODE_ENV === 'test' ? 'test' : 'development';
  const production = nodeEnv === 'production';
  return {
    env: nodeEnv,
    host: env.HOST || '0.0.0.0',
    port: integer(env, 'PORT', 4000, 0, 65535),
    databaseUrl: env.DATABASE_URL || undefined,
    dataDir: env.DATA_DIR || '.data',
    embeddedPort: integer(env, 'EMBEDDED_PG_PORT', 54329, 1, 65535),
    dbPoolSize: integer(env, 'DB_POOL_SIZE', 10, 1, 200),
    dbPoolIdleSeconds: integer(env, 'DB_POOL_IDLE_SECONDS', 60, 1, 86400),
    seedDemo: boolean(env, 'SEED_DEMO', !production),
    jobsEnabled: boolean(env, 'JOBS_ENABLED', true),
    jwt: jwtConfig(env, production),
    loginThrottle: {
      maxFailuresPerAccount: integer(env, 'LOGIN_MAX_FAILURES_PER_ACCOUNT', 5, 1, 1000),
      maxFailuresPerAddress: integer(env, 'LOGIN_MAX_FAILURES_PER_ADDRESS', 30, 1, 100_000),
      windowSeconds: integer(env, 'LOGIN_THROTTLE_WINDOW_SECONDS', 900, 10, 24 * 3600),
    },
    trustProxy: trustProxy(env),
    introspection: boolean(env, 'GRAPHQL_INTROSPECTION', !production),
    limits: {
      maxDepth: integer(env, 'GRAPHQL_MAX_DEPTH', 12, 1, 100),
      maxAliases: integer(env, 'GRAPHQL_MAX_ALIASES', 15, 0, 1000),
      maxCost: integer(env, 'GRAPHQL_MAX_COST', 5000, 1, 10_000_000),
      maxTokens: integer(env, 'GRAPHQL_MAX_TOKENS', 2000, 10, 1_000_000),
      costPerMinute: integer(env, 'GRAPHQL_COST_BUDGET_PER_MINUTE', 100_000, 1, 1_000_000_000),
      maxBulkBodyBytes: integer(env, 'GRAPHQL_MAX_BULK_BODY_BYTES', 8 * 1024 * 1024, 1024 * 1024, 64 * 1024 * 1024),
    },
    logLevel: env.LOG_LEVEL || (nodeEnv === 'test' ? 'silent' : 'info'),
    shutdownGraceMs: integer(env, 'SHUTDOWN_GRACE_MS', 10000, 0, 120000),
    cors: { origins: corsOrigins(env.CORS_ORIGINS), allowLocalhost: !production },
  };
}
