import type { Decimal } from 'decimal.js';

/**
 * Pricing terms of a bid, frozen into its contract (product.md §7). Amounts exclude VAT.
 * The billing engine reads these; every number is a Decimal, never a float.
 */
export type PricingModel = 'PER_CONTACT' | 'PER_SEAT_MONTH' | 'FIXED_MONTHLY' | 'TIERED';

export interface SeatRate {
  /** e.g. "INBOUND", "INBOUND_OUTBOUND". */
  seatType: string;
  /** Per seat per calendar month, prorated by seat-days ÷ days in the month. */
  monthlyRate: Decimal;
}

export interface Tier {
  /** Contacts in this band: the first `upTo` of the month (cumulative bound); null for "the rest". */
  upTo: number | null;
  rate: Decimal;
}

export interface PricingTerms {
  model: PricingModel;
  /** PER_CONTACT: rate per qualified contact before ramp-up. */
  baseRate?: Decimal;
  /** PER_CONTACT: in contract month n the rate is baseRate ÷ rampFactors[n-1] (the last factor applies beyond). */
  rampFactors?: Decimal[];
  /** PER_SEAT_MONTH. */
  seatRates?: SeatRate[];
  /** FIXED_MONTHLY: prorated by days in partial months. */
  monthlyFee?: Decimal;
  /** TIERED: graduated bands per calendar month, increasing `upTo`, last one null. */
  tiers?: Tier[];
  /** Qualified contacts on a statutory holiday are charged at rate × this (default 3). */
  holidayMultiplier: Decimal;
  /** VAT rate as a fraction (default 0.06). */
  vatRate: Decimal;
}

/** One day of usage facts of a contract. */
export interface DailyUsage {
  /** ISO date in the contract's time zone. */
  date: string;
  qualifiedContacts: number;
  /** Active seats of each seat type that day. */
  seats?: Record<string, number>;
}

/** Which days are statutory holidays and working days (Chinese schedule: 调休 make-up days included). */
export interface HolidayCalendar {
  isStatutoryHoliday(date: string): boolean;
  isWorkingDay(date: string): boolean;
}

export type ChargeKind = 'BASE_CONTACTS' | 'HOLIDAY_CONTACTS' | 'SEATS' | 'FIXED_FEE' | 'TIER';

/** One line of service charges: amount = quantity × unitPrice, rounded half-up to the cent. */
export interface ChargeLine {
  kind: ChargeKind;
  description: string;
  quantity: Decimal;
  unitPrice: Decimal;
  amount: Decimal;
  /** Contract month (1-based) whose rate applies, for ramp-up lines. */
  contractMonth?: number;
  seatType?: string;
  /** The usage days the line was computed from (evidence). */
  dates: string[];
}

/** A validation problem of pricing terms, with the path of the field under `pricing`. */
export interface PricingProblem {
  field: string[];
  message: string;
}
