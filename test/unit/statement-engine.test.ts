import { datesBetween } from '../../src/modules/calendar/china-holidays.js';
import {
  availabilityDeduction,
  computeStatement,
  diffStatement,
  type PricingTerms,
  type StatementComputation,
  type StatementFacts,
} from '../../src/modules/statements/billing/index.js';
import { availabilityAt, availabilityOf, d, DEFAULT_RULES, facts, RAMPED, spread } from '../helpers/statement-fixtures.js';

/**
 * The statement engine (product.md §8): the worked example to the cent, each deduction rule at its
 * edges, the cap, late fees outside VAT, every pricing model in partial months and across a mid-month
 * amendment, and diffStatement. statement-properties.test.ts checks the invariants on random facts.
 */

const view = (s: StatementComputation) =>
  s.lines.map((l) => [l.position, l.kind, l.quantity?.toFixed() ?? null, l.unitPrice?.toFixed(2) ?? null, l.percent?.toFixed() ?? null, l.amount.toFixed(2)]);
const totals = (s: StatementComputation) => ({
  serviceCharges: s.serviceCharges.toFixed(2),
  deductions: s.deductions.toFixed(2),
  subtotal: s.subtotal.toFixed(2),
  vat: s.vat.toFixed(2),
  fees: s.fees.toFixed(2),
  total: s.total.toFixed(2),
});
const amounts = (s: StatementComputation) => s.lines.map((l) => [l.kind, l.amount.toFixed(2)]);

const FIXED_10K: PricingTerms = { model: 'FIXED_MONTHLY', monthlyFee: d(10_000), holidayMultiplier: d(3), vatRate: d('0.06') };
/** S = 10,000.00 in November 2026, so a deduction of p% is p × 100.00. */
const november = (overrides: Partial<StatementFacts> = {}) => computeStatement(facts('2026-11', FIXED_10K, overrides));

describe('the worked example of product.md §8, to the cent', () => {
  const OCTOBER = facts('2026-10', RAMPED, {
    contract: { startDate: '2026-09-20' },
    usage: [...spread('2026-10-01', '2026-10-03', 3_000), ...spread('2026-10-04', '2026-10-19', 51_200), ...spread('2026-10-20', '2026-10-31', 42_000)],
    availability: availabilityOf('2026-10', 2_000, ['outage-7']),
    failedInspections: [{ inspectionId: 'inspection-2', failureNumber: 2, deductionPercent: d(10) }],
  });

  test('October 2026: three service lines, availability −2%, the second failed inspection −10%, VAT 6%', () => {
    const statement = computeStatement(OCTOBER);
    expect(view(statement)).toEqual([
      [1, 'HOLIDAY_CONTACTS', '3000', '5.04', null, '15120.00'],
      [2, 'BASE_CONTACTS', '51200', '1.68', null, '86016.00'],
      [3, 'BASE_CONTACTS', '42000', '1.49', null, '62580.00'],
      [4, 'AVAILABILITY_DEDUCTION', null, null, '2', '-3274.32'],
      [5, 'INSPECTION_DEDUCTION', null, null, '10', '-16371.60'],
    ]);
    expect(totals(statement)).toEqual({
      serviceCharges: '163716.00',
      deductions: '-19645.92',
      subtotal: '144070.08',
      vat: '8644.20',
      fees: '0.00',
      total: '152714.28',
    });
    expect(statement.vatRate.toFixed()).toBe('0.06');
    expect(statement.investigationReportRequired).toBe(false);
  });

  test('every line carries its evidence', () => {
    const [holiday, base, , availability, inspection] = computeStatement(OCTOBER).lines;
    expect(holiday).toMatchObject({ section: 'SERVICE_CHARGE', percent: null });
    expect(holiday!.evidence).toEqual({
      dates: ['2026-10-01', '2026-10-02', '2026-10-03'],
      termsFrom: '2026-10-01',
      termsTo: '2026-10-31',
      amendmentNumbers: [],
      contractMonth: 1,
    });
    expect(base!.evidence.dates).toEqual(datesBetween('2026-10-04', '2026-10-19'));
    expect(availability).toMatchObject({ section: 'DEDUCTION', quantity: null, unitPrice: null });
    expect(availability!.description).toBe('Availability 95.52% (2000 non-exempt outage minutes of 44640): 2 full points below the 98% target × 1% per point');
    expect(availability!.evidence).toEqual({ availabilityPercent: '95.52', outageMinutes: 2000, minutesInMonth: 44_640, incidentIds: ['outage-7'] });
    expect(inspection!.description).toBe('Failed inspection number 2 of the contract: 10% of service charges');
    expect(inspection!.evidence).toEqual({ inspectionIds: ['inspection-2'] });
  });

  test('paid on 2026-11-30 against 2026-11-20: 152,714.28 × 0.05% × 10 = 763.57 on the next statement, outside VAT', () => {
    const statement = computeStatement(
      facts('2026-11', RAMPED, {
        contract: { startDate: '2026-09-20' },
        usage: spread('2026-11-01', '2026-11-30', 30_000),
        latePayments: [
          {
            paymentId: 'payment-1',
            statementId: 'statement-oct',
            statementMonth: '2026-10',
            dueDate: '2026-11-20',
            paidOn: '2026-11-30',
            amount: d('152714.28'),
          },
        ],
      }),
    );
    // Two ramp rates in one month: contract month 2 until 11-19, month 3 from 11-20.
    expect(view(statement)).toEqual([
      [1, 'BASE_CONTACTS', '19000', '1.49', null, '28310.00'],
      [2, 'BASE_CONTACTS', '11000', '1.34', null, '14740.00'],
      [3, 'LATE_PAYMENT_FEE', null, null, '0.05', '763.57'],
    ]);
    expect(totals(statement)).toEqual({
      serviceCharges: '43050.00',
      deductions: '0.00',
      subtotal: '43050.00',
      vat: '2583.00',
      fees: '763.57',
      total: '46396.57',
    });
    const fee = statement.lines[2]!;
    expect(fee.section).toBe('FEE');
    expect(fee.evidence).toEqual({ paymentIds: ['payment-1'], statementIds: ['statement-oct'], daysLate: 10 });
    expect(fee.description).toBe('Late payment of the 2026-10 statement: 152714.28 paid on 2026-11-30, 10 days after its due date 2026-11-20, × 0.05% per day');
  });
});

describe('availability deduction at its edges (target 98%, 1% per point, floors 90 → 80%, 80 → 50%, 65 → 0%)', () => {
  test.each([
    ['100.00', null, false],
    ['98.01', null, false],
    ['98.00', null, false], // exactly at target
    ['97.99', null, false], // 0.01 below: no full point
    ['97.01', null, false],
    ['97.00', '-100.00', false],
    ['95.52', '-200.00', false],
    ['90.01', '-700.00', false], // 7.99 points → 7
    ['90.00', '-2000.00', false], // the 90% floor: 80% payable
    ['80.01', '-2000.00', false],
    ['80.00', '-5000.00', false], // 50% payable
    ['65.01', '-5000.00', false],
    ['65.00', '-10000.00', true], // nothing payable, investigation report
    ['0.00', '-10000.00', true],
  ])('%s%% → %s', (percent, amount, report) => {
    const statement = november({ availability: availabilityAt(percent) });
    const line = statement.lines.find((l) => l.kind === 'AVAILABILITY_DEDUCTION');
    expect(line?.amount.toFixed(2) ?? null).toBe(amount);
    expect(statement.investigationReportRequired).toBe(report);
    expect(statement.subtotal.toFixed(2)).toBe(
      d(10_000)
        .plus(amount ?? 0)
        .toFixed(2),
    );
  });

  test('the basis: full points, or the lowest floor reached instead of the points', () => {
    const rules = DEFAULT_RULES.availability;
    expect(availabilityDeduction(d('95.52'), rules)).toMatchObject({ basis: { kind: 'POINTS', points: d(2) }, percent: d(2) });
    expect(availabilityDeduction(d('97.99'), rules)).toMatchObject({ basis: { kind: 'POINTS', points: d(0) }, percent: d(0) });
    expect(availabilityDeduction(d(98), rules)).toMatchObject({ basis: { kind: 'AT_OR_ABOVE_TARGET' }, percent: d(0) });
    expect(availabilityDeduction(d(70), rules)).toMatchObject({ basis: { kind: 'FLOOR', atMostPercent: d(80), payablePercent: d(50) }, percent: d(50) });
    // Floors in any order: the lowest reached wins.
    const shuffled = { ...rules, tiers: [...rules.tiers].reverse() };
    expect(availabilityDeduction(d(70), shuffled).percent).toEqual(d(50));
    expect(availabilityDeduction(d(65), shuffled)).toMatchObject({ percent: d(100), investigationReportRequired: true });
    // 2% per point: 95.52 → 2 points → 4%.
    expect(availabilityDeduction(d('95.52'), { ...rules, deductionPercentPerPoint: d(2) }).percent).toEqual(d(4));
  });

  test('the floors’ descriptions say what is payable and when a report is owed', () => {
    expect(november({ availability: availabilityAt('90.00') }).lines[1]!.description).toBe(
      'Availability 90.00% (0 non-exempt outage minutes of 44640) at or below 90%: only 80% of service charges payable',
    );
    expect(november({ availability: availabilityAt('64.00') }).lines[1]!.description).toMatch(
      /only 0% of service charges payable; the vendor owes a written investigation report$/,
    );
  });
});

describe('data breaches, failed inspections and the cap', () => {
  test('one line per verified breach, 20% each, in the order verified; a breach sent twice counts once', () => {
    const statement = november({
      verifiedBreaches: [
        { incidentId: 'breach-b', verifiedOn: '2026-11-20' },
        { incidentId: 'breach-a', verifiedOn: '2026-11-03' },
        { incidentId: 'breach-b', verifiedOn: '2026-11-20' },
      ],
    });
    expect(amounts(statement)).toEqual([
      ['FIXED_FEE', '10000.00'],
      ['DATA_BREACH_DEDUCTION', '-2000.00'],
      ['DATA_BREACH_DEDUCTION', '-2000.00'],
    ]);
    expect(statement.lines.slice(1).map((l) => [l.evidence.incidentIds, l.description])).toEqual([
      [['breach-a'], 'Data breach verified on 2026-11-03: 20% of service charges'],
      [['breach-b'], 'Data breach verified on 2026-11-20: 20% of service charges'],
    ]);
    expect(statement.deductions.toFixed(2)).toBe('-4000.00');
  });

  test('the first failure deducts nothing; the second and later deduct their ladder percent, by failure number', () => {
    const statement = november({
      failedInspections: [
        { inspectionId: 'inspection-3', failureNumber: 3, deductionPercent: d(10) },
        { inspectionId: 'inspection-1', failureNumber: 1, deductionPercent: null },
        { inspectionId: 'inspection-2', failureNumber: 2, deductionPercent: d('12.5') },
      ],
    });
    expect(statement.lines.slice(1).map((l) => [l.kind, l.evidence.inspectionIds, l.percent?.toFixed(), l.amount.toFixed(2)])).toEqual([
      ['INSPECTION_DEDUCTION', ['inspection-2'], '12.5', '-1250.00'],
      ['INSPECTION_DEDUCTION', ['inspection-3'], '10', '-1000.00'],
    ]);
    expect(statement.lines[2]!.description).toBe('Failed inspection number 3 of the contract: 10% of service charges');
  });

  test('availability 60% and two breaches take 140%: a cap line adds back 40%, deductions are −S exactly', () => {
    const statement = november({
      availability: availabilityAt('60.00'),
      verifiedBreaches: [
        { incidentId: 'breach-1', verifiedOn: '2026-11-02' },
        { incidentId: 'breach-2', verifiedOn: '2026-11-09' },
      ],
      latePayments: [{ paymentId: 'p', statementId: 's', statementMonth: '2026-09', dueDate: '2026-10-20', paidOn: '2026-11-01', amount: d(1000) }],
    });
    expect(amounts(statement)).toEqual([
      ['FIXED_FEE', '10000.00'],
      ['AVAILABILITY_DEDUCTION', '-10000.00'],
      ['DATA_BREACH_DEDUCTION', '-2000.00'],
      ['DATA_BREACH_DEDUCTION', '-2000.00'],
      ['DEDUCTION_CAP', '4000.00'],
      ['LATE_PAYMENT_FEE', '6.00'], // 1,000 × 0.05% × 12 days
    ]);
    expect(statement.lines[4]).toMatchObject({ section: 'DEDUCTION', percent: null, evidence: {} });
    expect(totals(statement)).toEqual({ serviceCharges: '10000.00', deductions: '-10000.00', subtotal: '0.00', vat: '0.00', fees: '6.00', total: '6.00' });
    expect(statement.investigationReportRequired).toBe(true);
  });

  test('per-line rounding can overshoot S by a cent: the cap takes it back', () => {
    // Two deductions of 50% of 0.05 are 0.025 each, 0.03 each half-up: 0.06 > 0.05.
    const statement = computeStatement(
      facts(
        '2026-11',
        { ...FIXED_10K, monthlyFee: d('0.05') },
        {
          rules: { ...DEFAULT_RULES, dataBreachDeductionPercent: d(50) },
          verifiedBreaches: [
            { incidentId: 'b1', verifiedOn: '2026-11-02' },
            { incidentId: 'b2', verifiedOn: '2026-11-03' },
          ],
        },
      ),
    );
    expect(amounts(statement)).toEqual([
      ['FIXED_FEE', '0.05'],
      ['DATA_BREACH_DEDUCTION', '-0.03'],
      ['DATA_BREACH_DEDUCTION', '-0.03'],
      ['DEDUCTION_CAP', '0.01'],
    ]);
    expect(statement.subtotal.toFixed(2)).toBe('0.00');
  });

  test('deductions exactly equal to S need no cap', () => {
    const statement = november({
      availability: availabilityAt('80.00'),
      verifiedBreaches: [1, 2].map((n) => ({ incidentId: `b${n}`, verifiedOn: '2026-11-02' })),
      rules: { ...DEFAULT_RULES, dataBreachDeductionPercent: d(25) },
    });
    expect(statement.lines.map((l) => l.kind)).not.toContain('DEDUCTION_CAP');
    expect(statement.deductions.toFixed(2)).toBe('-10000.00');
  });

  test('S = 0: no deduction lines of 0.00, but the investigation report is still owed', () => {
    const statement = computeStatement(
      facts('2026-11', RAMPED, {
        availability: availabilityAt('50.00'),
        verifiedBreaches: [{ incidentId: 'b', verifiedOn: '2026-11-02' }],
        failedInspections: [{ inspectionId: 'i', failureNumber: 2, deductionPercent: d(10) }],
      }),
    );
    expect(statement.lines).toEqual([]);
    expect(totals(statement)).toEqual({ serviceCharges: '0.00', deductions: '0.00', subtotal: '0.00', vat: '0.00', fees: '0.00', total: '0.00' });
    expect(statement.investigationReportRequired).toBe(true);
  });
});

describe('late-payment fees', () => {
  const payment = (paidOn: string, id = 'p1') => ({
    paymentId: id,
    statementId: `s-${id}`,
    statementMonth: '2026-09',
    dueDate: '2026-10-20',
    paidOn,
    amount: d(10_000),
  });

  test('paid on the due date: no fee; a day later: one day', () => {
    expect(november({ latePayments: [payment('2026-10-20')] }).fees.toFixed(2)).toBe('0.00');
    expect(november({ latePayments: [payment('2026-10-21')] }).lines.at(-1)).toMatchObject({
      kind: 'LATE_PAYMENT_FEE',
      amount: d(5),
      evidence: { daysLate: 1 },
    });
  });

  test('one line per payment, in the order paid, after every deduction, and never in the VAT base', () => {
    const statement = november({
      availability: availabilityAt('97.00'),
      latePayments: [payment('2026-11-05', 'p2'), payment('2026-10-25', 'p1')],
    });
    expect(statement.lines.map((l) => [l.position, l.kind, l.evidence.paymentIds ?? null, l.amount.toFixed(2)])).toEqual([
      [1, 'FIXED_FEE', null, '10000.00'],
      [2, 'AVAILABILITY_DEDUCTION', null, '-100.00'],
      [3, 'LATE_PAYMENT_FEE', ['p1'], '25.00'],
      [4, 'LATE_PAYMENT_FEE', ['p2'], '80.00'],
    ]);
    expect(totals(statement)).toEqual({
      serviceCharges: '10000.00',
      deductions: '-100.00',
      subtotal: '9900.00',
      vat: '594.00',
      fees: '105.00',
      total: '10599.00',
    });
  });

  test('the fee is rounded once, half-up, at the end', () => {
    // 333.33 × 0.05% × 3 = 0.499995 → 0.50
    const late = { ...payment('2026-10-23'), amount: d('333.33') };
    expect(november({ latePayments: [late] }).fees.toFixed(2)).toBe('0.50');
  });
});

describe('pricing models in partial months and across a mid-month amendment', () => {
  const SEATS: PricingTerms = {
    model: 'PER_SEAT_MONTH',
    seatRates: [{ seatType: 'INBOUND', monthlyRate: d(800) }],
    holidayMultiplier: d(3),
    vatRate: d('0.06'),
  };

  test('seats of a contract starting mid-month: seat-days ÷ days in the calendar month', () => {
    const statement = computeStatement(
      facts('2026-11', SEATS, {
        contract: { startDate: '2026-11-16' },
        terms: [{ from: '2026-11-16', to: '2026-11-30', pricing: SEATS, amendmentNumbers: [] }],
        usage: datesBetween('2026-11-10', '2026-11-30').map((date) => ({ date, qualifiedContacts: 0, seats: { INBOUND: 10 } })),
      }),
    );
    // 15 days × 10 seats = 150 seat-days × 800 ÷ 30 = 4,000.00 (the days before the start are not charged)
    expect(view(statement)).toEqual([[1, 'SEATS', '5', '800.00', null, '4000.00']]);
    expect(statement.lines[0]!.evidence).toMatchObject({ seatType: 'INBOUND', termsFrom: '2026-11-16', dates: datesBetween('2026-11-16', '2026-11-30') });
  });

  test('a fixed fee prorated by days when the contract starts or ends mid-month', () => {
    const fixed = { ...FIXED_10K, monthlyFee: d(30_000) };
    const ending = computeStatement(
      facts('2026-11', fixed, {
        contract: { startDate: '2026-01-01', endDate: '2026-11-10' },
        terms: [{ from: '2026-11-01', to: '2026-11-10', pricing: fixed, amendmentNumbers: [2] }],
      }),
    );
    expect(view(ending)).toEqual([[1, 'FIXED_FEE', '0.333333', '30000.00', null, '10000.00']]);
    const starting = computeStatement(
      facts('2026-11', fixed, {
        contract: { startDate: '2026-11-16' },
        terms: [{ from: '2026-11-16', to: '2026-11-30', pricing: fixed, amendmentNumbers: [] }],
      }),
    );
    expect(view(starting)).toEqual([[1, 'FIXED_FEE', '0.5', '30000.00', null, '15000.00']]);
  });

  test('an amendment from the 16th changing the rate splits the month into two spans, each with its evidence', () => {
    const before: PricingTerms = { model: 'PER_CONTACT', baseRate: d('1.34'), holidayMultiplier: d(3), vatRate: d('0.06') };
    const after: PricingTerms = { ...before, baseRate: d('1.50') };
    const statement = computeStatement(
      facts('2026-11', before, {
        terms: [
          // Listed out of order on purpose: the engine orders the spans.
          { from: '2026-11-16', to: '2026-11-30', pricing: after, amendmentNumbers: [1] },
          { from: '2026-11-01', to: '2026-11-15', pricing: before, amendmentNumbers: [] },
        ],
        usage: spread('2026-11-01', '2026-11-30', 3_000),
      }),
    );
    expect(view(statement)).toEqual([
      [1, 'BASE_CONTACTS', '1500', '1.34', null, '2010.00'],
      [2, 'BASE_CONTACTS', '1500', '1.50', null, '2250.00'],
    ]);
    expect(statement.lines.map((l) => [l.evidence.termsFrom, l.evidence.termsTo, l.evidence.amendmentNumbers])).toEqual([
      ['2026-11-01', '2026-11-15', []],
      ['2026-11-16', '2026-11-30', [1]],
    ]);
  });

  test('VAT at the rate of the terms in force at the month’s end', () => {
    const before: PricingTerms = { ...FIXED_10K, monthlyFee: d(3000) };
    const after: PricingTerms = { ...before, vatRate: d('0.09') };
    const statement = computeStatement(
      facts('2026-11', before, {
        terms: [
          { from: '2026-11-01', to: '2026-11-20', pricing: before, amendmentNumbers: [] },
          { from: '2026-11-21', to: '2026-11-30', pricing: after, amendmentNumbers: [1] },
        ],
      }),
    );
    // 3,000 × 20/30 + 3,000 × 10/30 = 3,000.00; VAT 9%.
    expect(amounts(statement)).toEqual([
      ['FIXED_FEE', '2000.00'],
      ['FIXED_FEE', '1000.00'],
    ]);
    expect([statement.vatRate.toFixed(), statement.vat.toFixed(2)]).toEqual(['0.09', '270.00']);
  });

  const BANDS: PricingTerms = {
    model: 'TIERED',
    tiers: [
      { upTo: 100, rate: d('2.00') },
      { upTo: 300, rate: d('1.50') },
      { upTo: null, rate: d('1.00') },
    ],
    holidayMultiplier: d(3),
    vatRate: d('0.06'),
  };

  test('tiered bands of the month', () => {
    const statement = computeStatement(facts('2026-11', BANDS, { usage: spread('2026-11-01', '2026-11-30', 450) }));
    expect(view(statement)).toEqual([
      [1, 'TIER', '100', '2.00', null, '200.00'],
      [2, 'TIER', '200', '1.50', null, '300.00'],
      [3, 'TIER', '150', '1.00', null, '150.00'],
    ]);
  });

  test('an amendment mid-month changing the bands: the new bands continue from the month’s volume, they do not restart', () => {
    const amended: PricingTerms = {
      ...BANDS,
      tiers: [
        { upTo: 200, rate: d('1.80') },
        { upTo: null, rate: d('0.90') },
      ],
    };
    const statement = computeStatement(
      facts('2026-11', BANDS, {
        terms: [
          { from: '2026-11-01', to: '2026-11-15', pricing: BANDS, amendmentNumbers: [] },
          { from: '2026-11-16', to: '2026-11-30', pricing: amended, amendmentNumbers: [1] },
        ],
        usage: spread('2026-11-01', '2026-11-30', 300),
      }),
    );
    expect(statement.lines.map((l) => [l.description, l.amount.toFixed(2), l.evidence.termsFrom])).toEqual([
      ['Contacts 1–100 of the month at the band rate', '200.00', '2026-11-01'],
      ['Contacts 101–150 of the month at the band rate', '75.00', '2026-11-01'],
      ['Contacts 151–200 of the month at the band rate', '90.00', '2026-11-16'],
      ['Contacts 201–300 of the month at the band rate', '90.00', '2026-11-16'],
    ]);
  });

  test('no day of the month in the contract: no terms, no lines, VAT rate 0, fees still charged', () => {
    const statement = computeStatement(
      facts('2026-12', FIXED_10K, {
        contract: { startDate: '2026-01-01', endDate: '2026-11-30' },
        terms: [],
        latePayments: [{ paymentId: 'p', statementId: 's', statementMonth: '2026-11', dueDate: '2026-12-20', paidOn: '2026-12-22', amount: d(1000) }],
      }),
    );
    expect(amounts(statement)).toEqual([['LATE_PAYMENT_FEE', '1.00']]);
    expect(totals(statement)).toMatchObject({ vat: '0.00', total: '1.00' });
  });
});

describe('diffStatement', () => {
  const statement = november({ availability: availabilityAt('95.00'), verifiedBreaches: [{ incidentId: 'b', verifiedOn: '2026-11-02' }] });
  const recorded = () => statement.lines.map(({ position, kind, amount }) => ({ position, kind, amount }));

  test('the recorded lines of the same computation: no difference', () => {
    expect(diffStatement(recorded(), statement)).toEqual([]);
    // Equal amounts with other representations still match to the cent.
    expect(
      diffStatement(
        recorded().map((l) => ({ ...l, amount: d(l.amount.toFixed(2)) })),
        statement,
      ),
    ).toEqual([]);
  });

  test('a changed amount, a line only recorded, a line only recomputed, a kind changed', () => {
    const lines = recorded();
    lines[1] = { ...lines[1]!, amount: d('-299.99') };
    expect(diffStatement(lines, statement)).toEqual([{ position: 2, kind: 'AVAILABILITY_DEDUCTION', recorded: d('-299.99'), recomputed: d('-300.00') }]);
    expect(diffStatement(recorded().slice(0, 2), statement)).toEqual([
      { position: 3, kind: 'DATA_BREACH_DEDUCTION', recorded: null, recomputed: d('-2000.00') },
    ]);
    const extra = [...recorded(), { position: 4, kind: 'DEDUCTION_CAP' as const, amount: d(1) }];
    expect(diffStatement(extra, statement)).toEqual([{ position: 4, kind: 'DEDUCTION_CAP', recorded: d(1), recomputed: null }]);
    const renamed = recorded().map((l) => (l.position === 3 ? { ...l, kind: 'INSPECTION_DEDUCTION' as const } : l));
    expect(diffStatement(renamed, statement)).toEqual([
      { position: 3, kind: 'DATA_BREACH_DEDUCTION', recorded: null, recomputed: d('-2000.00') },
      { position: 3, kind: 'INSPECTION_DEDUCTION', recorded: d('-2000.00'), recomputed: null },
    ]);
  });

  test('a line recorded twice: the copy is a difference', () => {
    expect(diffStatement([...recorded(), recorded()[0]!], statement)).toEqual([{ position: 1, kind: 'FIXED_FEE', recorded: d(10_000), recomputed: null }]);
  });
});
