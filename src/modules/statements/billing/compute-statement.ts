import { Decimal } from 'decimal.js';
import { availabilityDeductionLine } from './availability-deduction.js';
import { breachDeductionLines } from './breach-deductions.js';
import { deductionCapLine } from './deduction-cap.js';
import { inspectionDeductionLines } from './inspection-deductions.js';
import { latePaymentFeeLines } from './late-payment-fees.js';
import { roundCents, sumAmounts } from './rounding.js';
import type { StatementComputation, StatementFacts, StatementLine } from './statement-facts.js';
import type { DraftLine } from './statement-lines.js';
import { serviceChargeLines, spansInOrder } from './statement-service-lines.js';

const total = (lines: readonly DraftLine[]): Decimal => sumAmounts(lines.map((l) => l.amount));

/**
 * One contract's statement of one calendar month from its facts (product.md §8): service charges,
 * deductions (capped at S), VAT on the subtotal, late-payment fees outside VAT. Pure and
 * deterministic: the same facts, in any order, give the same lines, so recompute can check an
 * issued statement to the cent. Lines of 0.00 are left out; the totals are exact sums of the lines.
 */
export function computeStatement(facts: StatementFacts): StatementComputation {
  const charges = serviceChargeLines(facts);
  const serviceCharges = total(charges);

  const availability = facts.availability
    ? availabilityDeductionLine(facts.availability, facts.rules.availability, serviceCharges)
    : { line: null, investigationReportRequired: false };
  const deductionLines = [
    ...(availability.line ? [availability.line] : []),
    ...breachDeductionLines(facts.verifiedBreaches, facts.rules.dataBreachDeductionPercent, serviceCharges),
    ...inspectionDeductionLines(facts.failedInspections, serviceCharges),
  ];
  const cap = deductionCapLine(serviceCharges, deductionLines);
  if (cap) deductionLines.push(cap);
  const deductions = total(deductionLines);

  const fees = latePaymentFeeLines(facts.latePayments, facts.rules.lateFeePercentPerDay);

  const subtotal = serviceCharges.plus(deductions);
  // The rate of the terms in force at the month's end, like the rules; with no day in the contract there is nothing to tax.
  const vatRate = spansInOrder(facts.terms).at(-1)?.pricing.vatRate ?? new Decimal(0);
  const vat = roundCents(subtotal.times(vatRate));
  const feeTotal = total(fees);

  const lines: StatementLine[] = [...charges, ...deductionLines, ...fees].map((line, i) => ({ position: i + 1, ...line }));
  return {
    lines,
    serviceCharges,
    deductions,
    subtotal,
    vatRate,
    vat,
    fees: feeTotal,
    total: subtotal.plus(vat).plus(feeTotal),
    investigationReportRequired: availability.investigationReportRequired,
  };
}
