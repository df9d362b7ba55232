import { Decimal } from 'decimal.js';
import type { Bid, BidRevision, KpiCommitment } from '../../src/modules/bids/bid.entity.js';
import {
  DEFAULT_WEIGHTS,
  compareBids,
  normalizeWeights,
  type ComparedBid,
  type ComparisonEntry,
  type TrackRecord,
} from '../../src/modules/bids/bid-comparison.js';
import type { KpiTarget } from '../../src/modules/requirements/requirement.entity.js';
import { trackRecordOf, type TrackRecordCounts } from '../../src/modules/bids/track-record.js';

/**
 * The bid comparison the merchant ranks bids by (bid-comparison.ts): price score = lowest total ÷
 * this total × 100, KPI score = weighted share of targets met, track record = average of the known
 * rates of the vendor's finished months (50 without any; rates in track-record.test.ts); score =
 * Σ weight × part, to two decimals; ties by submission time.
 */

const d = (value: string | number) => new Decimal(value);
const fixed = (value: Decimal) => value.toFixed(2);

const FIRST_RESPONSE: KpiTarget = { metric: 'FIRST_RESPONSE_SECONDS', comparator: 'AT_MOST', target: '15', unit: 's', weight: '2' } as KpiTarget;
const SATISFACTION: KpiTarget = { metric: 'SATISFACTION_RATE', comparator: 'AT_LEAST', target: '95', unit: '%', weight: '1' } as KpiTarget;
const NO_KPIS = { kpiTargets: [] as KpiTarget[], seatsRequired: 20 };
const TWO_KPIS = { kpiTargets: [FIRST_RESPONSE, SATISFACTION], seatsRequired: 20 };

let submitted = 0;
/** A bid as the comparison sees it; each one is submitted a minute after the previous, unless `at` says when. */
function bid(
  id: string,
  total: string | number,
  options: { commitments?: KpiCommitment[]; trackRecord?: TrackRecord | null; at?: string; agents?: number; reserveRatio?: string } = {},
): ComparedBid {
  submitted += 1;
  const submittedAt = options.at ? new Date(options.at) : new Date(Date.UTC(2026, 10, 1, 9, submitted));
  return {
    bid: { id, submittedAt } as Bid,
    revision: {
      kpiCommitments: options.commitments ?? [],
      staffing: {
        agents: options.agents ?? 22,
        teamLeads: 2,
        qualityStaff: 1,
        trainers: 1,
        reserveRatio: options.reserveRatio ?? '0.2',
        shifts: null,
        languages: [],
        trainingPlan: null,
        maxMonthlyAttrition: null,
      },
    } as unknown as BidRevision,
    projection: { months: [], total: d(total) },
    trackRecord: options.trackRecord ?? null,
  };
}

const commit = (firstResponse: string | null, satisfaction: string | null): KpiCommitment[] => [
  ...(firstResponse === null ? [] : [{ metric: 'FIRST_RESPONSE_SECONDS', value: firstResponse }]),
  ...(satisfaction === null ? [] : [{ metric: 'SATISFACTION_RATE', value: satisfaction }]),
];

/** A track record from counts (zero unless given). */
const history = (counts: Partial<TrackRecordCounts>) =>
  trackRecordOf({
    contracts: 1,
    contractMonths: 0,
    monthsWithIncident: 0,
    kpiDaysMeasured: 0,
    kpiDaysMet: 0,
    inspectionsScored: 0,
    inspectionsPassed: 0,
    nonExemptOutages: 0,
    verifiedDataBreaches: 0,
    statementsIssued: 0,
    statementsIssuedOnTime: 0,
    ...counts,
  });

const ranking = (entries: ComparisonEntry[]) => entries.map((e) => [e.rank, e.bid.id, fixed(e.score)]);
const parts = (entry: ComparisonEntry) => ({
  price: fixed(entry.priceScore),
  kpi: fixed(entry.kpiScore),
  trackRecord: fixed(entry.trackRecordScore),
  score: fixed(entry.score),
});
const byId = (entries: ComparisonEntry[], id: string) => entries.find((e) => e.bid.id === id)!;

describe('ranking by score', () => {
  test('the lowest price ranks first, whatever order the bids come in', () => {
    // No KPI targets (KPI score 100) and no history (track record 50): price decides.
    const ranked = compareBids(NO_KPIS, [bid('dear', 200_000), bid('cheapest', 100_000), bid('middle', 125_000)], DEFAULT_WEIGHTS);
    expect(ranking(ranked)).toEqual([
      [1, 'cheapest', '90.00'], // 0.5 × 100 + 0.3 × 100 + 0.2 × 50
      [2, 'middle', '80.00'], //   0.5 × 80  + 30 + 10
      [3, 'dear', '65.00'], //     0.5 × 50  + 30 + 10
    ]);
  });

  test('equal scores keep submission order (earlier first), not input order', () => {
    const later = bid('later', 100_000, { at: '2026-11-02T10:00:00Z' });
    const earlier = bid('earlier', 100_000, { at: '2026-11-02T09:59:59Z' });
    const cheaper = bid('cheaper', 50_000, { at: '2026-11-03T00:00:00Z' });
    expect(ranking(compareBids(NO_KPIS, [later, cheaper, earlier], DEFAULT_WEIGHTS))).toEqual([
      [1, 'cheaper', '90.00'],
      [2, 'earlier', '65.00'],
      [3, 'later', '65.00'],
    ]);
  });

  test('a higher score ranks first even when a cheaper bid misses every KPI', () => {
    const cheap = bid('cheap-missing-kpis', 100_000, { commitments: commit('20', '90') });
    const dear = bid('dear-meeting-kpis', 110_000, { commitments: commit('10', '99') });
    const ranked = compareBids(TWO_KPIS, [cheap, dear], DEFAULT_WEIGHTS);
    // cheap: 0.5 × 100 + 0.3 × 0 + 0.2 × 50 = 60; dear: 0.5 × 90.909… + 0.3 × 100 + 10 = 85.4545…
    expect(ranking(ranked)).toEqual([
      [1, 'dear-meeting-kpis', '85.45'],
      [2, 'cheap-missing-kpis', '60.00'],
    ]);
  });

  test('ranks run 1..n and one bid alone ranks first with a price score of 100', () => {
    expect(ranking(compareBids(NO_KPIS, [bid('only', 123_456.78)], DEFAULT_WEIGHTS))).toEqual([[1, 'only', '90.00']]);
    expect(compareBids(NO_KPIS, [], DEFAULT_WEIGHTS)).toEqual([]);
  });

  test('weights change the order: all weight on the track record ranks the better history first', () => {
    const good = bid('good-history', 200_000, {
      // KPI 98/100, inspections 24/25, incident-free 24 of 25 months, statements 25/25: (98 + 96 + 96 + 100) ÷ 4 = 97.5.
      trackRecord: history({
        contractMonths: 25,
        monthsWithIncident: 1,
        kpiDaysMeasured: 100,
        kpiDaysMet: 98,
        inspectionsScored: 25,
        inspectionsPassed: 24,
        statementsIssued: 25,
        statementsIssuedOnTime: 25,
      }),
    });
    const none = bid('no-history', 100_000);
    const weights = normalizeWeights({ price: d(0), kpi: d(0), trackRecord: d(1) });
    expect(ranking(compareBids(NO_KPIS, [none, good], weights))).toEqual([
      [1, 'good-history', '97.50'],
      [2, 'no-history', '50.00'],
    ]);
    expect(ranking(compareBids(NO_KPIS, [none, good], DEFAULT_WEIGHTS))).toEqual([
      [1, 'no-history', '90.00'], // 50 + 30 + 10
      [2, 'good-history', '74.50'], // 25 + 30 + 0.2 × 97.5
    ]);
  });
});

describe('price score', () => {
  test('lowest total ÷ this total × 100, shown to two decimals', () => {
    const ranked = compareBids(NO_KPIS, [bid('a', 100_000), bid('b', 300_000), bid('c', 150_000), bid('d', '100000.01')], DEFAULT_WEIGHTS);
    expect(parts(byId(ranked, 'a'))).toEqual({ price: '100.00', kpi: '100.00', trackRecord: '50.00', score: '90.00' });
    expect(parts(byId(ranked, 'b'))).toEqual({ price: '33.33', kpi: '100.00', trackRecord: '50.00', score: '56.67' });
    expect(parts(byId(ranked, 'd')).price).toBe('100.00'); // 99.99999…, rounded half up
    // The score is computed from the exact part (66.666…), not the rounded 66.67 (which would give 73.34).
    expect(parts(byId(ranked, 'c'))).toEqual({ price: '66.67', kpi: '100.00', trackRecord: '50.00', score: '73.33' });
  });

  test('a total of zero scores 100 rather than dividing by zero', () => {
    const ranked = compareBids(NO_KPIS, [bid('free', 0), bid('paid', 100)], DEFAULT_WEIGHTS);
    expect(parts(byId(ranked, 'free')).price).toBe('100.00');
    expect(parts(byId(ranked, 'paid')).price).toBe('0.00');
  });
});

describe('KPI score and AT_MOST / AT_LEAST', () => {
  // FIRST_RESPONSE_SECONDS AT_MOST 15 (weight 2), SATISFACTION_RATE AT_LEAST 95 (weight 1).
  const kpiOf = (firstResponse: string | null, satisfaction: string | null) => {
    const [entry] = compareBids(TWO_KPIS, [bid('x', 100_000, { commitments: commit(firstResponse, satisfaction) })], DEFAULT_WEIGHTS);
    return { meets: entry!.kpis.map((k) => [k.metric, k.meetsTarget]), kpi: fixed(entry!.kpiScore), score: fixed(entry!.score) };
  };

  test('exactly at the target meets both AT_MOST and AT_LEAST', () => {
    expect(kpiOf('15', '95')).toEqual({
      meets: [
        ['FIRST_RESPONSE_SECONDS', true],
        ['SATISFACTION_RATE', true],
      ],
      kpi: '100.00',
      score: '90.00',
    });
  });

  test('AT_MOST: below the target meets it, above it does not', () => {
    expect(kpiOf('14.99', '95').meets[0]).toEqual(['FIRST_RESPONSE_SECONDS', true]);
    expect(kpiOf('15.01', '95')).toEqual({
      meets: [
        ['FIRST_RESPONSE_SECONDS', false],
        ['SATISFACTION_RATE', true],
      ],
      kpi: '33.33',
      score: '70.00',
    });
  });

  test('AT_LEAST: above the target meets it, below it does not', () => {
    expect(kpiOf('15', '95.01').meets[1]).toEqual(['SATISFACTION_RATE', true]);
    expect(kpiOf('15', '94.99')).toEqual({
      meets: [
        ['FIRST_RESPONSE_SECONDS', true],
        ['SATISFACTION_RATE', false],
      ],
      kpi: '66.67',
      score: '80.00',
    });
  });

  test('both on the wrong side: nothing met, KPI score 0', () => {
    expect(kpiOf('16', '94')).toEqual({
      meets: [
        ['FIRST_RESPONSE_SECONDS', false],
        ['SATISFACTION_RATE', false],
      ],
      kpi: '0.00',
      score: '60.00',
    });
  });

  test('values compare as decimals, not as text (9 seconds is at most 15; 100% is at least 95%)', () => {
    expect(kpiOf('9', '100').meets).toEqual([
      ['FIRST_RESPONSE_SECONDS', true],
      ['SATISFACTION_RATE', true],
    ]);
  });

  test('a missing commitment does not meet its target and shows as null', () => {
    const [entry] = compareBids(TWO_KPIS, [bid('x', 100_000, { commitments: commit(null, '99') })], DEFAULT_WEIGHTS);
    expect(
      entry!.kpis.map((k) => ({ metric: k.metric, target: k.target.toFixed(), committed: k.committed?.toFixed() ?? null, meetsTarget: k.meetsTarget })),
    ).toEqual([
      { metric: 'FIRST_RESPONSE_SECONDS', target: '15', committed: null, meetsTarget: false },
      { metric: 'SATISFACTION_RATE', target: '95', committed: '99', meetsTarget: true },
    ]);
    expect(fixed(entry!.kpiScore)).toBe('33.33');
    expect(kpiOf(null, null)).toEqual({
      meets: [
        ['FIRST_RESPONSE_SECONDS', false],
        ['SATISFACTION_RATE', false],
      ],
      kpi: '0.00',
      score: '60.00',
    });
  });

  test('commitments to metrics the requirement has no target for are ignored; the entries carry no weight', () => {
    const [entry] = compareBids(
      TWO_KPIS,
      [bid('x', 100_000, { commitments: [...commit('10', '96'), { metric: 'RESOLUTION_RATE', value: '0' }] })],
      DEFAULT_WEIGHTS,
    );
    expect(entry!.kpis.map((k) => k.metric)).toEqual(['FIRST_RESPONSE_SECONDS', 'SATISFACTION_RATE']);
    expect(Object.keys(entry!.kpis[0]!).sort()).toEqual(['committed', 'meetsTarget', 'metric', 'target']);
    expect(fixed(entry!.kpiScore)).toBe('100.00');
  });

  test('without KPI targets every bid scores 100 on KPIs', () => {
    const [entry] = compareBids(NO_KPIS, [bid('x', 100_000, { commitments: commit('99', '1') })], DEFAULT_WEIGHTS);
    expect(entry!.kpis).toEqual([]);
    expect(fixed(entry!.kpiScore)).toBe('100.00');
  });
});

describe('track record score', () => {
  const trackOf = (trackRecord: TrackRecord | null) => parts(compareBids(NO_KPIS, [bid('x', 100_000, { trackRecord })], DEFAULT_WEIGHTS)[0]!);

  test('no finished month is neutral: 50', () => {
    expect(trackOf(null)).toEqual({ price: '100.00', kpi: '100.00', trackRecord: '50.00', score: '90.00' });
    expect(history({ contractMonths: 0, kpiDaysMeasured: 10, kpiDaysMet: 10 })).toBeNull();
  });

  test('the average of the known rates: KPI attainment, inspection pass rate, incident-free months, statements on time', () => {
    // 90, 80, 50 (1 of 2 months with an incident), 100: 80.
    const full = history({
      contractMonths: 2,
      monthsWithIncident: 1,
      kpiDaysMeasured: 10,
      kpiDaysMet: 9,
      inspectionsScored: 5,
      inspectionsPassed: 4,
      nonExemptOutages: 2,
      statementsIssued: 2,
      statementsIssuedOnTime: 2,
    });
    expect(trackOf(full)).toEqual({ price: '100.00', kpi: '100.00', trackRecord: '80.00', score: '96.00' });
    // Unknown rates are left out, not counted as 0: 90 and 100 (no incident) → 95.
    expect(trackOf(history({ contractMonths: 1, kpiDaysMeasured: 10, kpiDaysMet: 9 })).trackRecord).toBe('95.00');
    // Inspections 2 of 3 (66.666…) and 1 month with an incident (0): 33.333…; the score uses the exact part.
    expect(trackOf(history({ contractMonths: 1, monthsWithIncident: 1, verifiedDataBreaches: 1, inspectionsScored: 3, inspectionsPassed: 2 }))).toEqual({
      price: '100.00',
      kpi: '100.00',
      trackRecord: '33.33',
      score: '86.67', // 50 + 30 + 0.2 × 33.333… = 86.6666…
    });
  });
});

describe('staffing coverage', () => {
  test('agents ÷ seats, and with the reserve: agents × (1 + reserve ratio) ÷ seats', () => {
    const [entry] = compareBids(NO_KPIS, [bid('x', 100_000, { agents: 22, reserveRatio: '0.2' })], DEFAULT_WEIGHTS);
    expect(entry!.staffingCoverage).toBe(1.1);
    expect(entry!.coverageWithReserve).toBe(1.32);
    const [thin] = compareBids({ kpiTargets: [], seatsRequired: 40 }, [bid('y', 100_000, { agents: 30, reserveRatio: '0' })], DEFAULT_WEIGHTS);
    expect([thin!.staffingCoverage, thin!.coverageWithReserve]).toEqual([0.75, 0.75]);
  });
});

describe('normalizeWeights', () => {
  const view = (w: ReturnType<typeof normalizeWeights>) => [w.price.toFixed(6), w.kpi.toFixed(6), w.trackRecord.toFixed(6)];

  test('weights are scaled to sum to 1', () => {
    expect(view(normalizeWeights({ price: d(2), kpi: d(1), trackRecord: d(1) }))).toEqual(['0.500000', '0.250000', '0.250000']);
    expect(view(normalizeWeights({ price: d(6), kpi: d(3), trackRecord: d(1) }))).toEqual(['0.600000', '0.300000', '0.100000']);
  });

  test('missing or undefined weights take the defaults (0.5 / 0.3 / 0.2) before scaling', () => {
    expect(view(normalizeWeights({}))).toEqual(['0.500000', '0.300000', '0.200000']);
    expect(view(normalizeWeights({ price: undefined, kpi: undefined, trackRecord: undefined }))).toEqual(['0.500000', '0.300000', '0.200000']);
    // price 1 with the default kpi 0.3 and track record 0.2: sum 1.5.
    expect(view(normalizeWeights({ price: d(1) }))).toEqual(['0.666667', '0.200000', '0.133333']);
    expect(view(normalizeWeights({ kpi: d(0), trackRecord: d(0) }))).toEqual(['1.000000', '0.000000', '0.000000']);
  });

  test('weights that sum to zero or less fall back to the defaults', () => {
    expect(normalizeWeights({ price: d(0), kpi: d(0), trackRecord: d(0) })).toBe(DEFAULT_WEIGHTS);
    expect(normalizeWeights({ price: d(-1), kpi: d(0.5), trackRecord: d(0.5) })).toBe(DEFAULT_WEIGHTS);
    expect(normalizeWeights({ price: d(-1), kpi: d(0), trackRecord: d(0) })).toBe(DEFAULT_WEIGHTS);
  });

  test('the defaults themselves sum to 1', () => {
    expect(DEFAULT_WEIGHTS.price.plus(DEFAULT_WEIGHTS.kpi).plus(DEFAULT_WEIGHTS.trackRecord).toFixed()).toBe('1');
  });
});
