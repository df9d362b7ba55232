import { Decimal } from 'decimal.js';
import type { Requirement } from '../requirements/requirement.entity.js';
import type { Bid, BidRevision } from './bid.entity.js';
import type { BidProjection } from './bid-projection.js';
import { trackRecordScore, type TrackRecord } from './track-record.js';

export type { TrackRecord } from './track-record.js';

export interface ComparisonWeights {
  price: Decimal;
  kpi: Decimal;
  trackRecord: Decimal;
}

export const DEFAULT_WEIGHTS: ComparisonWeights = { price: new Decimal('0.5'), kpi: new Decimal('0.3'), trackRecord: new Decimal('0.2') };

export interface ComparedBid {
  bid: Bid;
  revision: BidRevision;
  projection: BidProjection;
  trackRecord: TrackRecord | null;
}

export interface KpiComparison {
  metric: string;
  target: Decimal;
  committed: Decimal | null;
  meetsTarget: boolean;
}

export interface ComparisonEntry extends ComparedBid {
  rank: number;
  score: Decimal;
  priceScore: Decimal;
  kpiScore: Decimal;
  trackRecordScore: Decimal;
  staffingCoverage: number;
  coverageWithReserve: number;
  kpis: KpiComparison[];
}

const HUNDRED = new Decimal(100);

export function normalizeWeights(weights: Partial<ComparisonWeights>): ComparisonWeights {
  const w = { ...DEFAULT_WEIGHTS, ...Object.fromEntries(Object.entries(weights).filter(([, v]) => v != null)) } as ComparisonWeights;
  const sum = w.price.plus(w.kpi).plus(w.trackRecord);
  if (sum.lte(0)) return DEFAULT_WEIGHTS;
  return { price: w.price.div(sum), kpi: w.kpi.div(sum), trackRecord: w.trackRecord.div(sum) };
}

/**
 * Ranks bids (pure): price score = lowest total ÷ this total × 100; KPI score = weighted share of the
 * requirement's targets the commitments meet; track record = trackRecordScore (track-record.ts: the
 * average of the known rates of the vendor's finished months, 50, neutral, without any). Score =
 * Σ weight × part (exact parts), to two decimals; ties keep submission order.
 */
export function compareBids(
  requirement: Pick<Requirement, 'kpiTargets' | 'seatsRequired'>,
  bids: ComparedBid[],
  weights: ComparisonWeights,
): ComparisonEntry[] {
  const lowest = bids.reduce<Decimal | null>((min, b) => (min === null || b.projection.total.lt(min) ? b.projection.total : min), null);
  const totalWeight = requirement.kpiTargets.reduce((sum, k) => sum.plus(k.weight), new Decimal(0));
  const scored = bids.map((entry) => {
    const priceScore = lowest && entry.projection.total.gt(0) ? lowest.div(entry.projection.total).times(HUNDRED) : HUNDRED;
    const kpis = requirement.kpiTargets.map((target) => {
      const commitment = entry.revision.kpiCommitments.find((k) => k.metric === target.metric);
      const committed = commitment ? new Decimal(commitment.value) : null;
      const targetValue = new Decimal(target.target);
      const meetsTarget = committed !== null && (target.comparator === 'AT_MOST' ? committed.lte(targetValue) : committed.gte(targetValue));
      return { metric: target.metric, target: targetValue, committed, meetsTarget, weight: new Decimal(target.weight) };
    });
    const kpiScore = totalWeight.gt(0)
      ? kpis
          .filter((k) => k.meetsTarget)
          .reduce((sum, k) => sum.plus(k.weight), new Decimal(0))
          .div(totalWeight)
          .times(HUNDRED)
      : HUNDRED;
    const trackScore = trackRecordScore(entry.trackRecord);
    const score = weights.price
      .times(priceScore)
      .plus(weights.kpi.times(kpiScore))
      .plus(weights.trackRecord.times(trackScore))
      .toDecimalPlaces(2, Decimal.ROUND_HALF_UP);
    const agents = entry.revision.staffing.agents;
    const reserve = new Decimal(entry.revision.staffing.reserveRatio);
    return {
      ...entry,
      rank: 0,
      score,
      priceScore: priceScore.toDecimalPlaces(2, Decimal.ROUND_HALF_UP),
      kpiScore: kpiScore.toDecimalPlaces(2, Decimal.ROUND_HALF_UP),
      trackRecordScore: trackScore.toDecimalPlaces(2, Decimal.ROUND_HALF_UP),
      staffingCoverage: agents / requirement.seatsRequired,
      coverageWithReserve: new Decimal(agents).times(reserve.plus(1)).div(requirement.seatsRequired).toNumber(),
      kpis: kpis.map(({ weight: _w, ...k }) => k),
    };
  });
  scored.sort((a, b) => b.score.comparedTo(a.score) || a.bid.submittedAt.getTime() - b.bid.submittedAt.getTime());
  scored.forEach((entry, i) => (entry.rank = i + 1));
  return scored;
}
