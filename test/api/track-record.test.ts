import { Decimal } from 'decimal.js';
import { ManualClock } from '../../src/core/clock.js';
import { MembershipRole } from '../../src/core/roles.js';
import { OrganizationKind } from '../../src/modules/organizations/organization.entity.js';
import { asApp } from '../helpers/as-app.js';
import { gql, type Caller } from '../helpers/client.js';
import { createOrg, type TestOrg } from '../helpers/factories.js';
import { BREACH_VERIFY, reportIncident } from '../helpers/incidents.js';
import { INSPECTION_CREATE, INSPECTION_SCORE, SCORECARD, SCORECARD_SET, scoresFor } from '../helpers/inspections.js';
import { reportKpis, type Measurement } from '../helpers/kpis.js';
import { publishedRequirement, submitBid } from '../helpers/marketplace.js';
import { STATEMENT_DISPUTE, STATEMENT_GENERATE, STATEMENT_ISSUE, STATEMENT_REVISE, expectNoErrors, signedContract } from '../helpers/statements.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';
import { contactRecords, report } from '../helpers/usage.js';

/**
 * The vendor track record in the bid comparison (issue 10, point 8), through HTTP. The history is
 * built through the API, with the request clock moved through the autumn of 2026: a contract of
 * the vendor with ANOTHER merchant (from 2026-10-01), with KPI days, usage, inspections, outages, a
 * data breach and statements issued, disputed and revised — every fact recorded by the party whose
 * job it is. The comparing merchant then sees only the aggregates of the vendor's finished months
 * (calendar months before the current one, Asia/Shanghai), computed exactly from those facts; the
 * current month is ignored; a vendor without a finished month has no track record (score 50).
 */
const clock = new ManualClock('2026-08-01T12:00:00+08:00');
const at = (instant: string) => clock.set(new Date(instant));
let app: TestApp;
/** Compares the bids. */
let merchant: TestOrg;
/** The vendor's earlier customer: the comparing merchant may not read anything of it. */
let otherMerchant: TestOrg;
/** Has history with `otherMerchant` in October and November 2026 (and facts in December). */
let vendor: TestOrg;
/** No contract at all. */
let newcomer: TestOrg;
/** A contract with `otherMerchant` from 2026-12-01 only: no finished month in December. */
let starter: TestOrg;
let history: { id: string; rawId: string };
let starterContract: { id: string; rawId: string };
let requirement: string;

const owner = (org: TestOrg): Caller => ({ token: org.owner.token });
const ok = async (response: Promise<Parameters<typeof expectNoErrors>[0]>, field: string) => expectNoErrors(await response, field);

/** FIRST_RESPONSE_SECONDS (at most 15 s) on consecutive days from `first`: 'm' met (10 s), 'x' missed (20 s). */
function firstResponse(first: string, pattern: string): Measurement[] {
  const start = Date.parse(`${first}T00:00:00Z`);
  return [...pattern].map((c, i) => ({
    metric: 'FIRST_RESPONSE_SECONDS',
    date: new Date(start + i * 86_400_000).toISOString().slice(0, 10),
    value: c === 'm' ? '10' : '20',
  }));
}

async function records(contractId: string, day: string, prefix: string) {
  await ok(
    report(app, owner(vendor), contractId, { records: contactRecords(10, { prefix, start: `${day}T10:00:00+08:00`, spacingSeconds: 60 }) }),
    'usageReport',
  );
}

/** An inspection of the week, sampled (5 of its 10 contacts) and, unless `score` is null, scored: '90' passes, '50' fails. */
async function inspect(contractId: string, week: string, score: string | null) {
  const created = await ok(gql(app, INSPECTION_CREATE, { contractId, input: { week, seed: 11, sampleSize: 5 } }, owner(otherMerchant)), 'inspectionCreate');
  if (score === null) return;
  const scored = await ok(
    gql(app, INSPECTION_SCORE, { id: created.inspection.id, input: scoresFor(created.inspection.sample, score) }, owner(otherMerchant)),
    'inspectionScore',
  );
  expect(scored.inspection.result).toBe(score === '90' ? 'PASSED' : 'FAILED');
}

async function generate(contractId: string, month: string): Promise<string> {
  return (await ok(gql(app, STATEMENT_GENERATE, { contractId, month }, owner(vendor)), 'statementGenerate')).statement.id;
}

async function issue(statementId: string): Promise<boolean> {
  return (await ok(gql(app, STATEMENT_ISSUE, { id: statementId }, owner(vendor)), 'statementIssue')).statement.issuedLate;
}

beforeAll(async () => {
  app = await startTestApp({}, { clock });
  merchant = await createOrg(app, { kind: OrganizationKind.MERCHANT, roles: [MembershipRole.OWNER, MembershipRole.PROCUREMENT] });
  otherMerchant = await createOrg(app, { kind: OrganizationKind.MERCHANT, legalName: '深圳隐秘商贸有限公司' });
  vendor = await createOrg(app, { kind: OrganizationKind.VENDOR, roles: [MembershipRole.OWNER, MembershipRole.SALES] });
  newcomer = await createOrg(app, { kind: OrganizationKind.VENDOR });
  starter = await createOrg(app, { kind: OrganizationKind.VENDOR });

  history = await signedContract(app, clock, otherMerchant, vendor, { termStart: '2026-10-01', termMonths: 3 });
  starterContract = await signedContract(app, clock, otherMerchant, starter, { termStart: '2026-12-01', termMonths: 3 });

  // October: inspections of weeks 2026-W40 (Sep 28 – Oct 4, Thursday Oct 1: October) passed and W41 failed.
  at('2026-10-12T10:00:00+08:00');
  await ok(gql(app, SCORECARD_SET, { contractId: history.id, input: SCORECARD }, owner(otherMerchant)), 'inspectionScorecardSet');
  await records(history.id, '2026-10-02', 'w40-');
  await records(history.id, '2026-10-06', 'w41-');
  await inspect(history.id, '2026-W40', '90');
  await inspect(history.id, '2026-W41', '50');

  // October incidents: a non-exempt outage, an outage exempt at once (outside the vendor), a data
  // breach the merchant verifies — two counted incidents, one month with an incident.
  at('2026-10-25T10:00:00+08:00');
  await ok(
    reportIncident(app, owner(vendor), history.id, {
      kind: 'OUTAGE',
      startedAt: '2026-10-10T00:00:00+08:00',
      endedAt: '2026-10-10T02:00:00+08:00',
      cause: 'Switch failure at the Chengdu site.',
    }),
    'incidentReport',
  );
  await ok(
    reportIncident(app, owner(otherMerchant), history.id, {
      kind: 'OUTAGE',
      startedAt: '2026-10-20T02:00:00+08:00',
      endedAt: '2026-10-20T04:00:00+08:00',
      cause: 'Maintenance of the merchant’s ticketing system.',
      exemptionGrounds: 'OUTSIDE_VENDOR',
    }),
    'incidentReport',
  );
  const breach = await ok(
    reportIncident(app, owner(otherMerchant), history.id, {
      kind: 'DATA_BREACH',
      startedAt: '2026-10-15T10:00:00+08:00',
      cause: 'Order list sent to a wrong address.',
    }),
    'incidentReport',
  );
  await ok(gql(app, BREACH_VERIFY, { id: breach.incident.id, input: { confirmed: true } }, owner(otherMerchant)), 'dataBreachVerify');
  // October KPIs: first response 10 days, 7 met; satisfaction (the merchant's) 5 days, 4 met.
  const kpis = await reportKpis(app, owner(vendor), history.id, firstResponse('2026-10-01', 'mmxmmxmmxm'));
  expect(kpis.data!.kpiMeasurementsReport.userErrors).toEqual([]);
  const satisfaction = ['96', '97', '90', '98', '99'].map((value, i) => ({ metric: 'SATISFACTION_RATE', date: `2026-10-0${i + 1}`, value }));
  expect((await reportKpis(app, owner(otherMerchant), history.id, satisfaction)).data!.kpiMeasurementsReport.userErrors).toEqual([]);

  // October's statement: issued on Nov 3 (on time), disputed, its revision issued on Nov 9 (late):
  // the month's first issuance counts, once.
  at('2026-11-02T10:00:00+08:00');
  const october = await generate(history.id, '2026-10');
  at('2026-11-03T10:00:00+08:00');
  expect(await issue(october)).toBe(false);
  at('2026-11-04T10:00:00+08:00');
  await ok(
    gql(app, STATEMENT_DISPUTE, { id: october, input: { lines: [{ position: 1, reason: 'Please recount October.' }] } }, owner(otherMerchant)),
    'statementDispute',
  );
  at('2026-11-09T10:00:00+08:00');
  const revision = await ok(gql(app, STATEMENT_REVISE, { id: october }, owner(vendor)), 'statementRevise');
  expect(await issue(revision.statement.id)).toBe(true);

  // November: W45 passed, W46 opened but never scored; first response 10 days, 9 met; a breach
  // reported but not verified. Contacts of Mon Nov 30 (week W49, Thursday Dec 3: December).
  at('2026-11-30T20:00:00+08:00');
  await records(history.id, '2026-11-03', 'w45-');
  await records(history.id, '2026-11-10', 'w46-');
  await records(history.id, '2026-11-30', 'w49-');
  await inspect(history.id, '2026-W45', '90');
  await inspect(history.id, '2026-W46', null);
  expect((await reportKpis(app, owner(vendor), history.id, firstResponse('2026-11-01', 'mmmmxmmmmm'))).data!.kpiMeasurementsReport.userErrors).toEqual([]);
  await ok(
    reportIncident(app, owner(vendor), history.id, {
      kind: 'DATA_BREACH',
      startedAt: '2026-11-05T10:00:00+08:00',
      cause: 'Suspected leak, under investigation.',
    }),
    'incidentReport',
  );

  // November's statement: issued on Dec 8, after its deadline (Dec 5).
  at('2026-12-02T10:00:00+08:00');
  const november = await generate(history.id, '2026-11');
  at('2026-12-08T10:00:00+08:00');
  expect(await issue(november)).toBe(true);

  // December (the current month when the merchant compares): a failed inspection (W49), first
  // response 5 days with 2 met, an outage — none of it counts yet. The starter's first days too.
  at('2026-12-09T10:00:00+08:00');
  await inspect(history.id, '2026-W49', '50');
  expect((await reportKpis(app, owner(vendor), history.id, firstResponse('2026-12-01', 'xmxmx'))).data!.kpiMeasurementsReport.userErrors).toEqual([]);
  await ok(
    reportIncident(app, owner(vendor), history.id, {
      kind: 'OUTAGE',
      startedAt: '2026-12-03T08:00:00+08:00',
      endedAt: '2026-12-03T09:00:00+08:00',
      cause: 'Power cut at the Chengdu site.',
    }),
    'incidentReport',
  );
  expect((await reportKpis(app, owner(starter), starterContract.id, firstResponse('2026-12-01', 'mmmmm'))).data!.kpiMeasurementsReport.userErrors).toEqual([]);

  // The merchant's tender: three bids, the vendor with history the dearest. Bidding closes at 18:00.
  at('2026-12-09T12:00:00+08:00');
  requirement = await publishedRequirement(app, merchant, { bidDeadline: '2026-12-09T18:00:00+08:00' });
  const pricing = (baseRate: string) => ({ pricing: { model: 'PER_CONTACT', baseRate, rampFactors: ['0.8', '0.9', '1.0'] } });
  await submitBid(app, vendor, requirement, pricing('1.50'));
  await submitBid(app, newcomer, requirement, pricing('1.34'));
  await submitBid(app, starter, requirement, pricing('1.40'));
  at('2026-12-10T12:00:00+08:00');
}, 240_000);
afterAll(() => app.close());

const TRACK_RECORD_FIELDS = `contracts contractMonths kpiDaysMeasured kpiDaysMet kpiAttainment inspectionsScored inspectionsPassed inspectionPassRate
  nonExemptOutages verifiedDataBreaches incidents monthsWithIncident incidentFreeMonthsRate statementsIssued statementsIssuedOnTime statementsOnTime`;
const COMPARISON = `query Comparison($id: ID!, $weights: ComparisonWeightsInput) { requirement(id: $id) { bidComparison(weights: $weights) {
  priceWeight kpiWeight trackRecordWeight
  entries { rank score priceScore kpiScore trackRecordScore totalContractValue { amount } bid { id vendor { id legalName } } trackRecord { ${TRACK_RECORD_FIELDS} } } } } }`;

interface Entry {
  rank: number;
  score: string;
  priceScore: string;
  kpiScore: string;
  trackRecordScore: string;
  totalContractValue: { amount: string };
  bid: { id: string; vendor: { id: string; legalName: string } };
  trackRecord: Record<string, unknown> | null;
}

async function compare(weights?: Record<string, string>, caller: Caller = owner(merchant)) {
  const response = await gql(app, COMPARISON, { id: requirement, weights }, caller);
  expect(response.errors).toBeUndefined();
  return response;
}
const entriesOf = (response: Awaited<ReturnType<typeof compare>>) => response.data!.requirement.bidComparison.entries as Entry[];
const entryOf = (entries: Entry[], org: TestOrg) => entries.find((e) => e.bid.vendor.id === org.globalId)!;

/** October and November, exactly as recorded above. */
const AUTUMN = {
  contracts: 1,
  contractMonths: 2,
  // First response 7 + 9 of 20, satisfaction 4 of 5: 20 of 25.
  kpiDaysMeasured: 25,
  kpiDaysMet: 20,
  kpiAttainment: '80.00',
  // W40 and W45 passed, W41 failed; W46 not scored; W49 is December's.
  inspectionsScored: 3,
  inspectionsPassed: 2,
  inspectionPassRate: '66.67',
  // The Oct 10 outage and the verified Oct 15 breach; not the exempt outage nor the unverified breach.
  nonExemptOutages: 1,
  verifiedDataBreaches: 1,
  incidents: 2,
  monthsWithIncident: 1,
  incidentFreeMonthsRate: '50.00',
  // October on time (its late revision is not a second issuance), November late.
  statementsIssued: 2,
  statementsIssuedOnTime: 1,
  statementsOnTime: '50.00',
};

describe('the track record of a vendor with history at another merchant', () => {
  test('aggregates of its finished months, exactly from the recorded facts; the current month ignored', async () => {
    const vendorEntry = entryOf(entriesOf(await compare()), vendor);
    expect(vendorEntry.trackRecord).toEqual(AUTUMN);
    // (80 + 66.666… + 50 + 50) ÷ 4 = 61.666…
    expect(vendorEntry.trackRecordScore).toBe('61.67');
  });

  test('a vendor without a contract, and one whose only contract began this month, have none: 50, neutral', async () => {
    const entries = entriesOf(await compare());
    for (const org of [newcomer, starter]) expect(entryOf(entries, org)).toMatchObject({ trackRecord: null, trackRecordScore: '50.00' });
  });

  test('once December has ended (midnight in Shanghai, not UTC) it counts: its KPI days, failed inspection and outage', async () => {
    const vendorId = vendor.id;
    const months = (now: string) =>
      asApp(app, { 'app.org_id': merchant.id, 'app.now': now }, async (client) => {
        const { rows } = await client.query('select vendor_id, contract_months from bid_vendor_track_records($1::uuid[])', [[vendorId, starter.id]]);
        return Object.fromEntries(rows.map((r) => [r.vendor_id === vendorId ? 'vendor' : 'starter', r.contract_months]));
      });
    expect(await months('2026-12-31T23:59:59+08:00')).toEqual({ vendor: 2, starter: 0 });
    // 2027-01-01 00:00 in Shanghai is still 2026-12-31 16:00 UTC.
    expect(await months('2027-01-01T00:00:00+08:00')).toEqual({ vendor: 3, starter: 1 });

    const saved = clock.now();
    at('2027-01-05T12:00:00+08:00');
    try {
      const entries = entriesOf(await compare());
      expect(entryOf(entries, vendor).trackRecord).toEqual({
        ...AUTUMN,
        contractMonths: 3,
        kpiDaysMeasured: 30,
        kpiDaysMet: 22,
        kpiAttainment: '73.33',
        inspectionsScored: 4,
        inspectionsPassed: 2,
        inspectionPassRate: '50.00',
        nonExemptOutages: 2,
        incidents: 3,
        monthsWithIncident: 2,
        incidentFreeMonthsRate: '33.33',
      });
      // (73.333… + 50 + 33.333… + 50) ÷ 4 = 51.666…
      expect(entryOf(entries, vendor).trackRecordScore).toBe('51.67');
      expect(entryOf(entries, starter)).toMatchObject({
        trackRecord: {
          contracts: 1,
          contractMonths: 1,
          kpiDaysMeasured: 5,
          kpiDaysMet: 5,
          kpiAttainment: '100.00',
          incidentFreeMonthsRate: '100.00',
          statementsOnTime: null,
        },
        trackRecordScore: '100.00',
      });
    } finally {
      clock.set(saved);
    }
  });
});

describe('the score', () => {
  test('the ranking changes with the track record’s weight', async () => {
    const byPrice = entriesOf(await compare({ price: '1', kpi: '0', trackRecord: '0' }));
    expect(byPrice.map((e) => [e.rank, e.bid.vendor.id])).toEqual([
      [1, newcomer.globalId],
      [2, starter.globalId],
      [3, vendor.globalId],
    ]);
    const byHistory = entriesOf(await compare({ price: '0', kpi: '0', trackRecord: '1' }));
    // The vendor's 61.666… first; the two without history at 50 in the order they bid.
    expect(byHistory.map((e) => [e.rank, e.bid.vendor.id, e.score])).toEqual([
      [1, vendor.globalId, '61.67'],
      [2, newcomer.globalId, '50.00'],
      [3, starter.globalId, '50.00'],
    ]);
  });

  test('score = Σ weight × part, from the exact parts (the track record’s 61.666…), rounded once', async () => {
    const response = await compare({ price: '1', kpi: '1', trackRecord: '2' });
    expect(response.data!.requirement.bidComparison).toMatchObject({ priceWeight: '0.2500', kpiWeight: '0.2500', trackRecordWeight: '0.5000' });
    const entries = entriesOf(response);
    const lowest = Decimal.min(...entries.map((e) => new Decimal(e.totalContractValue.amount)));
    const own = entryOf(entries, vendor);
    const price = lowest.div(own.totalContractValue.amount).times(100);
    const track = new Decimal(80).plus(new Decimal(200).div(3)).plus(50).plus(50).div(4);
    expect(own.kpiScore).toBe('100.00');
    expect(own.score).toBe(price.div(4).plus(25).plus(track.div(2)).toFixed(2, Decimal.ROUND_HALF_UP));
    expect(entryOf(entries, newcomer).score).toBe('75.00'); // 25 + 25 + 25
  });
});

describe('isolation: aggregates only', () => {
  test('the comparison names nothing of the other merchant: no organization, contract, incident, inspection or statement', async () => {
    const text = JSON.stringify((await compare()).data);
    const secrets = [otherMerchant.id, otherMerchant.globalId, otherMerchant.legalName, history.id, history.rawId, starterContract.id, starterContract.rawId];
    for (const table of ['statement', 'incident', 'inspection']) {
      const { rows } = await app.sql.query(`select id from ${table} where merchant_id = $1`, [otherMerchant.id]);
      expect(rows.length).toBeGreaterThan(0);
      secrets.push(...rows.map((r) => r.id as string));
    }
    for (const secret of secrets) expect(text).not.toContain(secret);
    // And the type has no way to reach them: scalars only.
    const type = await gql(app, `{ __type(name: "TrackRecord") { fields { name type { kind ofType { kind } } } } }`, {}, owner(merchant));
    for (const field of type.data!.__type.fields)
      expect([field.type.kind, field.type.ofType?.kind ?? 'SCALAR']).toEqual([expect.stringMatching(/^(SCALAR|NON_NULL)$/), 'SCALAR']);
  });

  test('row-level security still hides the other merchant’s facts from the comparing merchant', async () => {
    const counts = await asApp(app, { 'app.org_id': merchant.id, 'app.now': clock.now().toISOString() }, async (client) => {
      const count = async (table: string) => (await client.query(`select count(*)::int as n from ${table} where vendor_id = $1`, [vendor.id])).rows[0].n;
      return {
        contract: await count('contract'),
        kpi: await count('kpi_measurement'),
        incident: await count('incident'),
        inspection: await count('inspection'),
        statement: await count('statement'),
      };
    });
    expect(counts).toEqual({ contract: 0, kpi: 0, incident: 0, inspection: 0, statement: 0 });
  });

  test('the function answers only for vendors whose bid the caller may see, with counts only', async () => {
    const ids = [vendor.id, newcomer.id, starter.id, otherMerchant.id, '00000000-0000-4000-8000-000000000000'];
    const answered = (org: TestOrg, now = clock.now().toISOString()) =>
      asApp(app, { 'app.org_id': org.id, 'app.now': now }, async (client) =>
        (await client.query('select vendor_id from bid_vendor_track_records($1::uuid[])', [ids])).rows.map((r) => r.vendor_id as string).sort(),
      );
    expect(await answered(merchant)).toEqual([vendor.id, newcomer.id, starter.id].sort());
    // Before the deadline the bids are sealed: nothing.
    expect(await answered(merchant, '2026-12-09T17:59:00+08:00')).toEqual([]);
    // A vendor (even about itself), and a merchant with no bid of theirs, get nothing.
    expect(await answered(vendor)).toEqual([]);
    const stranger = await createOrg(app, { kind: OrganizationKind.MERCHANT });
    expect(await answered(stranger)).toEqual([]);

    const { rows } = await app.sql.query(
      `select p.prosecdef as definer, p.provolatile as volatility, pg_get_userbyid(p.proowner) as owner, pg_get_function_result(p.oid) as result,
              has_function_privilege('kefu_app', p.oid, 'execute') as app_may_call, has_function_privilege('public', p.oid, 'execute') as public_may_call
       from pg_proc p where p.proname = 'bid_vendor_track_records'`,
    );
    expect(rows).toEqual([
      {
        definer: true,
        volatility: 's',
        owner: 'kefu_auth',
        result:
          'TABLE(vendor_id uuid, contracts integer, contract_months integer, months_with_incident integer, kpi_days_measured integer, kpi_days_met integer, inspections_scored integer, inspections_passed integer, non_exempt_outages integer, verified_data_breaches integer, statements_issued integer, statements_issued_on_time integer)',
        app_may_call: true,
        public_may_call: false,
      },
    ]);
  });
});

describe('who sees the comparison (unchanged)', () => {
  test('vendors get null, other merchants not even the requirement', async () => {
    expect((await gql(app, COMPARISON, { id: requirement }, owner(vendor))).data!.requirement.bidComparison).toBeNull();
    const other = await gql(app, COMPARISON, { id: requirement }, owner(otherMerchant));
    expect(other.errors).toBeUndefined();
    expect(other.data!.requirement).toBeNull();
  });
});
