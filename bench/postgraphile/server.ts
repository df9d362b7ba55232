/**
 * The peer of bench/all.bench.ts: PostGraphile v5 (amber preset, grafserv on node:http) over the
 * product's database after its migrations and bench/postgraphile/peer-schema.sql, with the API's JWT
 * checks and the API's per-request tenant settings, so that the same row-level security decides
 * every row. Adapted from /work/shared/perf-peer/server.mjs.
 *   JWT: HS256, key by `kid`, issuer and audience pinned, exp required, 30 s clock tolerance, the
 *        claim checks of src/auth/jwt.ts (verifyToken) — except `sid`: the session is not checked.
 *   pgSettings: role = kefu_app, app.org_id, app.user_id, app.role, app.platform_admin — the values
 *        of src/db/tenant-transaction.ts (tenantSetupSql), which PostGraphile sets with
 *        set_config(..., true) in a transaction of its own around each of its queries.
 * Env: DATABASE_URL (a role that may SET ROLE kefu_app), PORT, HOST, DB_POOL_SIZE, JWT_SECRET,
 * JWT_ISSUER, JWT_AUDIENCE, JWT_KID (defaults: src/config.ts's), PRINT_SCHEMA=file writes the SDL.
 * Run with GRAPHILE_ENV=production (Grafast's production mode).
 *
 * For the bench only: GET /bench-stats answers how many GraphQL requests were served and how many
 * SQL statements (each its own round trip) and transactions the pool's clients sent.
 */
import { createSecretKey, type KeyObject } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { createServer, type ServerResponse } from 'node:http';
import jwt from 'jsonwebtoken';
import pg from 'pg';
import { postgraphile } from 'postgraphile';
import { makePgService } from 'postgraphile/adaptors/pg';
import { SafeError } from 'postgraphile/grafast';
import { printSchema } from 'postgraphile/graphql';
import { grafserv } from 'postgraphile/grafserv/node';
import { PostGraphileAmberPreset } from 'postgraphile/presets/amber';
import { jsonPgSmartTags } from 'postgraphile/utils';

const DEVELOPMENT_JWT_SECRET = 'kefu-dev-only-secret-do-not-use-in-production'; // src/config.ts
const JWT = {
  kid: process.env.JWT_KID || 'k1',
  secret: process.env.JWT_SECRET || DEVELOPMENT_JWT_SECRET,
  issuer: process.env.JWT_ISSUER || 'kefu-exchange',
  audience: process.env.JWT_AUDIENCE || 'kefu-exchange-api',
  clockToleranceSeconds: 30,
};
const verificationKeys = new Map<string, KeyObject>([[JWT.kid, createSecretKey(Buffer.from(JWT.secret, 'utf8'))]]);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ORGANIZATION_KINDS = new Set(['MERCHANT', 'VENDOR', 'AUDIT_FIRM']);
const MEMBERSHIP_ROLES = new Set(['OWNER', 'PROCUREMENT', 'INSPECTOR', 'FINANCE', 'VIEWER', 'SALES', 'OPERATIONS', 'AUDITOR']);
const SAFE_VALUE = /^[A-Za-z0-9_-]*$/;

interface Settings {
  organizationId: string;
  userId: string;
  role: string;
  platformAdmin: boolean;
}

function unauthenticated(message = 'Invalid or expired token: sign in again.'): SafeError {
  return new SafeError(message, { code: 'UNAUTHENTICATED', statusCode: 401 });
}

/** src/auth/jwt.ts verifyToken, same library and checks (but not `sid`); returns the tenant settings. */
function tenantSettings(authorization: string | undefined): Settings {
  if (!authorization) return { organizationId: '', userId: '', role: '', platformAdmin: false };
  const match = /^Bearer\s+(\S+)$/i.exec(authorization);
  if (!match) throw unauthenticated('Authorization header must be "Bearer <token>".');
  const token = match[1]!;
  const decoded = jwt.decode(token, { complete: true });
  if (!decoded || typeof decoded.payload === 'string') throw unauthenticated();
  const key = decoded.header.kid === undefined ? undefined : verificationKeys.get(decoded.header.kid);
  if (!key) throw unauthenticated();
  let claims: jwt.JwtPayload;
  try {
    claims = jwt.verify(token, key, {
      algorithms: ['HS256'],
      issuer: JWT.issuer,
      audience: JWT.audience,
      clockTolerance: JWT.clockToleranceSeconds,
      complete: false,
    }) as jwt.JwtPayload;
  } catch {
    throw unauthenticated();
  }
  if (typeof claims.exp !== 'number') throw unauthenticated();
  const userId = claims.sub;
  if (typeof userId !== 'string' || !UUID.test(userId)) throw unauthenticated();
  if (claims.role === 'PLATFORM_ADMIN' && claims.org === undefined) {
    return { organizationId: '', userId, role: 'PLATFORM_ADMIN', platformAdmin: true };
  }
  const { org, org_kind: orgKind, role } = claims as Record<string, unknown>;
  if (typeof org !== 'string' || !UUID.test(org) || !ORGANIZATION_KINDS.has(orgKind as string) || !MEMBERSHIP_ROLES.has(role as string)) {
    throw unauthenticated();
  }
  return { organizationId: org, userId, role: role as string, platformAdmin: false };
}

/** src/db/tenant-transaction.ts tenantSetupSql, as pgSettings (without `app.now` and the session check). */
function pgSettingsFor(s: Settings): Record<string, string> {
  for (const value of [s.organizationId, s.userId, s.role]) {
    if (!SAFE_VALUE.test(value)) throw new Error('unsafe tenant setting value');
  }
  return {
    role: 'kefu_app',
    'app.org_id': s.organizationId,
    'app.user_id': s.userId,
    'app.role': s.role,
    'app.platform_admin': s.platformAdmin ? 'on' : '',
  };
}

// Keep out of the schema what the API does not serve as queries: its definer functions for
// authentication and jobs, the RLS helper functions, and the migrations' bookkeeping.
const hidden = [
  'auth_login_candidates',
  'auth_user_id_by_email',
  'auth_api_key',
  'auth_credit_code_taken',
  'auth_organization_kind',
  'auth_invitation',
  'auth_login_attempt',
  'auth_login_succeeded',
  'auth_session_check',
  'auth_session_open',
  'auth_session_refresh',
  'auth_session_revoke',
  'app_current_org',
  'app_current_user',
  'app_is_platform_admin',
  'app_now',
  'app_vendor_sees_requirement',
  'app_bidding_closed',
  'requirement_bid_count',
  'jobs_requirements_past_deadline',
  'jobs_purge_idempotency_keys',
  'jobs_purge_auth_state',
];
const KefuTagsPlugin = jsonPgSmartTags({
  version: 1,
  config: {
    procedure: {
      ...Object.fromEntries(hidden.map((name) => [name, { tags: { behavior: ['-*'] } }])),
      // `condition: { biddable: true }` on requirement connections.
      requirement_biddable: { tags: { behavior: ['+filterBy'] } },
    },
    class: {
      mikro_orm_migrations: { tags: { behavior: ['-*'] } },
      // The partial index requirement_open_idx (status, bid_deadline) serves these: let clients
      // filter by status and order by deadline (PgIndexBehaviorsPlugin only counts full indexes).
      requirement: { attribute: { status: { tags: { isIndexed: true } }, bid_deadline: { tags: { isIndexed: true } } } },
    },
  },
});

// Our own pool, so that its clients' statements can be counted (as the API's instrumented pool does).
const stats = { requests: 0, statements: 0, transactions: 0 };
const pool = new pg.Pool({
  connectionString: process.env.DATABASE_URL,
  max: Number(process.env.DB_POOL_SIZE ?? 10),
  idleTimeoutMillis: Number(process.env.DB_POOL_IDLE_SECONDS ?? 10) * 1000,
});
const counted = new WeakSet<pg.PoolClient>();
pool.on('connect', (client) => {
  if (counted.has(client)) return;
  counted.add(client);
  const query = client.query.bind(client) as (...args: unknown[]) => unknown;
  (client as unknown as { query: (...args: unknown[]) => unknown }).query = (...args: unknown[]) => {
    stats.statements += 1;
    const text = typeof args[0] === 'string' ? args[0] : (args[0] as { text?: unknown } | undefined)?.text;
    if (typeof text === 'string' && /^\s*begin\b/i.test(text)) stats.transactions += 1;
    return query(...args);
  };
});
pool.on('error', (error) => console.error('pool client error', error));

const port = Number(process.env.PORT ?? 5678);
const host = process.env.HOST ?? '127.0.0.1';

const preset: GraphileConfig.Preset = {
  extends: [PostGraphileAmberPreset],
  plugins: [KefuTagsPlugin],
  pgServices: [makePgService({ pool, schemas: ['public'], pubsub: false })],
  gather: { installWatchFixtures: false },
  grafserv: { port, host, graphqlPath: '/graphql', graphiql: false, watch: false, maxRequestLength: 1024 * 1024 },
  grafast: {
    explain: process.env.PG5_EXPLAIN === '1',
    context(requestContext) {
      const req = requestContext.node?.req;
      return { pgSettings: pgSettingsFor(tenantSettings(req?.headers.authorization)) };
    },
  },
};

const pgl = postgraphile(preset);
const serv = pgl.createServ(grafserv);
// No websockets (no subscriptions here): a plain handler, with the bench's counters beside it.
const handle = serv.createHandler();
const server = createServer((req, res) => {
  if (req.method === 'GET' && req.url === '/bench-stats') return sendStats(res);
  if (req.url === '/graphql') stats.requests += 1;
  handle(req, res);
});
function sendStats(res: ServerResponse): void {
  res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(stats));
}
server.on('error', (error) => {
  console.error(error);
  process.exit(1);
});
const schema = await pgl.getSchema();
if (process.env.PRINT_SCHEMA) writeFileSync(process.env.PRINT_SCHEMA, printSchema(schema));
server.listen(port, host, () => process.stdout.write(`postgraphile ready on http://${host}:${port}/graphql\n`));

let stopping = false;
const stop = () => {
  if (stopping) return;
  stopping = true;
  server.close(() => {
    Promise.resolve(pgl.release())
      .then(() => pool.end())
      .then(
        () => process.exit(0),
        () => process.exit(1),
      );
  });
  server.closeAllConnections();
  setTimeout(() => process.exit(0), 5000).unref();
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
