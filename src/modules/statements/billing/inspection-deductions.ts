import type { Decimal } from 'decimal.js';
import type { FailedInspectionFact } from './statement-facts.js';
import { deductionOf, uniqueSorted, type DraftLine } from './statement-lines.js';

/**
 * One line per failed inspection of the month whose place on the escalation ladder carries a
 * deduction (the second and later failures of the contract, product.md §6); the first failure only
 * opens a rectification, so it has none.
 */
export function inspectionDeductionLines(failed: readonly FailedInspectionFact[], serviceCharges: Decimal): DraftLine[] {
  const sorted = uniqueSorted(
    failed,
    // Failure numbers padded so that 10 sorts after 9.
    (f) => `${String(f.failureNumber).padStart(6, '0')}/${f.inspectionId}/${f.deductionPercent?.toFixed() ?? ''}`,
    (f) => f.inspectionId,
  );
  return sorted.flatMap((failure): DraftLine[] => {
    if (!failure.deductionPercent) return [];
    const amount = deductionOf(serviceCharges, failure.deductionPercent);
    if (amount.isZero()) return [];
    return [
      {
        section: 'DEDUCTION',
        kind: 'INSPECTION_DEDUCTION',
        description: `Failed inspection number ${failure.failureNumber} of the contract: ${failure.deductionPercent.toFixed()}% of service charges`,
        quantity: null,
        unitPrice: null,
        percent: failure.deductionPercent,
        amount,
        evidence: { inspectionIds: [failure.inspectionId] },
      },
    ];
  });
}
