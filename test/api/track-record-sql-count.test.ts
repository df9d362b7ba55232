import { ManualClock } from '../../src/core/clock.js';
import { DEFAULT_CONTRACT_RULES } from '../../src/modules/contracts/contract-terms.js';
import { OrganizationKind } from '../../src/modules/organizations/organization.entity.js';
import { gql } from '../helpers/client.js';
import { createOrg, type TestOrg } from '../helpers/factories.js';
import { publishedRequirement, submitBid } from '../helpers/marketplace.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';

/**
 * SQL statements of the bid comparison with the vendors' track records: one call of
 * bid_vendor_track_records for all the bidding vendors, so a comparison of 30 bids runs exactly as
 * many statements as one of 5. Each vendor's history (a contract with another merchant since June,
 * KPI days, an outage) is inserted as the superuser: only its shape matters here.
 */
const COMPARISON_BUDGET = 9;
const COMPARISON_ROUND_TRIPS = 6;

const clock = new ManualClock('2026-12-01T12:00:00+08:00');
let app: TestApp;
let merchant: TestOrg;
const small: { requirement: string; vendors: TestOrg[] } = { requirement: '', vendors: [] };
const large: { requirement: string; vendors: TestOrg[] } = { requirement: '', vendors: [] };

const terms = {
  requirement: {
    title: 'Earlier contract',
    serviceScopes: ['PRE_SALES'],
    channels: ['ONLINE_CHAT'],
    serviceHours: { daysOfWeek: [1], startTime: null, endTime: null },
    seatsRequired: 10,
    expectedMonthlyVolume: 1000,
    kpiTargets: [{ metric: 'FIRST_RESPONSE_SECONDS', comparator: 'AT_MOST', target: '15', unit: 's', weight: '1' }],
    timeZone: 'Asia/Shanghai',
  },
  bidRevision: 1,
  pricing: {
    model: 'FIXED_MONTHLY',
    baseRate: null,
    rampFactors: null,
    seatRates: null,
    monthlyFee: '50000',
    tiers: null,
    holidayMultiplier: '3',
    vatRate: '0.06',
  },
  staffing: {
    agents: 10,
    teamLeads: 1,
    qualityStaff: 1,
    trainers: 0,
    reserveRatio: '0.2',
    shifts: null,
    languages: [],
    trainingPlan: null,
    maxMonthlyAttrition: null,
  },
  kpiCommitments: [],
  rules: DEFAULT_CONTRACT_RULES,
};

/** A signed, active contract of `vendor` with `customer` since 2026-06-01, 30 KPI days (the 7th of each month missed) and an outage. */
async function history(customer: TestOrg, vendor: TestOrg) {
  const { rows } = await app.sql.query(
    `with r as (
       insert into requirement (id, merchant_id, status, title, service_scopes, channels, service_hours, seats_required, expected_monthly_volume, term_start, term_months, bid_deadline, visibility, published_at, awarded_at)
       values (gen_random_uuid(), $1, 'AWARDED', 'Earlier', '{PRE_SALES}', '{ONLINE_CHAT}', '{"daysOfWeek":[1],"startTime":null,"endTime":null,"timeZone":"Asia/Shanghai"}', 10, 1000, '2026-06-01', 12, '2026-05-01', 'INVITED', '2026-04-20', '2026-05-02')
       returning id),
     b as (insert into bid (id, requirement_id, merchant_id, vendor_id, status, total_contract_value) select gen_random_uuid(), r.id, $1, $2, 'ACCEPTED', 600000 from r returning id, requirement_id)
     insert into contract (id, merchant_id, vendor_id, requirement_id, bid_id, status, start_date, term_months, terms, merchant_signed_at, merchant_signed_by, vendor_signed_at, vendor_signed_by, activated_at)
     select gen_random_uuid(), $1, $2, b.requirement_id, b.id, 'ACTIVE', '2026-06-01', 12, $3, '2026-05-03', $4, '2026-05-03', $5, '2026-06-01' from b
     returning id`,
    [customer.id, vendor.id, JSON.stringify(terms), customer.owner.userId, vendor.owner.userId],
  );
  const contractId = rows[0].id as string;
  await app.sql.query(
    `insert into kpi_measurement (contract_id, merchant_id, vendor_id, metric, day, value, comparator, target, unit, weight, met, reported_by_organization, reported_at)
     select $1, $2, $3, 'FIRST_RESPONSE_SECONDS', d::date, v.value, 'AT_MOST', 15, 's', 1, v.value <= 15, $3, now()
     from generate_series('2026-06-01'::date, '2026-11-30'::date, interval '6 days') d
     cross join lateral (select case when extract(day from d) = 7 then 20 else 10 end as value) v`,
    [contractId, customer.id, vendor.id],
  );
  await app.sql.query(
    `insert into incident (id, contract_id, merchant_id, vendor_id, kind, status, started_at, ended_at, cause, reported_by_organization, reported_at)
     values (gen_random_uuid(), $1, $2, $3, 'OUTAGE', 'NOT_EXEMPT', '2026-08-10T10:00:00+08:00', '2026-08-10T11:00:00+08:00', 'Power cut.', $3, '2026-08-10T12:00:00+08:00')`,
    [contractId, customer.id, vendor.id],
  );
}

beforeAll(async () => {
  app = await startTestApp({}, { clock });
  merchant = await createOrg(app, { kind: OrganizationKind.MERCHANT });
  const customer = await createOrg(app, { kind: OrganizationKind.MERCHANT });
  for (let i = 0; i < 35; i++) {
    const vendor = await createOrg(app, { kind: OrganizationKind.VENDOR });
    await history(customer, vendor);
    (i < 5 ? small : large).vendors.push(vendor);
  }
  for (const tender of [small, large]) {
    tender.requirement = await publishedRequirement(app, merchant, { bidDeadline: '2026-12-02T12:00:00+08:00' });
    for (const [i, vendor] of tender.vendors.entries()) {
      await submitBid(app, vendor, tender.requirement, { pricing: { model: 'PER_CONTACT', baseRate: (1.3 + i / 100).toFixed(2), rampFactors: ['1.0'] } });
    }
  }
  clock.set(new Date('2026-12-10T12:00:00+08:00'));
}, 180_000);
afterAll(() => app.close());

const COMPARISON = `query Comparison($id: ID!) { requirement(id: $id) { bidComparison { entries { rank score trackRecordScore
  bid { vendor { legalName } } trackRecord { contracts contractMonths kpiDaysMeasured kpiAttainment incidents monthsWithIncident incidentFreeMonthsRate statementsOnTime } } } } }`;

async function statementsOf(requirement: string, bids: number) {
  const response = await gql(app, COMPARISON, { id: requirement }, { token: merchant.owner.token });
  expect(response.errors).toBeUndefined();
  const entries = response.data!.requirement.bidComparison.entries as { trackRecord: Record<string, unknown> | null; trackRecordScore: string }[];
  expect(entries).toHaveLength(bids);
  // June to November: 6 months, a KPI day every 6 days (31 of them, the 7ths missed), one outage in August.
  for (const entry of entries) {
    expect(entry.trackRecord).toEqual({
      contracts: 1,
      contractMonths: 6,
      kpiDaysMeasured: 31,
      kpiAttainment: expect.stringMatching(/^\d+\.\d{2}$/),
      incidents: 1,
      monthsWithIncident: 1,
      incidentFreeMonthsRate: '83.33',
      statementsOnTime: null,
    });
  }
  const record = app.requests.at(-1)!;
  expect(record.operation).toBe('Comparison');
  return { statements: record.sqlStatements, roundTrips: record.sqlRoundTrips };
}

test(`the comparison with track records runs the same SQL statements for 5 and 30 bids, at most ${COMPARISON_BUDGET} in ${COMPARISON_ROUND_TRIPS} round trips`, async () => {
  const five = await statementsOf(small.requirement, 5);
  const thirty = await statementsOf(large.requirement, 30);
  expect(thirty).toEqual(five);
  // BEGIN + tenant set-up (2), requirement, bids, revisions, track records (one call for all),
  // calendar, the entries' vendors, COMMIT.
  expect(thirty.statements).toBeLessThanOrEqual(COMPARISON_BUDGET);
  // The loaders of one level go together: BEGIN with its set-up; the requirement; the bids; the
  // revisions, track records and calendar; the vendors; COMMIT.
  expect(thirty.roundTrips).toBeLessThanOrEqual(COMPARISON_ROUND_TRIPS);
});
