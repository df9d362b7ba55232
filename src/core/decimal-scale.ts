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
 * Decimal text with no leading zeros and at most two decimals (`15`, `95.5`, `156240.00`), sign
 * apart. Money columns (numeric(p, 2)) read back this way and JSON documents (KPI targets,
 * weights) hold such numbers: most values an answer carries are padded with zeros rather than
 * parsed into a Decimal and written back.
 */
const PLAIN = /^(-?)(0|[1-9]\d*)(?:\.(\d{1,2}))?$/;

/** The value written with exactly the scale of its kind, rounded half-up. */
export function fixed(value: Decimal.Value, kind: DecimalKind): string {
  const scale = DecimalScale[kind];
  if (typeof value === 'string') {
    const plain = PLAIN.exec(value);
    const decimals = plain?.[3] ?? '';
    // A negative zero ("-0", "-0.00") Decimal writes unsigned; "-0.5" and the like are left to it too.
    if (plain && decimals.length <= scale && !(plain[1] && plain[2] === '0')) return `${plain[1]}${plain[2]}.${decimals}${'0'.repeat(scale - decimals.length)}`;
  }
  return (value instanceof Decimal ? value : new Decimal(value)).toFixed(scale, Decimal.ROUND_HALF_UP);
}

/** Whether an input has no more decimals than its kind allows. */
export function fitsScale(value: Decimal, kind: DecimalKind): boolean {
  return value.decimalPlaces() <= DecimalScale[kind];
}
