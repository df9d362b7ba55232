import { Decimal } from 'decimal.js';

/**
 * How many decimals each kind of decimal value has, in the API's answers and in what it accepts.
 * Answers always carry exactly this many ("156240.00", never "156240"), so clients and auditors
 * can compare strings, and an input with more decimals than its kind allows is refused rather
 * than silently rounded.
 */
export const DecimalScale = {
  /** Money amounts and unit prices (per contact, per seat, fees, budgets): to the cent. */
  MONEY: 2,
  /** Fractions and factors: ratios from 0 to 1, ramp-up factors, multipliers, VAT rate, weights. */
  FRACTION: 4,
  /** Percentages, scores from 0 to 100 and KPI values (seconds, %, …). */
  PERCENT: 2,
} as const;

/** The largest amount the database stores (numeric(18,2)): anything larger is refused, not overflowed. */
export const MAX_AMOUNT = new Decimal('9999999999999999.99');

export type DecimalKind = keyof typeof DecimalScale;

/**
 * Text already in the form `fixed` writes for the scale: no leading zeros, exactly `scale` decimals,
 * and no negative zero. PostgreSQL's numeric(p, scale) columns read back this way, so most values a
 * query answers with need no Decimal at all.
 */
const CANONICAL: Record<DecimalKind, RegExp> = {
  MONEY: /^(?:0|-?[1-9]\d*)\.\d{2}$/,
  FRACTION: /^(?:0|-?[1-9]\d*)\.\d{4}$/,
  PERCENT: /^(?:0|-?[1-9]\d*)\.\d{2}$/,
};

/** The value written with exactly the scale of its kind, rounded half-up. */
export function fixed(value: Decimal.Value, kind: DecimalKind): string {
  if (typeof value === 'string' && CANONICAL[kind].test(value)) return value;
  const scale = DecimalScale[kind];
  return (value instanceof Decimal ? value : new Decimal(value)).toFixed(scale, Decimal.ROUND_HALF_UP);
}

/** Whether an input has no more decimals than its kind allows. */
export function fitsScale(value: Decimal, kind: DecimalKind): boolean {
  return value.decimalPlaces() <= DecimalScale[kind];
}
