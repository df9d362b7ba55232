import { Decimal } from 'decimal.js';
import { fitsScale } from '../../core/decimal-scale.js';
import { DomainErrorCode, DomainErrors, type DomainProblem, domainProblem } from '../../core/domain-error.js';
import { pricingTermsOf, storePricing } from '../bids/pricing-mapping.js';
import { addDays, dayCount } from '../calendar/china-holidays.js';
import type { KpiTarget } from '../requirements/requirement.entity.js';
import { contractMonthOf, contractMonthStart } from '../statements/billing/contract-months.js';
import { roundCents } from '../statements/billing/rounding.js';
import { validatePricing } from '../statements/billing/pricing-validation.js';
import type { ContractRules, TermsChange } from './contract-terms.js';
import { type AmendmentProposal, LIFECYCLE_LIMITS } from './contract.model.js';

/** A reason (trimmed) of 3–2,000 characters, or a userError on `field`. */
export function checkLifecycleReason(reason: string | null | undefined, field: string[]): string {
  const text = reason?.trim() ?? '';
  const { min, max } = LIFECYCLE_LIMITS.reasonLength;
  const length = [...text].length;
  if (length < min || length > max) {
    throw new DomainErrors([domainProblem(DomainErrorCode.INVALID, field, `Give a reason of ${min} to ${max.toLocaleString('en')} characters.`)]);
  }
  return text;
}

const DAY_RULE_LIMITS = { convenienceNoticeDays: [0, 365], curePeriodDays: [1, 365], transitionDays: [0, 365] } as const;
const MAX_COMPENSATION_MONTHS = 12;

/** Checks what an amendment changes and stores it as the terms keep it (pricing as stored decimals, KPI targets normalized). */
export function normalizeTermsChange(input: AmendmentProposal): TermsChange {
  const errors: DomainProblem[] = [];
  const invalid = (path: string[], message: string) => errors.push(domainProblem(DomainErrorCode.INVALID, ['input', ...path], message));
  const change: TermsChange = {};
  if (input.pricing) {
    const pricing = pricingTermsOf(input.pricing);
    for (const problem of validatePricing(pricing)) invalid(['pricing', ...problem.field], problem.message);
    change.pricing = storePricing(pricing);
  }
  if (input.kpiTargets) {
    const seen = new Set<string>();
    change.kpiTargets = input.kpiTargets.map((k, i): KpiTarget => {
      if (seen.has(k.metric)) invalid(['kpiTargets', String(i), 'metric'], `${k.metric} is listed twice.`);
      seen.add(k.metric);
      if (k.target.isNegative() || !fitsScale(k.target, 'PERCENT'))
        invalid(['kpiTargets', String(i), 'target'], 'A KPI target is not negative and has at most 2 decimals.');
      const weight = k.weight ?? new Decimal(1);
      if (weight.lte(0) || weight.gt(100) || !fitsScale(weight, 'FRACTION'))
        invalid(['kpiTargets', String(i), 'weight'], 'Weight must be above 0 and at most 100, with at most 4 decimals.');
      const unit = k.unit.trim();
      if (!unit || unit.length > 20) invalid(['kpiTargets', String(i), 'unit'], 'A unit has 1 to 20 characters ("s", "%").');
      return { metric: k.metric, comparator: k.comparator, target: k.target.toFixed(), unit, weight: weight.toFixed() };
    });
  }
  if (input.termination) {
    const termination: { -readonly [K in keyof NonNullable<TermsChange['termination']>]: NonNullable<TermsChange['termination']>[K] } = {};
    for (const key of ['convenienceNoticeDays', 'curePeriodDays', 'transitionDays'] as const) {
      const value = input.termination[key];
      if (value == null) continue;
      const [min, max] = DAY_RULE_LIMITS[key];
      if (!Number.isInteger(value) || value < min || value > max) invalid(['termination', key], `${key} is a whole number of days from ${min} to ${max}.`);
      termination[key] = value;
    }
    const factor = input.termination.shortNoticeCompensationMonths;
    if (factor != null) {
      if (factor.isNegative() || factor.gt(MAX_COMPENSATION_MONTHS) || !fitsScale(factor, 'FRACTION'))
        invalid(['termination', 'shortNoticeCompensationMonths'], `A factor from 0 to ${MAX_COMPENSATION_MONTHS} with at most 4 decimals.`);
      termination.shortNoticeCompensationMonths = factor.toFixed();
    }
    if (Object.keys(termination).length) change.termination = termination;
  }
  if (!errors.length && !change.pricing && !change.kpiTargets && !change.termination) {
    invalid([], 'An amendment changes something: give pricing, KPI targets or termination rules.');
  }
  if (errors.length) throw new DomainErrors(errors);
  return change;
}

export interface TerminationNotice {
  /** Calendar days from the day notice is given (the contract's today) to the effective date. */
  noticeDays: number;
  requiredNoticeDays: number;
  shortNotice: boolean;
  /** The contract month whose service charges the compensation is counted from: the one holding the last day of service. */
  contractMonth: number;
  monthFrom: string;
  monthTo: string;
  /** The last day of the transition period (service at contract prices while data is handed over). */
  transitionEndsOn: string;
}

/**
 * Notice of a termination for convenience given `today`, effective `effectiveOn` (the first day
 * without the contract): short when fewer days than the rules require. The compensation is counted
 * from the contract month that holds the last day of service (the first month when it ends before
 * it starts).
 */
export function terminationNotice(
  contract: { startDate: string },
  rules: Pick<ContractRules['termination'], 'convenienceNoticeDays' | 'transitionDays'>,
  today: string,
  effectiveOn: string,
): TerminationNotice {
  const noticeDays = dayCount(today, effectiveOn) - 1;
  const lastDay = addDays(effectiveOn, -1);
  const contractMonth = Math.max(1, contractMonthOf(contract.startDate, lastDay));
  return {
    noticeDays,
    requiredNoticeDays: rules.convenienceNoticeDays,
    shortNotice: noticeDays < rules.convenienceNoticeDays,
    contractMonth,
    monthFrom: contractMonthStart(contract.startDate, contractMonth),
    monthTo: addDays(contractMonthStart(contract.startDate, contractMonth + 1), -1),
    transitionEndsOn: addDays(effectiveOn, rules.transitionDays - 1),
  };
}

/** Compensation for short notice: factor × the last month's service charges, to the cent; nothing with enough notice. */
export function shortNoticeCompensation(shortNotice: boolean, factor: string, lastMonthCharges: Decimal): Decimal {
  return shortNotice ? roundCents(new Decimal(factor).times(lastMonthCharges)) : new Decimal(0);
}
