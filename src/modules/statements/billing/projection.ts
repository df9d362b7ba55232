import { Decimal } from 'decimal.js';
import { addDays, datesBetween } from '../../calendar/china-holidays.js';
import { contractMonthStart } from './contract-months.js';
import type { DailyUsage, HolidayCalendar, PricingTerms } from './pricing-terms.js';
import { sumAmounts } from './rounding.js';
import { chargesForPeriod, rampedRate } from './service-charges.js';

export interface ExpectedUsage {
  /** Qualified contacts per month, spread evenly over its days (the remainder on the last day). */
  monthlyContacts: number;
  /** Seats every day: per seat type, or a number placed on the first priced seat type. */
  seats: Record<string, number> | number;
}

export interface MonthProjection {
  contractMonth: number;
  from: string;
  to: string;
  /** PER_CONTACT: the month's rate after ramp-up. */
  rate: Decimal | null;
  amount: Decimal;
}

interface ExpectedMonth {
  from: string;
  to: string;
  usage: readonly DailyUsage[];
}

const expectedTerms = new Map<string, readonly ExpectedMonth[]>();
/** Contract months held by expectedTerms, bounded as the months were before (5,000 months of days). */
let expectedMonthsHeld = 0;

/**
 * The contract months of a term at an expected volume, day by day. The same for every bid of a
 * requirement, so they are built once (bounded memo; the arrays are never changed) and the engine's
 * own memos on each month's usage array let the projections of many bids share their rate-free work.
 */
function expectedTerm(startDate: string, termMonths: number, monthlyContacts: number, seats: Record<string, number>): readonly ExpectedMonth[] {
  const key = `${startDate}/${termMonths}/${monthlyContacts}/${JSON.stringify(seats)}`;
  let months = expectedTerms.get(key);
  // Stryker disable next-line all: a memo; results are the same without it (tested in billing-engine.test.ts).
  if (!months) {
    months = Object.freeze(Array.from({ length: termMonths }, (_, i) => expectedMonth(startDate, i + 1, monthlyContacts, seats)));
    // Stryker disable next-line all: a memo; results are the same without it (tested in billing-engine.test.ts).
    if (expectedMonthsHeld + termMonths > 5000) {
      expectedTerms.clear();
      expectedMonthsHeld = 0;
    }
    expectedTerms.set(key, months);
    expectedMonthsHeld += termMonths;
  }
  return months;
}

/** Contract month n of a term at an expected volume: its days, the contacts spread evenly (the remainder on the last day). */
function expectedMonth(startDate: string, n: number, monthlyContacts: number, seats: Record<string, number>): ExpectedMonth {
  const from = contractMonthStart(startDate, n);
  const to = addDays(contractMonthStart(startDate, n + 1), -1);
  const dates = datesBetween(from, to);
  const perDay = Math.floor(monthlyContacts / dates.length);
  const usage = dates.map((date, i) => ({
    date,
    qualifiedContacts: i === dates.length - 1 ? monthlyContacts - perDay * (dates.length - 1) : perDay,
    seats,
  }));
  return Object.freeze({ from, to, usage: Object.freeze(usage) });
}

/**
 * What a pricing would charge in every contract month of a term at an expected volume, with the same
 * rules as statements (ramp-up, statutory holidays, seat proration, bands); monthly prices apply to
 * each contract month as a whole month.
 */
export function projectMonthlyCharges(
  terms: PricingTerms,
  term: { startDate: string; termMonths: number },
  expected: ExpectedUsage,
  calendar: HolidayCalendar,
): MonthProjection[] {
  const seats = typeof expected.seats === 'number' ? (terms.seatRates?.[0] ? { [terms.seatRates[0].seatType]: expected.seats } : {}) : expected.seats;
  const expectedMonths = expectedTerm(term.startDate, term.termMonths, expected.monthlyContacts, seats);
  const months: MonthProjection[] = [];
  for (let n = 1; n <= term.termMonths; n++) {
    const { from, to, usage } = expectedMonths[n - 1]!;
    const lines = chargesForPeriod(terms, { startDate: term.startDate }, { from, to, monthDays: usage.length }, usage, calendar);
    months.push({
      contractMonth: n,
      from,
      to,
      rate: terms.model === 'PER_CONTACT' ? rampedRate(terms, n) : null,
      amount: sumAmounts(lines.map((l) => l.amount)),
    });
  }
  return months;
}

export function totalContractValue(months: MonthProjection[]): Decimal {
  return sumAmounts(months.map((m) => m.amount));
}
