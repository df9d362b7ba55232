import type pg from 'pg';
import { MembershipRole } from '../../src/core/roles.js';
import { OrganizationKind } from '../../src/modules/organizations/organization.entity.js';
import { asApp } from '../helpers/as-app.js';
import { createOrg, type TestOrg } from '../helpers/factories.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';

/**
 * Audit grants at the database level, whatever the API does: `app_audit_covers` at its edges, what
 * the application role reads and writes with an audit firm's settings, and the grant's own rules.
 * Rows are written as the superuser; each check runs as kefu_app inside a rolled-back transaction.
 */
let app: TestApp;
let merchant: TestOrg;
let otherMerchant: TestOrg;
let vendor: TestOrg;
let firm: TestOrg;
let otherFirm: TestOrg;
/** Two contracts of the merchant, one of the other merchant. */
let c1: string;
let c2: string;
let c3: string;

const as = (org: TestOrg) => ({ 'app.org_id': org.id, 'app.user_id': org.owner.userId });
const one = async <T>(client: pg.PoolClient, sql: string, params: unknown[] = []) => (await client.query(sql, params)).rows[0] as T;
const count = async (client: pg.PoolClient, sql: string, params: unknown[] = []) => (await one<{ n: number }>(client, sql, params)).n;

async function contract(merchantId: string): Promise<string> {
  const requirement = (
    await app.sql.query(
      `insert into requirement (id, merchant_id, status, title, service_scopes, channels, service_hours, seats_required, expected_monthly_volume, term_start, term_months, bid_deadline, visibility)
       values (gen_random_uuid(), $1, 'AWARDED', 'Hotline', '{HOTLINE}', '{PHONE}', '{}', 10, 1000, '2026-09-01', 3, now(), 'PUBLIC') returning id`,
      [merchantId],
    )
  ).rows[0].id;
  const bid = (
    await app.sql.query(
      `insert into bid (id, requirement_id, merchant_id, vendor_id, status, total_contract_value) values (gen_random_uuid(), $1, $2, $3, 'ACCEPTED', 1000) returning id`,
      [requirement, merchantId, vendor.id],
    )
  ).rows[0].id;
  const id = (
    await app.sql.query(
      `insert into contract (id, merchant_id, vendor_id, requirement_id, bid_id, status, start_date, term_months, terms)
       values (gen_random_uuid(), $1, $2, $3, $4, 'ACTIVE', '2026-09-01', 3, '{}') returning id`,
      [merchantId, vendor.id, requirement, bid],
    )
  ).rows[0].id as string;
  for (const [number, status, bound] of [
    [1, 'BINDING', 'now()'],
    [2, 'PROPOSED', 'null'],
  ] as const) {
    await app.sql.query(
      `insert into contract_amendment (id, contract_id, merchant_id, vendor_id, number, status, effective_from, changes, reason, proposed_by_organization, proposed_at,
         merchant_signed_at, merchant_signed_by, vendor_signed_at, vendor_signed_by, bound_at)
       values (gen_random_uuid(), $1, $2, $3, $4, $5, '2026-10-01', '{}', 'Reason.', $2, now(),
         ${bound}, ${bound === 'null' ? 'null' : '$6::uuid'}, ${bound}, ${bound === 'null' ? 'null' : '$6::uuid'}, ${bound})`,
      bound === 'null' ? [id, merchantId, vendor.id, number, status] : [id, merchantId, vendor.id, number, status, vendor.owner.userId],
    );
  }
  for (const day of ['2026-09-30', '2026-10-01', '2026-10-31', '2026-11-01']) {
    await app.sql.query(
      `insert into usage_day (contract_id, merchant_id, vendor_id, day, reported_qualified_contacts, reported_total_contacts) values ($1, $2, $3, $4, 1, 1)`,
      [id, merchantId, vendor.id, day],
    );
    await app.sql.query(
      `insert into kpi_measurement (contract_id, merchant_id, vendor_id, metric, day, value, comparator, target, unit, weight, met, reported_by_organization, reported_at)
       values ($1, $2, $3, 'FIRST_RESPONSE_SECONDS', $4, 20, 'AT_MOST', 15, 's', 1, false, $3, now())`,
      [id, merchantId, vendor.id, day],
    );
  }
  // Incidents starting on 2026-09-30 at 23:30 and on 2026-10-31 at 23:30 in Shanghai (the first ending on 2026-10-01).
  for (const [start, end] of [
    ['2026-09-30T23:30:00+08:00', '2026-10-01T00:30:00+08:00'],
    ['2026-10-31T23:30:00+08:00', null],
    ['2026-11-01T00:00:00+08:00', null],
    ['2026-09-29T10:00:00+08:00', '2026-09-29T11:00:00+08:00'],
  ]) {
    await app.sql.query(
      `insert into incident (id, contract_id, merchant_id, vendor_id, kind, status, started_at, ended_at, cause, reported_by_organization, reported_at)
       values (gen_random_uuid(), $1, $2, $3, 'OUTAGE', 'NOT_EXEMPT', $4, $5, 'Line down.', $3, now())`,
      [id, merchantId, vendor.id, start, end],
    );
  }
  // Inspections of ISO weeks 2026-W40 (Sep 28 – Oct 4), W44 (Oct 26 – Nov 1) and W45 (Nov 2 – 8), one sampled contact each.
  for (const [number, week, from, to] of [
    [1, '2026-W40', '2026-09-28', '2026-10-04'],
    [2, '2026-W44', '2026-10-26', '2026-11-01'],
    [3, '2026-W45', '2026-11-02', '2026-11-08'],
  ] as const) {
    const inspection = (
      await app.sql.query(
        `insert into inspection (id, contract_id, merchant_id, vendor_id, number, week, week_start, week_end, scorecard, sample_method, created_at)
         values (gen_random_uuid(), $1, $2, $3, $4, $5, $6, $7, '{}', 'ENTERED', now()) returning id`,
        [id, merchantId, vendor.id, number, week, from, to],
      )
    ).rows[0].id;
    await app.sql.query(
      `insert into inspection_sample (inspection_id, position, contract_id, merchant_id, vendor_id, external_id, channel, started_at, duration_seconds)
       values ($1, 1, $2, $3, $4, 'c-1', 'PHONE', now(), 60)`,
      [inspection, id, merchantId, vendor.id],
    );
  }
  // What an auditor must not read, one row each: a bid revision, a breach notice, a scorecard, a KPI notice, a locked month, a rectification.
  await app.sql.query(
    `insert into bid_revision (id, bid_id, merchant_id, vendor_id, revision, staffing, pricing) values (gen_random_uuid(), $1, $2, $3, 1, '{}', '{}')`,
    [bid, merchantId, vendor.id],
  );
  await app.sql.query(
    `insert into contract_breach_notice (id, contract_id, merchant_id, vendor_id, notified_by_organization, reason, notified_at, cure_due_at)
     values (gen_random_uuid(), $1, $2, $3, $2, 'Unstaffed nights.', '2026-10-05T00:00:00Z', '2026-11-04T00:00:00Z')`,
    [id, merchantId, vendor.id],
  );
  await app.sql.query(
    `insert into inspection_scorecard (id, contract_id, merchant_id, vendor_id, version, criteria, pass_mark, weekly_sample_size, created_at)
     values (gen_random_uuid(), $1, $2, $3, 1, '[]', 80, 50, now())`,
    [id, merchantId, vendor.id],
  );
  await app.sql.query(
    `insert into kpi_rectification_notice (id, contract_id, merchant_id, vendor_id, metric, days, opened_at) values (gen_random_uuid(), $1, $2, $3, 'FIRST_RESPONSE_SECONDS', '{2026-10-01}', now())`,
    [id, merchantId, vendor.id],
  );
  await app.sql.query(`insert into usage_locked_month (contract_id, merchant_id, vendor_id, month) values ($1, $2, $3, '2026-10-01')`, [
    id,
    merchantId,
    vendor.id,
  ]);
  await app.sql.query(
    `insert into inspection_rectification (id, inspection_id, contract_id, merchant_id, vendor_id, opened_at, due_at)
     select gen_random_uuid(), i.id, i.contract_id, i.merchant_id, i.vendor_id, now(), now() + interval '48 hours' from inspection i where i.contract_id = $1 and i.number = 2`,
    [id],
  );
  // Audit events of the contract: on both edges of October in Shanghai, in the merchant's and in the vendor's log.
  for (const [organizationId, at] of [
    [merchantId, '2026-09-30T23:59:59.999999+08:00'],
    [merchantId, '2026-10-01T00:00:00+08:00'],
    [vendor.id, '2026-10-31T23:59:59.999999+08:00'],
    [vendor.id, '2026-11-01T00:00:00+08:00'],
  ]) {
    await app.sql.query(
      `insert into audit_event (occurred_at, organization_id, action, entity_type, entity_id, contract_id) values ($1, $2, 'usage.report', 'Contract', $3::text, $3::uuid)`,
      [at, organizationId, id],
    );
  }
  return id;
}

beforeAll(async () => {
  app = await startTestApp();
  merchant = await createOrg(app, { kind: OrganizationKind.MERCHANT, roles: [MembershipRole.OWNER, MembershipRole.FINANCE] });
  otherMerchant = await createOrg(app, { kind: OrganizationKind.MERCHANT });
  vendor = await createOrg(app, { kind: OrganizationKind.VENDOR });
  firm = await createOrg(app, { kind: OrganizationKind.AUDIT_FIRM, roles: [MembershipRole.OWNER, MembershipRole.AUDITOR] });
  otherFirm = await createOrg(app, { kind: OrganizationKind.AUDIT_FIRM });
  c1 = await contract(merchant.id);
  c2 = await contract(merchant.id);
  c3 = await contract(otherMerchant.id);
});
afterAll(() => app.close());

afterEach(async () => {
  await app.sql.query(`update audit_grant set revoked_at = now(), revoked_by = created_by where revoked_at is null`);
});

/** A grant written as the superuser. */
async function grantRow(options: {
  merchant?: TestOrg;
  firm?: TestOrg;
  contracts?: string[] | null;
  from?: string | null;
  to?: string | null;
}): Promise<string> {
  const by = options.merchant ?? merchant;
  const { rows } = await app.sql.query(
    `insert into audit_grant (id, merchant_id, audit_firm_id, contract_ids, valid_from, valid_to, created_by) values (gen_random_uuid(), $1, $2, $3, $4, $5, $6) returning id`,
    [by.id, (options.firm ?? firm).id, options.contracts ?? null, options.from ?? null, options.to ?? null, by.owner.userId],
  );
  return rows[0].id;
}

const covers = (org: TestOrg | null, contractId: string, on: string | null) =>
  asApp(
    app,
    org ? as(org) : {},
    async (client) => (await one<{ covers: boolean }>(client, 'select app_audit_covers($1, $2) as covers', [contractId, on])).covers,
  );

describe('app_audit_covers(contract, day)', () => {
  test('a grant of every contract for October: both bounds inclusive, the days around them not; null asks for the contract alone', async () => {
    await grantRow({ from: '2026-10-01', to: '2026-10-31' });
    for (const [day, expected] of [
      ['2026-09-30', false],
      ['2026-10-01', true],
      ['2026-10-15', true],
      ['2026-10-31', true],
      ['2026-11-01', false],
      [null, true],
    ] as const) {
      expect({ day, covers: await covers(firm, c1, day) }).toEqual({ day, covers: expected });
    }
    expect(await covers(firm, c2, '2026-10-01')).toBe(true);
    // Another merchant's contract, another firm, another organization, no organization, an unknown contract.
    expect(await covers(firm, c3, '2026-10-01')).toBe(false);
    expect(await covers(otherFirm, c1, '2026-10-01')).toBe(false);
    expect(await covers(merchant, c1, '2026-10-01')).toBe(false);
    expect(await covers(null, c1, '2026-10-01')).toBe(false);
    expect(await covers(firm, '00000000-0000-0000-0000-000000000000', null)).toBe(false);
  });

  test('open bounds; listed contracts only; a revoked grant covers nothing, at once', async () => {
    const listed = await grantRow({ contracts: [c1], to: '2026-10-31' });
    expect(await covers(firm, c1, '1900-01-01')).toBe(true);
    expect(await covers(firm, c1, '2026-11-01')).toBe(false);
    expect(await covers(firm, c2, null)).toBe(false);
    await app.sql.query(`update audit_grant set revoked_at = now(), revoked_by = created_by where id = $1`, [listed]);
    expect(await covers(firm, c1, null)).toBe(false);
    await grantRow({ contracts: [c2], from: '2026-10-01' });
    expect(await covers(firm, c2, '2999-12-31')).toBe(true);
    expect(await covers(firm, c1, '2026-10-15')).toBe(false);
  });

  test('a grant naming another merchant’s contract covers nothing of it (the contract’s merchant must be the grant’s)', async () => {
    await grantRow({ contracts: [c3] });
    expect(await covers(firm, c3, null)).toBe(false);
  });

  test('several grants add up', async () => {
    await grantRow({ contracts: [c1], from: '2026-09-01', to: '2026-09-30' });
    await grantRow({ contracts: [c1], from: '2026-11-01' });
    expect([await covers(firm, c1, '2026-09-30'), await covers(firm, c1, '2026-10-15'), await covers(firm, c1, '2026-11-01')]).toEqual([true, false, true]);
  });
});

describe('what the application role reads as an auditor', () => {
  const reads = (org: TestOrg) =>
    asApp(app, as(org), async (client) => {
      const ids = async (sql: string) => (await client.query(sql)).rows.map((r) => Object.values(r).join(' '));
      return {
        contracts: (await ids('select id from contract order by id')).sort(),
        amendments: await ids(`select contract_id, status from contract_amendment where contract_id = '${c1}' order by number`),
        usage: await ids(`select day::text from usage_day where contract_id = '${c1}' order by day`),
        kpis: await ids(`select day::text from kpi_measurement where contract_id = '${c1}' order by day`),
        incidents: await ids(
          `select to_char(started_at at time zone 'Asia/Shanghai', 'MM-DD HH24:MI') from incident where contract_id = '${c1}' order by started_at`,
        ),
        inspections: await ids(`select week from inspection where contract_id = '${c1}' order by number`),
        samples: await count(client, `select count(*)::int as n from inspection_sample where contract_id = '${c1}'`),
        events: await ids(
          `select to_char(occurred_at at time zone 'Asia/Shanghai', 'MM-DD HH24:MI:SS') from audit_event where contract_id = '${c1}' order by id`,
        ),
        nothingElse: {
          requirement: await count(client, 'select count(*)::int as n from requirement'),
          bid: await count(client, 'select count(*)::int as n from bid'),
          bidRevision: await count(client, 'select count(*)::int as n from bid_revision'),
          breachNotices: await count(client, 'select count(*)::int as n from contract_breach_notice'),
          rectifications: await count(client, 'select count(*)::int as n from inspection_rectification'),
          scorecards: await count(client, 'select count(*)::int as n from inspection_scorecard'),
          kpiNotices: await count(client, 'select count(*)::int as n from kpi_rectification_notice'),
          lockedMonths: await count(client, 'select count(*)::int as n from usage_locked_month'),
          membersOfMerchant: await count(client, 'select count(*)::int as n from membership where organization_id = $1', [merchant.id]),
          merchantsLog: await count(client, 'select count(*)::int as n from audit_event where organization_id = $1 and contract_id is null', [merchant.id]),
        },
      };
    });
  const NOTHING_ELSE = {
    requirement: 0,
    bid: 0,
    bidRevision: 0,
    breachNotices: 0,
    rectifications: 0,
    scorecards: 0,
    kpiNotices: 0,
    lockedMonths: 0,
    membersOfMerchant: 0,
    merchantsLog: 0,
  };

  test('the rows an auditor must not read are there (so that reading none of them means something)', async () => {
    for (const table of [
      'requirement',
      'bid',
      'bid_revision',
      'contract_breach_notice',
      'inspection_rectification',
      'inspection_scorecard',
      'kpi_rectification_notice',
      'usage_locked_month',
    ]) {
      const { rows } = await app.sql.query(`select count(*)::int as n from ${table}`);
      expect({ table, rows: rows[0].n }).toEqual({ table, rows: 3 });
    }
  });

  test('October of c1: the contract, its binding amendment, the facts and events of October’s days — nothing else', async () => {
    await grantRow({ contracts: [c1], from: '2026-10-01', to: '2026-10-31' });
    // A grant event in the merchant's own log (no contract): not the auditor's.
    await app.sql.query(`insert into audit_event (organization_id, action, entity_type, entity_id) values ($1, 'auditGrant.create', 'AuditGrant', 'x')`, [
      merchant.id,
    ]);
    expect(await reads(firm)).toEqual({
      contracts: [c1],
      amendments: [`${c1} BINDING`],
      usage: ['2026-10-01', '2026-10-31'],
      kpis: ['2026-10-01', '2026-10-31'],
      // Started on Sep 30, ended on Oct 1: it touches October; the others start inside it, or outside.
      incidents: ['09-30 23:30', '10-31 23:30'],
      // W40 ends in October, W44 starts in it; W45 lies outside.
      inspections: ['2026-W40', '2026-W44'],
      samples: 2,
      events: ['10-01 00:00:00', '10-31 23:59:59'],
      nothingElse: NOTHING_ELSE,
    });
    // The other firm and the revoked grant: nothing.
    expect((await reads(otherFirm)).contracts).toEqual([]);
    await app.sql.query(`update audit_grant set revoked_at = now(), revoked_by = created_by where revoked_at is null`);
    expect(await reads(firm)).toEqual({
      contracts: [],
      amendments: [],
      usage: [],
      kpis: [],
      incidents: [],
      inspections: [],
      samples: 0,
      events: [],
      nothingElse: NOTHING_ELSE,
    });
  });

  test('every contract, no range: every fact and event of the merchant’s contracts, none of the other merchant’s', async () => {
    await grantRow({});
    const seen = await reads(firm);
    expect(seen.contracts).toEqual([c1, c2].sort());
    expect(seen.usage).toHaveLength(4);
    expect(seen.events).toHaveLength(4);
    expect(seen.nothingElse).toEqual(NOTHING_ELSE);
  });

  test('the parties read as before, and never call app_audit_covers: only a holder of a grant does', async () => {
    await grantRow({});
    const merchantSees = await reads(merchant);
    expect(merchantSees.contracts).toEqual([c1, c2].sort());
    expect(merchantSees.amendments).toEqual([`${c1} BINDING`, `${c1} PROPOSED`]);
    // Inside one rolled-back transaction, the rule is replaced by one that fails when called.
    const client = await app.sql.connect();
    const scan = async (org: TestOrg) => {
      await client.query('savepoint s');
      try {
        await client.query('set local role kefu_app');
        await client.query(`select set_config('app.org_id', $1, true)`, [org.id]);
        const tables = ['contract', 'contract_amendment', 'usage_day', 'kpi_measurement', 'incident', 'inspection', 'inspection_sample', 'audit_event'];
        for (const table of tables) await client.query(`select count(*) from ${table}`);
        return 'read';
      } catch (error) {
        return (error as Error).message;
      } finally {
        await client.query('rollback to savepoint s');
      }
    };
    try {
      await client.query('begin');
      await client.query(`create or replace function app_audit_covers(p_contract_id uuid, p_on date) returns boolean
        language plpgsql stable security definer as $$ begin raise exception 'app_audit_covers called'; end $$`);
      expect(await scan(merchant)).toBe('read');
      expect(await scan(vendor)).toBe('read');
      expect(await scan(otherFirm)).toBe('read');
      expect(await scan(firm)).toBe('app_audit_covers called');
    } finally {
      await client.query('rollback');
      client.release();
    }
  });
});

describe('an auditor writes nothing', () => {
  test('no update of contracts, amendments or facts, no insert of facts or events of the contract, no grant', async () => {
    await grantRow({});
    const tried = await asApp(app, as(firm), async (client) => {
      const attempt = async (sql: string, params: unknown[] = []) => {
        await client.query('savepoint s');
        try {
          const result = await client.query(sql, params);
          await client.query('release savepoint s');
          return `rows: ${result.rowCount}`;
        } catch (error) {
          await client.query('rollback to savepoint s');
          return (error as Error).message.split(':')[0]!;
        }
      };
      return {
        contract: await attempt(`update contract set status = 'TERMINATED' where id = $1`, [c1]),
        amendment: await attempt(`update contract_amendment set status = 'WITHDRAWN', withdrawn_at = now() where contract_id = $1 and status = 'PROPOSED'`, [
          c1,
        ]),
        usage: await attempt(`update usage_day set reported_total_contacts = 999 where contract_id = $1`, [c1]),
        usageInsert: await attempt(
          `insert into usage_day (contract_id, merchant_id, vendor_id, day, reported_qualified_contacts, reported_total_contacts) values ($1, $2, $3, '2026-10-20', 1, 1)`,
          [c1, merchant.id, vendor.id],
        ),
        event: await attempt(
          `insert into audit_event (organization_id, action, entity_type, entity_id, contract_id) values ($1, 'usage.report', 'Contract', 'x', $2)`,
          [merchant.id, c1],
        ),
        grant: await attempt(`insert into audit_grant (id, merchant_id, audit_firm_id, created_by) values (gen_random_uuid(), $1, $2, $3)`, [
          merchant.id,
          firm.id,
          firm.owner.userId,
        ]),
        revoke: await attempt(`update audit_grant set revoked_at = now(), revoked_by = $1`, [firm.owner.userId]),
        contractLock: await attempt(`select id from contract where id = $1 for update`, [c1]),
      };
    });
    expect(tried).toEqual({
      contract: 'rows: 0',
      amendment: 'rows: 0',
      usage: 'rows: 0',
      usageInsert: 'new row violates row-level security policy for table "usage_day"',
      event: 'new row violates row-level security policy for table "audit_event"',
      grant: 'new row violates row-level security policy for table "audit_grant"',
      revoke: 'rows: 0',
      contractLock: 'rows: 0',
    });
  });
});

describe('the grant itself', () => {
  test('the merchant reads and writes its own grants, the firm reads those it holds; nobody else', async () => {
    const id = await grantRow({});
    await grantRow({ merchant: otherMerchant, firm: otherFirm });
    const seen = (org: TestOrg) =>
      asApp(app, as(org), async (client) => (await client.query('select id from audit_grant where revoked_at is null')).rows.map((r) => r.id));
    expect(await seen(merchant)).toEqual([id]);
    expect(await seen(firm)).toEqual([id]);
    expect(await seen(vendor)).toEqual([]);
    expect((await seen(otherFirm)).length).toBe(1);
    // The merchant grants only to an audit firm, only for itself.
    const insert = (org: TestOrg, merchantId: string, firmId: string) =>
      asApp(app, as(org), (client) =>
        client.query(`insert into audit_grant (id, merchant_id, audit_firm_id, created_by) values (gen_random_uuid(), $1, $2, $3)`, [
          merchantId,
          firmId,
          org.owner.userId,
        ]),
      );
    await expect(insert(merchant, merchant.id, firm.id)).resolves.toMatchObject({ rowCount: 1 });
    await expect(insert(merchant, merchant.id, vendor.id)).rejects.toThrow(/row-level security/);
    await expect(insert(merchant, otherMerchant.id, firm.id)).rejects.toThrow(/row-level security/);
  });

  test('never changed but revoked, once; never deleted, even by the owner', async () => {
    const id = await grantRow({ contracts: [c1] });
    await expect(app.sql.query(`update audit_grant set contract_ids = $2 where id = $1`, [id, [c1, c2]])).rejects.toThrow(/never changed/);
    await expect(app.sql.query(`update audit_grant set valid_to = '2026-12-31' where id = $1`, [id])).rejects.toThrow(/never changed/);
    await expect(app.sql.query(`delete from audit_grant where id = $1`, [id])).rejects.toThrow(/never deleted/);
    await expect(app.sql.query(`update audit_grant set revoked_at = now() where id = $1`, [id])).rejects.toThrow(/check constraint/);
    await app.sql.query(`update audit_grant set revoked_at = now(), revoked_by = created_by where id = $1`, [id]);
    await expect(app.sql.query(`update audit_grant set revoked_at = null, revoked_by = null where id = $1`, [id])).rejects.toThrow(/never changed/);
    await expect(
      app.sql.query(
        `insert into audit_grant (id, merchant_id, audit_firm_id, valid_from, valid_to, created_by) values (gen_random_uuid(), $1, $2, '2026-10-02', '2026-10-01', $3)`,
        [merchant.id, firm.id, merchant.owner.userId],
      ),
    ).rejects.toThrow(/check constraint/);
    const privileges = await app.sql.query(
      `select has_table_privilege('kefu_app', 'audit_grant', 'delete') as d, has_table_privilege('kefu_app', 'audit_grant', 'truncate') as t`,
    );
    expect(privileges.rows[0]).toEqual({ d: false, t: false });
  });
});
