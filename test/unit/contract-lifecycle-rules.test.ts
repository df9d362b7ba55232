import { Decimal } from 'decimal.js';
import { DomainErrors } from '../../src/core/domain-error.js';
import { checkLifecycleReason, normalizeTermsChange } from '../../src/modules/contracts/contract-lifecycle.rules.js';
import type { AmendmentProposal } from '../../src/modules/contracts/contract.model.js';

const d = (value: string | number) => new Decimal(value);
const proposal = (overrides: Partial<AmendmentProposal>): AmendmentProposal => ({ effectiveFrom: '2027-02-01', reason: 'Longer hours.', ...overrides });

/** The problems a call throws, as [path, message]; [] when it passes. */
function problems(call: () => unknown): string[][] {
  try {
    call();
    return [];
  } catch (error) {
    if (!(error instanceof DomainErrors)) throw error;
    return error.problems.map((p) => [p.path.join('.'), p.message]);
  }
}

describe('a lifecycle reason', () => {
  test('is trimmed and has 3 to 2,000 characters (counted as characters, not UTF-16 units)', () => {
    expect(checkLifecycleReason('  Late again.  ', ['input', 'reason'])).toBe('Late again.');
    expect(checkLifecycleReason('迟到了', ['input', 'reason'])).toBe('迟到了');
    expect(checkLifecycleReason('x'.repeat(2000), ['input', 'reason'])).toHaveLength(2000);
    expect(checkLifecycleReason('😀😀😀', ['r'])).toBe('😀😀😀');
    const refused = [['input.reason', 'Give a reason of 3 to 2,000 characters.']];
    expect(problems(() => checkLifecycleReason('  ab  ', ['input', 'reason']))).toEqual(refused);
    expect(problems(() => checkLifecycleReason('x'.repeat(2001), ['input', 'reason']))).toEqual(refused);
    expect(problems(() => checkLifecycleReason(null, ['input', 'reason']))).toEqual(refused);
    expect(problems(() => checkLifecycleReason(undefined, ['input', 'reason']))).toEqual(refused);
  });
});

describe('what an amendment changes', () => {
  test('pricing is validated like a bid’s and stored as decimal strings', () => {
    expect(normalizeTermsChange(proposal({ pricing: { model: 'PER_CONTACT', baseRate: d('1.20'), rampFactors: [d('0.9'), d('1')] } }))).toEqual({
      pricing: {
        model: 'PER_CONTACT',
        baseRate: '1.2',
        rampFactors: ['0.9', '1'],
        seatRates: null,
        monthlyFee: null,
        tiers: null,
        holidayMultiplier: '3',
        vatRate: '0.06',
      },
    });
    expect(problems(() => normalizeTermsChange(proposal({ pricing: { model: 'PER_CONTACT' } })))[0]![0]).toMatch(/^input\.pricing\./);
  });

  test('KPI targets: a metric once, a target not negative with 2 decimals at most, a weight in (0, 100] with 4, a unit of 1 to 20 characters', () => {
    const target = (overrides: Record<string, unknown> = {}) =>
      ({ metric: 'ANSWER_RATE', comparator: 'AT_LEAST', target: d('95'), unit: ' % ', ...overrides }) as never;
    expect(
      normalizeTermsChange(
        proposal({ kpiTargets: [target(), target({ metric: 'FIRST_RESPONSE_SECONDS', comparator: 'AT_MOST', target: d(0), unit: 's', weight: d(100) })] }),
      ),
    ).toEqual({
      kpiTargets: [
        { metric: 'ANSWER_RATE', comparator: 'AT_LEAST', target: '95', unit: '%', weight: '1' },
        { metric: 'FIRST_RESPONSE_SECONDS', comparator: 'AT_MOST', target: '0', unit: 's', weight: '100' },
      ],
    });
    expect(normalizeTermsChange(proposal({ kpiTargets: [target({ target: d('95.25'), weight: d('0.0001'), unit: 'x'.repeat(20) })] }))).toMatchObject({
      kpiTargets: [{ target: '95.25', weight: '0.0001' }],
    });
    expect(
      problems(() =>
        normalizeTermsChange(
          proposal({
            kpiTargets: [
              target({ target: d('-1') }),
              target({ target: d('95.125'), weight: d(0) }),
              target({ metric: 'CONVERSION_RATE', weight: d('100.0001'), unit: '   ' }),
              target({ metric: 'RESOLUTION_RATE', weight: d('0.00001'), unit: 'x'.repeat(21) }),
            ],
          }),
        ),
      ),
    ).toEqual([
      ['input.kpiTargets.0.target', 'A KPI target is not negative and has at most 2 decimals.'],
      ['input.kpiTargets.1.metric', 'ANSWER_RATE is listed twice.'],
      ['input.kpiTargets.1.target', 'A KPI target is not negative and has at most 2 decimals.'],
      ['input.kpiTargets.1.weight', 'Weight must be above 0 and at most 100, with at most 4 decimals.'],
      ['input.kpiTargets.2.weight', 'Weight must be above 0 and at most 100, with at most 4 decimals.'],
      ['input.kpiTargets.2.unit', 'A unit has 1 to 20 characters ("s", "%").'],
      ['input.kpiTargets.3.weight', 'Weight must be above 0 and at most 100, with at most 4 decimals.'],
      ['input.kpiTargets.3.unit', 'A unit has 1 to 20 characters ("s", "%").'],
    ]);
  });

  test('termination rules: whole days in their ranges (notice and transition from 0, cure from 1, all to 365); a compensation factor from 0 to 12 with 4 decimals', () => {
    expect(
      normalizeTermsChange(
        proposal({ termination: { convenienceNoticeDays: 0, curePeriodDays: 1, transitionDays: 365, shortNoticeCompensationMonths: d('0') } }),
      ),
    ).toEqual({ termination: { convenienceNoticeDays: 0, curePeriodDays: 1, transitionDays: 365, shortNoticeCompensationMonths: '0' } });
    expect(normalizeTermsChange(proposal({ termination: { convenienceNoticeDays: 365, transitionDays: 0, shortNoticeCompensationMonths: d('12') } }))).toEqual({
      termination: { convenienceNoticeDays: 365, transitionDays: 0, shortNoticeCompensationMonths: '12' },
    });
    expect(
      normalizeTermsChange(proposal({ termination: { curePeriodDays: 30, shortNoticeCompensationMonths: d('1.5'), convenienceNoticeDays: null } })),
    ).toEqual({
      termination: { curePeriodDays: 30, shortNoticeCompensationMonths: '1.5' },
    });
    expect(
      problems(() =>
        normalizeTermsChange(
          proposal({ termination: { convenienceNoticeDays: -1, curePeriodDays: 0, transitionDays: 366, shortNoticeCompensationMonths: d('12.0001') } }),
        ),
      ),
    ).toEqual([
      ['input.termination.convenienceNoticeDays', 'convenienceNoticeDays is a whole number of days from 0 to 365.'],
      ['input.termination.curePeriodDays', 'curePeriodDays is a whole number of days from 1 to 365.'],
      ['input.termination.transitionDays', 'transitionDays is a whole number of days from 0 to 365.'],
      ['input.termination.shortNoticeCompensationMonths', 'A factor from 0 to 12 with at most 4 decimals.'],
    ]);
    expect(problems(() => normalizeTermsChange(proposal({ termination: { convenienceNoticeDays: 1.5, shortNoticeCompensationMonths: d('-0.5') } })))).toEqual([
      ['input.termination.convenienceNoticeDays', 'convenienceNoticeDays is a whole number of days from 0 to 365.'],
      ['input.termination.shortNoticeCompensationMonths', 'A factor from 0 to 12 with at most 4 decimals.'],
    ]);
    expect(problems(() => normalizeTermsChange(proposal({ termination: { shortNoticeCompensationMonths: d('0.00001') } })))).toHaveLength(1);
  });

  test('an amendment that changes nothing is refused', () => {
    const nothing = [['input', 'An amendment changes something: give pricing, KPI targets or termination rules.']];
    expect(problems(() => normalizeTermsChange(proposal({})))).toEqual(nothing);
    expect(problems(() => normalizeTermsChange(proposal({ termination: { convenienceNoticeDays: null } })))).toEqual(nothing);
  });
});
