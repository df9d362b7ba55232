import { Decimal } from 'decimal.js';
import type { StoredPricing } from '../bids/bid.entity.js';
import type { AvailabilityFact, StatementRules } from './billing/statement-facts.js';

/**
 * What a statement's computation read besides the facts its lines name, stored with it as JSON
 * (decimals as strings): the terms spans of the month (pricing and binding amendments), the
 * deduction rules, the month's availability and the years whose holiday notice was missing. With
 * the lines' evidence, enough for an auditor to recompute every amount.
 */
export interface StatementInputs {
  month: string;
  /** The days charged: the month's days inside the contract's service. */
  from: string;
  to: string;
  terms: { from: string; to: string; amendmentNumbers: number[]; pricing: StoredPricing }[];
  rules: {
    availability: { targetPercent: string; deductionPercentPerPoint: string; tiers: { atMostPercent: string; payablePercent: string }[] };
    dataBreachDeductionPercent: string;
    lateFeePercentPerDay: string;
  };
  availability: { percent: string; nonExemptOutageMinutes: number; minutesInMonth: number; incidentIds: string[] } | null;
  /** Years of the month whose State Council notice was not recorded: holidays by rule only. */
  noticeMissingYears: number[];
}

export function storeRules(rules: StatementRules): StatementInputs['rules'] {
  return {
    availability: {
      targetPercent: rules.availability.targetPercent.toFixed(),
      deductionPercentPerPoint: rules.availability.deductionPercentPerPoint.toFixed(),
      tiers: rules.availability.tiers.map((t) => ({ atMostPercent: t.atMostPercent.toFixed(), payablePercent: t.payablePercent.toFixed() })),
    },
    dataBreachDeductionPercent: rules.dataBreachDeductionPercent.toFixed(),
    lateFeePercentPerDay: rules.lateFeePercentPerDay.toFixed(),
  };
}

export function loadRules(stored: StatementInputs['rules']): StatementRules {
  return {
    availability: {
      targetPercent: new Decimal(stored.availability.targetPercent),
      deductionPercentPerPoint: new Decimal(stored.availability.deductionPercentPerPoint),
      tiers: stored.availability.tiers.map((t) => ({ atMostPercent: new Decimal(t.atMostPercent), payablePercent: new Decimal(t.payablePercent) })),
    },
    dataBreachDeductionPercent: new Decimal(stored.dataBreachDeductionPercent),
    lateFeePercentPerDay: new Decimal(stored.lateFeePercentPerDay),
  };
}

export function storeAvailability(fact: AvailabilityFact | null): StatementInputs['availability'] {
  return (
    fact && {
      percent: fact.percent.toFixed(2),
      nonExemptOutageMinutes: fact.nonExemptOutageMinutes,
      minutesInMonth: fact.minutesInMonth,
      incidentIds: fact.incidentIds,
    }
  );
}
