import { Decimal } from 'decimal.js';
import { chinaCalendar } from '../../src/modules/calendar/china-calendar.js';
import { datesBetween, daysInMonth } from '../../src/modules/calendar/china-holidays.js';
import type { DailyUsage, PricingTerms, StatementFacts, StatementRules } from '../../src/modules/statements/billing/index.js';
import { NOTICE_2026 } from './calendar-fixtures.js';

/** Facts and terms for the billing engine's statement tests (no database). */

export const d = (value: Decimal.Value) => new Decimal(value);

/** Statutory days by rule, moved days of the 2026 notice. */
export const CHINA_CALENDAR = chinaCalendar([NOTICE_2026]);

/** The default rules of DEFAULT_CONTRACT_RULES, as the statements module hands them to the engine. */
export const DEFAULT_RULES: StatementRules = {
  availability: {
    targetPercent: d(98),
    deductionPercentPerPoint: d(1),
    tiers: [
      { atMostPercent: d(90), payablePercent: d(80) },
      { atMostPercent: d(80), payablePercent: d(50) },
      { atMostPercent: d(65), payablePercent: d(0) },
    ],
  },
  dataBreachDeductionPercent: d(20),
  lateFeePercentPerDay: d('0.05'),
};

/** The contract of product.md §8's worked example: 1.34 with ramp-up 0.8 / 0.9 / 1.0, holidays × 3, VAT 6%. */
export const RAMPED: PricingTerms = {
  model: 'PER_CONTACT',
  baseRate: d('1.34'),
  rampFactors: [d('0.8'), d('0.9'), d('1.0')],
  holidayMultiplier: d(3),
  vatRate: d('0.06'),
};

/** Spreads `total` contacts over the days from..to (the remainder on the last day). */
export function spread(from: string, to: string, total: number): DailyUsage[] {
  const dates = datesBetween(from, to);
  const each = Math.floor(total / dates.length);
  return dates.map((date, i) => ({ date, qualifiedContacts: i === dates.length - 1 ? total - each * (dates.length - 1) : each }));
}

export const monthEnd = (month: string) => `${month}-${String(daysInMonth(month)).padStart(2, '0')}`;

/** A month's facts with nothing but the given terms over the whole month; override what a test needs. */
export function facts(month: string, pricing: PricingTerms, overrides: Partial<StatementFacts> = {}): StatementFacts {
  return {
    month,
    contract: { startDate: `${month}-01` },
    terms: [{ from: `${month}-01`, to: monthEnd(month), pricing, amendmentNumbers: [] }],
    rules: DEFAULT_RULES,
    usage: [],
    calendar: CHINA_CALENDAR,
    availability: null,
    verifiedBreaches: [],
    failedInspections: [],
    latePayments: [],
    ...overrides,
  };
}

/** Availability as incidents.availability.rules computes it: (1 − minutes ÷ minutes in month) × 100, 2 decimals. */
export function availabilityOf(month: string, outageMinutes: number, incidentIds: string[] = ['outage-1']) {
  const minutesInMonth = daysInMonth(month) * 1440;
  return {
    percent: d(minutesInMonth - outageMinutes)
      .times(100)
      .div(minutesInMonth)
      .toDecimalPlaces(2, Decimal.ROUND_HALF_UP),
    nonExemptOutageMinutes: outageMinutes,
    minutesInMonth,
    incidentIds,
  };
}

/** An availability fact at a given percent (the minutes are then only evidence). */
export const availabilityAt = (percent: string) => ({ percent: d(percent), nonExemptOutageMinutes: 0, minutesInMonth: 44_640, incidentIds: [] });
