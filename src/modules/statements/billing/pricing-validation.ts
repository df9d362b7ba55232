import { Decimal } from 'decimal.js';
import { fitsScale } from '../../../core/decimal-scale.js';
import type { PricingModel, PricingProblem, PricingTerms } from './pricing-terms.js';

const MODEL_FIELDS: Record<PricingModel, (keyof PricingTerms)[]> = {
  PER_CONTACT: ['baseRate', 'rampFactors'],
  PER_SEAT_MONTH: ['seatRates'],
  FIXED_MONTHLY: ['monthlyFee'],
  TIERED: ['tiers'],
};
const MODEL_SPECIFIC: (keyof PricingTerms)[] = ['baseRate', 'rampFactors', 'seatRates', 'monthlyFee', 'tiers'];

/** Unit prices are to the cent, like every amount they produce, and within what a real offer could charge. */
function money(value: Decimal, max: Decimal = UNIT_PRICE_LIMITS.perContact): boolean {
  return fitsScale(value, 'MONEY') && value.lte(max);
}

/** Upper bounds of unit prices, in CNY: far above any real offer, far below what would overflow a statement. */
export const UNIT_PRICE_LIMITS = {
  perContact: new Decimal(10_000),
  perSeatMonth: new Decimal(1_000_000),
  monthlyFee: new Decimal(100_000_000),
} as const;

/** Every problem of a set of pricing terms, with the path of the field (relative to `pricing`). */
export function validatePricing(terms: PricingTerms): PricingProblem[] {
  const problems: PricingProblem[] = [];
  const problem = (field: (string | number)[], message: string) => problems.push({ field: field.map(String), message });
  for (const field of MODEL_SPECIFIC) {
    if (terms[field] !== undefined && !MODEL_FIELDS[terms.model].includes(field))
      problem([field], `${field} does not apply to ${terms.model} pricing: leave it out.`);
  }
  switch (terms.model) {
    case 'PER_CONTACT':
      if (!terms.baseRate) problem(['baseRate'], 'PER_CONTACT pricing needs a base rate per qualified contact.');
      else if (terms.baseRate.lte(0) || !money(terms.baseRate))
        problem(
          ['baseRate'],
          `The base rate must be above 0 and at most ${UNIT_PRICE_LIMITS.perContact.toFixed()} CNY, with at most 2 decimals (to the cent).`,
        );
      if (terms.rampFactors && terms.rampFactors.length > 36) problem(['rampFactors'], 'At most 36 ramp-up factors (one per contract month).');
      terms.rampFactors?.forEach((factor, i) => {
        if (factor.lte(0) || factor.gt(10) || !fitsScale(factor, 'FRACTION')) {
          problem(
            ['rampFactors', i],
            `Ramp-up factor ${i + 1} must be above 0 and at most 10, with at most 4 decimals (the rate of month ${i + 1} is base ÷ factor).`,
          );
        }
      });
      break;
    case 'PER_SEAT_MONTH': {
      if (!terms.seatRates?.length) problem(['seatRates'], 'PER_SEAT_MONTH pricing needs at least one seat rate.');
      const seen = new Set<string>();
      terms.seatRates?.forEach((rate, i) => {
        if (!rate.seatType.trim() || rate.seatType.length > 50) problem(['seatRates', i, 'seatType'], 'A seat type is 1 to 50 characters.');
        if (seen.has(rate.seatType)) problem(['seatRates', i, 'seatType'], `Seat type ${rate.seatType} is priced twice.`);
        seen.add(rate.seatType);
        if (rate.monthlyRate.isNegative() || !money(rate.monthlyRate, UNIT_PRICE_LIMITS.perSeatMonth))
          problem(
            ['seatRates', i, 'monthlyRate'],
            `A seat rate is a non-negative amount of at most ${UNIT_PRICE_LIMITS.perSeatMonth.toFixed()} CNY, with at most 2 decimals (to the cent).`,
          );
      });
      break;
    }
    case 'FIXED_MONTHLY':
      if (!terms.monthlyFee) problem(['monthlyFee'], 'FIXED_MONTHLY pricing needs a monthly fee.');
      else if (terms.monthlyFee.isNegative() || !money(terms.monthlyFee, UNIT_PRICE_LIMITS.monthlyFee))
        problem(
          ['monthlyFee'],
          `The monthly fee is a non-negative amount of at most ${UNIT_PRICE_LIMITS.monthlyFee.toFixed()} CNY, with at most 2 decimals (to the cent).`,
        );
      break;
    case 'TIERED': {
      const tiers = terms.tiers ?? [];
      if (!tiers.length) problem(['tiers'], 'TIERED pricing needs at least one band.');
      let previous = 0;
      tiers.forEach((tier, i) => {
        const last = i === tiers.length - 1;
        if (tier.rate.isNegative() || !money(tier.rate))
          problem(
            ['tiers', i, 'rate'],
            `A band rate is a non-negative amount of at most ${UNIT_PRICE_LIMITS.perContact.toFixed()} CNY, with at most 2 decimals (to the cent).`,
          );
        if (last && tier.upTo !== null) problem(['tiers', i, 'upTo'], 'The last band has no upper bound: it takes the rest.');
        if (!last && tier.upTo === null) problem(['tiers', i, 'upTo'], 'Only the last band may have no upper bound.');
        if (tier.upTo !== null) {
          if (!Number.isInteger(tier.upTo) || tier.upTo <= previous)
            problem(['tiers', i, 'upTo'], `Band bounds must increase: ${tier.upTo} is not above ${previous}.`);
          else previous = tier.upTo;
        }
      });
      break;
    }
  }
  if (terms.holidayMultiplier.lt(1) || terms.holidayMultiplier.gt(10) || !fitsScale(terms.holidayMultiplier, 'FRACTION'))
    problem(['holidayMultiplier'], 'The holiday multiplier is from 1 to 10, with at most 4 decimals.');
  if (terms.vatRate.isNegative() || terms.vatRate.gt(new Decimal('0.2')) || !fitsScale(terms.vatRate, 'FRACTION'))
    problem(['vatRate'], 'The VAT rate is a fraction from 0 to 0.2 with at most 4 decimals (6% = 0.06).');
  return problems;
}
