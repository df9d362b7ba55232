import { Decimal } from 'decimal.js';
import { chinaCalendar } from '../../src/modules/calendar/china-calendar.js';
import { datesBetween } from '../../src/modules/calendar/china-holidays.js';
import {
  computeServiceCharges,
  contractMonthOf,
  contractMonthRanges,
  contractMonthStart,
  projectMonthlyCharges,
  rampedRate,
  roundCents,
  sumAmounts,
  totalContractValue,
  validatePricing,
  type DailyUsage,
  type HolidayCalendar,
  type PricingTerms,
} from '../../src/modules/statements/billing/index.js';
import { NOTICE_2026 } from '../helpers/calendar-fixtures.js';

const d = (value: string | number) => new Decimal(value);
const RAMPED: PricingTerms = {
  model: 'PER_CONTACT',
  baseRate: d('1.34'),
  rampFactors: [d('0.8'), d('0.9'), d('1.0')],
  holidayMultiplier: d(3),
  vatRate: d('0.06'),
};
const CONTRACT = { startDate: '2026-09-20' };
/** Statutory days by rule, moved days of the 2026 notice; 2027 has no notice. */
const CHINA_CALENDAR = chinaCalendar([NOTICE_2026]);

/** Spreads `total` contacts over the days from..to (the remainder on the last day). */
function spread(from: string, to: string, total: number): DailyUsage[] {
  const dates = datesBetween(from, to);
  const each = Math.floor(total / dates.length);
  return dates.map((date, i) => ({ date, qualifiedContacts: i === dates.length - 1 ? total - each * (dates.length - 1) : each }));
}

const view = (lines: ReturnType<typeof computeServiceCharges>) => lines.map((l) => [l.kind, l.quantity.toFixed(), l.unitPrice.toFixed(2), l.amount.toFixed(2)]);

describe('ramp-up and contract months (product.md §7)', () => {
  test('base 1.34 with factors 0.8 / 0.9 / 1.0 gives 1.68 / 1.49 / 1.34, the last factor beyond', () => {
    expect([1, 2, 3, 4].map((n) => rampedRate(RAMPED, n).toFixed(2))).toEqual(['1.68', '1.49', '1.34', '1.34']);
  });

  test('contract months run by anniversary of the start date', () => {
    expect(contractMonthStart('2026-09-20', 2)).toBe('2026-10-20');
    expect(contractMonthOf('2026-09-20', '2026-10-19')).toBe(1);
    expect(contractMonthOf('2026-09-20', '2026-10-20')).toBe(2);
    expect(contractMonthOf('2026-09-20', '2026-09-19')).toBe(0);
    expect(contractMonthStart('2027-01-31', 2)).toBe('2027-02-28');
    expect(contractMonthOf('2027-01-31', '2027-03-30')).toBe(2);
    expect(contractMonthOf('2027-01-31', '2027-03-31')).toBe(3);
  });

  test('a calendar month spanning two contract months is split by anniversary', () => {
    expect(contractMonthRanges('2026-09-20', '2026-10-01', '2026-10-31')).toEqual([
      { contractMonth: 1, from: '2026-10-01', to: '2026-10-19' },
      { contractMonth: 2, from: '2026-10-20', to: '2026-10-31' },
    ]);
  });
});

describe('the worked statement of product.md §8: service charges of October 2026', () => {
  const usage = [...spread('2026-10-01', '2026-10-03', 3_000), ...spread('2026-10-04', '2026-10-19', 51_200), ...spread('2026-10-20', '2026-10-31', 42_000)];

  test('three lines, one per (rule, rate), and S = 163,716.00', () => {
    const lines = computeServiceCharges(RAMPED, CONTRACT, '2026-10', usage, CHINA_CALENDAR);
    expect(view(lines)).toEqual([
      ['HOLIDAY_CONTACTS', '3000', '5.04', '15120.00'],
      ['BASE_CONTACTS', '51200', '1.68', '86016.00'],
      ['BASE_CONTACTS', '42000', '1.49', '62580.00'],
    ]);
    expect(sumAmounts(lines.map((l) => l.amount)).toFixed(2)).toBe('163716.00');
    expect(lines[0]!.dates).toEqual(['2026-10-01', '2026-10-02', '2026-10-03']);
    expect(lines[1]!.dates).toHaveLength(16);
  });

  test('Oct 4–7 are rest days, not statutory holidays; Oct 10 is a make-up working day', () => {
    expect(['2026-10-01', '2026-10-02', '2026-10-03'].every(CHINA_CALENDAR.isStatutoryHoliday)).toBe(true);
    for (const day of ['2026-10-04', '2026-10-05', '2026-10-06', '2026-10-07']) {
      expect([day, CHINA_CALENDAR.isStatutoryHoliday(day), CHINA_CALENDAR.isWorkingDay(day)]).toEqual([day, false, false]);
    }
    expect(['2026-10-08', '2026-10-09', '2026-10-10', '2026-10-12', '2026-10-13', '2026-09-20'].every(CHINA_CALENDAR.isWorkingDay)).toBe(true);
    expect(CHINA_CALENDAR.isWorkingDay('2026-10-11')).toBe(false);
  });
});

describe('other models', () => {
  test('seats prorate by seat-days ÷ days in the month', () => {
    const terms: PricingTerms = {
      model: 'PER_SEAT_MONTH',
      seatRates: [
        { seatType: 'INBOUND', monthlyRate: d(800) },
        { seatType: 'INBOUND_OUTBOUND', monthlyRate: d(1000) },
      ],
      holidayMultiplier: d(3),
      vatRate: d('0.06'),
    };
    const usage = datesBetween('2026-09-01', '2026-09-30').map((date, i) => ({
      date,
      qualifiedContacts: 0,
      seats: { INBOUND: i < 15 ? 10 : 0, INBOUND_OUTBOUND: 5 },
    }));
    const lines = computeServiceCharges(terms, { startDate: '2026-09-01' }, '2026-09', usage, CHINA_CALENDAR);
    // 150 seat-days × 800 ÷ 30 = 4,000.00; 150 × 1,000 ÷ 30 = 5,000.00
    expect(lines.map((l) => [l.seatType, l.quantity.toFixed(), l.amount.toFixed(2)])).toEqual([
      ['INBOUND', '5', '4000.00'],
      ['INBOUND_OUTBOUND', '5', '5000.00'],
    ]);
    const odd = computeServiceCharges(
      terms,
      { startDate: '2026-10-01' },
      '2026-10',
      [{ date: '2026-10-05', qualifiedContacts: 0, seats: { INBOUND: 1 } }],
      CHINA_CALENDAR,
    );
    expect(odd[0]!.amount.toFixed(2)).toBe('25.81'); // 800 ÷ 31 = 25.806…
  });

  test('graduated bands: 120,000 contacts → 50,000 × 1.50 + 50,000 × 1.30 + 20,000 × 1.10 = 162,000.00', () => {
    const terms: PricingTerms = {
      model: 'TIERED',
      tiers: [
        { upTo: 50_000, rate: d('1.50') },
        { upTo: 100_000, rate: d('1.30') },
        { upTo: null, rate: d('1.10') },
      ],
      holidayMultiplier: d(3),
      vatRate: d('0.06'),
    };
    const lines = computeServiceCharges(terms, { startDate: '2026-11-01' }, '2026-11', spread('2026-11-01', '2026-11-30', 120_000), CHINA_CALENDAR);
    expect(view(lines)).toEqual([
      ['TIER', '50000', '1.50', '75000.00'],
      ['TIER', '50000', '1.30', '65000.00'],
      ['TIER', '20000', '1.10', '22000.00'],
    ]);
    expect(sumAmounts(lines.map((l) => l.amount)).toFixed(2)).toBe('162000.00');
  });

  test('holiday multiplier: statutory holiday contacts at rate × multiplier, rest days at the base rate', () => {
    const terms: PricingTerms = { model: 'PER_CONTACT', baseRate: d('2.00'), holidayMultiplier: d(2), vatRate: d('0.06') };
    const lines = computeServiceCharges(
      terms,
      { startDate: '2026-01-01' },
      '2026-10',
      [
        { date: '2026-10-01', qualifiedContacts: 100 },
        { date: '2026-10-05', qualifiedContacts: 100 },
      ],
      CHINA_CALENDAR,
    );
    expect(view(lines)).toEqual([
      ['HOLIDAY_CONTACTS', '100', '4.00', '400.00'],
      ['BASE_CONTACTS', '100', '2.00', '200.00'],
    ]);
  });

  test('a fixed monthly fee is prorated in a partial month', () => {
    const terms: PricingTerms = { model: 'FIXED_MONTHLY', monthlyFee: d('31000'), holidayMultiplier: d(3), vatRate: d('0.06') };
    const lines = computeServiceCharges(terms, { startDate: '2026-10-21' }, '2026-10', [], CHINA_CALENDAR);
    expect(view(lines)).toEqual([['FIXED_FEE', '0.354839', '31000.00', '11000.00']]);
    expect(view(computeServiceCharges(terms, { startDate: '2026-09-01' }, '2026-10', [], CHINA_CALENDAR))).toEqual([
      ['FIXED_FEE', '1', '31000.00', '31000.00'],
    ]);
  });

  test('money rounds half-up in decimal: 1.005 → 1.01', () => {
    expect(roundCents(d('1.005')).toFixed(2)).toBe('1.01');
    expect(roundCents(d('2.675')).toFixed(2)).toBe('2.68');
  });
});

test('projection: every contract month of the term, ramp-up applied, and the total', () => {
  const months = projectMonthlyCharges(RAMPED, { startDate: '2027-03-01', termMonths: 4 }, { monthlyContacts: 30_000, seats: 20 }, CHINA_CALENDAR);
  expect(months.map((m) => [m.contractMonth, m.from, m.to, m.rate?.toFixed(2), m.amount.toFixed(2)])).toEqual([
    [1, '2027-03-01', '2027-03-31', '1.68', '50400.00'],
    // 2027's holidays by rule (no notice needed): 清明 Apr 5, 劳动节 May 1–2, 端午 Jun 9, each at rate × 3.
    [2, '2027-04-01', '2027-04-30', '1.49', '47680.00'], // 29 × 1,000 × 1.49 + 1,000 × 4.47
    [3, '2027-05-01', '2027-05-31', '1.34', '45383.12'], // (30,000 − 2 × 967) × 1.34 + 2 × 967 × 4.02
    [4, '2027-06-01', '2027-06-30', '1.34', '42880.00'], // 29 × 1,000 × 1.34 + 1,000 × 4.02
  ]);
  expect(totalContractValue(months).toFixed(2)).toBe('186343.12');
});

test('projections share rate-free work, never results: each is the same whatever was projected before, with any calendar', () => {
  const term = { startDate: '2027-03-01', termMonths: 4 };
  const expected = { monthlyContacts: 30_000, seats: 20 };
  const amounts = (terms: PricingTerms, calendar: HolidayCalendar = CHINA_CALENDAR) =>
    projectMonthlyCharges(terms, term, expected, calendar).map((m) => m.amount.toFixed(2));
  const cheaper: PricingTerms = { ...RAMPED, baseRate: d('1.00'), rampFactors: [d('0.5')], holidayMultiplier: d(2) };
  const first = amounts(RAMPED);
  // 2.00 a contact (1.00 ÷ 0.5), holidays × 2: 清明 Apr 5, 劳动节 May 1–2 (967 contacts each), 端午 Jun 9.
  expect(amounts(cheaper)).toEqual(['60000.00', '62000.00', '63868.00', '62000.00']);
  expect(amounts(RAMPED)).toEqual(first);
  // A calendar without any holiday: no holiday premium, although the same days were grouped with holidays before.
  const noHolidays = { isStatutoryHoliday: () => false, isWorkingDay: () => true };
  expect(amounts(RAMPED, noHolidays)).toEqual(['50400.00', '44700.00', '40200.00', '40200.00']);
  expect(amounts(RAMPED)).toEqual(first);
});

test('one usage array charged for several months and contracts: each charge sees only its own days', () => {
  const usage = [...spread('2026-10-01', '2026-10-31', 31_000), ...spread('2026-11-01', '2026-11-30', 30_000)];
  const contacts = (lines: ReturnType<typeof computeServiceCharges>) => sumAmounts(lines.map((l) => l.quantity)).toFixed();
  expect(contacts(computeServiceCharges(RAMPED, CONTRACT, '2026-10', usage, CHINA_CALENDAR))).toBe('31000');
  expect(contacts(computeServiceCharges(RAMPED, CONTRACT, '2026-11', usage, CHINA_CALENDAR))).toBe('30000');
  // The same month for a contract starting later, or ending earlier: fewer days.
  expect(contacts(computeServiceCharges(RAMPED, { startDate: '2026-11-21' }, '2026-11', usage, CHINA_CALENDAR))).toBe('10000');
  expect(contacts(computeServiceCharges(RAMPED, { startDate: '2026-09-20', endDate: '2026-11-10' }, '2026-11', usage, CHINA_CALENDAR))).toBe('10000');
});

describe('pricing validation', () => {
  const base = { holidayMultiplier: d(3), vatRate: d('0.06') };
  const fields = (terms: PricingTerms) => validatePricing(terms).map((p) => p.field.join('.'));

  test('valid terms of every model pass', () => {
    expect(fields(RAMPED)).toEqual([]);
    expect(fields({ ...base, model: 'FIXED_MONTHLY', monthlyFee: d(1000) })).toEqual([]);
  });

  test('ramp factor ≤ 0, missing base rate, negative prices, tiers not increasing, foreign fields', () => {
    expect(fields({ ...RAMPED, rampFactors: [d('0.8'), d(0)] })).toEqual(['rampFactors.1']);
    expect(fields({ ...base, model: 'PER_CONTACT' })).toEqual(['baseRate']);
    expect(fields({ ...base, model: 'PER_SEAT_MONTH', seatRates: [{ seatType: 'A', monthlyRate: d(-1) }] })).toEqual(['seatRates.0.monthlyRate']);
    expect(
      fields({
        ...base,
        model: 'TIERED',
        tiers: [
          { upTo: 100, rate: d(1) },
          { upTo: 50, rate: d(1) },
          { upTo: null, rate: d(-2) },
        ],
      }),
    ).toEqual(['tiers.1.upTo', 'tiers.2.rate']);
    expect(fields({ ...base, model: 'TIERED', tiers: [{ upTo: 100, rate: d(1) }] })).toEqual(['tiers.0.upTo']);
    expect(fields({ ...RAMPED, monthlyFee: d(10) })).toEqual(['monthlyFee']);
    expect(fields({ ...RAMPED, holidayMultiplier: d('0.5'), vatRate: d('0.3') })).toEqual(['holidayMultiplier', 'vatRate']);
  });
});
