/**
 * The bench's marketplace, inserted directly as the owner (no API calls, no password hashing):
 * - a merchant with 60 open requirements (deadlines 1..60 days ahead), with 0, 1 or 2 answered
 *   questions each (asked by vendor 0), and one requirement whose deadline has passed with 30 bids
 *   (one per vendor, each with a revision) for the merchant's comparison;
 * - 30 vendors; vendor 1 — the one that browses — has its own bid on every fourth open requirement;
 * - for the contract view, 20 ACTIVE contracts of the merchant with one more vendor (not among the 30),
 *   each with its evidence of October 2026 (see seedContracts).
 * Every organization has an owner with a live session, so its tokens pass the API's session check.
 */
import type { MikroORM } from '@mikro-orm/postgresql';
import { newId } from '../src/db/base.js';
import { OrganizationKind } from '../src/modules/organizations/organization.entity.js';
import { DEFAULT_CONTRACT_RULES, type ContractTerms } from '../src/modules/contracts/contract-terms.js';
import type { KpiTarget } from '../src/modules/requirements/requirement.entity.js';
import { demoCreditCode } from '../seeds/demo.js';

export interface BenchOrganization {
  id: string;
  userId: string;
  kind: OrganizationKind;
  sessionId: string;
  legalName: string;
}

export interface BenchData {
  merchant: BenchOrganization;
  vendors: BenchOrganization[];
  /** The requirement past its deadline with 30 bids. */
  comparedRequirementId: string;
  /** The merchant's counterparty in the contract view's contracts. */
  contractVendor: BenchOrganization;
  /** What each contract of the contract view should show, by raw id. */
  contracts: Map<string, SeededContract>;
}

const SERVICE_HOURS = { daysOfWeek: [1, 2, 3, 4, 5, 6, 7], startTime: '09:00', endTime: '23:00', timeZone: 'Asia/Shanghai' };
const HOURS = JSON.stringify(SERVICE_HOURS);
const KPI_TARGETS: KpiTarget[] = [
  { metric: 'FIRST_RESPONSE_SECONDS', comparator: 'AT_MOST', target: '15', unit: 's', weight: '2' },
  { metric: 'SATISFACTION_RATE', comparator: 'AT_LEAST', target: '95', unit: '%', weight: '1' },
];
const KPIS = JSON.stringify(KPI_TARGETS);
export const OPEN_REQUIREMENTS = 60;
const VENDORS = 30;

/** The pricing, staffing and KPI commitments of the bench's i-th bid revision. */
function bidTerms(i: number): Pick<ContractTerms, 'pricing' | 'staffing'> & { kpis: ContractTerms['kpiCommitments'] } {
  return {
    pricing: { model: 'PER_CONTACT', baseRate: (1.2 + i / 100).toFixed(2), rampFactors: ['0.8', '0.9', '1.0'], holidayMultiplier: '3', vatRate: '0.06' },
    staffing: {
      agents: 20 + (i % 5),
      teamLeads: 2,
      qualityStaff: 1,
      trainers: 1,
      reserveRatio: '0.2',
      shifts: null,
      languages: ['zh-CN'],
      trainingPlan: null,
      maxMonthlyAttrition: '0.15',
    },
    kpis: [
      { metric: 'FIRST_RESPONSE_SECONDS', value: String(10 + (i % 10)) },
      { metric: 'SATISFACTION_RATE', value: '96' },
    ],
  };
}

export async function seedBench(orm: MikroORM): Promise<BenchData> {
  const sql = orm.em.getConnection();
  const org = async (kind: OrganizationKind, legalName: string): Promise<BenchOrganization> => {
    const id = newId();
    await sql.execute(`insert into organization (id, kind, legal_name, credit_code, verification_status, verified_at) values (?, ?, ?, ?, 'VERIFIED', now())`, [
      id,
      kind,
      legalName,
      demoCreditCode(`9133${String(Math.floor(Math.random() * 1e12)).padStart(12, '0')}`),
    ]);
    const userId = newId();
    await sql.execute('insert into app_user (id, email, display_name) values (?, ?, ?)', [userId, `${id}@bench.test`, legalName]);
    const membershipId = newId();
    await sql.execute(`insert into membership (id, organization_id, user_id, role) values (?, ?, ?, 'OWNER')`, [membershipId, id, userId]);
    // Tokens name a session, checked on every request (as after a login).
    const sessionId = newId();
    await sql.execute(`insert into auth_session (id, user_id, organization_id, membership_id, expires_at) values (?, ?, ?, ?, now() + interval '1 day')`, [
      sessionId,
      userId,
      id,
      membershipId,
    ]);
    return { id, userId, kind, sessionId, legalName };
  };
  const merchant = await org(OrganizationKind.MERCHANT, 'Bench Merchant Co.');
  const vendors: BenchOrganization[] = [];
  for (let i = 0; i < VENDORS; i++) vendors.push(await org(OrganizationKind.VENDOR, `Bench Vendor ${i}`));
  const contractVendor = await org(OrganizationKind.VENDOR, 'Bench Contract Vendor');

  const insertRequirement = async (title: string, deadline: string) => {
    const id = newId();
    await sql.execute(
      `insert into requirement (id, merchant_id, status, title, service_scopes, channels, service_hours, seats_required, expected_monthly_volume, kpi_targets, term_start, term_months, budget_max, bid_deadline, visibility, published_at)
       values (?, ?, 'OPEN', ?, '{PRE_SALES,AFTER_SALES}', '{ONLINE_CHAT}', ?, 20, 93200, ?, '2027-01-01', 12, 200000, ${deadline}, 'PUBLIC', now())`,
      [id, merchant.id, title, HOURS, KPIS],
    );
    return id;
  };
  const insertBid = async (requirementId: string, vendor: BenchOrganization, totalContractValue: number, i: number) => {
    const bidId = newId();
    await sql.execute(`insert into bid (id, requirement_id, merchant_id, vendor_id, total_contract_value) values (?, ?, ?, ?, ?)`, [
      bidId,
      requirementId,
      merchant.id,
      vendor.id,
      totalContractValue,
    ]);
    const { pricing, staffing, kpis } = bidTerms(i);
    await sql.execute(
      `insert into bid_revision (id, bid_id, merchant_id, vendor_id, revision, staffing, pricing, kpi_commitments, notes) values (?, ?, ?, ?, 1, ?, ?, ?, 'bench')`,
      [newId(), bidId, merchant.id, vendor.id, JSON.stringify(staffing), JSON.stringify(pricing), JSON.stringify(kpis)],
    );
  };

  for (let i = 0; i < OPEN_REQUIREMENTS; i++) {
    const id = await insertRequirement(`Open requirement ${i}`, `now() + interval '${i + 1} days'`);
    for (let q = 0; q < i % 3; q++) {
      const questionId = newId();
      await sql.execute(`insert into requirement_question (id, requirement_id, merchant_id, question, answer) values (?, ?, ?, ?, '×3 on 11.11')`, [
        questionId,
        id,
        merchant.id,
        `Peak plan ${q}?`,
      ]);
      await sql.execute(`insert into requirement_question_asker (question_id, vendor_id) values (?, ?)`, [questionId, vendors[0]!.id]);
    }
    if (i % 4 === 0) await insertBid(id, vendors[1]!, 1_200_000 + i * 10_000 + 0.5, i);
  }
  const comparedRequirementId = await insertRequirement('Thirty bids', "now() + interval '1 hour'");
  for (const [i, vendor] of vendors.entries()) await insertBid(comparedRequirementId, vendor, 1_500_000 + i * 1000, i);
  await sql.execute(`update requirement set bid_deadline = now() - interval '1 minute' where id = ?`, [comparedRequirementId]);
  const contracts = await seedContracts(sql, merchant, contractVendor);
  return { merchant, vendors, comparedRequirementId, contractVendor, contracts };
}

type Sql = ReturnType<MikroORM['em']['getConnection']>;

/** One insert of rows given as { column: value } (the first row's columns; parameters take the columns' types). */
async function insert(sql: Sql, table: string, rows: Record<string, unknown>[]): Promise<void> {
  const columns = Object.keys(rows[0]!);
  const tuple = `(${columns.map(() => '?').join(', ')})`;
  await sql.execute(
    `insert into ${table} (${columns.join(', ')}) values ${rows.map(() => tuple).join(', ')}`,
    rows.flatMap((row) => columns.map((c) => row[c])) as never[],
  );
}

/** Contracts of the contract view: what the API must show for each before it is measured. */
export const VIEW_CONTRACTS = 20;

export interface SeededContract {
  title: string;
  /** October 2026's usage: 31 days reported as aggregates. */
  qualifiedContacts: number;
  totalContacts: number;
  /** The base rate of amendment 1, in force from 2026-10-01. */
  amendedBaseRate: string;
}

/** FIRST_RESPONSE_SECONDS of 2026-10-01..10 (s, AT_MOST 15): the 5th to 7th missed, which opened a rectification notice. */
const FIRST_RESPONSE = ['12', '13', '11', '14', '20', '21', '22', '10', '12', '13'];
export const NOTICE_DAYS = ['2026-10-05', '2026-10-06', '2026-10-07'];
/** The two outages of October 2026 (Asia/Shanghai): 120 non-exempt minutes and 30 exempt ones. */
export const NON_EXEMPT_OUTAGE_MINUTES = 120;

/** An instant in Asia/Shanghai, "2026-10-12T10:00:00". */
const at = (local: string) => new Date(`${local}+08:00`);
const october = (d: number) => `2026-10-${String(d).padStart(2, '0')}`;

/**
 * VIEW_CONTRACTS ACTIVE contracts between `merchant` and `vendor`, each as awarding, signing and a
 * month of service would leave it (contents as the API writes them):
 * - an AWARDED requirement (term 2026-09-01, 3 months), its ACCEPTED bid with revision 1, the contract
 *   with frozen terms (the two KPI targets, default rules: it renews by 12 months after 2026-11-30), signed
 *   by both owners in July, activated on 2026-09-01;
 * - amendment 1, proposed by the vendor, signed by the merchant, BINDING from 2026-10-01 (a lower base rate);
 * - usage: the 31 days of October reported as aggregates (no contact records);
 * - KPIs: FIRST_RESPONSE_SECONDS (vendor) and SATISFACTION_RATE (merchant) on 2026-10-01..10 — 20
 *   measurements, judged against the terms — and the rectification notice of the 3-day missed streak;
 * - incidents: a closed outage of 2 h (not exempt) and a planned one of 30 min, exempted by the merchant;
 * - inspections: scorecard version 1, inspection 1 (2026-W40) PASSED, inspection 2 (2026-W41) FAILED
 *   (a first failure: no deduction) with its rectification answered and accepted. Their samples are
 *   not seeded: the contract view does not read them.
 * Inserted as the owner: row-level security does not apply, every check constraint does (the
 * triggers guard updates and deletes only).
 */
async function seedContracts(sql: Sql, merchant: BenchOrganization, vendor: BenchOrganization): Promise<Map<string, SeededContract>> {
  const contracts = new Map<string, SeededContract>();
  const parties = { merchant_id: merchant.id, vendor_id: vendor.id };
  for (let i = 0; i < VIEW_CONTRACTS; i++) {
    const title = `Contract view ${i}`;
    const { pricing, staffing, kpis } = bidTerms(i);
    const terms: ContractTerms = {
      requirement: {
        title,
        serviceScopes: ['PRE_SALES', 'AFTER_SALES'],
        channels: ['ONLINE_CHAT'],
        serviceHours: SERVICE_HOURS,
        seatsRequired: 20,
        expectedMonthlyVolume: 93200,
        kpiTargets: KPI_TARGETS,
        timeZone: 'Asia/Shanghai',
      },
      bidRevision: 1,
      pricing,
      staffing,
      kpiCommitments: kpis,
      rules: DEFAULT_CONTRACT_RULES,
    };
    const requirementId = newId();
    await insert(sql, 'requirement', [
      {
        id: requirementId,
        merchant_id: merchant.id,
        status: 'AWARDED',
        title,
        service_scopes: '{PRE_SALES,AFTER_SALES}',
        channels: '{ONLINE_CHAT}',
        service_hours: HOURS,
        seats_required: 20,
        expected_monthly_volume: 93200,
        kpi_targets: KPIS,
        term_start: '2026-09-01',
        term_months: 3,
        budget_max: 200000,
        bid_deadline: at('2026-07-02T12:00:00'),
        visibility: 'PUBLIC',
        published_at: at('2026-06-20T10:00:00'),
        awarded_at: at('2026-07-03T12:00:00'),
      },
    ]);
    const bidId = newId();
    await insert(sql, 'bid', [
      {
        id: bidId,
        requirement_id: requirementId,
        ...parties,
        status: 'ACCEPTED',
        total_contract_value: 330_000 + i * 1000,
        submitted_at: at('2026-07-01T15:00:00'),
        decided_at: at('2026-07-03T12:00:00'),
      },
    ]);
    await insert(sql, 'bid_revision', [
      {
        id: newId(),
        bid_id: bidId,
        ...parties,
        revision: 1,
        staffing: JSON.stringify(staffing),
        pricing: JSON.stringify(pricing),
        kpi_commitments: JSON.stringify(kpis),
        notes: 'bench',
        created_at: at('2026-07-01T15:00:00'),
      },
    ]);
    const contractId = newId();
    await insert(sql, 'contract', [
      {
        id: contractId,
        ...parties,
        requirement_id: requirementId,
        bid_id: bidId,
        status: 'ACTIVE',
        start_date: '2026-09-01',
        term_months: 3,
        terms: JSON.stringify(terms),
        merchant_signed_at: at('2026-07-06T10:00:00'),
        merchant_signed_by: merchant.userId,
        vendor_signed_at: at('2026-07-05T16:30:00'),
        vendor_signed_by: vendor.userId,
        activated_at: at('2026-09-01T00:00:00'),
        // One minute apart: the list (newest first) has a stable order.
        created_at: new Date(at('2026-07-03T12:00:00').getTime() + i * 60_000),
        updated_at: at('2026-09-01T00:00:00'),
      },
    ]);
    const amendedBaseRate = (Number(pricing.baseRate) - 0.05).toFixed(2);
    await insert(sql, 'contract_amendment', [
      {
        id: newId(),
        contract_id: contractId,
        ...parties,
        number: 1,
        status: 'BINDING',
        effective_from: '2026-10-01',
        changes: JSON.stringify({ pricing: { ...pricing, baseRate: amendedBaseRate } }),
        reason: 'Volume discount from October',
        proposed_by_organization: vendor.id,
        proposed_by_user: vendor.userId,
        proposed_at: at('2026-09-20T11:00:00'),
        vendor_signed_at: at('2026-09-20T11:00:00'),
        vendor_signed_by: vendor.userId,
        merchant_signed_at: at('2026-09-22T09:30:00'),
        merchant_signed_by: merchant.userId,
        bound_at: at('2026-09-22T09:30:00'),
      },
    ]);

    const usageDays = Array.from({ length: 31 }, (_, k) => {
      const d = k + 1;
      const total = 2800 + ((i * 37 + d * 113) % 600);
      return {
        contract_id: contractId,
        ...parties,
        day: october(d),
        reported_qualified_contacts: total - 150 - ((i + d) % 40),
        reported_total_contacts: total,
        seats: '[]',
        updated_at: at(`${october(d)}T23:30:00`),
      };
    });
    await insert(sql, 'usage_day', usageDays);

    const measurements = FIRST_RESPONSE.flatMap((seconds, k) => {
      const day = october(k + 1);
      const reported_at = at(`${october(k + 2)}T09:00:00`);
      const measured = { contract_id: contractId, ...parties, day, reported_at };
      return [
        {
          ...measured,
          metric: 'FIRST_RESPONSE_SECONDS',
          value: seconds,
          comparator: 'AT_MOST',
          target: '15',
          unit: 's',
          weight: '2',
          met: Number(seconds) <= 15,
          reported_by_organization: vendor.id,
        },
        {
          ...measured,
          metric: 'SATISFACTION_RATE',
          value: (95.5 + ((i + k) % 4) / 2).toFixed(2),
          comparator: 'AT_LEAST',
          target: '95',
          unit: '%',
          weight: '1',
          met: true,
          reported_by_organization: merchant.id,
        },
      ];
    });
    await insert(sql, 'kpi_measurement', measurements);
    await insert(sql, 'kpi_rectification_notice', [
      {
        id: newId(),
        contract_id: contractId,
        ...parties,
        metric: 'FIRST_RESPONSE_SECONDS',
        days: `{${NOTICE_DAYS.join(',')}}`,
        opened_at: at('2026-10-08T09:00:00'),
      },
    ]);

    const outage = {
      contract_id: contractId,
      ...parties,
      kind: 'OUTAGE',
      reported_by_organization: vendor.id,
      reported_by_user: vendor.userId,
      closed_by_organization: vendor.id,
    };
    await insert(sql, 'incident', [
      {
        ...outage,
        id: newId(),
        status: 'NOT_EXEMPT',
        started_at: at('2026-10-12T10:00:00'),
        ended_at: at('2026-10-12T12:00:00'),
        cause: 'Carrier outage on the inbound trunk.',
        reported_at: at('2026-10-12T10:07:12'),
        closed_at: at('2026-10-12T12:04:40'),
        exemption_grounds: null,
        exemption_proposed_at: null,
        exemption_proposed_by_user: null,
        exemption_proposal_note: null,
        decided_at: null,
        decided_by_user: null,
        decision_note: null,
      },
      {
        ...outage,
        id: newId(),
        status: 'EXEMPT',
        started_at: at('2026-10-20T01:00:00'),
        ended_at: at('2026-10-20T01:30:00'),
        cause: 'Planned switch upgrade, announced on 2026-10-13.',
        reported_at: at('2026-10-20T01:00:30'),
        closed_at: at('2026-10-20T01:31:05'),
        exemption_grounds: 'PLANNED_WITH_NOTICE',
        exemption_proposed_at: at('2026-10-20T09:00:00'),
        exemption_proposed_by_user: vendor.userId,
        exemption_proposal_note: 'Notice sent a week ahead.',
        decided_at: at('2026-10-21T10:00:00'),
        decided_by_user: merchant.userId,
        decision_note: 'Agreed.',
      },
    ]);

    const criteria = [
      { name: 'Greeting', weight: '1.0000', critical: false },
      { name: 'Resolution', weight: '3.0000', critical: false },
      { name: 'Compliance', weight: '1.0000', critical: true },
    ];
    await insert(sql, 'inspection_scorecard', [
      {
        id: newId(),
        contract_id: contractId,
        ...parties,
        version: 1,
        criteria: JSON.stringify(criteria),
        pass_mark: '80.00',
        weekly_sample_size: 50,
        created_by_user: merchant.userId,
        created_at: at('2026-09-02T10:00:00'),
      },
    ]);
    const inspection = {
      contract_id: contractId,
      ...parties,
      status: 'SCORED',
      scorecard: JSON.stringify({ version: 1, criteria, passMark: '80.00', weeklySampleSize: 50 }),
      sample_method: 'ENTERED',
      created_by_user: merchant.userId,
      scored_by_user: merchant.userId,
    };
    const failedId = newId();
    await insert(sql, 'inspection', [
      {
        ...inspection,
        id: newId(),
        number: 1,
        week: '2026-W40',
        week_start: '2026-09-28',
        week_end: '2026-10-04',
        result: 'PASSED',
        score: '88.50',
        failure_number: null,
        created_at: at('2026-10-05T10:00:00'),
        scored_at: at('2026-10-06T17:00:00'),
      },
      {
        ...inspection,
        id: failedId,
        number: 2,
        week: '2026-W41',
        week_start: '2026-10-05',
        week_end: '2026-10-11',
        result: 'FAILED',
        score: '72.00',
        failure_number: 1,
        created_at: at('2026-10-12T10:00:00'),
        scored_at: at('2026-10-13T17:00:00'),
      },
    ]);
    await insert(sql, 'inspection_rectification', [
      {
        id: newId(),
        inspection_id: failedId,
        contract_id: contractId,
        ...parties,
        status: 'ACCEPTED',
        opened_at: at('2026-10-13T17:00:00'),
        due_at: at('2026-10-15T17:00:00'),
        answer: 'Retrained the team on compliance scripts.',
        answered_at: at('2026-10-14T11:00:00'),
        answered_by_user: vendor.userId,
        decided_at: at('2026-10-14T15:00:00'),
        decided_by_user: merchant.userId,
      },
    ]);
    contracts.set(contractId, {
      title,
      qualifiedContacts: usageDays.reduce((sum, d) => sum + d.reported_qualified_contacts, 0),
      totalContacts: usageDays.reduce((sum, d) => sum + d.reported_total_contacts, 0),
      amendedBaseRate,
    });
  }
  return contracts;
}
