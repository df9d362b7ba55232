import { Decimal } from 'decimal.js';
import type { AvailabilityFact, StatementRules } from './statement-facts.js';
import { deductionOf, type DraftLine } from './statement-lines.js';

export type AvailabilityBasis =
  | { kind: 'AT_OR_ABOVE_TARGET' }
  /** Full percentage points below the target: 95.52 against 98 is 2 points (2.48 is not rounded up). */
  | { kind: 'POINTS'; points: Decimal }
  /** The lowest floor reached: only `payablePercent` of S is due. */
  | { kind: 'FLOOR'; atMostPercent: Decimal; payablePercent: Decimal };

export interface AvailabilityDeduction {
  basis: AvailabilityBasis;
  /** Percent of S deducted; 0 when nothing is. */
  percent: Decimal;
  /** The floor reached leaves nothing payable: the vendor owes a written investigation report (product.md §8). */
  investigationReportRequired: boolean;
}

/**
 * The availability rule of product.md §8. A floor replaces the per-point rule rather than adding to it
 * ("only 80% payable"); at or above the target nothing is deducted, whatever the floors say.
 */
export function availabilityDeduction(availabilityPercent: Decimal, rules: StatementRules['availability']): AvailabilityDeduction {
  const none = { percent: new Decimal(0), investigationReportRequired: false };
  if (availabilityPercent.gte(rules.targetPercent)) return { basis: { kind: 'AT_OR_ABOVE_TARGET' }, ...none };
  const floor = [...rules.tiers].sort((a, b) => a.atMostPercent.comparedTo(b.atMostPercent)).find((tier) => availabilityPercent.lte(tier.atMostPercent));
  if (floor) {
    return {
      basis: { kind: 'FLOOR', atMostPercent: floor.atMostPercent, payablePercent: floor.payablePercent },
      percent: Decimal.max(0, new Decimal(100).minus(floor.payablePercent)),
      investigationReportRequired: floor.payablePercent.lte(0),
    };
  }
  const points = rules.targetPercent.minus(availabilityPercent).floor();
  return { basis: { kind: 'POINTS', points }, percent: Decimal.max(0, points.times(rules.deductionPercentPerPoint)), investigationReportRequired: false };
}

function describe(fact: AvailabilityFact, rules: StatementRules['availability'], deduction: AvailabilityDeduction): string {
  const measured = `Availability ${fact.percent.toFixed(2)}% (${fact.nonExemptOutageMinutes} non-exempt outage minutes of ${fact.minutesInMonth})`;
  const { basis } = deduction;
  if (basis.kind === 'FLOOR') {
    const report = deduction.investigationReportRequired ? '; the vendor owes a written investigation report' : '';
    return `${measured} at or below ${basis.atMostPercent.toFixed()}%: only ${basis.payablePercent.toFixed()}% of service charges payable${report}`;
  }
  const points = basis.kind === 'POINTS' ? basis.points.toFixed() : '0';
  return `${measured}: ${points} full points below the ${rules.targetPercent.toFixed()}% target × ${rules.deductionPercentPerPoint.toFixed()}% per point`;
}

/** The availability line, or none when the deduction is 0.00 (at target, under a full point, or S = 0). */
export function availabilityDeductionLine(
  fact: AvailabilityFact,
  rules: StatementRules['availability'],
  serviceCharges: Decimal,
): { line: DraftLine | null; investigationReportRequired: boolean } {
  const deduction = availabilityDeduction(fact.percent, rules);
  const amount = deductionOf(serviceCharges, deduction.percent);
  if (amount.isZero()) return { line: null, investigationReportRequired: deduction.investigationReportRequired };
  return {
    investigationReportRequired: deduction.investigationReportRequired,
    line: {
      section: 'DEDUCTION',
      kind: 'AVAILABILITY_DEDUCTION',
      description: describe(fact, rules, deduction),
      quantity: null,
      unitPrice: null,
      percent: deduction.percent,
      amount,
      evidence: {
        availabilityPercent: fact.percent.toFixed(2),
        outageMinutes: fact.nonExemptOutageMinutes,
        minutesInMonth: fact.minutesInMonth,
        incidentIds: [...fact.incidentIds].sort(),
      },
    },
  };
}
