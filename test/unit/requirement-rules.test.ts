import 'reflect-metadata';
import { Decimal } from 'decimal.js';
import { DomainErrors } from '../../src/core/domain-error.js';
import { MAX_REASON_LENGTH, checkReason, normalizeRequirement } from '../../src/modules/requirements/requirement.rules.js';
import type { RequirementInput } from '../../src/modules/requirements/requirement.types.js';

/** The requirement's terms as checked before anything is stored (requirement.rules.ts), at their bounds. */

const d = (value: string | number) => new Decimal(value);

function input(overrides: Record<string, unknown> = {}): RequirementInput {
  return {
    title: 'Tmall flagship store customer service',
    description: 'Pre-sales and after-sales.',
    serviceScopes: ['PRE_SALES', 'AFTER_SALES'],
    channels: ['ONLINE_CHAT'],
    serviceHours: { daysOfWeek: [1, 2, 3, 4, 5], startTime: '09:00', endTime: '23:00' },
    seatsRequired: 20,
    expectedMonthlyVolume: 93_200,
    peakPlans: [],
    kpiTargets: [
      { metric: 'FIRST_RESPONSE_SECONDS', comparator: 'AT_MOST', target: d(15), unit: 's', weight: d(2) },
      { metric: 'SATISFACTION_RATE', comparator: 'AT_LEAST', target: d(95), unit: '%' },
    ],
    termStart: '2027-01-01',
    termMonths: 12,
    budgetMin: d(100_000),
    budgetMax: d(200_000),
    requiredCertifications: [],
    bidDeadline: new Date('2026-12-15T10:00:00Z'),
    visibility: 'PUBLIC',
    ...overrides,
  } as unknown as RequirementInput;
}

/** The input paths of every problem, or [] when the input is valid. */
const problems = (overrides: Record<string, unknown>) => normalizeRequirement(input(overrides)).errors.map((e) => e.path.join('.'));
const hours = (overrides: Record<string, unknown>) => ({ serviceHours: { daysOfWeek: [1], startTime: '09:00', endTime: '18:00', ...overrides } });

test('a valid requirement is normalized: trimmed, de-duplicated, days sorted, amounts to the cent, weight 1 by default', () => {
  const { value, errors } = normalizeRequirement(
    input({
      title: '  Hotline  ',
      description: '  Two lines.  ',
      serviceScopes: ['PRE_SALES', 'PRE_SALES', 'AFTER_SALES'],
      channels: ['PHONE', 'PHONE'],
      serviceHours: { daysOfWeek: [7, 1, 3, 1], startTime: '08:30', endTime: '20:00', timeZone: 'Asia/Urumqi' },
      peakPlans: [
        { from: '2027-06-01', to: '2027-06-18', staffingMultiplier: d('1.5'), note: '  618  ' },
        { from: '2027-11-11', to: '2027-11-11', staffingMultiplier: d(2), note: '   ' },
      ],
      budgetMin: d('100000.5'),
      budgetMax: d(200_000),
      requiredCertifications: [' ISO 27001 ', 'ISO 27001', '', '  '],
    }),
  );
  expect(errors).toEqual([]);
  expect(value).toEqual({
    title: 'Hotline',
    description: 'Two lines.',
    serviceScopes: ['PRE_SALES', 'AFTER_SALES'],
    channels: ['PHONE'],
    serviceHours: { daysOfWeek: [1, 3, 7], startTime: '08:30', endTime: '20:00', timeZone: 'Asia/Urumqi' },
    seatsRequired: 20,
    expectedMonthlyVolume: 93_200,
    peakPlans: [
      { from: '2027-06-01', to: '2027-06-18', staffingMultiplier: '1.5', note: '618' },
      { from: '2027-11-11', to: '2027-11-11', staffingMultiplier: '2', note: null },
    ],
    kpiTargets: [
      { metric: 'FIRST_RESPONSE_SECONDS', comparator: 'AT_MOST', target: '15', unit: 's', weight: '2' },
      { metric: 'SATISFACTION_RATE', comparator: 'AT_LEAST', target: '95', unit: '%', weight: '1' },
    ],
    termStart: '2027-01-01',
    termMonths: 12,
    budgetMin: '100000.50',
    budgetMax: '200000.00',
    requiredCertifications: ['ISO 27001'],
    bidDeadline: new Date('2026-12-15T10:00:00Z'),
    visibility: 'PUBLIC',
    timeZone: 'Asia/Urumqi',
  });
});

test('optional parts may be left out: no description, peak plans, KPIs, budgets or certifications; Asia/Shanghai by default', () => {
  const { value, errors } = normalizeRequirement(
    input({
      description: undefined,
      peakPlans: undefined,
      kpiTargets: undefined,
      budgetMin: undefined,
      budgetMax: undefined,
      requiredCertifications: undefined,
      serviceHours: { daysOfWeek: [1] },
    }),
  );
  expect(errors).toEqual([]);
  expect(value).toMatchObject({
    description: '',
    peakPlans: [],
    kpiTargets: [],
    budgetMin: null,
    budgetMax: null,
    requiredCertifications: [],
    serviceHours: { daysOfWeek: [1], startTime: null, endTime: null, timeZone: 'Asia/Shanghai' },
    timeZone: 'Asia/Shanghai',
  });
});

test('an invalid requirement yields no value and every problem with its path', () => {
  const { value, errors } = normalizeRequirement(input({ title: 'ab', seatsRequired: 0 }));
  expect(value).toBeNull();
  expect(errors.map((e) => [e.code, e.path])).toEqual([
    ['INVALID', ['input', 'title']],
    ['INVALID', ['input', 'seatsRequired']],
  ]);
});

test('title: 3 to 200 characters after trimming', () => {
  expect(problems({ title: 'abc' })).toEqual([]);
  expect(problems({ title: '  ab  ' })).toEqual(['input.title']);
  expect(problems({ title: 'x'.repeat(200) })).toEqual([]);
  expect(problems({ title: 'x'.repeat(201) })).toEqual(['input.title']);
});

test('description: at most 20,000 characters', () => {
  expect(problems({ description: 'x'.repeat(20_000) })).toEqual([]);
  expect(problems({ description: 'x'.repeat(20_001) })).toEqual(['input.description']);
});

test('at least one service scope and one channel', () => {
  expect(problems({ serviceScopes: [], channels: [] })).toEqual(['input.serviceScopes', 'input.channels']);
});

test('days of week 1 (Monday) to 7 (Sunday), at least one, whole numbers', () => {
  expect(problems(hours({ daysOfWeek: [1, 7] }))).toEqual([]);
  for (const days of [[], [0], [8], [1, 1.5]]) expect(problems(hours({ daysOfWeek: days }))).toEqual(['input.serviceHours.daysOfWeek']);
});

test('a daily window HH:MM–HH:MM with start before end, or neither time (round the clock)', () => {
  expect(problems(hours({ startTime: '00:00', endTime: '23:59' }))).toEqual([]);
  expect(problems(hours({ startTime: null, endTime: null }))).toEqual([]);
  for (const [startTime, endTime] of [
    ['09:00', '09:00'],
    ['18:00', '09:00'],
    ['09:00', null],
    [null, '18:00'],
    ['9:00', '18:00'],
    ['09:00', '24:00'],
    ['09:60', '18:00'],
    ['x09:00', '18:00'],
    ['09:00', '18:00x'],
  ]) {
    expect([startTime, endTime, problems(hours({ startTime, endTime }))]).toEqual([startTime, endTime, ['input.serviceHours']]);
  }
  expect(problems(hours({ startTime: '19:59', endTime: '20:00' }))).toEqual([]);
  expect(problems(hours({ startTime: '23:00', endTime: '23:30' }))).toEqual([]);
});

test('seats 1 to 100,000 and monthly volume 0 to 1,000,000,000, whole numbers', () => {
  expect(problems({ seatsRequired: 1, expectedMonthlyVolume: 0 })).toEqual([]);
  expect(problems({ seatsRequired: 100_000, expectedMonthlyVolume: 1_000_000_000 })).toEqual([]);
  expect(problems({ seatsRequired: 100_001, expectedMonthlyVolume: 1_000_000_001 })).toEqual(['input.seatsRequired', 'input.expectedMonthlyVolume']);
  expect(problems({ seatsRequired: 2.5, expectedMonthlyVolume: -1 })).toEqual(['input.seatsRequired', 'input.expectedMonthlyVolume']);
  expect(problems({ expectedMonthlyVolume: 10.5 })).toEqual(['input.expectedMonthlyVolume']);
});

test('peak plans end on or after they start; the staffing multiplier is above 0, at most 20, 4 decimals', () => {
  const plan = (from: string, to: string, multiplier: string) => ({ peakPlans: [{ from, to, staffingMultiplier: d(multiplier) }] });
  expect(problems(plan('2027-06-01', '2027-06-01', '20'))).toEqual([]);
  expect(problems(plan('2027-06-01', '2027-06-02', '0.0001'))).toEqual([]);
  expect(problems(plan('2027-06-02', '2027-06-01', '1'))).toEqual(['input.peakPlans.0.to']);
  for (const multiplier of ['0', '-1', '20.0001', '1.00001'])
    expect(problems(plan('2027-06-01', '2027-06-02', multiplier))).toEqual(['input.peakPlans.0.staffingMultiplier']);
});

test('KPI targets: each metric once, target not negative with 2 decimals, weight above 0 and at most 100 with 4 decimals', () => {
  const kpi = (target: string, weight?: string) => ({
    kpiTargets: [{ metric: 'SATISFACTION_RATE', comparator: 'AT_LEAST', target: d(target), unit: '%', weight: weight === undefined ? undefined : d(weight) }],
  });
  expect(problems(kpi('0'))).toEqual([]);
  expect(problems(kpi('95.25', '100'))).toEqual([]);
  expect(problems(kpi('95', '0.0001'))).toEqual([]);
  expect(problems(kpi('-0.01'))).toEqual(['input.kpiTargets.0.target']);
  expect(problems(kpi('95.255'))).toEqual(['input.kpiTargets.0.target']);
  for (const weight of ['0', '-1', '100.0001', '0.00001']) expect(problems(kpi('95', weight))).toEqual(['input.kpiTargets.0.weight']);
  const twice = { metric: 'SATISFACTION_RATE', comparator: 'AT_LEAST', target: d(90), unit: '%' };
  expect(problems({ kpiTargets: [twice, twice] })).toEqual(['input.kpiTargets.1.metric']);
  expect(normalizeRequirement(input({ kpiTargets: [{ ...twice, unit: '  %  ' }] })).value!.kpiTargets[0]!.unit).toBe('%');
});

test('term: 1 to 120 whole months', () => {
  expect(problems({ termMonths: 1 })).toEqual([]);
  expect(problems({ termMonths: 120 })).toEqual([]);
  for (const termMonths of [0, 121, 6.5]) expect(problems({ termMonths })).toEqual(['input.termMonths']);
});

test('budgets: non-negative, to the cent, at most 16 digits before the decimals, lowest not above highest', () => {
  expect(problems({ budgetMin: d(0), budgetMax: d('9999999999999999.99') })).toEqual([]);
  expect(problems({ budgetMin: d(5), budgetMax: d(5) })).toEqual([]);
  expect(problems({ budgetMin: d(-1), budgetMax: d('10000000000000000') })).toEqual(['input.budgetMin', 'input.budgetMax']);
  expect(problems({ budgetMin: d('1.001'), budgetMax: null })).toEqual(['input.budgetMin']);
  expect(problems({ budgetMin: null, budgetMax: d('1.001') })).toEqual(['input.budgetMax']);
  expect(problems({ budgetMin: d('200000.01'), budgetMax: d(200_000) })).toEqual(['input.budgetMax']);
  expect(problems({ budgetMin: d(300_000), budgetMax: null })).toEqual([]);
});

test('bidding closes before the term starts (the deadline’s UTC date is before the start date)', () => {
  expect(problems({ bidDeadline: new Date('2026-12-31T23:59:59Z'), termStart: '2027-01-01' })).toEqual([]);
  expect(problems({ bidDeadline: new Date('2027-01-01T00:00:00Z'), termStart: '2027-01-01' })).toEqual(['input.bidDeadline']);
  expect(problems({ bidDeadline: new Date('2027-02-01T00:00:00Z'), termStart: '2027-01-01' })).toEqual(['input.bidDeadline']);
});

describe('checkReason', () => {
  const field = ['input', 'reason'];
  const refusal = (reason: string | null | undefined, required: boolean) => {
    try {
      checkReason(reason, field, { required });
      return null;
    } catch (error) {
      expect(error).toBeInstanceOf(DomainErrors);
      return (error as DomainErrors).problems.map((e) => [e.code, e.path.join('.'), e.message]);
    }
  };

  test('trimmed; blank is null when optional and refused when required', () => {
    expect(checkReason('  Budget frozen.  ', field, { required: true })).toBe('Budget frozen.');
    expect(checkReason('   ', field, { required: false })).toBeNull();
    expect(checkReason(null, field, { required: false })).toBeNull();
    expect(checkReason(undefined, field, { required: false })).toBeNull();
    expect(refusal('  ', true)).toEqual([['INVALID', 'input.reason', 'Give a reason: the vendors will see it.']]);
    expect(refusal(undefined, true)).toEqual([['INVALID', 'input.reason', 'Give a reason: the vendors will see it.']]);
  });

  test(`at most ${MAX_REASON_LENGTH} characters, counted as characters (not UTF-16 units) after trimming`, () => {
    expect(MAX_REASON_LENGTH).toBe(1000);
    expect(checkReason(` ${'理'.repeat(1000)} `, field, { required: false })).toHaveLength(1000);
    expect(checkReason('😀'.repeat(1000), field, { required: true })).toBe('😀'.repeat(1000));
    expect(refusal('x'.repeat(1001), false)).toEqual([['INVALID', 'input.reason', 'A reason has at most 1,000 characters.']]);
  });
});

test('every problem’s message, as the merchant reads it', () => {
  const all = normalizeRequirement(
    input({
      title: 'ab',
      description: 'x'.repeat(20_001),
      serviceScopes: [],
      channels: [],
      serviceHours: { daysOfWeek: [0], startTime: '10:00', endTime: '09:00' },
      seatsRequired: 0,
      expectedMonthlyVolume: -1,
      peakPlans: [{ from: '2027-06-02', to: '2027-06-01', staffingMultiplier: d(0) }],
      kpiTargets: [
        { metric: 'SATISFACTION_RATE', comparator: 'AT_LEAST', target: d(-1), unit: '%', weight: d(0) },
        { metric: 'SATISFACTION_RATE', comparator: 'AT_LEAST', target: d(95), unit: '%' },
      ],
      termMonths: 0,
      budgetMin: d(-1),
      budgetMax: d(-2),
      bidDeadline: new Date('2027-01-01T00:00:00Z'),
    }),
  );
  expect(all.errors.map((e) => `${e.path.join('.')}: ${e.message}`)).toEqual([
    'input.title: Title must have 3 to 200 characters.',
    'input.description: Description may have at most 20,000 characters.',
    'input.serviceScopes: Choose at least one service scope.',
    'input.channels: Choose at least one channel.',
    'input.serviceHours.daysOfWeek: Days of week are 1 (Monday) to 7 (Sunday), at least one.',
    'input.serviceHours: Give a daily window "HH:MM"–"HH:MM" with start before end, or neither time for round the clock.',
    'input.seatsRequired: Seats required must be 1 to 100,000.',
    'input.expectedMonthlyVolume: Expected monthly volume must be a whole number ≥ 0.',
    'input.peakPlans.0.to: A peak plan ends on or after it starts.',
    'input.peakPlans.0.staffingMultiplier: Staffing multiplier must be above 0 and at most 20, with at most 4 decimals.',
    'input.kpiTargets.0.target: A KPI target is not negative and has at most 2 decimals.',
    'input.kpiTargets.0.weight: Weight must be above 0 and at most 100, with at most 4 decimals.',
    'input.kpiTargets.1.metric: SATISFACTION_RATE is listed twice.',
    'input.termMonths: Term must be 1 to 120 months.',
    'input.budgetMin: A budget is a non-negative amount in CNY with at most 2 decimals and 16 digits before them.',
    'input.budgetMax: A budget is a non-negative amount in CNY with at most 2 decimals and 16 digits before them.',
    'input.budgetMax: The highest budget is below the lowest.',
    'input.bidDeadline: Bidding must close before the term starts.',
  ]);
});

test('a time must match HH:MM exactly, not merely end with it', () => {
  expect(problems(hours({ startTime: '109:00', endTime: '18:00' }))).toEqual(['input.serviceHours']);
});
