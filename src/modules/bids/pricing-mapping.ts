import { Decimal } from 'decimal.js';
import type { PricingModel, PricingTerms } from '../statements/billing/pricing-terms.js';
import type { StoredPricing } from './bid.entity.js';

export const DEFAULT_HOLIDAY_MULTIPLIER = '3';
export const DEFAULT_VAT_RATE = '0.06';

export interface PricingDraft {
  model: PricingModel;
  baseRate?: Decimal | null;
  rampFactors?: Decimal[] | null;
  seatRates?: { seatType: string; monthlyRate: Decimal }[] | null;
  monthlyFee?: Decimal | null;
  tiers?: { upTo?: number | null; rate: Decimal }[] | null;
  holidayMultiplier?: Decimal | null;
  vatRate?: Decimal | null;
}

/** From the GraphQL input to the engine's terms (defaults applied; absent parts stay absent). */
export function pricingTermsOf(draft: PricingDraft): PricingTerms {
  return {
    model: draft.model,
    ...(draft.baseRate != null ? { baseRate: draft.baseRate } : {}),
    ...(draft.rampFactors != null ? { rampFactors: draft.rampFactors } : {}),
    ...(draft.seatRates != null ? { seatRates: draft.seatRates.map((s) => ({ seatType: s.seatType.trim(), monthlyRate: s.monthlyRate })) } : {}),
    ...(draft.monthlyFee != null ? { monthlyFee: draft.monthlyFee } : {}),
    ...(draft.tiers != null ? { tiers: draft.tiers.map((t) => ({ upTo: t.upTo ?? null, rate: t.rate })) } : {}),
    holidayMultiplier: draft.holidayMultiplier ?? new Decimal(DEFAULT_HOLIDAY_MULTIPLIER),
    vatRate: draft.vatRate ?? new Decimal(DEFAULT_VAT_RATE),
  };
}

/** Decimals as strings for storage in jsonb. */
export function storePricing(terms: PricingTerms): StoredPricing {
  return {
    model: terms.model,
    baseRate: terms.baseRate?.toFixed() ?? null,
    rampFactors: terms.rampFactors?.map((f) => f.toFixed()) ?? null,
    seatRates: terms.seatRates?.map((s) => ({ seatType: s.seatType, monthlyRate: s.monthlyRate.toFixed() })) ?? null,
    monthlyFee: terms.monthlyFee?.toFixed() ?? null,
    tiers: terms.tiers?.map((t) => ({ upTo: t.upTo, rate: t.rate.toFixed() })) ?? null,
    holidayMultiplier: terms.holidayMultiplier.toFixed(),
    vatRate: terms.vatRate.toFixed(),
  };
}

/**
 * The one decoder of stored pricing (a bid revision's, a contract's frozen terms) into the engine's
 * terms: projections, comparisons and the GraphQL `Pricing` type all read pricing through it.
 */
export function loadPricing(stored: StoredPricing): PricingTerms {
  return pricingTermsOf({
    model: stored.model as PricingModel,
    baseRate: stored.baseRate != null ? new Decimal(stored.baseRate) : null,
    rampFactors: stored.rampFactors?.map((f) => new Decimal(f)) ?? null,
    seatRates: stored.seatRates?.map((s) => ({ seatType: s.seatType, monthlyRate: new Decimal(s.monthlyRate) })) ?? null,
    monthlyFee: stored.monthlyFee != null ? new Decimal(stored.monthlyFee) : null,
    tiers: stored.tiers?.map((t) => ({ upTo: t.upTo, rate: new Decimal(t.rate) })) ?? null,
    holidayMultiplier: new Decimal(stored.holidayMultiplier),
    vatRate: new Decimal(stored.vatRate),
  });
}
