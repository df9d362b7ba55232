import type { Decimal } from 'decimal.js';
import { KpiComparatorEnum, KpiMetric } from '../requirements/requirement.model.js';

export { KpiComparatorEnum, KpiMetric };

/** Which party measures a metric and reports it. */
export enum KpiReporter {
  /** The vendor's operations (its call-centre systems measure it). */
  VENDOR = 'VENDOR',
  /** The merchant (its own surveys and orders measure it). */
  MERCHANT = 'MERCHANT',
}

/**
 * Metrics measured on the merchant's side: customer satisfaction comes from the merchant's survey
 * on its shop platform, conversion from its own orders. Every other metric is the vendor's.
 * The database's policies hold the same list (migration 20261203020000).
 */
export const MERCHANT_REPORTED_METRICS: readonly string[] = [KpiMetric.SATISFACTION_RATE, KpiMetric.CONVERSION_RATE];

export function reporterOf(metric: string): KpiReporter {
  return MERCHANT_REPORTED_METRICS.includes(metric) ? KpiReporter.MERCHANT : KpiReporter.VENDOR;
}

/** One day's value of one KPI. */
export interface KpiMeasurementCommand {
  metric: KpiMetric;
  /** The day, in the contract's time zone. */
  date: string;
  value: Decimal;
}

export interface KpiMeasurementsReportCommand {
  measurements: KpiMeasurementCommand[];
}

/** A KPI definition as it applies on a day (from the terms in force). */
export interface KpiDefinition {
  metric: string;
  comparator: KpiComparatorEnum;
  /** The value compared against: the target, or baseline × multiplier rounded half-up to 2 decimals. */
  target: Decimal;
  /** Set when the target is relative to a baseline. */
  baseline: Decimal | null;
  multiplier: Decimal | null;
  unit: string;
  weight: Decimal;
}

/** A stored measurement as both parties read it. */
export interface KpiDayView {
  metric: string;
  date: string;
  value: string;
  comparator: KpiComparatorEnum;
  target: string;
  unit: string;
  weight: string;
  met: boolean;
}

export interface KpiMeasurementsReportResult {
  contractId: string;
  /** The reported days as they now stand. */
  days: KpiDayView[];
  noticesOpened: number;
  noticesWithdrawn: number;
  rightsGranted: number;
}
