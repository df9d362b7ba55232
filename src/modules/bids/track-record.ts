import { Decimal } from 'decimal.js';

/**
 * A vendor's track record (pure): what the bid comparison shows of its history on earlier
 * contracts. The counts come from the database (bid_vendor_track_records: finished calendar months
 * in Asia/Shanghai, all the vendor's contracts with any merchant, aggregates only); the rates and
 * the score are computed here, exactly, with decimals.
 */

/** Aggregates of a vendor's finished months, as the database counts them. */
export interface TrackRecordCounts {
  /** Contracts signed by both parties with at least one finished month in service. */
  contracts: number;
  /** Finished calendar months in service, summed over those contracts. */
  contractMonths: number;
  /** Contract-months with at least one counted incident (a non-exempt outage or a verified data breach). */
  monthsWithIncident: number;
  kpiDaysMeasured: number;
  kpiDaysMet: number;
  inspectionsScored: number;
  inspectionsPassed: number;
  nonExemptOutages: number;
  verifiedDataBreaches: number;
  /** Contract-months whose statement was issued. */
  statementsIssued: number;
  /** … whose first issued version was not late. */
  statementsIssuedOnTime: number;
}

/** The counts and the rates drawn from them, each a percentage 0–100, exact (rounded only for display). */
export interface TrackRecord extends TrackRecordCounts {
  /** KPI days met ÷ KPI days measured × 100; null when nothing was measured. */
  kpiAttainment: Decimal | null;
  /** Passed ÷ scored inspections × 100; null without a scored inspection. */
  inspectionPassRate: Decimal | null;
  /** Non-exempt outages + verified data breaches. */
  incidents: number;
  /** Contract-months without a counted incident ÷ contract-months × 100. */
  incidentFreeMonthsRate: Decimal;
  /** Statements issued on time ÷ statements issued × 100; null without an issued statement. */
  statementsOnTime: Decimal | null;
}

const HUNDRED = new Decimal(100);

/** The track-record score of a vendor without a finished month: neutral. */
export const NEUTRAL_TRACK_RECORD_SCORE = new Decimal(50);

function percent(part: number, whole: number): Decimal | null {
  return whole > 0 ? new Decimal(part).times(HUNDRED).div(whole) : null;
}

/** The track record drawn from the counts; null for a vendor without a finished contract-month. */
export function trackRecordOf(counts: TrackRecordCounts): TrackRecord | null {
  if (counts.contractMonths <= 0) return null;
  const incidentFreeMonths = Math.max(0, counts.contractMonths - counts.monthsWithIncident);
  return {
    ...counts,
    kpiAttainment: percent(counts.kpiDaysMet, counts.kpiDaysMeasured),
    inspectionPassRate: percent(counts.inspectionsPassed, counts.inspectionsScored),
    incidents: counts.nonExemptOutages + counts.verifiedDataBreaches,
    incidentFreeMonthsRate: percent(incidentFreeMonths, counts.contractMonths)!,
    statementsOnTime: percent(counts.statementsIssuedOnTime, counts.statementsIssued),
  };
}

/**
 * Track-record score 0–100, exact: the average of the known rates among KPI attainment, inspection
 * pass rate, incident-free months and statements on time (an unknown rate is left out, not counted
 * as 0); 50, neutral, without a track record.
 */
export function trackRecordScore(record: TrackRecord | null): Decimal {
  if (!record) return NEUTRAL_TRACK_RECORD_SCORE;
  const rates = [record.kpiAttainment, record.inspectionPassRate, record.incidentFreeMonthsRate, record.statementsOnTime].filter(
    (rate): rate is Decimal => rate !== null,
  );
  return rates.reduce((sum, rate) => sum.plus(rate), new Decimal(0)).div(rates.length);
}
