import type { MikroORM } from '@mikro-orm/postgresql';
import { hashPassword } from '../src/auth/passwords.js';
import { newId } from '../src/db/base.js';
import { creditCodeCheckCharacter } from '../src/modules/organizations/credit-code.js';
import { projectBid } from '../src/modules/bids/bid-projection.js';
import { chinaCalendar } from '../src/modules/calendar/china-calendar.js';
import { loadPricing } from '../src/modules/bids/pricing-mapping.js';
import { datesBetween } from '../src/modules/calendar/china-holidays.js';
import { DEFAULT_CONTRACT_RULES } from '../src/modules/contracts/contract-terms.js';
import { generateMonthStatements } from '../src/modules/statements/statement.jobs.js';
import { loadConfig, type Config } from '../src/config.js';

export const DEMO_PASSWORD = 'demo-password-1';

interface DemoOrganization {
  key: string;
  kind: 'MERCHANT' | 'VENDOR' | 'AUDIT_FIRM';
  legalName: string;
  /** First 17 characters; the check character is computed. */
  creditCodeBase: string;
  verified: boolean;
  members: { email: string; displayName: string; role: string; description: string }[];
  vendorProfile?: { seatCapacity: number; channels: string[]; languages: string[]; certifications: string[]; serviceRegions: string[]; description: string };
}

const ORGANIZATIONS: DemoOrganization[] = [
  {
    key: 'merchant',
    kind: 'MERCHANT',
    legalName: '杭州优选电商有限公司 (Hangzhou Youxuan E-commerce Co., Ltd.)',
    creditCodeBase: '91330106MA2CFXK3',
    verified: true,
    members: [
      { email: 'owner@merchant.demo', displayName: '王芳 Wang Fang', role: 'OWNER', description: 'merchant owner (杭州优选电商)' },
      { email: 'inspector@merchant.demo', displayName: '李静 Li Jing', role: 'INSPECTOR', description: 'merchant quality inspector' },
      { email: 'finance@merchant.demo', displayName: '陈伟 Chen Wei', role: 'FINANCE', description: 'merchant finance' },
    ],
  },
  {
    key: 'vendorA',
    kind: 'VENDOR',
    legalName: '成都声通客服外包有限公司 (Chengdu Shengtong Customer Service Co., Ltd.)',
    creditCodeBase: '91510100MA6CGU7P',
    verified: true,
    members: [
      { email: 'owner@vendor-a.demo', displayName: '张强 Zhang Qiang', role: 'OWNER', description: 'vendor A owner (成都声通)' },
      { email: 'finance@vendor-a.demo', displayName: '周敏 Zhou Min', role: 'FINANCE', description: 'vendor A finance (issues statements)' },
    ],
    vendorProfile: {
      seatCapacity: 420,
      channels: ['PHONE', 'ONLINE_CHAT', 'TICKET'],
      languages: ['zh-CN', 'en'],
      certifications: ['ISO 27001', 'COPC'],
      serviceRegions: ['Sichuan', 'Chongqing'],
      description: 'E-commerce pre-sales and after-sales teams, 7×24, peak staffing for 11.11.',
    },
  },
  {
    key: 'vendorB',
    kind: 'VENDOR',
    legalName: '合肥云帆呼叫中心服务有限公司 (Hefei Yunfan Call Centre Services Co., Ltd.)',
    creditCodeBase: '91340100MA2RTL5H',
    verified: true,
    members: [{ email: 'owner@vendor-b.demo', displayName: '刘洋 Liu Yang', role: 'OWNER', description: 'vendor B owner (合肥云帆)' }],
    vendorProfile: {
      seatCapacity: 180,
      channels: ['PHONE', 'OUTBOUND'],
      languages: ['zh-CN'],
      certifications: ['CMMI 3'],
      serviceRegions: ['Anhui'],
      description: 'Hotline and outbound campaigns.',
    },
  },
  {
    key: 'audit',
    kind: 'AUDIT_FIRM',
    legalName: '上海信衡会计师事务所 (Shanghai Xinheng CPA Firm)',
    creditCodeBase: '31310000MD0123456',
    verified: true,
    members: [{ email: 'auditor@audit.demo', displayName: '赵敏 Zhao Min', role: 'AUDITOR', description: 'auditor (上海信衡)' }],
  },
];

const ADMIN = { email: 'admin@platform.demo', displayName: 'Platform Admin', description: 'platform administrator (verifies organizations)' };

export const DEMO_LOGINS: { email: string; description: string }[] = [
  ...ORGANIZATIONS.flatMap((o) => o.members.map((m) => ({ email: m.email, description: m.description }))),
  { email: ADMIN.email, description: ADMIN.description },
];

/** A PostgreSQL array literal: the query builder would expand a JS array into a list of parameters. */
function pgTextArray(values: string[]): string {
  return `{${values.map((v) => `"${v.replace(/[\\"]/g, '\\$&')}"`).join(',')}}`;
}

export function demoCreditCode(base: string): string {
  const first17 = base.padEnd(17, '0').slice(0, 17);
  return first17 + creditCodeCheckCharacter(first17);
}

type Executor = { execute: (sql: string, params?: unknown[]) => Promise<unknown> };

const SERVICE_HOURS = JSON.stringify({ daysOfWeek: [1, 2, 3, 4, 5, 6, 7], startTime: '09:00', endTime: '23:00', timeZone: 'Asia/Shanghai' });
const KPI_TARGETS = JSON.stringify([
  { metric: 'FIRST_RESPONSE_SECONDS', comparator: 'AT_MOST', target: '15', unit: 's', weight: '2' },
  { metric: 'SATISFACTION_RATE', comparator: 'AT_LEAST', target: '95', unit: '%', weight: '1' },
]);

/**
 * Two requirements of the demo merchant: one open for bids (with an answered question), and one
 * whose deadline has passed with a bid from each vendor, ready to compare and accept.
 */
/** Bid totals depend only on statutory holidays, which follow the rule in every year: no notice is needed here. */
const SEED_CALENDAR = chinaCalendar([]);

/** The first day of the month `months` after the current one, as an ISO date. */
function firstOfMonthAhead(months: number): string {
  const now = new Date();
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + months, 1)).toISOString().slice(0, 10);
}

async function seedMarketplace(tx: Executor, orgs: Record<string, { orgId: string; ownerId: string }>): Promise<void> {
  const merchant = orgs.merchant!;
  const asOrg = (o: { orgId: string; ownerId: string }) =>
    tx.execute("select set_config('app.org_id', ?, true), set_config('app.user_id', ?, true)", [o.orgId, o.ownerId]);
  const requirement = async (title: string, deadline: string, termStart: string) => {
    const id = newId();
    const peakYear = Number(termStart.slice(0, 4)) + (termStart.slice(5, 7) > '11' ? 1 : 0);
    const peakPlans = JSON.stringify([{ from: `${peakYear}-11-01`, to: `${peakYear}-11-12`, staffingMultiplier: '3', note: '11.11' }]);
    await tx.execute(
      `insert into requirement (id, merchant_id, status, title, description, service_scopes, channels, service_hours, seats_required, expected_monthly_volume,
         peak_plans, kpi_targets, term_start, term_months, budget_min, budget_max, required_certifications, bid_deadline, visibility, published_at)
       values (?, ?, 'OPEN', ?, ?, '{PRE_SALES,AFTER_SALES,PROMOTION_SUPPORT}', '{ONLINE_CHAT}', ?, 20, 93200,
         ?, ?, ?, 12, 120000, 180000, '{}', ${deadline}, 'PUBLIC', now())`,
      [
        id,
        merchant.orgId,
        title,
        'Tmall flagship store: pre-sales and after-sales chat, 09:00–23:00 every day, ×3 staffing for 11.11.',
        SERVICE_HOURS,
        peakPlans,
        KPI_TARGETS,
        termStart,
      ],
    );
    return id;
  };
  await asOrg(merchant);
  // Dates relative to today, so the demo never expires: terms start on the first of a month ahead.
  const closedTermStart = firstOfMonthAhead(2);
  const open = await requirement('天猫旗舰店售前售后客服外包 (open for bids)', "now() + interval '14 days'", firstOfMonthAhead(3));
  const closed = await requirement('京东店铺客服外包 (bidding closed: compare and award)', "now() + interval '1 hour'", closedTermStart);
  const questionId = newId();
  await asOrg(orgs.vendorA!);
  // Text goes in as parameters: a "?" inside the SQL would be taken for a placeholder.
  await tx.execute(`insert into requirement_question (id, requirement_id, merchant_id, question) values (?, ?, ?, ?)`, [
    questionId,
    open,
    merchant.orgId,
    '11.11 期间需要多少坐席？ How many seats during 11.11?',
  ]);
  await tx.execute(`insert into requirement_question_asker (question_id, vendor_id) values (?, ?)`, [questionId, orgs.vendorA!.orgId]);
  await asOrg(merchant);
  await tx.execute(`update requirement_question set answer = ?, answered_at = now() where id = ?`, [
    '基础坐席的三倍。Three times the base seats, Nov 1–12.',
    questionId,
  ]);
  const bids = [
    { vendor: orgs.vendorA!, baseRate: '1.34', agents: 22, firstResponse: '12' },
    { vendor: orgs.vendorB!, baseRate: '1.28', agents: 20, firstResponse: '18' },
  ];
  for (const bid of bids) {
    const pricing = {
      model: 'PER_CONTACT',
      baseRate: bid.baseRate,
      rampFactors: ['0.8', '0.9', '1.0'],
      seatRates: null,
      monthlyFee: null,
      tiers: null,
      holidayMultiplier: '3',
      vatRate: '0.06',
    };
    const total = projectBid(
      { termStart: closedTermStart, termMonths: 12, expectedMonthlyVolume: 93200, seatsRequired: 20 },
      loadPricing(pricing),
      SEED_CALENDAR,
    ).total.toFixed(2);
    await asOrg(bid.vendor);
    const bidId = newId();
    await tx.execute('insert into bid (id, requirement_id, merchant_id, vendor_id, total_contract_value) values (?, ?, ?, ?, ?)', [
      bidId,
      closed,
      merchant.orgId,
      bid.vendor.orgId,
      total,
    ]);
    await tx.execute(
      'insert into bid_revision (id, bid_id, merchant_id, vendor_id, revision, staffing, pricing, kpi_commitments, notes, created_by_user_id) values (?, ?, ?, ?, 1, ?, ?, ?, ?, ?)',
      [
        newId(),
        bidId,
        merchant.orgId,
        bid.vendor.orgId,
        JSON.stringify({
          agents: bid.agents,
          teamLeads: 2,
          qualityStaff: 1,
          trainers: 1,
          reserveRatio: '0.2',
          shifts: '2 shifts',
          languages: ['zh-CN'],
          trainingPlan: null,
          maxMonthlyAttrition: '0.15',
        }),
        JSON.stringify(pricing),
        JSON.stringify([
          { metric: 'FIRST_RESPONSE_SECONDS', value: bid.firstResponse },
          { metric: 'SATISFACTION_RATE', value: '96' },
        ]),
        'Demo bid.',
        bid.vendor.ownerId,
      ],
    );
  }
  await asOrg(merchant);
  // Bidding on the second requirement has closed: its bids are now unsealed for the merchant.
  await tx.execute("update requirement set bid_deadline = now() - interval '1 minute' where id = ?", [closed]);
  // The audit firm holds a grant of all of the merchant's contracts: the contract of an accepted bid is the auditor's to read.
  await tx.execute('insert into audit_grant (id, merchant_id, audit_firm_id, created_by) values (?, ?, ?, ?)', [
    newId(),
    merchant.orgId,
    orgs.audit!.orgId,
    merchant.ownerId,
  ]);
}

/** The first day of the month `months` from the current one (negative: before), as an ISO date. */
function firstOfMonth(months: number): string {
  return firstOfMonthAhead(months);
}

/**
 * A contract in force between the demo merchant and vendor A, signed and started three months ago,
 * with the vendor's daily usage up to yesterday: the generation job drafts last month's statement
 * from it at start-up (see seedDemo), for vendor A's finance to issue and the merchant's to confirm.
 */
async function seedContractInForce(tx: Executor, orgs: Record<string, { orgId: string; ownerId: string }>): Promise<void> {
  const merchant = orgs.merchant!;
  const vendor = orgs.vendorA!;
  const asOrg = (o: { orgId: string; ownerId: string }) =>
    tx.execute("select set_config('app.org_id', ?, true), set_config('app.user_id', ?, true)", [o.orgId, o.ownerId]);
  const termStart = firstOfMonth(-3);
  const title = '抖音小店售后客服外包 (in force since ' + termStart + ')';
  const serviceHours = JSON.parse(SERVICE_HOURS) as Record<string, unknown>;
  const pricing = {
    model: 'PER_CONTACT',
    baseRate: '1.34',
    rampFactors: ['0.8', '0.9', '1.0'],
    seatRates: null,
    monthlyFee: null,
    tiers: null,
    holidayMultiplier: '3',
    vatRate: '0.06',
  };
  const staffing = {
    agents: 22,
    teamLeads: 2,
    qualityStaff: 1,
    trainers: 1,
    reserveRatio: '0.2',
    shifts: '2 shifts',
    languages: ['zh-CN'],
    trainingPlan: null,
    maxMonthlyAttrition: '0.15',
  };
  const kpiCommitments = [
    { metric: 'FIRST_RESPONSE_SECONDS', value: '12' },
    { metric: 'SATISFACTION_RATE', value: '96' },
  ];
  const requirementId = newId();
  const bidId = newId();
  const contractId = newId();
  await asOrg(merchant);
  await tx.execute(
    `insert into requirement (id, merchant_id, status, title, description, service_scopes, channels, service_hours, seats_required, expected_monthly_volume,
       kpi_targets, term_start, term_months, budget_min, budget_max, required_certifications, bid_deadline, visibility, published_at, awarded_at)
     values (?, ?, 'OPEN', ?, 'After-sales chat for a Douyin shop.', '{AFTER_SALES}', '{ONLINE_CHAT}', ?, 20, 93200, ?, ?, 12, 120000, 180000, '{}',
       now() + interval '1 hour', 'PUBLIC', now(), null)`,
    [requirementId, merchant.orgId, title, SERVICE_HOURS, KPI_TARGETS, termStart],
  );
  await asOrg(vendor);
  await tx.execute('insert into bid (id, requirement_id, merchant_id, vendor_id, total_contract_value) values (?, ?, ?, ?, 0)', [
    bidId,
    requirementId,
    merchant.orgId,
    vendor.orgId,
  ]);
  await tx.execute(
    'insert into bid_revision (id, bid_id, merchant_id, vendor_id, revision, staffing, pricing, kpi_commitments, notes, created_by_user_id) values (?, ?, ?, ?, 1, ?, ?, ?, ?, ?)',
    [
      newId(),
      bidId,
      merchant.orgId,
      vendor.orgId,
      JSON.stringify(staffing),
      JSON.stringify(pricing),
      JSON.stringify(kpiCommitments),
      'Demo bid (accepted).',
      vendor.ownerId,
    ],
  );
  await asOrg(merchant);
  await tx.execute("update requirement set bid_deadline = now() - interval '1 minute' where id = ?", [requirementId]);
  await tx.execute("update requirement set status = 'AWARDED', awarded_at = now() where id = ?", [requirementId]);
  await tx.execute("update bid set status = 'ACCEPTED' where id = ?", [bidId]);
  const terms = {
    requirement: {
      title,
      serviceScopes: ['AFTER_SALES'],
      channels: ['ONLINE_CHAT'],
      serviceHours,
      seatsRequired: 20,
      expectedMonthlyVolume: 93200,
      kpiTargets: JSON.parse(KPI_TARGETS) as unknown[],
      timeZone: 'Asia/Shanghai',
    },
    bidRevision: 1,
    pricing,
    staffing,
    kpiCommitments,
    rules: DEFAULT_CONTRACT_RULES,
  };
  await tx.execute(
    `insert into contract (id, merchant_id, vendor_id, requirement_id, bid_id, status, start_date, term_months, terms,
       merchant_signed_at, merchant_signed_by, vendor_signed_at, vendor_signed_by)
     values (?, ?, ?, ?, ?, 'ACTIVE', ?, 12, ?, now(), ?, now(), ?)`,
    [contractId, merchant.orgId, vendor.orgId, requirementId, bidId, termStart, JSON.stringify(terms), merchant.ownerId, vendor.ownerId],
  );
  await asOrg(vendor);
  // ~3,100 qualified chats a day, a little more at weekends, up to yesterday.
  const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
  const days = datesBetween(termStart, yesterday);
  for (let i = 0; i < days.length; i += 200) {
    const batch = days.slice(i, i + 200).map((day, j) => {
      const qualified = 2_900 + (((i + j) * 37) % 400);
      return { day, qualified, total: qualified + 120 };
    });
    await tx.execute(
      `insert into usage_day (contract_id, merchant_id, vendor_id, day, reported_qualified_contacts, reported_total_contacts)
       select ?, ?, ?, x.day, x.qualified, x.total from jsonb_to_recordset(?::jsonb) as x(day date, qualified int, total int)`,
      [contractId, merchant.orgId, vendor.orgId, JSON.stringify(batch)],
    );
  }
}

/**
 * Loads the demo marketplace once (it is skipped when the demo administrator exists).
 * Inserts run with the tenant settings of each organization, so they pass the same row-level
 * security policies as the API's writes.
 */
export async function seedDemo(orm: MikroORM, config: Config = loadConfig()): Promise<boolean> {
  const em = orm.em.fork();
  const [{ exists }] = await em.execute<{ exists: boolean }[]>('select auth_user_id_by_email(?) is not null as exists', [ADMIN.email]);
  if (exists) return false;
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  await em.transactional(async (tx) => {
    await tx.execute("select set_config('role', 'kefu_app', true)");
    const created: Record<string, { orgId: string; ownerId: string }> = {};
    for (const org of ORGANIZATIONS) {
      const orgId = newId();
      const users = org.members.map((m) => ({ ...m, id: newId() }));
      created[org.key] = { orgId, ownerId: users[0]!.id };
      await tx.execute("select set_config('app.org_id', ?, true), set_config('app.user_id', ?, true)", [orgId, users[0]!.id]);
      await tx.execute(
        `insert into organization (id, kind, legal_name, credit_code, verification_status, verified_at) values (?, ?, ?, ?, ?, ${org.verified ? 'now()' : 'null'})`,
        [orgId, org.kind, org.legalName, demoCreditCode(org.creditCodeBase), org.verified ? 'VERIFIED' : 'PENDING'],
      );
      await tx.execute('insert into organization_private (organization_id, contact_name, contact_email) values (?, ?, ?)', [
        orgId,
        users[0]!.displayName,
        users[0]!.email,
      ]);
      for (const user of users) {
        await tx.execute('insert into app_user (id, email, display_name, password_hash) values (?, ?, ?, ?)', [
          user.id,
          user.email,
          user.displayName,
          passwordHash,
        ]);
        await tx.execute('insert into membership (id, organization_id, user_id, role) values (?, ?, ?, ?)', [newId(), orgId, user.id, user.role]);
      }
      const profile = org.vendorProfile;
      if (profile) {
        await tx.execute(
          'insert into vendor_profile (organization_id, seat_capacity, channels, languages, certifications, service_regions, description) values (?, ?, ?::text[], ?::text[], ?::text[], ?::text[], ?)',
          [
            orgId,
            profile.seatCapacity,
            ...[profile.channels, profile.languages, profile.certifications, profile.serviceRegions].map(pgTextArray),
            profile.description,
          ],
        );
      }
      await tx.execute("insert into audit_event (organization_id, action, entity_type, entity_id, changes) values (?, 'seed.demo', 'Organization', ?, '{}')", [
        orgId,
        orgId,
      ]);
    }
    await seedMarketplace(tx, created);
    await seedContractInForce(tx, created);
    // The administrator belongs to no organization; created as the platform, outside any tenant.
    const adminId = newId();
    await tx.execute("select set_config('app.org_id', ?, true), set_config('app.user_id', ?, true)", [newId(), adminId]);
    await tx.execute('insert into app_user (id, email, display_name, password_hash, is_platform_admin) values (?, ?, ?, ?, true)', [
      adminId,
      ADMIN.email,
      ADMIN.displayName,
      passwordHash,
    ]);
  });
  // Last month's statement of the contract in force, drafted as the generation job drafts it.
  await generateMonthStatements(orm, firstOfMonth(-1).slice(0, 7), 'seed-demo', config);
  return true;
}
