import 'reflect-metadata';
import { Decimal } from 'decimal.js';
import { normalizeBid } from '../../src/modules/bids/bid.rules.js';
import type { BidInput } from '../../src/modules/bids/bid.types.js';
import type { Requirement } from '../../src/modules/requirements/requirement.entity.js';

/** A bid checked against its requirement (bid.rules.ts), at its bounds. */

const d = (value: string | number) => new Decimal(value);
const REQUIREMENT = {
  kpiTargets: [
    { metric: 'FIRST_RESPONSE_SECONDS', comparator: 'AT_MOST', target: '15', unit: 's', weight: '2' },
    { metric: 'SATISFACTION_RATE', comparator: 'AT_LEAST', target: '95', unit: '%', weight: '1' },
  ],
} as unknown as Requirement;

function input(overrides: Record<string, unknown> = {}, staffing: Record<string, unknown> = {}): BidInput {
  return {
    staffing: {
      agents: 22,
      teamLeads: 2,
      qualityStaff: 1,
      trainers: 1,
      reserveRatio: d('0.2'),
      languages: ['zh-CN'],
      maxMonthlyAttrition: d('0.15'),
      ...staffing,
    },
    pricing: { model: 'PER_CONTACT', baseRate: d('1.34'), rampFactors: [d('0.8'), d('0.9'), d(1)] },
    kpiCommitments: [
      { metric: 'FIRST_RESPONSE_SECONDS', value: d(12) },
      { metric: 'SATISFACTION_RATE', value: d(96) },
    ],
    notes: 'Team in Chengdu.',
    ...overrides,
  } as unknown as BidInput;
}

const problems = (overrides: Record<string, unknown> = {}, staffing: Record<string, unknown> = {}) =>
  normalizeBid(input(overrides, staffing), REQUIREMENT).errors.map((e) => e.path.join('.'));

describe('normalizeBid', () => {
  test('a valid bid is normalized: trimmed, languages de-duplicated, decimals as strings, pricing defaults applied', () => {
    const { value, errors } = normalizeBid(
      input(
        { notes: '  Team in Chengdu.  ', kpiCommitments: [{ metric: 'SATISFACTION_RATE', value: d('96.50') }] },
        { shifts: '  two shifts ', languages: [' zh-CN ', 'zh-CN', 'en', '  '], trainingPlan: '  two weeks  ', reserveRatio: d('0.25') },
      ),
      REQUIREMENT,
    );
    expect(errors).toEqual([]);
    expect(value).toEqual({
      staffing: {
        agents: 22,
        teamLeads: 2,
        qualityStaff: 1,
        trainers: 1,
        reserveRatio: '0.25',
        shifts: 'two shifts',
        languages: ['zh-CN', 'en'],
        trainingPlan: 'two weeks',
        maxMonthlyAttrition: '0.15',
      },
      pricing: { model: 'PER_CONTACT', baseRate: d('1.34'), rampFactors: [d('0.8'), d('0.9'), d(1)], holidayMultiplier: d(3), vatRate: d('0.06') },
      kpiCommitments: [{ metric: 'SATISFACTION_RATE', value: '96.5' }],
      notes: 'Team in Chengdu.',
    });
  });

  test('optional parts left out or blank become null or empty', () => {
    const { value, errors } = normalizeBid(
      input({ kpiCommitments: undefined, notes: '   ' }, { shifts: '  ', languages: undefined, trainingPlan: undefined, maxMonthlyAttrition: undefined }),
      REQUIREMENT,
    );
    expect(errors).toEqual([]);
    expect(value).toMatchObject({ kpiCommitments: [], notes: null, staffing: { shifts: null, languages: [], trainingPlan: null, maxMonthlyAttrition: null } });
    expect(normalizeBid(input({ notes: null }), REQUIREMENT).value!.notes).toBeNull();
  });

  test('an invalid bid yields no value and every problem with its path under input', () => {
    const { value, errors } = normalizeBid(input({}, { agents: 0 }), REQUIREMENT);
    expect(value).toBeNull();
    expect(errors.map((e) => [e.code, e.path])).toEqual([['INVALID', ['input', 'staffing', 'agents']]]);
  });

  test('agents: whole number from 1 to 100,000', () => {
    expect(problems({}, { agents: 1 })).toEqual([]);
    expect(problems({}, { agents: 100_000 })).toEqual([]);
    for (const agents of [0, 100_001, 1.5]) expect(problems({}, { agents })).toEqual(['input.staffing.agents']);
  });

  test('team leads, quality staff and trainers: whole numbers from 0 to 100,000', () => {
    expect(problems({}, { teamLeads: 0, qualityStaff: 0, trainers: 100_000 })).toEqual([]);
    expect(problems({}, { teamLeads: -1, qualityStaff: 0.5, trainers: 100_001 })).toEqual([
      'input.staffing.teamLeads',
      'input.staffing.qualityStaff',
      'input.staffing.trainers',
    ]);
  });

  test('reserve ratio and maximum monthly attrition: fractions from 0 to 1 with at most 4 decimals', () => {
    expect(problems({}, { reserveRatio: d(0), maxMonthlyAttrition: d(0) })).toEqual([]);
    expect(problems({}, { reserveRatio: d(1), maxMonthlyAttrition: d(1) })).toEqual([]);
    expect(problems({}, { reserveRatio: d('0.1234'), maxMonthlyAttrition: d('0.1234') })).toEqual([]);
    for (const bad of ['-0.0001', '1.0001', '0.12345']) {
      expect(problems({}, { reserveRatio: d(bad), maxMonthlyAttrition: d(bad) })).toEqual([
        'input.staffing.reserveRatio',
        'input.staffing.maxMonthlyAttrition',
      ]);
    }
  });

  test('pricing problems come under input.pricing', () => {
    expect(problems({ pricing: { model: 'PER_CONTACT', baseRate: d(0) } })).toEqual(['input.pricing.baseRate']);
    expect(problems({ pricing: { model: 'FIXED_MONTHLY', monthlyFee: d(1000), baseRate: d(1) } })).toEqual(['input.pricing.baseRate']);
  });

  test('KPI commitments: only the requirement’s metrics, each once, not negative, at most 2 decimals', () => {
    expect(problems({ kpiCommitments: [{ metric: 'FIRST_RESPONSE_SECONDS', value: d(0) }] })).toEqual([]);
    expect(problems({ kpiCommitments: [{ metric: 'RESOLUTION_RATE', value: d(90) }] })).toEqual(['input.kpiCommitments.0.metric']);
    const twice = { metric: 'SATISFACTION_RATE', value: d(96) };
    expect(problems({ kpiCommitments: [twice, twice] })).toEqual(['input.kpiCommitments.1.metric']);
    expect(problems({ kpiCommitments: [{ metric: 'SATISFACTION_RATE', value: d('-0.01') }] })).toEqual(['input.kpiCommitments.0.value']);
    expect(problems({ kpiCommitments: [{ metric: 'SATISFACTION_RATE', value: d('96.555') }] })).toEqual(['input.kpiCommitments.0.value']);
    const unknown = normalizeBid(input({ kpiCommitments: [{ metric: 'RESOLUTION_RATE', value: d(90) }] }), REQUIREMENT).errors[0]!.message;
    expect(unknown).toBe('The requirement has no RESOLUTION_RATE target: commit only to its KPIs (FIRST_RESPONSE_SECONDS, SATISFACTION_RATE).');
    const none = normalizeBid(input({ kpiCommitments: [{ metric: 'RESOLUTION_RATE', value: d(90) }] }), { kpiTargets: [] } as unknown as Requirement).errors[0]!
      .message;
    expect(none).toBe('The requirement has no RESOLUTION_RATE target: commit only to its KPIs (none).');
  });

  test('notes: at most 20,000 characters after trimming', () => {
    expect(problems({ notes: ` ${'x'.repeat(20_000)} ` })).toEqual([]);
    expect(problems({ notes: 'x'.repeat(20_001) })).toEqual(['input.notes']);
  });
});

test('every problem’s message, as the vendor reads it', () => {
  const twice = { metric: 'SATISFACTION_RATE', value: d('-1') };
  const all = normalizeBid(
    input({ kpiCommitments: [twice, twice], notes: 'x'.repeat(20_001) }, { agents: 0, teamLeads: -1, reserveRatio: d(2), maxMonthlyAttrition: d(2) }),
    REQUIREMENT,
  );
  expect(all.errors.map((e) => `${e.path.join('.')}: ${e.message}`)).toEqual([
    'input.staffing.agents: Agents must be a whole number from 1 to 100,000.',
    'input.staffing.teamLeads: teamLeads must be a whole number ≥ 0.',
    'input.staffing.reserveRatio: Reserve ratio is a fraction from 0 to 1 with at most 4 decimals (0.2 = 20% reserve).',
    'input.staffing.maxMonthlyAttrition: Maximum monthly attrition is a fraction from 0 to 1 with at most 4 decimals (0.15 = 15%).',
    'input.kpiCommitments.0.value: A KPI value is not negative and has at most 2 decimals.',
    'input.kpiCommitments.1.metric: SATISFACTION_RATE is committed twice.',
    'input.kpiCommitments.1.value: A KPI value is not negative and has at most 2 decimals.',
    'input.notes: Notes may have at most 20,000 characters.',
  ]);
});
