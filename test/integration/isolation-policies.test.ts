import type pg from 'pg';
import { MembershipRole } from '../../src/core/roles.js';
import { OrganizationKind } from '../../src/modules/organizations/organization.entity.js';
import { createOrg, createPlatformAdmin, type TestOrg } from '../helpers/factories.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';
import { asApp } from '../helpers/as-app.js';

/**
 * Issue 6, at the database level: what the application role reads with given tenant settings,
 * whatever the API does (sealed bids after an early cancel, platform administrators, questions).
 */
let app: TestApp;
let merchant: TestOrg;
let otherMerchant: TestOrg;
let vendor: TestOrg;
let otherVendor: TestOrg;
let admin: { userId: string };

beforeAll(async () => {
  app = await startTestApp();
  merchant = await createOrg(app, { kind: OrganizationKind.MERCHANT, roles: [MembershipRole.OWNER, MembershipRole.PROCUREMENT] });
  otherMerchant = await createOrg(app, { kind: OrganizationKind.MERCHANT });
  vendor = await createOrg(app, { kind: OrganizationKind.VENDOR, roles: [MembershipRole.OWNER, MembershipRole.SALES] });
  otherVendor = await createOrg(app, { kind: OrganizationKind.VENDOR });
  admin = await createPlatformAdmin(app);
});
afterAll(() => app.close());

const as = (org: TestOrg) => ({ 'app.org_id': org.id, 'app.user_id': org.owner.userId });
const count = async (client: pg.PoolClient, sql: string, params: unknown[] = []) => (await client.query(sql, params)).rows[0].n as number;

/** A published requirement (as the superuser) with a bid and its revision from each vendor given. */
async function requirementWithBids(
  options: { status: string; deadline: string; cancelledAt?: string; visibility?: string },
  vendors: TestOrg[],
): Promise<string> {
  const id = (
    await app.sql.query(
      `insert into requirement (id, merchant_id, status, title, service_scopes, channels, service_hours, seats_required, expected_monthly_volume, term_start, term_months, bid_deadline, visibility, published_at, cancelled_at, cancel_reason)
     values (gen_random_uuid(), $1, $2, 'Hotline', '{HOTLINE}', '{PHONE}', '{"daysOfWeek":[1],"startTime":null,"endTime":null,"timeZone":"Asia/Shanghai"}', 10, 1000, '2027-01-01', 12,
             ${options.deadline}, $3, now() - interval '3 days', ${options.cancelledAt ?? 'null'}, ${options.cancelledAt ? "'Budget cut'" : 'null'}) returning id`,
      [merchant.id, options.status, options.visibility ?? 'PUBLIC'],
    )
  ).rows[0].id as string;
  for (const v of vendors) {
    const bid = (
      await app.sql.query(
        `insert into bid (id, requirement_id, merchant_id, vendor_id, total_contract_value) values (gen_random_uuid(), $1, $2, $3, 1000) returning id`,
        [id, merchant.id, v.id],
      )
    ).rows[0].id;
    await app.sql.query(
      `insert into bid_revision (id, bid_id, merchant_id, vendor_id, revision, staffing, pricing) values (gen_random_uuid(), $1, $2, $3, 1, '{}', '{}')`,
      [bid, merchant.id, v.id],
    );
  }
  return id;
}

describe('bids of a requirement cancelled before its deadline stay sealed for the merchant, for good', () => {
  const merchantSees = async (requirementId: string) => {
    // The bid ids, read as the superuser, so each table's policy is tested on its own.
    const bidIds = (await app.sql.query('select id from bid where requirement_id = $1', [requirementId])).rows.map((r) => r.id);
    return asApp(app, as(merchant), async (client) => ({
      bids: await count(client, 'select count(*)::int as n from bid where requirement_id = $1', [requirementId]),
      revisions: await count(client, 'select count(*)::int as n from bid_revision where bid_id = any($1::uuid[])', [bidIds]),
      updatable: (await client.query(`update bid set status = 'SHORTLISTED' where requirement_id = $1`, [requirementId])).rowCount,
      count: (await client.query('select requirement_bid_count($1) as n', [requirementId])).rows[0].n,
    }));
  };

  test('cancelled before the deadline, then the deadline passes: no bid, revision or decision, only the count', async () => {
    // Cancelled two hours ago, while the deadline (one hour ago) was still ahead.
    const id = await requirementWithBids({ status: 'CANCELLED', deadline: "now() - interval '1 hour'", cancelledAt: "now() - interval '2 hours'" }, [
      vendor,
      otherVendor,
    ]);
    expect(await merchantSees(id)).toEqual({ bids: 0, revisions: 0, updatable: 0, count: 2 });
    // The vendors still see their own.
    const own = await asApp(app, as(vendor), (client) => count(client, 'select count(*)::int as n from bid where requirement_id = $1', [id]));
    expect(own).toBe(1);
  });

  test('cancelled after the deadline (or awarded, or deadline passed): the merchant sees the bids', async () => {
    const late = await requirementWithBids({ status: 'CANCELLED', deadline: "now() - interval '2 hours'", cancelledAt: "now() - interval '1 hour'" }, [
      vendor,
      otherVendor,
    ]);
    expect(await merchantSees(late)).toEqual({ bids: 2, revisions: 2, updatable: 2, count: 2 });
    const awarded = await requirementWithBids({ status: 'AWARDED', deadline: "now() + interval '1 hour'" }, [vendor]);
    expect((await merchantSees(awarded)).bids).toBe(1);
    const closed = await requirementWithBids({ status: 'OPEN', deadline: "now() - interval '1 second'" }, [vendor]);
    expect((await merchantSees(closed)).bids).toBe(1);
    const open = await requirementWithBids({ status: 'OPEN', deadline: "now() + interval '1 hour'" }, [vendor]);
    expect(await merchantSees(open)).toEqual({ bids: 0, revisions: 0, updatable: 0, count: 1 });
  });
});

describe('a platform administrator reads what verification needs and nothing else', () => {
  let contractRequirement: string;

  beforeAll(async () => {
    contractRequirement = await requirementWithBids({ status: 'AWARDED', deadline: "now() - interval '1 hour'" }, [vendor]);
    const bid = (await app.sql.query('select id from bid where requirement_id = $1', [contractRequirement])).rows[0].id;
    await app.sql.query(
      `insert into contract (id, merchant_id, vendor_id, requirement_id, bid_id, start_date, term_months, terms) values (gen_random_uuid(), $1, $2, $3, $4, '2027-01-01', 12, '{}')`,
      [merchant.id, vendor.id, contractRequirement, bid],
    );
    await app.sql.query(
      `insert into api_key (id, organization_id, name, role, prefix, secret_hash) values (gen_random_uuid(), $1, 'k', 'VIEWER', 'pfx00001', 'hash00001')`,
      [vendor.id],
    );
    const question = (
      await app.sql.query(
        `insert into requirement_question (id, requirement_id, merchant_id, question) values (gen_random_uuid(), $1, $2, 'Seats?') returning id`,
        [contractRequirement, merchant.id],
      )
    ).rows[0].id;
    await app.sql.query('insert into requirement_question_asker (question_id, vendor_id) values ($1, $2)', [question, vendor.id]);
    await app.sql.query(`insert into requirement_invitation (requirement_id, vendor_id, merchant_id) values ($1, $2, $3)`, [
      contractRequirement,
      vendor.id,
      merchant.id,
    ]);
    await app.sql.query(`insert into idempotency_key (organization_id, key, operation, request_hash) values ($1, 'k-admin', 'bidSubmit', 'h')`, [vendor.id]);
    await app.sql.query(
      `insert into audit_event (organization_id, actor_user_id, action, entity_type, entity_id) values ($1, $2, 'bid.submit', 'Bid', 'x'), ($1, $3, 'organization.verify', 'Organization', $1)`,
      [vendor.id, vendor.owner.userId, admin.userId],
    );
  });

  test('no members, no other users, no keys, no business data; the directory and registration contacts yes', async () => {
    const seen = await asApp(app, { 'app.user_id': admin.userId, 'app.platform_admin': 'on' }, async (client) => {
      const result: Record<string, number> = {};
      for (const table of [
        'membership',
        'api_key',
        'requirement',
        'requirement_invitation',
        'requirement_question',
        'requirement_question_asker',
        'bid',
        'bid_revision',
        'contract',
        'idempotency_key',
      ]) {
        result[table] = await count(client, `select count(*)::int as n from ${table}`);
      }
      result.otherUsers = await count(client, 'select count(*)::int as n from app_user where id <> $1', [admin.userId]);
      result.self = await count(client, 'select count(*)::int as n from app_user where id = $1', [admin.userId]);
      result.othersAuditEvents = await count(client, 'select count(*)::int as n from audit_event where actor_user_id is distinct from $1', [admin.userId]);
      result.organizations = await count(client, 'select count(*)::int as n from organization');
      result.contacts = await count(client, 'select count(*)::int as n from organization_private');
      return result;
    });
    const organizations = (await app.sql.query('select count(*)::int as n from organization')).rows[0].n;
    expect(seen).toEqual({
      membership: 0,
      api_key: 0,
      requirement: 0,
      requirement_invitation: 0,
      requirement_question: 0,
      requirement_question_asker: 0,
      bid: 0,
      bid_revision: 0,
      contract: 0,
      idempotency_key: 0,
      otherUsers: 0,
      self: 1,
      othersAuditEvents: 0,
      organizations,
      contacts: organizations,
    });
  });
});

describe('questions: the merchant and signed-in vendors that may see the requirement; who asked, the asking vendor alone', () => {
  let publicRequirement: string;
  let question: string;

  beforeAll(async () => {
    publicRequirement = await requirementWithBids({ status: 'OPEN', deadline: "now() + interval '1 day'" }, []);
    question = (
      await app.sql.query(
        `insert into requirement_question (id, requirement_id, merchant_id, question) values (gen_random_uuid(), $1, $2, 'Peak plan?') returning id`,
        [publicRequirement, merchant.id],
      )
    ).rows[0].id;
    await app.sql.query('insert into requirement_question_asker (question_id, vendor_id) values ($1, $2)', [question, vendor.id]);
  });

  const sees = (settings: Record<string, string>) =>
    asApp(app, settings, async (client) => ({
      question: await count(client, 'select count(*)::int as n from requirement_question where id = $1', [question]),
      asker: await count(client, 'select count(*)::int as n from requirement_question_asker where question_id = $1', [question]),
    }));

  test('without tenant settings (or as a user without an organization) nothing, though the requirement is public', async () => {
    expect(await sees({})).toEqual({ question: 0, asker: 0 });
    expect(await sees({ 'app.user_id': vendor.owner.userId })).toEqual({ question: 0, asker: 0 });
  });

  test('the merchant and another vendor read the question, not who asked; the asking vendor reads both', async () => {
    expect(await sees(as(merchant))).toEqual({ question: 1, asker: 0 });
    expect(await sees(as(otherVendor))).toEqual({ question: 1, asker: 0 });
    expect(await sees(as(vendor))).toEqual({ question: 1, asker: 1 });
    // Another merchant is no vendor: a public requirement's questions are not its business.
    expect(await sees(as(otherMerchant))).toEqual({ question: 0, asker: 0 });
  });

  test('a vendor reads and asks no question where it may not see the requirement: a draft, or one it was not invited to', async () => {
    const questionOn = async (requirementId: string) =>
      (
        await app.sql.query(
          `insert into requirement_question (id, requirement_id, merchant_id, question) values (gen_random_uuid(), $1, $2, 'Seats?') returning id`,
          [requirementId, merchant.id],
        )
      ).rows[0].id as string;
    const draft = await requirementWithBids({ status: 'DRAFT', deadline: "now() + interval '1 day'" }, []);
    const invited = await requirementWithBids({ status: 'OPEN', deadline: "now() + interval '1 day'", visibility: 'INVITED' }, []);
    await app.sql.query('insert into requirement_invitation (requirement_id, vendor_id, merchant_id) values ($1, $2, $3)', [invited, vendor.id, merchant.id]);
    const [onDraft, onInvited] = [await questionOn(draft), await questionOn(invited)];
    const reads = (org: TestOrg) =>
      asApp(app, as(org), (client) => count(client, 'select count(*)::int as n from requirement_question where id = any($1::uuid[])', [[onDraft, onInvited]]));
    expect(await reads(vendor)).toBe(1);
    expect(await reads(otherVendor)).toBe(0);
    expect(await reads(merchant)).toBe(2);
    const ask = (org: TestOrg, requirementId: string) =>
      asApp(app, as(org), (client) =>
        client.query(`insert into requirement_question (id, requirement_id, merchant_id, question) values (gen_random_uuid(), $1, $2, 'Why?')`, [
          requirementId,
          merchant.id,
        ]),
      );
    await expect(ask(vendor, draft)).rejects.toThrow(/row-level security/);
    await expect(ask(otherVendor, invited)).rejects.toThrow(/row-level security/);
    await expect(ask(vendor, invited)).resolves.toMatchObject({ rowCount: 1 });
  });

  test('no column the application role may read names the asker, outside the asker table', async () => {
    const { rows } = await app.sql.query(
      `select table_name, column_name from information_schema.columns
       where table_schema = 'public' and table_name like 'requirement_question%' and has_column_privilege('kefu_app', format('%I', table_name), column_name, 'select')
       order by 1, 2`,
    );
    expect(rows.filter((r) => r.table_name === 'requirement_question').map((r) => r.column_name)).toEqual([
      'answer',
      'answered_at',
      'created_at',
      'id',
      'merchant_id',
      'question',
      'requirement_id',
    ]);
    expect(rows.filter((r) => r.table_name === 'requirement_question_asker').map((r) => r.column_name)).toEqual(['question_id', 'vendor_id']);
    // The asker table is readable through one policy only: the asking vendor's.
    const { rows: policies } = await app.sql.query(
      `select policyname, roles::text[] as roles, qual from pg_policies where tablename = 'requirement_question_asker'`,
    );
    expect(policies).toEqual([{ policyname: 'requirement_question_asker_own', roles: ['public'], qual: '(vendor_id = app_current_org())' }]);
  });

  test('a vendor cannot claim a question for another vendor, nor insert a question naming another merchant', async () => {
    const other = (
      await app.sql.query(
        `insert into requirement_question (id, requirement_id, merchant_id, question) values (gen_random_uuid(), $1, $2, 'Other?') returning id`,
        [publicRequirement, merchant.id],
      )
    ).rows[0].id;
    await expect(
      asApp(app, as(vendor), (client) =>
        client.query('insert into requirement_question_asker (question_id, vendor_id) values ($1, $2)', [other, otherVendor.id]),
      ),
    ).rejects.toThrow(/row-level security/);
    await expect(
      asApp(app, as(vendor), (client) =>
        client.query(`insert into requirement_question (id, requirement_id, merchant_id, question) values (gen_random_uuid(), $1, $2, 'x?')`, [
          publicRequirement,
          otherMerchant.id,
        ]),
      ),
    ).rejects.toThrow(/row-level security/);
  });
});
