import { Decimal } from 'decimal.js';

/** Half-up to the cent, in decimal: 1.005 → 1.01 (binary floating point would give 1.00). */
export function roundCents(value: Decimal): Decimal {
  return value.toDecimalPlaces(2, Decimal.ROUND_HALF_UP);
}

export function sumAmounts(amounts: Decimal[]): Decimal {
  return amounts.reduce((sum, amount) => sum.plus(amount), new Decimal(0));
}
