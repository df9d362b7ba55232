import { Decimal } from 'decimal.js';
import {
  chargesForPeriod,
  computeServiceCharges,
  contractMonthOf,
  contractMonthRanges,
  contractMonthStart,
  projectMonthlyCharges,
  rampedRate,
  sumAmounts,
  validatePricing,
  type ChargeLine,
  type DailyUsage,
  type HolidayCalendar,
  type PricingTerms,
} from '../../src/modules/statements/billing/index.js';
import { UNIT_PRICE_LIMITS } from '../../src/modules/statements/billing/pricing-validation.js';

/**
 * The billing engine's rules at their edges (billing-engine.test.ts has the worked examples): month
 * boundaries, which days count, rounding, proration, bands and every bound of pricing validation.
 */

const d = (value: string | number) => new Decimal(value);
const BASE = { holidayMultiplier: d(3), vatRate: d('0.06') };
/** A calendar whose only statutory holidays are the given days. */
const holidaysOn = (...days: string[]): HolidayCalendar => ({
  isStatutoryHoliday: (date) => days.includes(date),
  isWorkingDay: (date) => !days.includes(date),
});
const NO_HOLIDAYS = holidaysOn();
const full = (lines: ChargeLine[]) =>
  lines.map((l) => ({
    kind: l.kind,
    description: l.description,
    quantity: l.quantity.toFixed(),
    unitPrice: l.unitPrice.toFixed(2),
    amount: l.amount.toFixed(2),
    dates: l.dates,
  }));
const contacts = (entries: [string, number][]): DailyUsage[] => entries.map(([date, qualifiedContacts]) => ({ date, qualifiedContacts }));

describe('contract months', () => {
  test('month n starts on the anniversary, across year ends and clamped to short months (leap years too)', () => {
    expect(contractMonthStart('2026-11-15', 1)).toBe('2026-11-15');
    expect(contractMonthStart('2026-11-15', 2)).toBe('2026-12-15');
    expect(contractMonthStart('2026-11-15', 3)).toBe('2027-01-15');
    expect(contractMonthStart('2026-11-15', 14)).toBe('2027-12-15');
    expect(contractMonthStart('2026-11-15', 15)).toBe('2028-01-15');
    expect(contractMonthStart('2027-12-31', 3)).toBe('2028-02-29');
    expect(contractMonthStart('2026-12-31', 3)).toBe('2027-02-28');
    expect(contractMonthStart('2026-08-31', 2)).toBe('2026-09-30');
  });

  test('the contract month of a date: 0 before the start, 1 from the start day, n + 1 from the n-th anniversary', () => {
    expect(contractMonthOf('2026-11-15', '2026-11-14')).toBe(0);
    expect(contractMonthOf('2026-11-15', '2026-11-15')).toBe(1);
    expect(contractMonthOf('2026-11-15', '2026-12-14')).toBe(1);
    expect(contractMonthOf('2026-11-15', '2026-12-15')).toBe(2);
    expect(contractMonthOf('2026-11-15', '2027-01-14')).toBe(2);
    expect(contractMonthOf('2026-11-15', '2027-11-15')).toBe(13);
    expect(contractMonthOf('2027-12-31', '2028-02-28')).toBe(2);
    expect(contractMonthOf('2027-12-31', '2028-02-29')).toBe(3);
  });

  test('a span is cut at anniversaries; days before the start are left out; an empty span gives nothing', () => {
    expect(contractMonthRanges('2026-11-15', '2026-11-01', '2027-01-20')).toEqual([
      { contractMonth: 1, from: '2026-11-15', to: '2026-12-14' },
      { contractMonth: 2, from: '2026-12-15', to: '2027-01-14' },
      { contractMonth: 3, from: '2027-01-15', to: '2027-01-20' },
    ]);
    expect(contractMonthRanges('2026-11-15', '2026-12-14', '2026-12-15')).toEqual([
      { contractMonth: 1, from: '2026-12-14', to: '2026-12-14' },
      { contractMonth: 2, from: '2026-12-15', to: '2026-12-15' },
    ]);
    expect(contractMonthRanges('2026-11-15', '2026-11-20', '2026-11-20')).toEqual([{ contractMonth: 1, from: '2026-11-20', to: '2026-11-20' }]);
    expect(contractMonthRanges('2026-11-15', '2026-11-01', '2026-11-10')).toEqual([]);
  });
});

describe('ramp-up rate', () => {
  const terms = (baseRate: string | undefined, factors: string[] | undefined): PricingTerms => ({
    ...BASE,
    model: 'PER_CONTACT',
    ...(baseRate ? { baseRate: d(baseRate) } : {}),
    ...(factors ? { rampFactors: factors.map(d) } : {}),
  });

  test('base ÷ factor of the month, half-up to the cent; the last factor applies beyond the list', () => {
    expect([1, 2, 3, 4, 36].map((n) => rampedRate(terms('1.34', ['0.8', '0.9', '1']), n).toFixed(2))).toEqual(['1.68', '1.49', '1.34', '1.34', '1.34']);
    expect(rampedRate(terms('1.00', ['0.8']), 1).toFixed()).toBe('1.25');
    expect(rampedRate(terms('0.01', ['0.4']), 1).toFixed()).toBe('0.03'); // 0.025 half-up
    expect(rampedRate(terms('2.00', ['1.5']), 1).toFixed()).toBe('1.33'); // 1.333…
  });

  test('without factors the base rate applies unrounded; without a base rate, 0', () => {
    expect(rampedRate(terms('1.345', undefined), 1).toFixed()).toBe('1.345');
    expect(rampedRate(terms('1.34', []), 2).toFixed()).toBe('1.34');
    expect(rampedRate(terms(undefined, undefined), 1).toFixed()).toBe('0');
  });
});

describe('per contact', () => {
  const terms: PricingTerms = { ...BASE, model: 'PER_CONTACT', baseRate: d('1.34'), rampFactors: [d('0.8'), d('0.9'), d(1)], holidayMultiplier: d('2.5') };

  test('one line per (holiday or not, contract month): holidays first, then by month; days without contacts are left out', () => {
    const usage = contacts([
      ['2026-11-20', 100],
      ['2026-11-21', 0],
      ['2026-12-14', 50],
      ['2026-12-15', 10],
      ['2026-12-16', 7],
      ['2026-12-20', 3],
    ]);
    const lines = chargesForPeriod(
      terms,
      { startDate: '2026-11-15' },
      { from: '2026-11-01', to: '2026-12-31', monthDays: 31 },
      usage,
      holidaysOn('2026-12-16', '2026-12-20', '2026-11-21'),
    );
    expect(full(lines)).toEqual([
      {
        kind: 'HOLIDAY_CONTACTS',
        description: 'Holiday contacts (statutory) 2026-12-16…2026-12-20, contract month 2 rate × 2.5',
        quantity: '10',
        unitPrice: '3.73',
        amount: '37.30',
        dates: ['2026-12-16', '2026-12-20'],
      },
      {
        kind: 'BASE_CONTACTS',
        description: 'Contacts 2026-11-20…2026-12-14, contract month 1 rate',
        quantity: '150',
        unitPrice: '1.68',
        amount: '252.00',
        dates: ['2026-11-20', '2026-12-14'],
      },
      {
        kind: 'BASE_CONTACTS',
        description: 'Contacts 2026-12-15, contract month 2 rate',
        quantity: '10',
        unitPrice: '1.49',
        amount: '14.90',
        dates: ['2026-12-15'],
      },
    ]);
    expect(lines.map((l) => l.contractMonth)).toEqual([2, 1, 2]);
  });

  test('holiday lines of several months come in month order, and the holiday price is rounded to the cent before multiplying', () => {
    const lines = chargesForPeriod(
      terms,
      { startDate: '2026-11-15' },
      { from: '2026-11-01', to: '2027-01-31', monthDays: 31 },
      contacts([
        ['2027-01-01', 3],
        ['2026-12-01', 2],
      ]),
      holidaysOn('2027-01-01', '2026-12-01'),
    );
    // 1.68 × 2.5 = 4.20; 1.49 × 2.5 = 3.725 → 3.73
    expect(full(lines).map((l) => [l.description, l.unitPrice, l.amount])).toEqual([
      ['Holiday contacts (statutory) 2026-12-01, contract month 1 rate × 2.5', '4.20', '8.40'],
      ['Holiday contacts (statutory) 2027-01-01, contract month 2 rate × 2.5', '3.73', '11.19'],
    ]);
  });

  test('no usage, or only days without contacts: no lines', () => {
    expect(chargesForPeriod(terms, { startDate: '2026-11-15' }, { from: '2026-11-01', to: '2026-11-30', monthDays: 30 }, [], NO_HOLIDAYS)).toEqual([]);
    expect(
      chargesForPeriod(terms, { startDate: '2026-11-15' }, { from: '2026-11-01', to: '2026-11-30', monthDays: 30 }, contacts([['2026-11-20', 0]]), NO_HOLIDAYS),
    ).toEqual([]);
  });
});

describe('which days count', () => {
  const terms: PricingTerms = { ...BASE, model: 'PER_CONTACT', baseRate: d(1) };
  test('only days inside both the period and the contract, in date order whatever order they come in', () => {
    const usage = contacts([
      ['2026-11-30', 1],
      ['2026-10-31', 1000],
      ['2026-11-09', 1000],
      ['2026-11-10', 10],
      ['2026-11-20', 100],
      ['2026-11-21', 10000],
      ['2026-12-01', 1000],
    ]);
    const lines = chargesForPeriod(
      terms,
      { startDate: '2026-11-10', endDate: '2026-11-20' },
      { from: '2026-11-01', to: '2026-11-30', monthDays: 30 },
      usage,
      NO_HOLIDAYS,
    );
    expect(full(lines)).toEqual([
      {
        kind: 'BASE_CONTACTS',
        description: 'Contacts 2026-11-10…2026-11-20, contract month 1 rate',
        quantity: '110',
        unitPrice: '1.00',
        amount: '110.00',
        dates: ['2026-11-10', '2026-11-20'],
      },
    ]);
    const open = chargesForPeriod(
      terms,
      { startDate: '2026-11-10', endDate: null },
      { from: '2026-11-01', to: '2026-11-30', monthDays: 30 },
      usage,
      NO_HOLIDAYS,
    );
    expect(open[0]!.quantity.toFixed()).toBe('10111');
    expect(open[0]!.dates).toEqual(['2026-11-10', '2026-11-20', '2026-11-21', '2026-11-30']);
  });

  test('a calendar month’s period runs from its first to its last day (28, 29, 30 or 31 days)', () => {
    const fee: PricingTerms = { ...BASE, model: 'FIXED_MONTHLY', monthlyFee: d(2800) };
    expect(full(computeServiceCharges(fee, { startDate: '2027-02-15' }, '2027-02', [], NO_HOLIDAYS))[0]).toMatchObject({ quantity: '0.5', amount: '1400.00' });
    expect(full(computeServiceCharges(fee, { startDate: '2028-02-15' }, '2028-02', [], NO_HOLIDAYS))[0]).toMatchObject({
      quantity: '0.517241',
      amount: '1448.28',
    });
    const last = computeServiceCharges(
      { ...BASE, model: 'PER_CONTACT', baseRate: d(1) },
      { startDate: '2026-01-01' },
      '2026-12',
      contacts([
        ['2026-12-31', 5],
        ['2026-12-01', 5],
        ['2027-01-01', 99],
      ]),
      NO_HOLIDAYS,
    );
    expect(last[0]!.quantity.toFixed()).toBe('10');
  });
});

describe('seats', () => {
  const terms: PricingTerms = {
    ...BASE,
    model: 'PER_SEAT_MONTH',
    seatRates: [
      { seatType: 'INBOUND', monthlyRate: d('1000') },
      { seatType: 'OUTBOUND', monthlyRate: d('700') },
    ],
  };

  test('seat-days ÷ month days, the amount from the exact seat-days; seat types without seat-days give no line', () => {
    const usage: DailyUsage[] = [
      { date: '2026-11-01', qualifiedContacts: 0, seats: { INBOUND: 1 } },
      { date: '2026-11-02', qualifiedContacts: 5 },
      { date: '2026-11-03', qualifiedContacts: 0, seats: { INBOUND: 0, OUTBOUND: 0 } },
      { date: '2026-11-04', qualifiedContacts: 0, seats: { INBOUND: 2, OTHER: 9 } },
    ];
    expect(full(chargesForPeriod(terms, { startDate: '2026-11-01' }, { from: '2026-11-01', to: '2026-11-30', monthDays: 30 }, usage, NO_HOLIDAYS))).toEqual([
      {
        kind: 'SEATS',
        description: 'INBOUND seats 2026-11-01…2026-11-04: 3 seat-days ÷ 30 days',
        quantity: '0.1',
        unitPrice: '1000.00',
        amount: '100.00',
        dates: ['2026-11-01', '2026-11-04'],
      },
    ]);
    // 1 seat-day of 700 in a 31-day month: quantity 0.032258 (shown), amount 22.58 (700 ÷ 31 = 22.580…).
    const outbound = chargesForPeriod(
      terms,
      { startDate: '2026-10-01' },
      { from: '2026-10-01', to: '2026-10-31', monthDays: 31 },
      [{ date: '2026-10-09', qualifiedContacts: 0, seats: { OUTBOUND: 1 } }],
      NO_HOLIDAYS,
    );
    expect(full(outbound)).toEqual([
      {
        kind: 'SEATS',
        description: 'OUTBOUND seats 2026-10-09: 1 seat-days ÷ 31 days',
        quantity: '0.032258',
        unitPrice: '700.00',
        amount: '22.58',
        dates: ['2026-10-09'],
      },
    ]);
    // 3 seat-days of 1,000 in 7 days: 428.571… → 428.57 from the exact value (0.428571 × 1000 would also give 428.57; 1 of 3 days shows the difference)
    const third = chargesForPeriod(
      terms,
      { startDate: '2026-10-01' },
      { from: '2026-10-01', to: '2026-10-03', monthDays: 3 },
      [{ date: '2026-10-01', qualifiedContacts: 0, seats: { OUTBOUND: 1 } }],
      NO_HOLIDAYS,
    );
    expect(full(third)[0]).toMatchObject({ quantity: '0.333333', amount: '233.33' });
  });

  test('no seat rates: no lines', () => {
    expect(
      chargesForPeriod(
        { ...BASE, model: 'PER_SEAT_MONTH' },
        { startDate: '2026-10-01' },
        { from: '2026-10-01', to: '2026-10-31', monthDays: 31 },
        [{ date: '2026-10-09', qualifiedContacts: 0, seats: { A: 1 } }],
        NO_HOLIDAYS,
      ),
    ).toEqual([]);
  });
});

describe('fixed monthly fee', () => {
  const terms: PricingTerms = { ...BASE, model: 'FIXED_MONTHLY', monthlyFee: d(30000) };
  const period = { from: '2026-11-01', to: '2026-11-30', monthDays: 30 };

  test('prorated by the days of the month inside the contract, at its start or its end', () => {
    expect(full(chargesForPeriod(terms, { startDate: '2026-11-01', endDate: '2026-11-10' }, period, [], NO_HOLIDAYS))).toEqual([
      {
        kind: 'FIXED_FEE',
        description: 'Fixed monthly fee, 10 of 30 days',
        quantity: '0.333333',
        unitPrice: '30000.00',
        amount: '10000.00',
        dates: ['2026-11-01', '2026-11-02', '2026-11-03', '2026-11-04', '2026-11-05', '2026-11-06', '2026-11-07', '2026-11-08', '2026-11-09', '2026-11-10'],
      },
    ]);
    expect(full(chargesForPeriod(terms, { startDate: '2026-11-30' }, period, [], NO_HOLIDAYS))[0]).toMatchObject({
      description: 'Fixed monthly fee, 1 of 30 days',
      quantity: '0.033333',
      amount: '1000.00',
      dates: ['2026-11-30'],
    });
    expect(full(chargesForPeriod(terms, { startDate: '2026-10-01', endDate: '2026-12-31' }, period, [], NO_HOLIDAYS))[0]).toMatchObject({
      description: 'Fixed monthly fee',
      quantity: '1',
      amount: '30000.00',
    });
    expect(full(chargesForPeriod(terms, { startDate: '2026-10-01', endDate: '2026-11-30' }, period, [], NO_HOLIDAYS))[0]).toMatchObject({
      description: 'Fixed monthly fee',
      quantity: '1',
    });
  });

  test('nothing outside the contract, and nothing without a fee', () => {
    expect(chargesForPeriod(terms, { startDate: '2026-12-01' }, period, [], NO_HOLIDAYS)).toEqual([]);
    expect(chargesForPeriod(terms, { startDate: '2026-01-01', endDate: '2026-10-31' }, period, [], NO_HOLIDAYS)).toEqual([]);
    expect(chargesForPeriod({ ...BASE, model: 'FIXED_MONTHLY' }, { startDate: '2026-01-01' }, period, [], NO_HOLIDAYS)).toEqual([]);
  });

  test('a period longer than its month length counts as a whole month', () => {
    expect(
      full(chargesForPeriod(terms, { startDate: '2026-01-01' }, { from: '2026-11-01', to: '2026-11-30', monthDays: 29 }, [], NO_HOLIDAYS))[0],
    ).toMatchObject({ quantity: '1', amount: '30000.00' });
  });
});

describe('graduated bands', () => {
  const terms: PricingTerms = {
    ...BASE,
    model: 'TIERED',
    holidayMultiplier: d('1.5'),
    tiers: [
      { upTo: 100, rate: d('2.00') },
      { upTo: 300, rate: d('1.50') },
      { upTo: null, rate: d('1.00') },
    ],
  };
  const period = { from: '2026-11-01', to: '2026-11-30', monthDays: 30 };
  const run = (usage: DailyUsage[], calendar = NO_HOLIDAYS, t = terms) =>
    full(chargesForPeriod(t, { startDate: '2026-11-01' }, period, usage, calendar)).map((l) => [l.kind, l.description, l.quantity, l.unitPrice, l.amount]);

  test('a total inside the first band, exactly at a bound, and beyond the last bound', () => {
    expect(run(contacts([['2026-11-02', 60]]))).toEqual([['TIER', 'Contacts 1–60 of the month at the band rate', '60', '2.00', '120.00']]);
    expect(run(contacts([['2026-11-02', 100]]))).toEqual([['TIER', 'Contacts 1–100 of the month at the band rate', '100', '2.00', '200.00']]);
    expect(run(contacts([['2026-11-02', 101]]))).toEqual([
      ['TIER', 'Contacts 1–100 of the month at the band rate', '100', '2.00', '200.00'],
      ['TIER', 'Contacts 101–101 of the month at the band rate', '1', '1.50', '1.50'],
    ]);
    expect(
      run(
        contacts([
          ['2026-11-02', 250],
          ['2026-11-03', 150],
        ]),
      ),
    ).toEqual([
      ['TIER', 'Contacts 1–100 of the month at the band rate', '100', '2.00', '200.00'],
      ['TIER', 'Contacts 101–300 of the month at the band rate', '200', '1.50', '300.00'],
      ['TIER', 'Contacts 301–400 of the month at the band rate', '100', '1.00', '100.00'],
    ]);
  });

  test('no contacts: no lines', () => {
    expect(run(contacts([['2026-11-02', 0]]))).toEqual([]);
    expect(run([])).toEqual([]);
  });

  test('holiday contacts count in the bands and add a premium at the last band’s rate × (multiplier − 1)', () => {
    const calendar = holidaysOn('2026-11-03', '2026-11-05');
    expect(
      run(
        contacts([
          ['2026-11-02', 250],
          ['2026-11-03', 30],
          ['2026-11-04', 0],
          ['2026-11-05', 5],
        ]),
        calendar,
      ),
    ).toEqual([
      ['TIER', 'Contacts 1–100 of the month at the band rate', '100', '2.00', '200.00'],
      ['TIER', 'Contacts 101–285 of the month at the band rate', '185', '1.50', '277.50'],
      ['HOLIDAY_CONTACTS', 'Holiday premium (statutory) 2026-11-03…2026-11-05: band rate × 0.5', '35', '0.75', '26.25'],
    ]);
    // Within the first band the premium uses the first band's rate.
    expect(run(contacts([['2026-11-03', 10]]), calendar).at(-1)).toEqual([
      'HOLIDAY_CONTACTS',
      'Holiday premium (statutory) 2026-11-03: band rate × 0.5',
      '10',
      '1.00',
      '10.00',
    ]);
  });

  test('no premium with a multiplier of 1, or without holiday contacts', () => {
    const calendar = holidaysOn('2026-11-03');
    expect(run(contacts([['2026-11-03', 10]]), calendar, { ...terms, holidayMultiplier: d(1) })).toEqual([
      ['TIER', 'Contacts 1–10 of the month at the band rate', '10', '2.00', '20.00'],
    ]);
    expect(run(contacts([['2026-11-02', 10]]), calendar)).toHaveLength(1);
  });

  test('bandStart: a later period of the same month continues in the bands where the earlier one stopped', () => {
    const later = (bandStart: number, usage: DailyUsage[], calendar = NO_HOLIDAYS) =>
      full(chargesForPeriod(terms, { startDate: '2026-11-01' }, { ...period, from: '2026-11-16', bandStart }, usage, calendar)).map((l) => [
        l.kind,
        l.description,
        l.quantity,
        l.unitPrice,
        l.amount,
      ]);
    expect(later(80, contacts([['2026-11-20', 50]]))).toEqual([
      ['TIER', 'Contacts 81–100 of the month at the band rate', '20', '2.00', '40.00'],
      ['TIER', 'Contacts 101–130 of the month at the band rate', '30', '1.50', '45.00'],
    ]);
    expect(later(100, contacts([['2026-11-20', 10]]))).toEqual([['TIER', 'Contacts 101–110 of the month at the band rate', '10', '1.50', '15.00']]);
    expect(later(500, contacts([['2026-11-20', 10]]))).toEqual([['TIER', 'Contacts 501–510 of the month at the band rate', '10', '1.00', '10.00']]);
    // Days before the period are not charged again; the premium uses the band this period reached.
    expect(
      later(
        300,
        contacts([
          ['2026-11-02', 99],
          ['2026-11-20', 4],
        ]),
        holidaysOn('2026-11-20'),
      ).at(-1),
    ).toEqual(['HOLIDAY_CONTACTS', 'Holiday premium (statutory) 2026-11-20: band rate × 0.5', '4', '0.50', '2.00']);
  });
});

describe('projection', () => {
  test('a number of seats goes on the first priced seat type; contacts spread evenly, the remainder on the last day', () => {
    const seats: PricingTerms = {
      ...BASE,
      model: 'PER_SEAT_MONTH',
      seatRates: [
        { seatType: 'INBOUND', monthlyRate: d(3000) },
        { seatType: 'OUTBOUND', monthlyRate: d(1) },
      ],
    };
    const months = projectMonthlyCharges(seats, { startDate: '2027-03-10', termMonths: 2 }, { monthlyContacts: 0, seats: 4 }, NO_HOLIDAYS);
    expect(months.map((m) => [m.contractMonth, m.from, m.to, m.rate, m.amount.toFixed(2)])).toEqual([
      [1, '2027-03-10', '2027-04-09', null, '12000.00'],
      [2, '2027-04-10', '2027-05-09', null, '12000.00'],
    ]);
    const bySeatType = projectMonthlyCharges(seats, { startDate: '2027-03-10', termMonths: 1 }, { monthlyContacts: 0, seats: { OUTBOUND: 31 } }, NO_HOLIDAYS);
    expect(bySeatType[0]!.amount.toFixed(2)).toBe('31.00');
    expect(
      projectMonthlyCharges(
        { ...BASE, model: 'FIXED_MONTHLY', monthlyFee: d(500) },
        { startDate: '2027-03-10', termMonths: 1 },
        { monthlyContacts: 10, seats: 3 },
        NO_HOLIDAYS,
      )[0]!.amount.toFixed(2),
    ).toBe('500.00');
  });

  test('the remainder of the monthly contacts lands on the last day (a holiday there is charged as one)', () => {
    const terms: PricingTerms = { ...BASE, model: 'PER_CONTACT', baseRate: d(1) };
    // 31 days, 100 contacts: 3 a day, 10 on the last day (2027-04-09).
    const [month] = projectMonthlyCharges(terms, { startDate: '2027-03-10', termMonths: 1 }, { monthlyContacts: 100, seats: 0 }, holidaysOn('2027-04-09'));
    expect(month!.rate!.toFixed(2)).toBe('1.00');
    expect(month!.amount.toFixed(2)).toBe('120.00'); // 90 × 1 + 10 × 3
    const [first] = projectMonthlyCharges(terms, { startDate: '2027-03-10', termMonths: 1 }, { monthlyContacts: 100, seats: 0 }, holidaysOn('2027-03-10'));
    expect(first!.amount.toFixed(2)).toBe('106.00'); // 97 × 1 + 3 × 3
    expect(sumAmounts([]).toFixed()).toBe('0');
  });
});

describe('pricing validation bounds', () => {
  const fields = (terms: PricingTerms) => validatePricing(terms).map((p) => p.field.join('.'));
  const perContact = (overrides: Partial<PricingTerms>): PricingTerms => ({ ...BASE, model: 'PER_CONTACT', baseRate: d(1), ...overrides });

  test('the limits', () => {
    expect(UNIT_PRICE_LIMITS).toEqual({ perContact: d(10_000), perSeatMonth: d(1_000_000), monthlyFee: d(100_000_000) });
  });

  test('base rate: above 0, at most 10,000, to the cent', () => {
    expect(fields(perContact({ baseRate: d('0.01') }))).toEqual([]);
    expect(fields(perContact({ baseRate: d(10_000) }))).toEqual([]);
    for (const rate of ['0', '-1', '10000.01', '1.001']) expect(fields(perContact({ baseRate: d(rate) }))).toEqual(['baseRate']);
    expect(validatePricing(perContact({ baseRate: d(0) }))[0]!.message).toBe(
      'The base rate must be above 0 and at most 10000 CNY, with at most 2 decimals (to the cent).',
    );
  });

  test('ramp-up factors: at most 36, each above 0 and at most 10 with 4 decimals', () => {
    expect(fields(perContact({ rampFactors: Array.from({ length: 36 }, () => d(1)) }))).toEqual([]);
    expect(fields(perContact({ rampFactors: Array.from({ length: 37 }, () => d(1)) }))).toEqual(['rampFactors']);
    expect(fields(perContact({ rampFactors: [d(10), d('0.0001')] }))).toEqual([]);
    expect(fields(perContact({ rampFactors: [d('10.0001'), d(-1), d('0.00001')] }))).toEqual(['rampFactors.0', 'rampFactors.1', 'rampFactors.2']);
    expect(validatePricing(perContact({ rampFactors: [d(1), d(0)] }))[0]!.message).toBe(
      'Ramp-up factor 2 must be above 0 and at most 10, with at most 4 decimals (the rate of month 2 is base ÷ factor).',
    );
  });

  test('seat rates: at least one; a seat type of 1 to 50 characters, priced once; a rate from 0 to 1,000,000 to the cent', () => {
    const seats = (...rates: [string, string][]): PricingTerms => ({
      ...BASE,
      model: 'PER_SEAT_MONTH',
      seatRates: rates.map(([seatType, rate]) => ({ seatType, monthlyRate: d(rate) })),
    });
    expect(fields(seats(['A', '0'], ['x'.repeat(50), '1000000']))).toEqual([]);
    expect(fields({ ...BASE, model: 'PER_SEAT_MONTH' })).toEqual(['seatRates']);
    expect(fields(seats())).toEqual(['seatRates']);
    expect(fields(seats(['  ', '1'], ['x'.repeat(51), '1'], ['A', '1000000.01'], ['B', '1.001'], ['C', '-0.01']))).toEqual([
      'seatRates.0.seatType',
      'seatRates.1.seatType',
      'seatRates.2.monthlyRate',
      'seatRates.3.monthlyRate',
      'seatRates.4.monthlyRate',
    ]);
    expect(fields(seats(['A', '1'], ['A', '2']))).toEqual(['seatRates.1.seatType']);
    expect(validatePricing(seats(['A', '1'], ['A', '2']))[0]!.message).toBe('Seat type A is priced twice.');
  });

  test('monthly fee: present, from 0 to 100,000,000, to the cent', () => {
    const fee = (value?: string): PricingTerms => ({ ...BASE, model: 'FIXED_MONTHLY', ...(value === undefined ? {} : { monthlyFee: d(value) }) });
    expect(fields(fee('0'))).toEqual([]);
    expect(fields(fee('100000000'))).toEqual([]);
    for (const value of [undefined, '-0.01', '100000000.01', '1.001']) expect(fields(fee(value))).toEqual(['monthlyFee']);
  });

  test('bands: at least one; rates from 0 to 10,000 to the cent; whole, increasing bounds; only the last without one', () => {
    const bands = (...tiers: [number | null, string][]): PricingTerms => ({
      ...BASE,
      model: 'TIERED',
      tiers: tiers.map(([upTo, rate]) => ({ upTo, rate: d(rate) })),
    });
    expect(fields(bands([1, '0'], [2, '10000'], [null, '1']))).toEqual([]);
    expect(fields(bands([null, '1']))).toEqual([]);
    expect(fields({ ...BASE, model: 'TIERED' })).toEqual(['tiers']);
    expect(fields(bands([0, '1'], [null, '1']))).toEqual(['tiers.0.upTo']);
    expect(fields(bands([10, '1'], [10, '1'], [null, '1']))).toEqual(['tiers.1.upTo']);
    expect(fields(bands([10.5, '1'], [null, '1']))).toEqual(['tiers.0.upTo']);
    expect(fields(bands([null, '1'], [null, '1']))).toEqual(['tiers.0.upTo']);
    expect(fields(bands([10, '10000.01'], [20, '-1'], [null, '1.001']))).toEqual(['tiers.0.rate', 'tiers.1.rate', 'tiers.2.rate']);
    // A bound that is not above the previous one does not become the new reference.
    expect(fields(bands([10, '1'], [5, '1'], [11, '1'], [null, '1']))).toEqual(['tiers.1.upTo']);
    expect(validatePricing(bands([10, '1'], [5, '1'], [null, '1']))[0]!.message).toBe('Band bounds must increase: 5 is not above 10.');
  });

  test('holiday multiplier 1 to 10 and VAT 0 to 0.2, with 4 decimals', () => {
    expect(fields(perContact({ holidayMultiplier: d(1), vatRate: d(0) }))).toEqual([]);
    expect(fields(perContact({ holidayMultiplier: d(10), vatRate: d('0.2') }))).toEqual([]);
    expect(fields(perContact({ holidayMultiplier: d('10.0001'), vatRate: d('0.2001') }))).toEqual(['holidayMultiplier', 'vatRate']);
    expect(fields(perContact({ holidayMultiplier: d('0.9999'), vatRate: d('-0.01') }))).toEqual(['holidayMultiplier', 'vatRate']);
    expect(fields(perContact({ holidayMultiplier: d('1.00001'), vatRate: d('0.00001') }))).toEqual(['holidayMultiplier', 'vatRate']);
  });

  test('fields of another model are refused, each by name', () => {
    expect(fields({ ...BASE, model: 'TIERED', tiers: [{ upTo: null, rate: d(1) }], baseRate: d(1), rampFactors: [], seatRates: [], monthlyFee: d(1) })).toEqual(
      ['baseRate', 'rampFactors', 'seatRates', 'monthlyFee'],
    );
    expect(validatePricing({ ...BASE, model: 'FIXED_MONTHLY', monthlyFee: d(1), tiers: [] })[0]!.message).toBe(
      'tiers does not apply to FIXED_MONTHLY pricing: leave it out.',
    );
  });
});

describe('evidence and period edges', () => {
  test('a line’s description spans its first to its last day, whatever lies between', () => {
    const terms: PricingTerms = { ...BASE, model: 'PER_CONTACT', baseRate: d(1) };
    const lines = chargesForPeriod(
      terms,
      { startDate: '2026-11-01' },
      { from: '2026-11-01', to: '2026-11-30', monthDays: 30 },
      contacts([
        ['2026-11-02', 1],
        ['2026-11-03', 1],
        ['2026-11-09', 1],
      ]),
      NO_HOLIDAYS,
    );
    expect(lines.map((l) => [l.description, l.dates])).toEqual([
      ['Contacts 2026-11-02…2026-11-09, contract month 1 rate', ['2026-11-02', '2026-11-03', '2026-11-09']],
    ]);
  });

  test('days of the contract before the period are not charged in it (usage of last month handed in by mistake)', () => {
    const terms: PricingTerms = { ...BASE, model: 'PER_CONTACT', baseRate: d(1) };
    const usage = contacts([
      ['2026-10-31', 500],
      ['2026-11-01', 5],
    ]);
    expect(
      full(chargesForPeriod(terms, { startDate: '2026-01-01' }, { from: '2026-11-01', to: '2026-11-30', monthDays: 30 }, usage, NO_HOLIDAYS)).map(
        (l) => l.quantity,
      ),
    ).toEqual(['5']);
    expect(full(computeServiceCharges(terms, { startDate: '2026-01-01' }, '2026-11', usage, NO_HOLIDAYS)).map((l) => l.quantity)).toEqual(['5']);
  });

  test('a fixed fee’s evidence is the month’s days inside the contract, also when the contract ends later', () => {
    const terms: PricingTerms = { ...BASE, model: 'FIXED_MONTHLY', monthlyFee: d(30000) };
    const [line] = chargesForPeriod(
      terms,
      { startDate: '2026-10-01', endDate: '2026-12-31' },
      { from: '2026-11-01', to: '2026-11-30', monthDays: 30 },
      [],
      NO_HOLIDAYS,
    );
    expect([line!.dates.length, line!.dates[0], line!.dates.at(-1)]).toEqual([30, '2026-11-01', '2026-11-30']);
  });

  test('band lines and the holiday premium list only the days with contacts', () => {
    const terms: PricingTerms = { ...BASE, model: 'TIERED', tiers: [{ upTo: null, rate: d(1) }] };
    const lines = chargesForPeriod(
      terms,
      { startDate: '2026-11-01' },
      { from: '2026-11-01', to: '2026-11-30', monthDays: 30 },
      contacts([
        ['2026-11-02', 5],
        ['2026-11-03', 0],
        ['2026-11-04', 5],
      ]),
      holidaysOn('2026-11-03', '2026-11-04'),
    );
    expect(lines.map((l) => [l.kind, l.quantity.toFixed(), l.dates])).toEqual([
      ['TIER', '10', ['2026-11-02', '2026-11-04']],
      ['HOLIDAY_CONTACTS', '5', ['2026-11-04']],
    ]);
  });
});

test('every pricing problem’s message', () => {
  const messages = (terms: PricingTerms) => validatePricing(terms).map((p) => `${p.field.join('.')}: ${p.message}`);
  expect(messages({ model: 'PER_CONTACT', holidayMultiplier: d(0), vatRate: d(1), rampFactors: Array.from({ length: 37 }, () => d(1)) })).toEqual([
    'baseRate: PER_CONTACT pricing needs a base rate per qualified contact.',
    'rampFactors: At most 36 ramp-up factors (one per contract month).',
    'holidayMultiplier: The holiday multiplier is from 1 to 10, with at most 4 decimals.',
    'vatRate: The VAT rate is a fraction from 0 to 0.2 with at most 4 decimals (6% = 0.06).',
  ]);
  expect(messages({ ...BASE, model: 'PER_SEAT_MONTH' })).toEqual(['seatRates: PER_SEAT_MONTH pricing needs at least one seat rate.']);
  expect(messages({ ...BASE, model: 'PER_SEAT_MONTH', seatRates: [{ seatType: '', monthlyRate: d(-1) }] })).toEqual([
    'seatRates.0.seatType: A seat type is 1 to 50 characters.',
    'seatRates.0.monthlyRate: A seat rate is a non-negative amount of at most 1000000 CNY, with at most 2 decimals (to the cent).',
  ]);
  expect(messages({ ...BASE, model: 'FIXED_MONTHLY' })).toEqual(['monthlyFee: FIXED_MONTHLY pricing needs a monthly fee.']);
  expect(messages({ ...BASE, model: 'FIXED_MONTHLY', monthlyFee: d(-1) })).toEqual([
    'monthlyFee: The monthly fee is a non-negative amount of at most 100000000 CNY, with at most 2 decimals (to the cent).',
  ]);
  expect(messages({ ...BASE, model: 'TIERED' })).toEqual(['tiers: TIERED pricing needs at least one band.']);
  expect(
    messages({
      ...BASE,
      model: 'TIERED',
      tiers: [
        { upTo: null, rate: d(-1) },
        { upTo: 5, rate: d(1) },
      ],
    }),
  ).toEqual([
    'tiers.0.rate: A band rate is a non-negative amount of at most 10000 CNY, with at most 2 decimals (to the cent).',
    'tiers.0.upTo: Only the last band may have no upper bound.',
    'tiers.1.upTo: The last band has no upper bound: it takes the rest.',
  ]);
});
