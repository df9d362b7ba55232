import { MembershipRole } from '../../src/core/roles.js';
import { OrganizationKind } from '../../src/modules/organizations/organization.entity.js';
import { gql } from '../helpers/client.js';
import { createOrg, TEST_PASSWORD, validCreditCode, type TestOrg } from '../helpers/factories.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';
import { asApp } from '../helpers/as-app.js';

/** The database enforces tenant isolation by itself, whatever the application does. */
let app: TestApp;
let a: TestOrg;
let b: TestOrg;
let tables: string[];

beforeAll(async () => {
  app = await startTestApp();
  a = await createOrg(app, { kind: OrganizationKind.MERCHANT, roles: [MembershipRole.OWNER, MembershipRole.FINANCE] });
  b = await createOrg(app, { kind: OrganizationKind.VENDOR, roles: [MembershipRole.OWNER, MembershipRole.SALES] });
  for (const org of [a, b]) {
    await gql(app, `mutation { apiKeyCreate(input: { name: "k", role: VIEWER }) { userErrors { code } } }`, {}, { token: org.owner.token });
  }
  await insertMarketplaceRows(a.id, b.id);
  // A login (session + refresh token) and a wrong password (throttle counters), so no table is empty.
  await gql(app, `mutation($email: String!) { login(input: { email: $email, password: "${TEST_PASSWORD}" }) { token } }`, { email: a.owner.email });
  await gql(app, `mutation { login(input: { email: "nobody@example.test", password: "wrong-password" }) { token } }`);
  const { rows } = await app.sql.query<{ relname: string }>(
    `select c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace
     where n.nspname = 'public' and c.relkind in ('r', 'p') and c.relname <> 'mikro_orm_migrations' order by 1`,
  );
  tables = rows.map((r) => r.relname);
});
afterAll(() => app.close());

/** One row in every marketplace table (as the superuser), so that "reads 0 rows" means something. */
async function insertMarketplaceRows(merchantId: string, vendorId: string) {
  const requirement = (
    await app.sql.query(
      `insert into requirement (id, merchant_id, status, title, service_scopes, channels, service_hours, seats_required, expected_monthly_volume, term_start, term_months, bid_deadline, visibility, published_at)
     values (gen_random_uuid(), $1, 'OPEN', 'Pre-sales chat', '{PRE_SALES}', '{ONLINE_CHAT}', '{"daysOfWeek":[1,2,3,4,5,6,7],"startTime":"09:00","endTime":"18:00","timeZone":"Asia/Shanghai"}', 10, 50000, '2027-01-01', 12, now() + interval '7 days', 'INVITED', now()) returning id`,
      [merchantId],
    )
  ).rows[0].id;
  await app.sql.query('insert into requirement_invitation (requirement_id, vendor_id, merchant_id) values ($1, $2, $3)', [requirement, vendorId, merchantId]);
  const question = (
    await app.sql.query(
      `insert into requirement_question (id, requirement_id, merchant_id, question) values (gen_random_uuid(), $1, $2, 'Peak plan for 11.11?') returning id`,
      [requirement, merchantId],
    )
  ).rows[0].id;
  await app.sql.query('insert into requirement_question_asker (question_id, vendor_id) values ($1, $2)', [question, vendorId]);
  const bid = (
    await app.sql.query(
      `insert into bid (id, requirement_id, merchant_id, vendor_id, total_contract_value) values (gen_random_uuid(), $1, $2, $3, 1000000) returning id`,
      [requirement, merchantId, vendorId],
    )
  ).rows[0].id;
  await app.sql.query(
    `insert into bid_revision (id, bid_id, merchant_id, vendor_id, revision, staffing, pricing) values (gen_random_uuid(), $1, $2, $3, 1, '{}', '{}')`,
    [bid, merchantId, vendorId],
  );
  const contract = (
    await app.sql.query(
      `insert into contract (id, merchant_id, vendor_id, requirement_id, bid_id, start_date, term_months, terms) values (gen_random_uuid(), $1, $2, $3, $4, '2027-01-01', 12, '{}') returning id`,
      [merchantId, vendorId, requirement, bid],
    )
  ).rows[0].id;
  await app.sql.query(
    `insert into contract_amendment (id, contract_id, merchant_id, vendor_id, number, effective_from, changes, reason, proposed_by_organization, proposed_at)
     values (gen_random_uuid(), $1, $2, $3, 1, '2027-02-01', '{}', 'Longer transition.', $2, now())`,
    [contract, merchantId, vendorId],
  );
  const notice = (
    await app.sql.query(
      `insert into contract_breach_notice (id, contract_id, merchant_id, vendor_id, notified_by_organization, reason, notified_at, cure_due_at)
       values (gen_random_uuid(), $1, $2, $3, $2, 'Unstaffed nights.', now(), now() + interval '30 days') returning id`,
      [contract, merchantId, vendorId],
    )
  ).rows[0].id;
  await app.sql.query(
    `insert into contract_termination_right (id, contract_id, merchant_id, vendor_id, holder_organization, source, arises_at, evidence, breach_notice_id)
     values (gen_random_uuid(), $1, $2, $3, $2, 'UNCURED_BREACH', now(), '{}', $4)`,
    [contract, merchantId, vendorId, notice],
  );
  // Incidents: an outage reported by the vendor.
  await app.sql.query(
    `insert into incident (id, contract_id, merchant_id, vendor_id, kind, status, started_at, ended_at, cause, reported_by_organization, reported_at)
     values (gen_random_uuid(), $1, $2, $3, 'OUTAGE', 'NOT_EXEMPT', '2027-01-05T02:00:00Z', '2027-01-05T03:00:00Z', 'Carrier line down.', $3, now())`,
    [contract, merchantId, vendorId],
  );
  // Usage: a day, a locked month and a contact record (in its month's partition, created as the service would).
  await app.sql.query(
    `insert into usage_day (contract_id, merchant_id, vendor_id, day, reported_qualified_contacts, reported_total_contacts) values ($1, $2, $3, '2027-01-02', 1, 1)`,
    [contract, merchantId, vendorId],
  );
  await app.sql.query(`insert into usage_locked_month (contract_id, merchant_id, vendor_id, month) values ($1, $2, $3, '2027-01-01')`, [
    contract,
    merchantId,
    vendorId,
  ]);
  await app.sql.query(`select usage_ensure_contact_record_partitions('{2027-01-01}')`);
  await app.sql.query(
    `insert into contact_record (contract_id, vendor_id, month, day, external_id, channel, agent_ref, started_at, duration_seconds, qualified, received_at)
     values ($1, $2, '2027-01-01', '2027-01-02', 'c-1', 'PHONE', 'agent-1', '2027-01-02T02:00:00Z', 60, true, now())`,
    [contract, vendorId],
  );
  // KPIs: a measurement and a rectification notice.
  await app.sql.query(
    `insert into kpi_measurement (contract_id, merchant_id, vendor_id, metric, day, value, comparator, target, unit, weight, met, reported_by_organization, reported_at)
     values ($1, $2, $3, 'FIRST_RESPONSE_SECONDS', '2027-01-02', 20, 'AT_MOST', 15, 's', 1, false, $3, now())`,
    [contract, merchantId, vendorId],
  );
  await app.sql.query(
    `insert into kpi_rectification_notice (id, contract_id, merchant_id, vendor_id, metric, days, opened_at) values (gen_random_uuid(), $1, $2, $3, 'FIRST_RESPONSE_SECONDS', '{2027-01-02}', now())`,
    [contract, merchantId, vendorId],
  );
  // Quality inspections: a scorecard, a failed inspection with one sampled contact, and its rectification.
  await app.sql.query(
    `insert into inspection_scorecard (id, contract_id, merchant_id, vendor_id, version, criteria, pass_mark, weekly_sample_size, created_at)
     values (gen_random_uuid(), $1, $2, $3, 1, '[{"name":"Greeting","weight":"1.0000","critical":false}]', 80, 50, now())`,
    [contract, merchantId, vendorId],
  );
  const inspection = (
    await app.sql.query(
      `insert into inspection (id, contract_id, merchant_id, vendor_id, number, week, week_start, week_end, status, result, scorecard, sample_method, score, failure_number, created_at, scored_at)
       values (gen_random_uuid(), $1, $2, $3, 1, '2027-W01', '2027-01-04', '2027-01-10', 'SCORED', 'FAILED', '{}', 'ENTERED', 50, 1, now(), now()) returning id`,
      [contract, merchantId, vendorId],
    )
  ).rows[0].id;
  await app.sql.query(
    `insert into inspection_sample (inspection_id, position, contract_id, merchant_id, vendor_id, external_id, channel, started_at, duration_seconds)
     values ($1, 1, $2, $3, $4, 'c-1', 'PHONE', '2027-01-04T02:00:00Z', 60)`,
    [inspection, contract, merchantId, vendorId],
  );
  await app.sql.query(
    `insert into inspection_rectification (id, inspection_id, contract_id, merchant_id, vendor_id, opened_at, due_at) values (gen_random_uuid(), $1, $2, $3, $4, now(), now() + interval '48 hours')`,
    [inspection, contract, merchantId, vendorId],
  );
  await app.sql.query(`insert into idempotency_key (organization_id, key, operation, request_hash) values ($1, 'k1', 'bidSubmit', 'h')`, [vendorId]);
  // Statements: a draft with one line, a payment and a dispute (written as the superuser, whatever the workflow).
  const statement = (
    await app.sql.query(
      `insert into statement (id, contract_id, merchant_id, vendor_id, period_start, version, status, service_charges, deductions, subtotal, vat_rate, vat, fees, total, inputs, generated_at, issue_deadline, due_date)
       values (gen_random_uuid(), $1, $2, $3, '2027-01-01', 1, 'DRAFT', 100, 0, 100, 0.06, 6, 0, 106, '{}', now(), '2027-02-05', '2027-02-20') returning id`,
      [contract, merchantId, vendorId],
    )
  ).rows[0].id;
  await app.sql.query(
    `insert into statement_line (statement_id, position, contract_id, merchant_id, vendor_id, section, kind, description, amount, evidence)
     values ($1, 1, $2, $3, $4, 'SERVICE_CHARGE', 'FIXED_FEE', 'Fixed monthly fee', 100, '{}')`,
    [statement, contract, merchantId, vendorId],
  );
  await app.sql.query(
    `insert into statement_dispute (statement_id, position, merchant_id, vendor_id, reason, disputed_at) values ($1, 1, $2, $3, 'Not agreed', now())`,
    [statement, merchantId, vendorId],
  );
  await app.sql.query(
    `insert into statement_payment (id, statement_id, contract_id, merchant_id, vendor_id, paid_on, amount, recorded_by_organization, recorded_at, due_date)
     values (gen_random_uuid(), $1, $2, $3, $4, '2027-02-10', 10, $3, now(), '2027-02-20')`,
    [statement, contract, merchantId, vendorId],
  );
  // An audit grant of the contract to an audit firm.
  const firm = (
    await app.sql.query(
      `insert into organization (id, kind, legal_name, credit_code, verification_status) values (gen_random_uuid(), 'AUDIT_FIRM', 'Audit firm', $1, 'VERIFIED') returning id`,
      [validCreditCode()],
    )
  ).rows[0].id;
  const granter = (await app.sql.query(`select user_id from membership where organization_id = $1 limit 1`, [merchantId])).rows[0].user_id;
  await app.sql.query(`insert into audit_grant (id, merchant_id, audit_firm_id, contract_ids, created_by) values (gen_random_uuid(), $1, $2, $3, $4)`, [
    merchantId,
    firm,
    [contract],
    granter,
  ]);
}

test('every table has row-level security enabled and forced, with at least one policy', async () => {
  expect(tables).toEqual(
    expect.arrayContaining(['organization', 'organization_private', 'vendor_profile', 'app_user', 'membership', 'api_key', 'audit_event']),
  );
  const { rows } = await app.sql.query(
    `select c.relname, c.relrowsecurity, c.relforcerowsecurity, (select count(*)::int from pg_policies p where p.schemaname = 'public' and p.tablename = c.relname) as policies
     from pg_class c where c.relname = any($1) order by 1`,
    [tables],
  );
  for (const row of rows)
    expect({ table: row.relname, enabled: row.relrowsecurity, forced: row.relforcerowsecurity, hasPolicy: row.policies > 0 }).toEqual({
      table: row.relname,
      enabled: true,
      forced: true,
      hasPolicy: true,
    });
  // Every table with a tenant column is among them.
  const { rows: tenantTables } = await app.sql.query(
    `select distinct table_name from information_schema.columns where table_schema = 'public' and column_name in ('organization_id', 'merchant_id')`,
  );
  for (const { table_name } of tenantTables) expect(rows.find((r) => r.relname === table_name)?.relforcerowsecurity).toBe(true);
});

test('the application role is not superuser, has no BYPASSRLS, cannot log in and owns nothing', async () => {
  const { rows } = await app.sql.query(`select rolsuper, rolbypassrls, rolcanlogin from pg_roles where rolname = 'kefu_app'`);
  expect(rows).toEqual([{ rolsuper: false, rolbypassrls: false, rolcanlogin: false }]);
  const { rows: owned } = await app.sql.query(`select count(*)::int as n from pg_class c join pg_roles r on r.oid = c.relowner where r.rolname = 'kefu_app'`);
  expect(owned[0].n).toBe(0);
});

test('as the application role without tenant settings, every table reads 0 rows (though none is empty)', async () => {
  const counts: Record<string, number> = {};
  for (const table of tables) {
    const { rows } = await app.sql.query(`select count(*)::int as n from ${table}`);
    counts[table] = rows[0].n;
  }
  for (const table of tables) expect({ table, empty: counts[table] === 0 }).toEqual({ table, empty: false });
  // Session and throttle tables are not even readable by the application role (definer functions only).
  const { rows: privileged } = await app.sql.query<{ relname: string }>(
    `select relname from pg_class where relname = any($1) and has_table_privilege('kefu_app', oid, 'select') order by 1`,
    [tables],
  );
  const readable = privileged.map((r) => r.relname);
  expect(tables.filter((t) => !readable.includes(t))).toEqual(['auth_refresh_token', 'auth_session', 'login_throttle']);
  const seen = await asApp(app, {}, async (client) => {
    const result: Record<string, number> = {};
    for (const table of readable) result[table] = (await client.query(`select count(*)::int as n from ${table}`)).rows[0].n;
    return result;
  });
  expect(seen).toEqual(Object.fromEntries(readable.map((t) => [t, 0])));
});

test('the application role has no privilege on sessions, refresh tokens and login counters, whatever its settings', async () => {
  for (const table of ['auth_session', 'auth_refresh_token', 'login_throttle']) {
    const { rows } = await app.sql.query(
      `select bool_or(has_table_privilege('kefu_app', $1, p)) as any from unnest(array['select', 'insert', 'update', 'delete', 'truncate']) p`,
      [table],
    );
    expect({ table, any: rows[0].any }).toEqual({ table, any: false });
    await expect(asApp(app, { 'app.org_id': a.id, 'app.user_id': a.owner.userId }, (client) => client.query(`select * from ${table}`))).rejects.toThrow(
      /permission denied/,
    );
  }
  // Through the definer function, a session is checked, not read: a wrong user is refused.
  await expect(
    asApp(app, {}, (client) => client.query('select auth_session_check($1, $2, $3, $4)', [a.owner.sessionId, b.owner.userId, a.id, 'OWNER'])),
  ).rejects.toThrow(/session ended/);
  const ok = await asApp(
    app,
    {},
    async (client) => (await client.query('select auth_session_check($1, $2, $3, $4) as ok', [a.owner.sessionId, a.owner.userId, a.id, 'OWNER'])).rows[0].ok,
  );
  expect(ok).toBe(true);
});

test('with organization A’s settings, the application role sees A’s members, keys, contacts and users only', async () => {
  const seen = await asApp(app, { 'app.org_id': a.id, 'app.user_id': a.owner.userId }, async (client) => ({
    memberships: (await client.query('select distinct organization_id from membership')).rows.map((r) => r.organization_id),
    apiKeys: (await client.query('select distinct organization_id from api_key')).rows.map((r) => r.organization_id),
    contacts: (await client.query('select organization_id from organization_private')).rows.map((r) => r.organization_id),
    users: (await client.query('select id from app_user order by id')).rows.map((r) => r.id),
    audit: (await client.query('select distinct organization_id from audit_event')).rows.map((r) => r.organization_id),
    organizations: (await client.query('select count(*)::int as n from organization')).rows[0].n,
  }));
  expect(seen.memberships).toEqual([a.id]);
  expect(seen.apiKeys).toEqual([a.id]);
  expect(seen.contacts).toEqual([a.id]);
  expect(seen.users).toEqual(a.members.map((m) => m.userId).sort());
  expect(seen.audit).toEqual([a.id]);
  expect(seen.organizations).toBe(3); // the directory is public to signed-in viewers (a, b and the audit firm)
});

test('the application role cannot write into another organization', async () => {
  await expect(
    asApp(app, { 'app.org_id': a.id, 'app.user_id': a.owner.userId }, (client) =>
      client.query(`insert into membership (id, organization_id, user_id, role) values (gen_random_uuid(), $1, $2, 'OWNER')`, [b.id, a.owner.userId]),
    ),
  ).rejects.toThrow(/row-level security/);
  const updated = await asApp(
    app,
    { 'app.org_id': a.id, 'app.user_id': a.owner.userId },
    async (client) => (await client.query(`update api_key set name = 'hijacked' where organization_id = $1`, [b.id])).rowCount,
  );
  expect(updated).toBe(0);
});

test('the pre-authentication look-ups reveal only what they must', async () => {
  const result = await asApp(app, {}, async (client) => ({
    candidates: (await client.query('select user_id, organization_id from auth_login_candidates($1)', [b.owner.email])).rows,
    byEmail: (await client.query('select auth_user_id_by_email($1) as id', [b.owner.email])).rows[0].id,
    directRead: (await client.query('select count(*)::int as n from app_user')).rows[0].n,
  }));
  expect(result.candidates).toEqual([{ user_id: b.owner.userId, organization_id: b.id }]);
  expect(result.byEmail).toBe(b.owner.userId);
  expect(result.directRead).toBe(0);
});

test('after requests commit, no pooled connection carries tenant settings or the application role', async () => {
  await Promise.all(
    Array.from({ length: 20 }, (_, i) =>
      gql(app, '{ viewer { organization { legalName members { totalCount } } } }', {}, { token: (i % 2 ? a : b).owner.token }),
    ),
  );
  const connection = app.orm.em.getConnection();
  const rows = await Promise.all(
    Array.from({ length: 12 }, () =>
      connection.execute<{ role: string; org: string | null; user: string | null }[]>(
        "select current_user as role, current_setting('app.org_id', true) as org, current_setting('app.user_id', true) as user, pg_sleep(0.02)",
      ),
    ),
  );
  for (const [row] of rows) {
    expect(row!.role).not.toBe('kefu_app');
    expect(row!.org ?? '').toBe('');
    expect(row!.user ?? '').toBe('');
  }
});

test('an organization cannot verify itself, even through the database', async () => {
  const pending = (
    await app.sql.query(
      `insert into organization (id, kind, legal_name, credit_code) values (gen_random_uuid(), 'VENDOR', 'Self Verifier', '91350100M000100Y43') returning id`,
    )
  ).rows[0].id;
  await expect(
    asApp(app, { 'app.org_id': pending, 'app.user_id': a.owner.userId }, (client) =>
      client.query(`update organization set verification_status = 'VERIFIED' where id = $1`, [pending]),
    ),
  ).rejects.toThrow(/only a platform administrator/);
  const admin = await asApp(
    app,
    { 'app.user_id': a.owner.userId, 'app.platform_admin': 'on' },
    async (client) => (await client.query(`update organization set verification_status = 'VERIFIED' where id = $1`, [pending])).rowCount,
  );
  expect(admin).toBe(1);
});

test('a contract’s frozen terms refuse updates and deletes, for the parties and the owner alike', async () => {
  const contract = (await app.sql.query('select id from contract where merchant_id = $1', [a.id])).rows[0].id;
  await expect(
    asApp(app, { 'app.org_id': b.id, 'app.user_id': b.owner.userId }, (client) =>
      client.query(`update contract set terms = '{"forged":true}' where id = $1`, [contract]),
    ),
  ).rejects.toThrow(/frozen/);
  await expect(app.sql.query(`update contract set term_months = 99 where id = $1`, [contract])).rejects.toThrow(/frozen/);
  await expect(app.sql.query('delete from contract where id = $1', [contract])).rejects.toThrow(/never deleted/);
  const status = await asApp(
    app,
    { 'app.org_id': a.id, 'app.user_id': a.owner.userId },
    async (client) => (await client.query(`update contract set status = 'ACTIVE' where id = $1`, [contract])).rowCount,
  );
  expect(status).toBe(1);
});

test('the holiday calendar is public to signed-in viewers and written by platform administrators only', async () => {
  const member = { 'app.org_id': a.id, 'app.user_id': a.owner.userId };
  const read = await asApp(
    app,
    member,
    async (client) => (await client.query('select count(*)::int as n from calendar_notice_day where year = 2026')).rows[0].n,
  );
  expect(read).toBeGreaterThan(0);
  await expect(asApp(app, member, (client) => client.query(`insert into calendar_notice (year, reference) values (2030, 'forged')`))).rejects.toThrow(
    /row-level security/,
  );
  await expect(
    asApp(app, member, (client) => client.query(`insert into calendar_notice_day (date, year, kind) values ('2026-03-02', 2026, 'REST_DAY')`)),
  ).rejects.toThrow(/row-level security/);
  expect(await asApp(app, member, async (client) => (await client.query(`delete from calendar_notice_day where year = 2026`)).rowCount)).toBe(0);
  expect(await asApp(app, member, async (client) => (await client.query(`update calendar_notice set reference = 'forged' where year = 2026`)).rowCount)).toBe(
    0,
  );
  const admin = { 'app.user_id': a.owner.userId, 'app.platform_admin': 'on' };
  expect(await asApp(app, admin, async (client) => (await client.query(`update calendar_notice set reference = 'corrected' where year = 2026`)).rowCount)).toBe(
    1,
  );
  expect(await asApp(app, admin, async (client) => (await client.query(`delete from calendar_notice_day where year = 2026`)).rowCount)).toBeGreaterThan(0);
});
