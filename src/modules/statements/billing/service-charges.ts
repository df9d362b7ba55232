import { Decimal } from 'decimal.js';
import { daysInMonth, datesBetween } from '../../calendar/china-holidays.js';
import { contractMonthRanges } from './contract-months.js';
import type { ChargeLine, DailyUsage, HolidayCalendar, PricingTerms } from './pricing-terms.js';
import { roundCents } from './rounding.js';
import { invariant } from '../../../core/invariant.js';

export interface ContractPeriod {
  startDate: string;
  endDate?: string | null;
}

/** A span of days charged together, and the month length that prorates monthly prices. */
export interface ChargePeriod {
  from: string;
  to: string;
  /** Days of the month a monthly price covers (a calendar month, or a whole contract month in projections). */
  monthDays: number;
  /**
   * TIERED: qualified contacts of the same month already placed in the bands by earlier periods (a
   * mid-month amendment splits the month): the bands are per month, so this period's contacts
   * continue from there instead of starting again at the first band. Default 0.
   */
  bandStart?: number;
}

function span(dates: readonly string[]): string {
  return dates.length ? (dates.length === 1 ? dates[0]! : `${dates[0]}…${dates.at(-1)}`) : '';
}

const rampedRates = new WeakMap<PricingTerms, Decimal[]>();
const holidayRates = new WeakMap<PricingTerms, Map<number, Decimal>>();

/** PER_CONTACT rate of contract month n: base ÷ factor (the last factor beyond the list), half-up to the cent. */
export function rampedRate(terms: PricingTerms, contractMonth: number): Decimal {
  const base = terms.baseRate ?? new Decimal(0);
  const factors = terms.rampFactors ?? [];
  if (!factors.length) return base;
  // One rate per factor, computed once per terms object (terms are never changed).
  let rates = rampedRates.get(terms);
  // Stryker disable next-line all: a memo; results are the same without it (tested in billing-engine.test.ts).
  if (!rates) rampedRates.set(terms, (rates = factors.map((factor) => roundCents(base.div(factor)))));
  const rate = rates[Math.min(contractMonth, factors.length) - 1];
  invariant(rate, () => `contract month ${contractMonth} has no rate`);
  return rate;
}

/** PER_CONTACT statutory-holiday rate of contract month n: its ramped rate × the multiplier, half-up to the cent. */
function holidayRate(terms: PricingTerms, contractMonth: number): Decimal {
  // Once per terms object and ramp-up step (terms are never changed): months past the ramp-up share one.
  const step = Math.min(contractMonth, terms.rampFactors?.length || 1);
  let rates = holidayRates.get(terms);
  // Stryker disable next-line all: a memo; results are the same without it (tested in billing-engine.test.ts).
  if (!rates) holidayRates.set(terms, (rates = new Map()));
  let rate = rates.get(step);
  // Stryker disable next-line all: a memo; results are the same without it (tested in billing-engine.test.ts).
  if (!rate) rates.set(step, (rate = roundCents(rampedRate(terms, contractMonth).times(terms.holidayMultiplier))));
  return rate;
}

function line(partial: Omit<ChargeLine, 'amount'>): ChargeLine {
  return { ...partial, amount: roundCents(partial.quantity.times(partial.unitPrice)) };
}

interface ContactGroup {
  kind: 'BASE_CONTACTS' | 'HOLIDAY_CONTACTS';
  contractMonth: number;
  quantity: number;
  dates: string[];
  /** `quantity` as a decimal, made once for every pricing that charges the group. */
  decimalQuantity?: Decimal;
}

const contactGroupsMemo = new WeakMap<readonly DailyUsage[], WeakMap<HolidayCalendar, Map<string, readonly Readonly<ContactGroup>[]>>>();

/**
 * Qualified contacts by (holiday or not, contract month), in line order: holiday lines first, then by
 * contract month. Rate-free, so the projections of many bids over the same expected usage share it:
 * memoized on the (unchanging) days array and calendar.
 */
function contactGroups(startDate: string, days: readonly DailyUsage[], calendar: HolidayCalendar): readonly Readonly<ContactGroup>[] {
  let byCalendar = contactGroupsMemo.get(days);
  // Stryker disable next-line all: a memo; results are the same without it (tested in billing-engine.test.ts).
  if (!byCalendar) contactGroupsMemo.set(days, (byCalendar = new WeakMap()));
  let byStart = byCalendar.get(calendar);
  // Stryker disable next-line all: a memo; results are the same without it (tested in billing-engine.test.ts).
  if (!byStart) byCalendar.set(calendar, (byStart = new Map()));
  const known = byStart.get(startDate);
  // Stryker disable next-line all: a memo; results are the same without it (tested in billing-engine.test.ts).
  if (known) return known;
  const groups = new Map<string, ContactGroup>();
  // Days arrive sorted: the contract month is found once per range, not once per day.
  const ranges = days.length ? contractMonthRanges(startDate, days[0]!.date, days.at(-1)!.date) : [];
  let range = 0;
  for (const day of days) {
    if (day.qualifiedContacts <= 0) continue;
    while (ranges[range]!.to < day.date) range += 1;
    const contractMonth = ranges[range]!.contractMonth;
    const kind = calendar.isStatutoryHoliday(day.date) ? 'HOLIDAY_CONTACTS' : 'BASE_CONTACTS';
    const key = `${kind}:${contractMonth}`;
    const group = groups.get(key) ?? { kind, contractMonth, quantity: 0, dates: [] };
    group.quantity += day.qualifiedContacts;
    group.dates.push(day.date);
    groups.set(key, group);
  }
  const ordered = [...groups.values()].sort((a, b) => (a.kind === b.kind ? a.contractMonth - b.contractMonth : a.kind === 'HOLIDAY_CONTACTS' ? -1 : 1));
  for (const group of ordered) group.decimalQuantity = new Decimal(group.quantity);
  byStart.set(startDate, ordered);
  return ordered;
}

function perContact(terms: PricingTerms, contract: ContractPeriod, days: readonly DailyUsage[], calendar: HolidayCalendar): ChargeLine[] {
  return contactGroups(contract.startDate, days, calendar).map((g) => {
    const holiday = g.kind === 'HOLIDAY_CONTACTS';
    return line({
      kind: g.kind,
      description: holiday
        ? `Holiday contacts (statutory) ${span(g.dates)}, contract month ${g.contractMonth} rate × ${terms.holidayMultiplier.toFixed()}`
        : `Contacts ${span(g.dates)}, contract month ${g.contractMonth} rate`,
      quantity: g.decimalQuantity!,
      unitPrice: holiday ? holidayRate(terms, g.contractMonth) : rampedRate(terms, g.contractMonth),
      contractMonth: g.contractMonth,
      dates: [...g.dates],
    });
  });
}

/**
 * Seat-days prorate monthly seat rates: amount = seat-days × rate ÷ days in the month, to the cent
 * (quantity shows seat-months to 6 decimals; the amount is computed from the exact seat-days).
 */
function perSeat(terms: PricingTerms, days: readonly DailyUsage[], period: ChargePeriod): ChargeLine[] {
  return (terms.seatRates ?? []).flatMap((rate) => {
    const used = days.filter((d) => (d.seats?.[rate.seatType] ?? 0) > 0);
    const seatDays = used.reduce((sum, d) => sum + (d.seats?.[rate.seatType] ?? 0), 0);
    if (!seatDays) return [];
    return [
      {
        kind: 'SEATS' as const,
        description: `${rate.seatType} seats ${span(used.map((d) => d.date))}: ${seatDays} seat-days ÷ ${period.monthDays} days`,
        quantity: new Decimal(seatDays).div(period.monthDays).toDecimalPlaces(6, Decimal.ROUND_HALF_UP),
        unitPrice: rate.monthlyRate,
        amount: roundCents(new Decimal(seatDays).times(rate.monthlyRate).div(period.monthDays)),
        seatType: rate.seatType,
        dates: used.map((d) => d.date),
      },
    ];
  });
}

function fixedFee(terms: PricingTerms, contract: ContractPeriod, period: ChargePeriod): ChargeLine[] {
  const from = period.from < contract.startDate ? contract.startDate : period.from;
  const to = contract.endDate && contract.endDate < period.to ? contract.endDate : period.to;
  if (from > to || !terms.monthlyFee) return [];
  const dates = datesBetween(from, to);
  const whole = dates.length >= period.monthDays;
  return [
    {
      kind: 'FIXED_FEE',
      description: whole ? 'Fixed monthly fee' : `Fixed monthly fee, ${dates.length} of ${period.monthDays} days`,
      quantity: whole ? new Decimal(1) : new Decimal(dates.length).div(period.monthDays).toDecimalPlaces(6, Decimal.ROUND_HALF_UP),
      unitPrice: terms.monthlyFee,
      amount: roundCents(whole ? terms.monthlyFee : terms.monthlyFee.times(dates.length).div(period.monthDays)),
      dates: [...dates],
    },
  ];
}

/**
 * Graduated bands over the period's qualified contacts, continuing from `bandStart` contacts of the
 * month. Statutory-holiday contacts count in the bands like any other and add a premium line: their
 * quantity × (rate of the last band reached × (multiplier − 1)).
 */
function tiered(terms: PricingTerms, days: readonly DailyUsage[], calendar: HolidayCalendar, bandStart: number): ChargeLine[] {
  const counted = days.filter((d) => d.qualifiedContacts > 0);
  const end = bandStart + counted.reduce((sum, d) => sum + d.qualifiedContacts, 0);
  const lines: ChargeLine[] = [];
  let lower = 0;
  let lastRate: Decimal | null = null;
  for (const tier of terms.tiers ?? []) {
    if (lower >= end) break;
    const upper = tier.upTo === null ? end : Math.min(tier.upTo, end);
    const first = Math.max(lower, bandStart);
    const quantity = upper - first;
    if (quantity > 0) {
      lines.push(
        line({
          kind: 'TIER',
          description: `Contacts ${first + 1}–${upper} of the month at the band rate`,
          quantity: new Decimal(quantity),
          unitPrice: tier.rate,
          dates: counted.map((d) => d.date),
        }),
      );
      lastRate = tier.rate;
    }
    lower = upper;
  }
  const holidays = counted.filter((d) => calendar.isStatutoryHoliday(d.date));
  const holidayContacts = holidays.reduce((sum, d) => sum + d.qualifiedContacts, 0);
  if (holidayContacts && lastRate && terms.holidayMultiplier.gt(1)) {
    lines.push(
      line({
        kind: 'HOLIDAY_CONTACTS',
        description: `Holiday premium (statutory) ${span(holidays.map((d) => d.date))}: band rate × ${terms.holidayMultiplier.minus(1).toFixed()}`,
        quantity: new Decimal(holidayContacts),
        unitPrice: roundCents(lastRate.times(terms.holidayMultiplier.minus(1))),
        dates: holidays.map((d) => d.date),
      }),
    );
  }
  return lines;
}

const daysChargedMemo = new WeakMap<readonly DailyUsage[], Map<string, readonly DailyUsage[]>>();

/** The usage days inside both the period and the contract, by date; memoized on the (unchanging) usage array. */
function daysCharged(usage: readonly DailyUsage[], contract: ContractPeriod, period: ChargePeriod): readonly DailyUsage[] {
  let byBounds = daysChargedMemo.get(usage);
  // Stryker disable next-line all: a memo; results are the same without it (tested in billing-engine.test.ts).
  if (!byBounds) daysChargedMemo.set(usage, (byBounds = new Map()));
  const key = `${period.from}/${period.to}/${contract.startDate}/${contract.endDate ?? ''}`;
  let days = byBounds.get(key);
  if (!days) {
    days = usage
      .filter((d) => d.date >= period.from && d.date <= period.to && d.date >= contract.startDate && (!contract.endDate || d.date <= contract.endDate))
      .sort((a, b) => a.date.localeCompare(b.date));
    byBounds.set(key, days);
  }
  return days;
}

/**
 * Service charges of a period from the usage recorded in it (days outside the period or the contract
 * are ignored). Inputs are never changed, by the engine or its callers: intermediate results are
 * memoized on the usage array.
 */
export function chargesForPeriod(
  terms: PricingTerms,
  contract: ContractPeriod,
  period: ChargePeriod,
  usage: readonly DailyUsage[],
  calendar: HolidayCalendar,
): ChargeLine[] {
  const days = daysCharged(usage, contract, period);
  switch (terms.model) {
    case 'PER_CONTACT':
      return perContact(terms, contract, days, calendar);
    case 'PER_SEAT_MONTH':
      return perSeat(terms, days, period);
    case 'FIXED_MONTHLY':
      return fixedFee(terms, contract, period);
    case 'TIERED':
      return tiered(terms, days, calendar, period.bandStart ?? 0);
  }
}

/** Service charges S of one calendar month ("2026-10") of a contract: one line per (rule, rate). */
export function computeServiceCharges(
  terms: PricingTerms,
  contract: ContractPeriod,
  month: string,
  usage: readonly DailyUsage[],
  calendar: HolidayCalendar,
): ChargeLine[] {
  const monthDays = daysInMonth(month);
  return chargesForPeriod(terms, contract, { from: `${month}-01`, to: `${month}-${String(monthDays).padStart(2, '0')}`, monthDays }, usage, calendar);
}
