import { Decimal } from 'decimal.js';

/** Half-up to the cent, in decimal: 1.005 → 1.01 (binary floating point would give 1.00). */
export function roundCents(value: Decimal): Decimal {
  return value.toDecimalPlaces(2, Decimal.ROUND_HALF_UP);
}

export function sumAmounts(amounts: readonly Decimal[]): Decimal {
  if (!amounts.length) return new Decimal(0);
  let sum = amounts[0]!;
  for (let i = 1; i < amounts.length; i++) sum = sum.plus(amounts[i]!);
  return sum;
}
