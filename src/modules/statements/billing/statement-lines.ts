import type { Decimal } from 'decimal.js';
import type { StatementLine } from './statement-facts.js';
import { roundCents } from './rounding.js';

/** A line before it has a position: positions follow the section order, known once every section is built. */
export type DraftLine = Omit<StatementLine, 'position'>;

/**
 * A deduction of `percent` % of the service charges: rounded half-up on its size, then negated, so that
 * a deduction of x.xx5 takes the extra cent like a charge of x.xx5 would.
 */
export function deductionOf(serviceCharges: Decimal, percent: Decimal): Decimal {
  return roundCents(serviceCharges.times(percent).div(100)).negated();
}

/**
 * Sorts facts by a key covering all their fields, then keeps the first of each id: the same fact sent
 * twice counts once (like re-sent usage), and the result does not depend on the order facts arrive in.
 */
export function uniqueSorted<T>(facts: readonly T[], key: (fact: T) => string, id: (fact: T) => string): T[] {
  const sorted = [...facts].sort((a, b) => compareText(key(a), key(b)));
  const seen = new Set<string>();
  return sorted.filter((fact) => !seen.has(id(fact)) && seen.add(id(fact)));
}

/** Code-unit order, not the locale's: the same on every machine. */
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
