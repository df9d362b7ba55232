/**
 * Operators: issue a bearer token for a person without their password.
 *   npm run token -- --email owner@merchant.demo [--organization <credit code or id>] [--ttl 3600]
 * The token gets its own session (no refresh token), which ends when the token expires; like any
 * other, it stops working if the person is removed or their role changes.
 * Uses DATABASE_URL, or the embedded server of `npm start` (started here if it is not running).
 * The token goes to stdout alone, so it can be captured: TOKEN=$(npm run -s token -- --email …)
 */
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { loadConfig } from '../config.js';
import { EMBEDDED_DATABASE_NAME } from '../db/database.js';
import { EmbeddedPostgresError, startEmbeddedPostgres, type EmbeddedDatabase } from '../db/embedded.js';
import { issueToken, PLATFORM_ADMIN_ROLE } from './jwt.js';
import type { MembershipRole } from '../core/roles.js';
import type { OrganizationKind } from '../core/organization-kind.js';

interface Candidate {
  user_id: string;
  is_platform_admin: boolean;
  organization_id: string | null;
  organization_name: string | null;
  organization_kind: OrganizationKind | null;
  role: MembershipRole | null;
  credit_code: string | null;
}

function fail(message: string): never {
  console.error(message);
  process.exit(1);
}

const USAGE = `Issue a bearer token for a person, without their password (operators only).

Usage: npm run -s token -- --email <e-mail> [--organization <credit code or id>] [--ttl <seconds>]

  --email <e-mail>          the person (required)
  --organization <code|id>  which organization, when the person belongs to several
                            (its unified social credit code or id; the choices are listed if missing)
  --ttl <seconds>           token lifetime (default JWT_TTL_SECONDS, 3600)
  -h, --help                this text

Reads DATABASE_URL, or the embedded database of npm start (DATA_DIR, EMBEDDED_PG_PORT), and the JWT
settings of the server (JWT_SECRET, JWT_KID, ...). The token alone goes to stdout:
  TOKEN=$(npm run -s token -- --email owner@merchant.demo)`;

let values: { email?: string; organization?: string; ttl?: string; help?: boolean };
try {
  ({ values } = parseArgs({
    options: { email: { type: 'string' }, organization: { type: 'string' }, ttl: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  }));
} catch (error) {
  fail(`${(error as Error).message}\n\n${USAGE}`);
}
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}
if (!values.email) fail(`--email is required.\n\n${USAGE}`);
let config;
try {
  config = loadConfig({ ...process.env, ...(values.ttl ? { JWT_TTL_SECONDS: values.ttl } : {}) });
} catch (error) {
  fail(`Configuration error: ${(error as Error).message}`);
}

let embedded: EmbeddedDatabase | null = null;
let client: pg.Client;
if (config.databaseUrl) {
  client = new pg.Client({ connectionString: config.databaseUrl });
  await client.connect();
} else {
  const url = `postgres://postgres:kefu-embedded@127.0.0.1:${config.embeddedPort}/${EMBEDDED_DATABASE_NAME}`;
  client = new pg.Client({ connectionString: url });
  try {
    await client.connect();
  } catch {
    if (!existsSync(path.join(config.dataDir, 'pg', 'PG_VERSION'))) fail(`no database in ${config.dataDir}/: run npm start once first, or set DATABASE_URL`);
    try {
      embedded = await startEmbeddedPostgres(config.dataDir, config.embeddedPort);
    } catch (error) {
      if (error instanceof EmbeddedPostgresError) fail(error.message);
      throw error;
    }
    client = new pg.Client({ connectionString: embedded.url(EMBEDDED_DATABASE_NAME) });
    try {
      await client.connect();
    } catch (error) {
      await embedded.stop();
      fail(`cannot open the embedded database: ${(error as Error).message}`);
    }
  }
}

try {
  const { rows } = await client.query<Candidate>(
    `select c.*, o.credit_code from auth_login_candidates($1) c left join lateral (select credit_code from organization where id = c.organization_id) o on true`,
    [values.email],
  );
  if (!rows.length) fail(`no account with e-mail ${values.email}`);
  const memberships = rows.filter((r) => r.organization_id);
  const wanted = values.organization;
  const chosen = wanted
    ? memberships.find((m) => m.organization_id === wanted || m.credit_code === wanted.toUpperCase())
    : memberships.length === 1
      ? memberships[0]
      : undefined;
  const sessionId = randomUUID();
  const openSession = (organizationId: string | null) =>
    client.query('select auth_session_open($1, $2, $3, null, $4)', [
      sessionId,
      rows[0]!.user_id,
      organizationId,
      config.jwt.ttlSeconds + config.jwt.clockToleranceSeconds,
    ]);
  let token: string;
  if (!wanted && memberships.length === 0 && rows[0]!.is_platform_admin) {
    await openSession(null);
    token = issueToken(config.jwt, { userId: rows[0]!.user_id, sessionId, role: PLATFORM_ADMIN_ROLE }).token;
  } else if (!chosen) {
    fail(`choose an organization with --organization:\n${memberships.map((m) => `  ${m.credit_code}  ${m.organization_name} (${m.role})`).join('\n')}`);
  } else {
    await openSession(chosen.organization_id);
    token = issueToken(config.jwt, {
      userId: chosen.user_id,
      sessionId,
      organizationId: chosen.organization_id!,
      organizationKind: chosen.organization_kind!,
      role: chosen.role!,
    }).token;
  }
  console.log(token);
} finally {
  await client.end();
  await embedded?.stop();
}
