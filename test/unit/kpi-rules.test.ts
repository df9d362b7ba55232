import { Decimal } from 'decimal.js';
import { KpiComparatorEnum } from '../../src/modules/kpis/kpi.model.js';
import { evaluateStreaks, isMet, kpiDefinitions, kpiMonthRollup, missedRuns, type MonthRow } from '../../src/modules/kpis/kpi.rules.js';

const thresholds = { rectificationAfterDays: 3, terminationRightAfterDays: 7 };
const days = (pattern: string) => [...pattern].map((c, i) => ({ day: `2027-01-${String(i + 1).padStart(2, '0')}`, met: c === 'o' }));

test('exactly at the target is met for both comparators; decimals compare exactly', () => {
  expect(isMet(new Decimal('15'), KpiComparatorEnum.AT_MOST, new Decimal('15.00'))).toBe(true);
  expect(isMet(new Decimal('15.01'), KpiComparatorEnum.AT_MOST, new Decimal('15'))).toBe(false);
  expect(isMet(new Decimal('95'), KpiComparatorEnum.AT_LEAST, new Decimal('95.00'))).toBe(true);
  expect(isMet(new Decimal('94.99'), KpiComparatorEnum.AT_LEAST, new Decimal('95'))).toBe(false);
});

test('a target relative to a baseline is baseline × multiplier, half-up to 2 decimals; a missing weight counts 1', () => {
  const definitions = kpiDefinitions({
    requirement: {
      kpiTargets: [
        { metric: 'CONVERSION_RATE', comparator: 'AT_LEAST', target: '0', unit: '%', weight: '2', baseline: '3.21', multiplier: '1.15' },
        { metric: 'FIRST_RESPONSE_SECONDS', comparator: 'AT_MOST', target: '15', unit: 's' },
      ] as never,
    } as never,
  });
  // 3.21 × 1.15 = 3.6915 → 3.69
  expect(definitions.get('CONVERSION_RATE')).toMatchObject({ target: new Decimal('3.69'), baseline: new Decimal('3.21'), multiplier: new Decimal('1.15') });
  expect(definitions.get('FIRST_RESPONSE_SECONDS')).toMatchObject({ target: new Decimal('15'), weight: new Decimal(1), baseline: null });
});

test('2 missed then met opens nothing; 3 open a notice; 7 give a right; a met day resets', () => {
  expect(evaluateStreaks(days('xxo'), [], [], thresholds)).toEqual({ open: [], withdraw: [], grant: [] });
  expect(evaluateStreaks(days('xxoxxx'), [], [], thresholds).open).toEqual([['2027-01-04', '2027-01-05', '2027-01-06']]);
  const seven = evaluateStreaks(days('xxxxxxxoxxx'), [], [], thresholds);
  expect(seven.open).toEqual([days('xxx').map((d) => d.day), ['2027-01-09', '2027-01-10', '2027-01-11']]);
  expect(seven.grant).toEqual([days('xxxxxxx').map((d) => d.day)]);
  expect(missedRuns(days('oxxoxo'))).toEqual([['2027-01-02', '2027-01-03'], ['2027-01-05']]);
});

test('stored notices and rights lying in one run cover it; a notice whose days are corrected is withdrawn; rights never are', () => {
  const notice = { id: 'n1', days: ['2027-01-02', '2027-01-03', '2027-01-04'] };
  const right = { id: 'r1', days: days('xxxxxxx').map((d) => d.day) };
  // Still missed, longer run: covered, nothing new.
  expect(evaluateStreaks(days('xxxxx'), [notice], [], thresholds)).toEqual({ open: [], withdraw: [], grant: [] });
  // Jan 3 corrected to met: the notice is withdrawn; the right is not, but no longer covers anything.
  expect(evaluateStreaks(days('xxoxxxxxxxx'), [notice], [right], thresholds)).toEqual({
    open: [['2027-01-04', '2027-01-05', '2027-01-06']],
    withdraw: ['n1'],
    grant: [
      days('xxxxxxxxxxx')
        .slice(3, 10)
        .map((d) => d.day),
    ],
  });
});

test('attainment and weighted score: exact attainments weighted, rounded once; streaks carried in from before the month', () => {
  const row = (metric: string, day: number, met: boolean, weight: string): MonthRow => ({
    metric,
    day: `2027-02-0${day}`,
    comparator: 'AT_MOST',
    target: '15',
    unit: 's',
    weight,
    met,
  });
  const rollup = kpiMonthRollup(
    [
      row('A', 1, false, '2'),
      row('A', 2, true, '2'),
      row('A', 3, true, '2'),
      row('B', 1, false, '1'),
      row('B', 2, true, '1'),
      row('B', 3, true, '1'),
      row('B', 4, true, '1'),
    ],
    new Map([['A', 4]]),
  );
  expect(rollup.kpis.map((k) => [k.metric, k.daysMeasured, k.daysMet, k.attainment.toFixed(2), k.currentMissedStreak, k.longestMissedStreak])).toEqual([
    ['A', 3, 2, '66.67', 0, 5],
    ['B', 4, 3, '75.00', 0, 1],
  ]);
  expect(rollup.score!.toFixed(2)).toBe('69.44');
  expect(kpiMonthRollup([row('A', 1, true, '0')], new Map()).score).toBeNull();
});
