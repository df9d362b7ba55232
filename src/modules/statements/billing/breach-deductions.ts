import type { Decimal } from 'decimal.js';
import type { VerifiedBreachFact } from './statement-facts.js';
import { deductionOf, uniqueSorted, type DraftLine } from './statement-lines.js';

/** One line per verified data breach of the month (product.md §8), in the order they were verified. */
export function breachDeductionLines(breaches: readonly VerifiedBreachFact[], percent: Decimal, serviceCharges: Decimal): DraftLine[] {
  const amount = deductionOf(serviceCharges, percent);
  if (amount.isZero()) return [];
  return uniqueSorted(
    breaches,
    (b) => `${b.verifiedOn}/${b.incidentId}`,
    (b) => b.incidentId,
  ).map((breach) => ({
    section: 'DEDUCTION',
    kind: 'DATA_BREACH_DEDUCTION',
    description: `Data breach verified on ${breach.verifiedOn}: ${percent.toFixed()}% of service charges`,
    quantity: null,
    unitPrice: null,
    percent,
    amount,
    evidence: { incidentIds: [breach.incidentId] },
  }));
}
