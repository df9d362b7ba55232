import { randomBytes } from 'node:crypto';
import type { MikroORM } from '@mikro-orm/postgresql';
import pg from 'pg';
import { loadConfig, type Config } from '../../src/config.js';
import type { Clock } from '../../src/core/clock.js';
import { migrate } from '../../src/db/orm.js';
import { createAppOrm, startKefuApp } from '../../src/app/composition.js';
import type { RequestRecord, RunningApp } from '../../src/server/app.js';
import { createLogger } from '../../src/server/logger.js';
import { createMetrics } from '../../src/server/metrics.js';

export interface TestApp extends RunningApp {
  /** Records of the requests served so far, newest last. */
  requests: RequestRecord[];
  config: Config;
  orm: MikroORM;
  databaseUrl: string;
  /** A superuser connection to this file's database, for set-up and for inspecting what was written. */
  sql: pg.Pool;
  close: () => Promise<void>;
}

function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

async function migrateTemplateOnce(templateUrl: string): Promise<void> {
  const probe = new pg.Client({ connectionString: templateUrl });
  await probe.connect();
  const { rows } = await probe.query("select to_regclass('public.mikro_orm_migrations') is not null as migrated");
  await probe.end();
  if (rows[0].migrated) return;
  const orm = await createAppOrm({ databaseUrl: templateUrl, poolSize: 1 });
  try {
    await migrate(orm);
  } finally {
    await orm.close(true);
  }
}

export interface TestAppOptions {
  /**
   * 'bypassed': request transactions run as a role created for this file with kefu_app's grants
   * (it is a member of kefu_app) and BYPASSRLS, so row-level security lets everything through and
   * only the services' own tenant checks stand between tenants (AppDependencies.testOnlyDbRole).
   * Dropped again at close. Default 'enforced': the real `kefu_app`.
   */
  policies?: 'enforced' | 'bypassed';
  /** The clock every rule of the app reads (a ManualClock lets a test move time). */
  clock?: Clock;
}

/** Creates a role like kefu_app without row-level security (a superuser's job, as every test database's). */
async function createPolicyFreeRole(adminUrl: string): Promise<string> {
  const role = `kefu_app_nopolicy_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`create role ${role} nologin inherit bypassrls`);
    await admin.query(`grant kefu_app to ${role}`);
  } finally {
    await admin.end();
  }
  return role;
}

/** One database per test file, cloned from the migrated template, and the real HTTP server on it. */
export async function startTestApp(env: Record<string, string> = {}, options: TestAppOptions = {}): Promise<TestApp> {
  const adminUrl = process.env.KEFU_TEST_ADMIN_URL;
  const template = process.env.KEFU_TEST_TEMPLATE;
  if (!adminUrl || !template) throw new Error('test/helpers/global-setup.ts did not run');
  const database = `kefu_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    // The first test file to get here migrates the template; the others wait for it.
    await admin.query('select pg_advisory_lock(7761)');
    await migrateTemplateOnce(withDatabase(adminUrl, template));
    await admin.query(`create database ${database} template ${template}`);
  } finally {
    await admin.query('select pg_advisory_unlock(7761)').catch(() => {});
    await admin.end();
  }
  const databaseUrl = withDatabase(adminUrl, database);
  const config = loadConfig({ NODE_ENV: 'test', DATABASE_URL: databaseUrl, DB_POOL_SIZE: '25', ...env });
  const orm = await createAppOrm({ databaseUrl, poolSize: config.dbPoolSize, idleTimeoutMillis: config.dbPoolIdleSeconds * 1000 });
  const requests: RequestRecord[] = [];
  const policyFreeRole = options.policies === 'bypassed' ? await createPolicyFreeRole(adminUrl) : undefined;
  const running = await startKefuApp(
    {
      config,
      orm,
      logger: createLogger(process.env.TEST_LOG_LEVEL ?? 'silent'),
      metrics: createMetrics(),
      clock: options.clock,
      onRequest: (record) => requests.push(record),
      testOnlyDbRole: policyFreeRole,
    },
    { host: '127.0.0.1', port: 0 },
  );
  const sql = new pg.Pool({ connectionString: databaseUrl, max: 3 });
  // Dropping the database at close terminates whatever is still connected; that is expected.
  sql.on('error', () => {});
  return {
    ...running,
    requests,
    config,
    orm,
    databaseUrl,
    sql,
    close: async () => {
      await running.stop();
      await orm.close(true);
      await sql.end();
      const cleanup = new pg.Client({ connectionString: adminUrl });
      await cleanup.connect();
      await cleanup.query(`drop database if exists ${database} with (force)`).catch(() => {});
      if (policyFreeRole) await cleanup.query(`drop role if exists ${policyFreeRole}`).catch(() => {});
      await cleanup.end();
    },
  };
}
