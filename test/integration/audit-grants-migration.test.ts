import { randomBytes, randomUUID } from 'node:crypto';
import pg from 'pg';
import { createAppOrm } from '../../src/app/composition.js';
import { validCreditCode } from '../helpers/factories.js';

/**
 * Migration 20261203050000 ties the audit events written before it to their contract, by their
 * entity, although the log refuses UPDATE (a trigger) and row-level security is forced on every
 * table: as a superuser and as a database owner that is not one (the README's external PostgreSQL).
 * Each case migrates a fresh database up to the migration before, writes history as it stood, then
 * applies the rest.
 */
const BEFORE = 'Migration20261203040000_inspections';

function withDatabase(url: string, database: string, user?: { name: string; password: string }): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  if (user) {
    parsed.username = user.name;
    parsed.password = user.password;
  }
  return parsed.toString();
}

async function admin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: process.env.KEFU_TEST_ADMIN_URL });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** History as it stood before the migration, written as the superuser: a contract, its amendment and incident, events of each and of a requirement. */
async function history(sql: pg.Client): Promise<{ contract: string; events: Record<string, string> }> {
  const [merchant, vendor, user] = [randomUUID(), randomUUID(), randomUUID()];
  for (const [id, kind] of [
    [merchant, 'MERCHANT'],
    [vendor, 'VENDOR'],
  ]) {
    await sql.query(`insert into organization (id, kind, legal_name, credit_code, verification_status) values ($1, $2, $3, $4, 'VERIFIED')`, [
      id,
      kind,
      `Org ${kind}`,
      validCreditCode(),
    ]);
  }
  await sql.query(`insert into app_user (id, email, display_name) values ($1, 'm@example.test', 'M')`, [user]);
  const requirement = (
    await sql.query(
      `insert into requirement (id, merchant_id, status, title, service_scopes, channels, service_hours, seats_required, expected_monthly_volume, term_start, term_months, bid_deadline, visibility)
       values (gen_random_uuid(), $1, 'AWARDED', 'Hotline', '{HOTLINE}', '{PHONE}', '{}', 10, 1000, '2026-09-01', 3, now(), 'PUBLIC') returning id`,
      [merchant],
    )
  ).rows[0].id;
  const bid = (
    await sql.query(
      `insert into bid (id, requirement_id, merchant_id, vendor_id, status, total_contract_value) values (gen_random_uuid(), $1, $2, $3, 'ACCEPTED', 1) returning id`,
      [requirement, merchant, vendor],
    )
  ).rows[0].id;
  const contract = (
    await sql.query(
      `insert into contract (id, merchant_id, vendor_id, requirement_id, bid_id, start_date, term_months, terms) values (gen_random_uuid(), $1, $2, $3, $4, '2026-09-01', 3, '{}') returning id`,
      [merchant, vendor, requirement, bid],
    )
  ).rows[0].id as string;
  const amendment = (
    await sql.query(
      `insert into contract_amendment (id, contract_id, merchant_id, vendor_id, number, effective_from, changes, reason, proposed_by_organization, proposed_at)
       values (gen_random_uuid(), $1, $2, $3, 1, '2026-10-01', '{}', 'Reason.', $2, now()) returning id`,
      [contract, merchant, vendor],
    )
  ).rows[0].id;
  const incident = (
    await sql.query(
      `insert into incident (id, contract_id, merchant_id, vendor_id, kind, status, started_at, cause, reported_by_organization, reported_at)
       values (gen_random_uuid(), $1, $2, $3, 'DATA_BREACH', 'REPORTED', now(), 'Leak.', $3, now()) returning id`,
      [contract, merchant, vendor],
    )
  ).rows[0].id;
  const events: Record<string, string> = {};
  for (const [key, organization, action, type, id] of [
    ['create', merchant, 'contract.create', 'Contract', contract],
    ['usage', vendor, 'usage.report', 'Contract', contract],
    ['amendment', merchant, 'contract.amendment.propose', 'ContractAmendment', amendment],
    ['incident', vendor, 'incident.report', 'Incident', incident],
    ['requirement', merchant, 'requirement.award', 'Requirement', requirement],
    ['unknown', merchant, 'contract.sign', 'Contract', randomUUID()],
  ]) {
    events[key!] = (
      await sql.query(`insert into audit_event (organization_id, action, entity_type, entity_id) values ($1, $2, $3, $4) returning id`, [
        organization,
        action,
        type,
        id,
      ])
    ).rows[0].id;
  }
  return { contract, events };
}

/**
 * Migrates a fresh database to BEFORE as the superuser, writes history, hands every table to `owner`
 * (when given) and applies the rest as that owner. (The earlier migrations are not run as a
 * non-superuser owner: Migration20261123020000_calendar writes its notices into a table whose forced
 * row-level security refuses them to such an owner.)
 */
async function migrateWithHistory(owner?: { name: string; password: string }) {
  const database = `kefu_test_mig_${randomBytes(6).toString('hex')}`;
  const adminUrl = process.env.KEFU_TEST_ADMIN_URL!;
  await admin((client) => client.query(`create database ${database}${owner ? ` owner ${owner.name}` : ''}`));
  const before = await createAppOrm({ databaseUrl: withDatabase(adminUrl, database), poolSize: 1 });
  const sql = new pg.Client({ connectionString: withDatabase(adminUrl, database) });
  let orm = before;
  try {
    // The first migrations create the cluster's roles (kefu_app, kefu_auth) when they are missing: not
    // at the same time as another file migrating the test template (test-app.ts takes the same lock),
    // or both may find a role missing and the second fails to create it.
    await admin(async (client) => {
      await client.query('select pg_advisory_lock(7761)');
      try {
        await before.migrator.up({ to: BEFORE });
      } finally {
        await client.query('select pg_advisory_unlock(7761)');
      }
    });
    await before.close(true);
    await sql.connect();
    const written = await history(sql);
    if (owner) {
      await sql.query(`do $$ declare r record; begin
        for r in select tablename from pg_tables where schemaname = 'public' loop execute format('alter table %I owner to ${owner.name}', r.tablename); end loop;
      end $$`);
    }
    orm = await createAppOrm({ databaseUrl: withDatabase(adminUrl, database, owner), poolSize: 1 });
    await orm.migrator.up();
    const { rows } = await sql.query(`select id::text, contract_id from audit_event where id = any($1::bigint[]) order by id`, [Object.values(written.events)]);
    const contractOf = Object.fromEntries(Object.entries(written.events).map(([key, id]) => [key, rows.find((r) => r.id === id)?.contract_id]));
    const triggers = (await sql.query(`select tgname, tgenabled from pg_trigger where tgrelid = 'audit_event'::regclass and not tgisinternal order by 1`)).rows;
    const unforced = (
      await sql.query(`select relname from pg_class c join pg_namespace n on n.oid = c.relnamespace
        where n.nspname = 'public' and c.relkind in ('r', 'p') and c.relrowsecurity and not c.relforcerowsecurity`)
    ).rows;
    return { contract: written.contract, contractOf, triggers, unforced };
  } finally {
    await orm.close(true);
    await sql.end().catch(() => {});
    await admin((client) => client.query(`drop database if exists ${database} with (force)`));
  }
}

function expectBackfilled(result: Awaited<ReturnType<typeof migrateWithHistory>>) {
  expect(result.contractOf).toEqual({
    create: result.contract,
    usage: result.contract,
    amendment: result.contract,
    incident: result.contract,
    requirement: null,
    unknown: null,
  });
  expect(result.triggers).toEqual([
    { tgname: 'audit_event_append_only', tgenabled: 'O' },
    { tgname: 'audit_event_no_truncate', tgenabled: 'O' },
  ]);
  expect(result.unforced).toEqual([]);
}

test('as a superuser: earlier events get their contract; the log is append-only and every policy forced again', async () => {
  expectBackfilled(await migrateWithHistory());
}, 60_000);

test('as a database owner that is not a superuser (row-level security forced on the owner)', async () => {
  const owner = { name: `kefu_owner_${randomBytes(4).toString('hex')}`, password: randomBytes(12).toString('hex') };
  await admin(async (client) => {
    await client.query(`create role ${owner.name} login createrole password '${owner.password}'`);
    // The first migration grants itself the application roles (made by an earlier run): it needs their admin option.
    await client.query(`grant kefu_app, kefu_auth to ${owner.name} with admin option`);
  });
  try {
    expectBackfilled(await migrateWithHistory(owner));
  } finally {
    await admin((client) => client.query(`drop role if exists ${owner.name}`)).catch(() => {});
  }
}, 60_000);
