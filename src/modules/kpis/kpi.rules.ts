import { Decimal } from 'decimal.js';
import { DomainErrorCode, domainProblem, type DomainProblem } from '../../core/domain-error.js';
import { fitsScale } from '../../core/decimal-scale.js';
import type { ContractTerms } from '../contracts/contract-terms.js';
import { KpiComparatorEnum, reporterOf, type KpiDefinition, type KpiMeasurementCommand, type KpiReporter } from './kpi.model.js';

/** Most measurements one report may carry. */
export const KPI_MAX_MEASUREMENTS_PER_REPORT = 5_000;
/** At most this many problems are reported for one report (the first ones, in input order). */
export const KPI_MAX_PROBLEMS = 100;
/** The largest value a measurement may have (numeric(14,2)). */
export const KPI_MAX_VALUE = new Decimal('999999999999.99');
/** Streak defaults of product.md §5, when a contract's rules do not say. */
export const DEFAULT_KPI_STREAKS = { rectificationAfterDays: 3, terminationRightAfterDays: 7 } as const;

/** A KPI target as stored in the terms; a target relative to a baseline carries `baseline` and `multiplier`. */
interface StoredKpiTarget {
  metric: string;
  comparator: string;
  target: string;
  unit: string;
  weight?: string | null;
  baseline?: string | null;
  multiplier?: string | null;
}

/**
 * The KPI definitions of the terms in force on a day (termsOn), one per metric: the requirement's
 * targets as awarded or amended. A target relative to a baseline (e.g. conversion ≥ 115% of the
 * shop's last-three-month average: baseline 3.20, multiplier 1.15) is baseline × multiplier,
 * rounded half-up to the 2 decimals of a KPI value, so the target shown is exactly the one compared.
 * A missing weight counts 1.
 */
export function kpiDefinitions(terms: Pick<ContractTerms, 'requirement'>): Map<string, KpiDefinition> {
  const definitions = new Map<string, KpiDefinition>();
  for (const stored of terms.requirement.kpiTargets as StoredKpiTarget[]) {
    const baseline = stored.baseline != null && stored.multiplier != null ? new Decimal(stored.baseline) : null;
    const multiplier = baseline ? new Decimal(stored.multiplier!) : null;
    const target = baseline && multiplier ? baseline.times(multiplier).toDecimalPlaces(2, Decimal.ROUND_HALF_UP) : new Decimal(stored.target);
    definitions.set(stored.metric, {
      metric: stored.metric,
      comparator: stored.comparator === 'AT_MOST' ? KpiComparatorEnum.AT_MOST : KpiComparatorEnum.AT_LEAST,
      target,
      baseline,
      multiplier,
      unit: stored.unit,
      weight: new Decimal(stored.weight ?? '1'),
    });
  }
  return definitions;
}

/** A day is met when the value is within the target; exactly at the target is met (AT_MOST: ≤, AT_LEAST: ≥). Exact decimals. */
export function isMet(value: Decimal, comparator: KpiComparatorEnum, target: Decimal): boolean {
  return comparator === KpiComparatorEnum.AT_MOST ? value.lte(target) : value.gte(target);
}

/** The column arrays of a checked report, in input order, ready for one `unnest` upsert. */
export interface MeasurementColumns {
  metrics: string[];
  days: string[];
  values: string[];
  comparators: string[];
  targets: string[];
  units: string[];
  weights: string[];
  met: boolean[];
}

export interface KpiReportWindow {
  firstDay: string;
  /** The day after the term's last day. */
  termEnd: string;
  today: string;
}

/**
 * Checks a report and judges each day against the definition in force on it. `definitionsOn`
 * gives the definitions of a day (memoized by the caller). Problems point at the input path.
 */
export function checkMeasurements(
  measurements: readonly KpiMeasurementCommand[],
  reporter: KpiReporter,
  window: KpiReportWindow,
  definitionsOn: (day: string) => Map<string, KpiDefinition>,
): { problems: DomainProblem[]; columns: MeasurementColumns } {
  const problems: DomainProblem[] = [];
  const columns: MeasurementColumns = { metrics: [], days: [], values: [], comparators: [], targets: [], units: [], weights: [], met: [] };
  if (measurements.length === 0 || measurements.length > KPI_MAX_MEASUREMENTS_PER_REPORT) {
    problems.push(
      domainProblem(
        DomainErrorCode.INVALID,
        ['input', 'measurements'],
        `Send 1 to ${KPI_MAX_MEASUREMENTS_PER_REPORT.toLocaleString('en-US')} measurements per call.`,
      ),
    );
    return { problems, columns };
  }
  const seen = new Set<string>();
  for (const [index, m] of measurements.entries()) {
    if (problems.length >= KPI_MAX_PROBLEMS) break;
    const path = (field: string) => ['input', 'measurements', String(index), field];
    const problem = (field: string, message: string) => problems.push(domainProblem(DomainErrorCode.INVALID, path(field), message));
    if (m.date < window.firstDay || m.date >= window.termEnd) {
      problem('date', `${m.date} is outside the contract's term (from ${window.firstDay}).`);
      continue;
    }
    if (m.date > window.today) {
      problem('date', `${m.date} is after today (${window.today}) in the contract's time zone.`);
      continue;
    }
    if (reporterOf(m.metric) !== reporter) {
      problem('metric', `${m.metric} is reported by the ${reporterOf(m.metric).toLowerCase()}, not the ${reporter.toLowerCase()}.`);
      continue;
    }
    const definition = definitionsOn(m.date).get(m.metric);
    if (!definition) {
      problem('metric', `The contract has no ${m.metric} target in force on ${m.date}.`);
      continue;
    }
    const value = m.value;
    if (!value.isFinite() || value.isNegative() || value.gt(KPI_MAX_VALUE) || !fitsScale(value, 'PERCENT')) {
      problem('value', 'A KPI value is a number from 0 with at most 2 decimals.');
      continue;
    }
    if (m.metric.endsWith('_RATE') && value.gt(100)) {
      problem('value', `${m.metric} is a percentage: at most 100.`);
      continue;
    }
    const key = `${m.metric}|${m.date}`;
    if (seen.has(key)) {
      problem('date', `${m.metric} on ${m.date} is sent twice in this report.`);
      continue;
    }
    seen.add(key);
    columns.metrics.push(m.metric);
    columns.days.push(m.date);
    columns.values.push(value.toFixed(2));
    columns.comparators.push(definition.comparator);
    columns.targets.push(definition.target.toFixed(2));
    columns.units.push(definition.unit);
    columns.weights.push(definition.weight.toFixed(4));
    columns.met.push(isMet(value, definition.comparator, definition.target));
  }
  return { problems, columns };
}

// ---------------------------------------------------------------- streaks

export interface MeasuredDay {
  day: string;
  met: boolean;
}

export interface StoredStreakEvidence {
  id: string;
  days: string[];
}

export interface StreakEvaluation {
  /** Causing days of each notice to open. */
  open: string[][];
  /** Ids of standing notices whose causing days no longer form a missed streak. */
  withdraw: string[];
  /** Causing days of each termination right to grant. */
  grant: string[][];
}

/** The maximal runs of consecutive missed measured days (an unmeasured day neither breaks nor extends a run). */
export function missedRuns(days: readonly MeasuredDay[]): string[][] {
  const runs: string[][] = [];
  let current: string[] = [];
  for (const d of days) {
    if (d.met) {
      if (current.length) runs.push(current);
      current = [];
    } else current.push(d.day);
  }
  if (current.length) runs.push(current);
  return runs;
}

/**
 * Re-evaluates one KPI's streaks from all its stored days (sorted by day): deterministic, the same
 * days give the same answer whatever order they arrived in.
 *
 * A streak is a run of consecutive measured days missed. A standing notice (or right) stays while
 * its causing days all lie in one run; a run of `rectificationAfterDays` or more without a standing
 * notice in it opens one, caused by the run's first days; likewise `terminationRightAfterDays` and a
 * right. One notice and one right per streak. Notices whose causing days no longer all lie in one
 * run (a day corrected to met) are withdrawn; rights are never withdrawn (they are immutable
 * evidence in the lifecycle's table) — a corrected right simply stops counting as cover.
 */
export function evaluateStreaks(
  days: readonly MeasuredDay[],
  notices: readonly StoredStreakEvidence[],
  rights: readonly StoredStreakEvidence[],
  thresholds: { rectificationAfterDays: number; terminationRightAfterDays: number },
): StreakEvaluation {
  const runs = missedRuns(days);
  const runOf = new Map<string, number>();
  runs.forEach((run, index) => run.forEach((day) => runOf.set(day, index)));
  const standingRun = (evidence: StoredStreakEvidence): number | null => {
    const first = runOf.get(evidence.days[0] ?? '');
    return first !== undefined && evidence.days.every((d) => runOf.get(d) === first) ? first : null;
  };
  const coveredByNotice = new Set<number>();
  const withdraw: string[] = [];
  for (const notice of notices) {
    const run = standingRun(notice);
    if (run === null) withdraw.push(notice.id);
    else coveredByNotice.add(run);
  }
  const coveredByRight = new Set<number>(rights.map(standingRun).filter((r): r is number => r !== null));
  const open: string[][] = [];
  const grant: string[][] = [];
  runs.forEach((run, index) => {
    if (run.length >= thresholds.rectificationAfterDays && !coveredByNotice.has(index)) open.push(run.slice(0, thresholds.rectificationAfterDays));
    if (run.length >= thresholds.terminationRightAfterDays && !coveredByRight.has(index)) grant.push(run.slice(0, thresholds.terminationRightAfterDays));
  });
  return { open, withdraw, grant };
}

// ---------------------------------------------------------------- monthly roll-up

export interface MonthRow {
  metric: string;
  day: string;
  comparator: string;
  target: string;
  unit: string;
  weight: string;
  met: boolean;
}

export interface KpiMonthLine {
  metric: string;
  comparator: string;
  target: string;
  unit: string;
  weight: string;
  daysMeasured: number;
  daysMet: number;
  /** Met days ÷ measured days × 100, half-up to 2 decimals. */
  attainment: Decimal;
  /** Missed measured days in a row at the month's last measured day (counting from before the month). */
  currentMissedStreak: number;
  /** The longest run of missed measured days ending in the month (a run carried in from before counts whole). */
  longestMissedStreak: number;
}

export interface KpiMonthRollup {
  kpis: KpiMonthLine[];
  /** Σ weight × attainment ÷ Σ weight over the KPIs measured in the month, half-up to 2 decimals; null when none (or all weights 0). */
  score: Decimal | null;
}

/**
 * A contract's KPI month from its measured days (sorted by metric, day) and each metric's missed
 * streak carried in from before the month. Comparator, target, unit and weight are those of the
 * month's last measured day (an amendment mid-month shows its new target). The score uses exact
 * attainments, rounded once.
 */
export function kpiMonthRollup(rows: readonly MonthRow[], carriedIn: ReadonlyMap<string, number>): KpiMonthRollup {
  const byMetric = new Map<string, MonthRow[]>();
  for (const row of rows) {
    const list = byMetric.get(row.metric) ?? [];
    list.push(row);
    byMetric.set(row.metric, list);
  }
  const kpis: KpiMonthLine[] = [];
  let weighted = new Decimal(0);
  let weights = new Decimal(0);
  for (const [metric, days] of [...byMetric].sort(([a], [b]) => a.localeCompare(b))) {
    const last = days[days.length - 1]!;
    const met = days.filter((d) => d.met).length;
    const exact = new Decimal(met).times(100).dividedBy(days.length);
    let streak = carriedIn.get(metric) ?? 0;
    let longest = 0;
    for (const d of days) {
      streak = d.met ? 0 : streak + 1;
      longest = Math.max(longest, streak);
    }
    kpis.push({
      metric,
      comparator: last.comparator,
      target: last.target,
      unit: last.unit,
      weight: last.weight,
      daysMeasured: days.length,
      daysMet: met,
      attainment: exact.toDecimalPlaces(2, Decimal.ROUND_HALF_UP),
      currentMissedStreak: streak,
      longestMissedStreak: longest,
    });
    weighted = weighted.plus(exact.times(last.weight));
    weights = weights.plus(last.weight);
  }
  return { kpis, score: weights.gt(0) ? weighted.dividedBy(weights).toDecimalPlaces(2, Decimal.ROUND_HALF_UP) : null };
}
