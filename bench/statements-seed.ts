/**
 * The statements bench's marketplace, inserted set-based (generate_series) as the owner: `contracts`
 * ACTIVE contracts, 25 per vendor and about 64 per merchant (so a few hundred of each), with the
 * month's facts as the API would have recorded them:
 * - terms frozen like an award's (freezeTerms: requirement, bid revision, pricing, staffing, KPI
 *   commitments, DEFAULT_CONTRACT_RULES): 70% PER_CONTACT with ramp-up factors (base rates 1.20–1.59),
 *   10% each TIERED, PER_SEAT_MONTH and FIXED_MONTHLY; most start 2026-09-01 (contract month 3 in
 *   November), 20% on 2026-09-16 (two ramp rates in November), 5% on 2026-11-11 (a partial month);
 *   every 50th has a binding amendment from 2026-11-16 (two spans of terms);
 * - usage: one aggregate per day of service in November 2026 (30 for a whole month), seats for
 *   PER_SEAT_MONTH;
 * - KPIs: FIRST_RESPONSE_SECONDS (vendor) and SATISFACTION_RATE (merchant) every day, some missed;
 * - incidents: one non-exempt outage each (30 to 1,170 minutes; 5,000 for every 100th, below the 90%
 *   tier), a planned exempt one for every 5th, a verified data breach for every 50th;
 * - inspections: one PASSED for every contract; a first failure (no deduction) for every 20th, and for
 *   every 40th a second failure with its 10% deduction in November.
 * Also, for the listing: a FINANCE member of merchant 0 and an audit firm with an AUDITOR member, each
 * with a live session.
 */
import pg from 'pg';
import { newId } from '../src/db/base.js';
import { MembershipRole } from '../src/core/roles.js';
import { OrganizationKind } from '../src/modules/organizations/organization.entity.js';
import { DEFAULT_CONTRACT_RULES, type ContractTerms } from '../src/modules/contracts/contract-terms.js';
import type { StoredPricing } from '../src/modules/bids/bid.entity.js';
import { demoCreditCode } from '../seeds/demo.js';

export const STATEMENTS_MONTH = '2026-11';
const CONTRACTS_PER_VENDOR = 25;
const CONTRACTS_PER_MERCHANT = 64;

export interface SeededMember {
  userId: string;
  sessionId: string;
  organizationId: string;
  organizationKind: OrganizationKind;
  role: MembershipRole;
  label: string;
}

export interface StatementsSeed {
  contracts: number;
  vendors: number;
  merchants: number;
  /** Merchant 0's FINANCE member: who lists the month's statements until audit grants are merged. */
  merchantFinance: SeededMember;
  /** An AUDITOR of an audit firm, not yet granted anything (audit grants are not on this branch). */
  auditor: SeededMember;
  /** Statements of STATEMENTS_MONTH merchant 0 may read. */
  merchantStatements: number;
  /** Facts that should show up as lines. */
  expected: { verifiedBreaches: number; deductedInspections: number; amendedContracts: number; partialMonths: number };
  rows: Record<string, number>;
}

const SERVICE_HOURS = { daysOfWeek: [1, 2, 3, 4, 5, 6, 7], startTime: '09:00', endTime: '23:00', timeZone: 'Asia/Shanghai' };
const KPI_TARGETS = [
  { metric: 'FIRST_RESPONSE_SECONDS', comparator: 'AT_MOST', target: '15', unit: 's', weight: '2' },
  { metric: 'SATISFACTION_RATE', comparator: 'AT_LEAST', target: '95', unit: '%', weight: '1' },
] as const;

const PRICING: Record<string, StoredPricing> = {
  PER_CONTACT: { model: 'PER_CONTACT', baseRate: '1.34', rampFactors: ['0.8', '0.9', '1.0'], holidayMultiplier: '3', vatRate: '0.06' },
  TIERED: {
    model: 'TIERED',
    tiers: [
      { upTo: 30000, rate: '1.50' },
      { upTo: 60000, rate: '1.30' },
      { upTo: null, rate: '1.10' },
    ],
    holidayMultiplier: '3',
    vatRate: '0.06',
  },
  PER_SEAT_MONTH: {
    model: 'PER_SEAT_MONTH',
    seatRates: [
      { seatType: 'INBOUND', monthlyRate: '800.00' },
      { seatType: 'INBOUND_OUTBOUND', monthlyRate: '1000.00' },
    ],
    holidayMultiplier: '3',
    vatRate: '0.06',
  },
  FIXED_MONTHLY: { model: 'FIXED_MONTHLY', monthlyFee: '150000.00', holidayMultiplier: '3', vatRate: '0.06' },
};

/** The terms an award freezes (contract.service.ts freezeTerms), per pricing model; title and base rate are set per contract. */
function termsTemplates(): Record<string, ContractTerms> {
  return Object.fromEntries(
    Object.entries(PRICING).map(([model, pricing]) => [
      model,
      {
        requirement: {
          title: 'Hotline',
          serviceScopes: ['PRE_SALES', 'AFTER_SALES'],
          channels: ['PHONE'],
          serviceHours: SERVICE_HOURS,
          seatsRequired: 25,
          expectedMonthlyVolume: 90000,
          kpiTargets: KPI_TARGETS.map((k) => ({ ...k })),
          timeZone: 'Asia/Shanghai',
        },
        bidRevision: 1,
        pricing,
        staffing: {
          agents: 25,
          teamLeads: 2,
          qualityStaff: 1,
          trainers: 1,
          reserveRatio: '0.2',
          shifts: null,
          languages: ['zh-CN'],
          trainingPlan: null,
          maxMonthlyAttrition: '0.15',
        },
        kpiCommitments: [
          { metric: 'FIRST_RESPONSE_SECONDS', value: '12' },
          { metric: 'SATISFACTION_RATE', value: '96' },
        ],
        rules: DEFAULT_CONTRACT_RULES,
      } satisfies ContractTerms,
    ]),
  );
}

/** In one transaction; the first takes `$1` contracts, `$2` vendor ids, `$3` merchant ids, `$4` terms by model (the others read its table). */
const SEED_SQL = [
  `create temp table bench_contract on commit drop as
   select x.*, $4::jsonb -> x.model as template from (select n,
     md5('contract/' || n)::uuid as id,
     md5('requirement/' || n)::uuid as requirement_id,
     md5('bid/' || n)::uuid as bid_id,
     ($2::uuid[])[n / ${CONTRACTS_PER_VENDOR} + 1] as vendor_id,
     ($3::uuid[])[n % cardinality($3::uuid[]) + 1] as merchant_id,
     case when n % 20 = 19 then date '2026-11-11' when n % 10 in (5, 6) then date '2026-09-16' else date '2026-09-01' end as start_date,
     case n % 10 when 7 then 'TIERED' when 8 then 'PER_SEAT_MONTH' when 9 then 'FIXED_MONTHLY' else 'PER_CONTACT' end as model
   from generate_series(0, $1::int - 1) n) x`,
  `insert into requirement (id, merchant_id, status, title, service_scopes, channels, service_hours, seats_required, expected_monthly_volume,
     kpi_targets, term_start, term_months, budget_max, bid_deadline, visibility, published_at, awarded_at, created_at, updated_at)
   select requirement_id, merchant_id, 'AWARDED', 'Hotline ' || n, '{PRE_SALES,AFTER_SALES}', '{PHONE}', template -> 'requirement' -> 'serviceHours',
     25, 90000, template -> 'requirement' -> 'kpiTargets', start_date, 12, 3000000,
     (start_date - 40)::timestamp at time zone 'Asia/Shanghai', 'PUBLIC', (start_date - 60)::timestamp at time zone 'Asia/Shanghai',
     (start_date - 38)::timestamp at time zone 'Asia/Shanghai', (start_date - 60)::timestamp at time zone 'Asia/Shanghai', (start_date - 38)::timestamp at time zone 'Asia/Shanghai'
   from bench_contract`,
  `insert into bid (id, requirement_id, merchant_id, vendor_id, status, total_contract_value, submitted_at, decided_at, updated_at)
   select bid_id, requirement_id, merchant_id, vendor_id, 'ACCEPTED', 2000000 + n, (start_date - 41)::timestamp at time zone 'Asia/Shanghai',
     (start_date - 38)::timestamp at time zone 'Asia/Shanghai', (start_date - 38)::timestamp at time zone 'Asia/Shanghai'
   from bench_contract`,
  `insert into bid_revision (id, bid_id, merchant_id, vendor_id, revision, staffing, pricing, kpi_commitments, notes, created_at)
   select md5('bid_revision/' || n)::uuid, bid_id, merchant_id, vendor_id, 1, template -> 'staffing', template -> 'pricing',
     template -> 'kpiCommitments', 'bench', (start_date - 41)::timestamp at time zone 'Asia/Shanghai'
   from bench_contract`,
  `insert into contract (id, merchant_id, vendor_id, requirement_id, bid_id, status, start_date, term_months, terms,
     merchant_signed_at, merchant_signed_by, vendor_signed_at, vendor_signed_by, activated_at, created_at, updated_at)
   select id, merchant_id, vendor_id, requirement_id, bid_id, 'ACTIVE', start_date, 12,
     jsonb_set(
       jsonb_set(template, '{requirement,title}', to_jsonb('Hotline ' || n)),
       '{pricing}',
       (template -> 'pricing') || case when model = 'PER_CONTACT' then jsonb_build_object('baseRate', to_char(1.20 + (n % 40) / 100.0, 'FM0.00')) else '{}' end),
     (start_date - 35)::timestamp at time zone 'Asia/Shanghai', md5('owner/' || merchant_id)::uuid,
     (start_date - 36)::timestamp at time zone 'Asia/Shanghai', md5('owner/' || vendor_id)::uuid,
     start_date::timestamp at time zone 'Asia/Shanghai', (start_date - 38)::timestamp at time zone 'Asia/Shanghai', start_date::timestamp at time zone 'Asia/Shanghai'
   from bench_contract`,
  // A lower base rate from 2026-11-16: November has two spans of terms.
  `insert into contract_amendment (id, contract_id, merchant_id, vendor_id, number, status, effective_from, changes, reason, proposed_by_organization,
     proposed_by_user, proposed_at, vendor_signed_at, vendor_signed_by, merchant_signed_at, merchant_signed_by, bound_at)
   select md5('amendment/' || n)::uuid, id, merchant_id, vendor_id, 1, 'BINDING', date '2026-11-16',
     jsonb_build_object('pricing', (template -> 'pricing') || jsonb_build_object('baseRate', to_char(1.10 + (n % 40) / 100.0, 'FM0.00'))),
     'Volume discount', vendor_id, md5('owner/' || vendor_id)::uuid, timestamptz '2026-11-02 10:00+08', timestamptz '2026-11-02 10:00+08', md5('owner/' || vendor_id)::uuid,
     timestamptz '2026-11-03 09:00+08', md5('owner/' || merchant_id)::uuid, timestamptz '2026-11-03 09:00+08'
   from bench_contract where n % 50 = 3`,
  `insert into usage_day (contract_id, merchant_id, vendor_id, day, reported_qualified_contacts, reported_total_contacts, seats, updated_at)
   select c.id, c.merchant_id, c.vendor_id, d.day, t.total - 100 - (c.n + extract(day from d.day)::int) % 50, t.total,
     case when c.model = 'PER_SEAT_MONTH' then '[{"seatType":"INBOUND","seats":20},{"seatType":"INBOUND_OUTBOUND","seats":5}]'::jsonb else '[]'::jsonb end,
     (d.day + 1)::timestamp at time zone 'Asia/Shanghai'
   from bench_contract c
   cross join lateral (select g::date as day from generate_series(greatest(c.start_date, date '2026-11-01'), date '2026-11-30', interval '1 day') g) d
   cross join lateral (select 2500 + (c.n * 37 + extract(day from d.day)::int * 113) % 900 as total) t`,
  `insert into kpi_measurement (contract_id, merchant_id, vendor_id, metric, day, value, comparator, target, unit, weight, met, reported_by_organization, reported_at)
   select c.id, c.merchant_id, c.vendor_id, k.metric, d.day, k.value, k.comparator, k.target, k.unit, k.weight,
     case k.comparator when 'AT_MOST' then k.value <= k.target else k.value >= k.target end, k.reporter, (d.day + 1)::timestamp at time zone 'Asia/Shanghai' + interval '9 hours'
   from bench_contract c
   cross join lateral (select g::date as day from generate_series(greatest(c.start_date, date '2026-11-01'), date '2026-11-30', interval '1 day') g) d
   cross join lateral (values
     ('FIRST_RESPONSE_SECONDS', (9 + (c.n + extract(day from d.day)::int) % 9)::numeric, 'AT_MOST', 15::numeric, 's', 2::numeric, c.vendor_id),
     ('SATISFACTION_RATE', 93.5 + ((c.n + extract(day from d.day)::int) % 6) / 2.0, 'AT_LEAST', 95::numeric, '%', 1::numeric, c.merchant_id)
   ) as k(metric, value, comparator, target, unit, weight, reporter)`,
  `insert into incident (id, contract_id, merchant_id, vendor_id, kind, status, started_at, ended_at, cause, reported_by_organization, reported_at,
     closed_at, closed_by_organization)
   select md5('outage/' || n)::uuid, id, merchant_id, vendor_id, 'OUTAGE', 'NOT_EXEMPT', o.started_at, o.started_at + o.minutes * interval '1 minute',
     'Carrier outage on the inbound trunk.', vendor_id, o.started_at + interval '7 minutes', o.started_at + (o.minutes + 5) * interval '1 minute', vendor_id
   from bench_contract
   cross join lateral (select timestamptz '2026-11-11 10:00+08' + (n % 19) * interval '1 day' as started_at,
                              case when n % 100 = 42 then 5000 else 30 + (n % 20) * 60 end as minutes) o`,
  `insert into incident (id, contract_id, merchant_id, vendor_id, kind, status, started_at, ended_at, cause, reported_by_organization, reported_at,
     closed_at, closed_by_organization, exemption_grounds, exemption_proposed_at, exemption_proposal_note, decided_at, decision_note)
   select md5('exempt/' || n)::uuid, id, merchant_id, vendor_id, 'OUTAGE', 'EXEMPT', timestamptz '2026-11-08 01:00+08', timestamptz '2026-11-08 01:30+08',
     'Planned switch upgrade.', vendor_id, timestamptz '2026-11-08 01:00+08', timestamptz '2026-11-08 01:31+08', vendor_id,
     'PLANNED_WITH_NOTICE', timestamptz '2026-11-08 09:00+08', 'Announced a week ahead.', timestamptz '2026-11-09 10:00+08', 'Agreed.'
   from bench_contract where n % 5 = 0`,
  `insert into incident (id, contract_id, merchant_id, vendor_id, kind, status, started_at, cause, reported_by_organization, reported_at, decided_at, decision_note)
   select md5('breach/' || n)::uuid, id, merchant_id, vendor_id, 'DATA_BREACH', 'VERIFIED', timestamptz '2026-11-10 14:23:17+08',
     'Customer list exported by an agent.', merchant_id, timestamptz '2026-11-10 16:00+08', timestamptz '2026-11-12 10:00+08', 'Verified with the logs.'
   from bench_contract where n % 50 = 7`,
  `insert into inspection (id, contract_id, merchant_id, vendor_id, number, week, week_start, week_end, status, result, scorecard, sample_method,
     score, failure_number, deduction_percent, deduction_month, created_at, scored_at)
   select md5('inspection/' || n || '/' || i.number)::uuid, c.id, c.merchant_id, c.vendor_id, i.number, i.week, i.week_start, i.week_start + 6, 'SCORED', i.result,
     '{"version":1,"criteria":[{"name":"Greeting","weight":"1.0000","critical":false},{"name":"Resolution","weight":"3.0000","critical":false},{"name":"Compliance","weight":"1.0000","critical":true}],"passMark":"80.00","weeklySampleSize":50}'::jsonb,
     'ENTERED', i.score, i.failure_number, i.deduction_percent, i.deduction_month,
     (i.week_start + 7)::timestamp at time zone 'Asia/Shanghai' + interval '10 hours', (i.week_start + 8)::timestamp at time zone 'Asia/Shanghai' + interval '17 hours'
   from bench_contract c
   cross join lateral (values
     (1, '2026-W45', date '2026-11-02', case when c.n % 20 = 5 then 'FAILED' else 'PASSED' end, case when c.n % 20 = 5 then 72.00 else 88.50 end,
        case when c.n % 20 = 5 then 1 end, null::numeric, null::date),
     (2, '2026-W46', date '2026-11-09', 'FAILED', 70.00, 2, 10.00, date '2026-11-01')
   ) as i(number, week, week_start, result, score, failure_number, deduction_percent, deduction_month)
   where c.start_date <= date '2026-11-01' and (i.number = 1 or c.n % 40 = 5)`,
];

const TABLES = ['contract', 'contract_amendment', 'usage_day', 'kpi_measurement', 'incident', 'inspection'];
const SEEDED_TABLES = [...TABLES, 'requirement', 'bid', 'bid_revision'];

export async function seedStatements(url: string, contracts: number): Promise<StatementsSeed> {
  const vendors = Math.ceil(contracts / CONTRACTS_PER_VENDOR);
  const merchants = Math.max(1, Math.round(contracts / CONTRACTS_PER_MERCHANT));
  const org = (kind: OrganizationKind, i: number) => ({
    id: newId(),
    kind,
    legal_name: `Bench ${kind.toLowerCase()} ${i}`,
    credit_code: demoCreditCode(
      `91${kind === OrganizationKind.VENDOR ? '33' : kind === OrganizationKind.MERCHANT ? '31' : '11'}${String(i).padStart(12, '0')}`,
    ),
  });
  const vendorOrgs = Array.from({ length: vendors }, (_, i) => org(OrganizationKind.VENDOR, i));
  const merchantOrgs = Array.from({ length: merchants }, (_, i) => org(OrganizationKind.MERCHANT, i));
  const auditFirm = org(OrganizationKind.AUDIT_FIRM, 0);

  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('begin');
    await client.query(
      `insert into organization (id, kind, legal_name, credit_code, verification_status, verified_at)
       select id, kind, legal_name, credit_code, 'VERIFIED', now() from jsonb_to_recordset($1::jsonb) as x(id uuid, kind text, legal_name text, credit_code text)`,
      [JSON.stringify([...vendorOrgs, ...merchantOrgs, auditFirm])],
    );
    // Each organization's owner, who signed its contracts.
    await client.query(
      `with o as (select id, md5('owner/' || id)::uuid as user_id from organization)
       , u as (insert into app_user (id, email, display_name) select user_id, 'owner.' || id || '@bench.test', 'Bench owner' from o)
       insert into membership (id, organization_id, user_id, role) select md5('membership/' || id)::uuid, id, user_id, 'OWNER' from o`,
    );
    const member = async (organizationId: string, organizationKind: OrganizationKind, role: MembershipRole, label: string): Promise<SeededMember> => {
      const userId = newId();
      const membershipId = newId();
      const sessionId = newId();
      await client.query('insert into app_user (id, email, display_name) values ($1, $2, $3)', [
        userId,
        `${role.toLowerCase()}.${userId}@bench.test`,
        `Bench ${role}`,
      ]);
      await client.query('insert into membership (id, organization_id, user_id, role) values ($1, $2, $3, $4)', [membershipId, organizationId, userId, role]);
      await client.query(
        `insert into auth_session (id, user_id, organization_id, membership_id, expires_at) values ($1, $2, $3, $4, now() + interval '1 day')`,
        [sessionId, userId, organizationId, membershipId],
      );
      return { userId, sessionId, organizationId, organizationKind, role, label };
    };
    const merchantFinance = await member(merchantOrgs[0]!.id, OrganizationKind.MERCHANT, MembershipRole.FINANCE, "merchant 0's FINANCE member");
    const auditor = await member(
      auditFirm.id,
      OrganizationKind.AUDIT_FIRM,
      MembershipRole.AUDITOR,
      "the audit firm's AUDITOR (granted every merchant's contracts)",
    );
    // Every merchant grants the audit firm all its contracts: its auditor reads every statement of the month.
    await client.query(
      `insert into audit_grant (id, merchant_id, audit_firm_id, contract_ids, created_by)
       select md5('grant/' || id)::uuid, id, $1, null, md5('owner/' || id)::uuid from organization where kind = 'MERCHANT'`,
      [auditFirm.id],
    );
    const params = [contracts, vendorOrgs.map((o) => o.id), merchantOrgs.map((o) => o.id), JSON.stringify(termsTemplates())];
    for (const [i, statement] of SEED_SQL.entries()) await client.query(statement, i === 0 ? params : []);
    await client.query('commit');
    const rows: Record<string, number> = {};
    for (const table of TABLES) rows[table] = Number((await client.query(`select count(*) as n from ${table}`)).rows[0].n);
    // As autovacuum would leave a production database: the tables just filled vacuumed and analyzed.
    // Not the statement tables, still empty: a table analyzed while empty is planned as empty by every
    // connection until its next analyze (PostgreSQL assumes at least 10 pages only for a table never
    // analyzed), so cached lookups (foreign-key checks, triggers) would scan it row by row while the
    // month's run fills it — the state of a first month whose table autovacuum analyzed when nearly
    // empty, not of a month with earlier statements. Then a checkpoint, so that the seed's writes are
    // not flushed during the measured run.
    await client.query(`vacuum analyze ${[...SEEDED_TABLES, 'organization', 'app_user', 'membership', 'auth_session'].join(', ')}`);
    await client.query('checkpoint');
    const count = (test: (n: number) => boolean) => Array.from({ length: contracts }, (_, n) => n).filter(test).length;
    const merchantStatements = count((n) => n % merchants === 0);
    return {
      contracts,
      vendors,
      merchants,
      merchantFinance,
      auditor,
      merchantStatements,
      expected: {
        verifiedBreaches: count((n) => n % 50 === 7),
        deductedInspections: count((n) => n % 40 === 5 && n % 20 !== 19),
        amendedContracts: count((n) => n % 50 === 3),
        partialMonths: count((n) => n % 20 === 19),
      },
      rows,
    };
  } catch (error) {
    await client.query('rollback').catch(() => {});
    throw error;
  } finally {
    await client.end();
  }
}
