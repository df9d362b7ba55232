import type { Decimal } from 'decimal.js';
import { sumAmounts } from './rounding.js';
import type { DraftLine } from './statement-lines.js';

/**
 * Deductions never exceed S (product.md §8). Each deduction keeps its own line at its full percentage,
 * so the auditor sees every rule that applied, and one line adds back what they take beyond S: the
 * deductions then come to −S exactly, to the cent, whatever the per-line rounding did.
 */
export function deductionCapLine(serviceCharges: Decimal, deductions: readonly DraftLine[]): DraftLine | null {
  const taken = sumAmounts(deductions.map((d) => d.amount)).negated();
  const excess = taken.minus(serviceCharges);
  if (excess.lte(0)) return null;
  return {
    section: 'DEDUCTION',
    kind: 'DEDUCTION_CAP',
    description: `Deductions capped at the service charges ${serviceCharges.toFixed(2)}: ${excess.toFixed(2)} of the ${taken.toFixed(2)} deducted added back`,
    quantity: null,
    unitPrice: null,
    percent: null,
    amount: excess,
    evidence: {},
  };
}
