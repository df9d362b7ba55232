import { readFileSync } from 'node:fs';
import { Decimal } from 'decimal.js';
import { TransitionRefused } from '../../src/core/state-machine.js';
import { INSPECTION_MACHINE, RECTIFICATION_MACHINE, rectificationOverdue } from '../../src/modules/inspections/inspection-state.js';
import { InspectionStatus, RectificationStatus } from '../../src/modules/inspections/inspection.entity.js';
import {
  PURE_RAND_VERSION,
  contactScore,
  drawPositions,
  inspectionScore,
  isoWeekDays,
  ladderStep,
  weekMonth,
} from '../../src/modules/inspections/inspection.rules.js';
import { describeMachine } from '../helpers/state-machines.js';

const NOW = new Date();
const past = new Date(NOW.getTime() - 1000);

describeMachine(INSPECTION_MACHINE, ['DRAFT --score--> SCORED'], (status) => ({ status }));

// OPEN as the overdue job finds it: past due and not flagged yet (so the guard lets flagOverdue through).
describeMachine(
  RECTIFICATION_MACHINE,
  ['OPEN --answer--> ANSWERED', 'OPEN --flagOverdue--> OPEN', 'ANSWERED --accept--> ACCEPTED', 'ANSWERED --reject--> OPEN'],
  (status) => ({ status, dueAt: past, overdueFlaggedAt: null }),
);

test('flagOverdue: never before the due time, once per round; overdue reads from the clock', () => {
  const future = { status: RectificationStatus.OPEN, dueAt: new Date(NOW.getTime() + 1000), overdueFlaggedAt: null };
  expect(() => RECTIFICATION_MACHINE.apply(future, 'flagOverdue', NOW)).toThrow(TransitionRefused);
  expect(rectificationOverdue(future, NOW)).toBe(false);
  expect(rectificationOverdue(future, new Date(NOW.getTime() + 1000))).toBe(true);
  expect(() => RECTIFICATION_MACHINE.apply({ status: RectificationStatus.OPEN, dueAt: past, overdueFlaggedAt: past }, 'flagOverdue', NOW)).toThrow(/already/);
  expect(rectificationOverdue({ status: RectificationStatus.ANSWERED, dueAt: past, overdueFlaggedAt: null }, NOW)).toBe(false);
  expect(() => INSPECTION_MACHINE.apply({ status: InspectionStatus.SCORED }, 'score', NOW)).toThrow(/scored already/);
});

test('the draw: the same seed and population give the same positions, distinct and in range; another seed others; a small week is taken whole', () => {
  const a = drawPositions(42, 1000, 50);
  expect(drawPositions(42, 1000, 50)).toEqual(a);
  expect(new Set(a).size).toBe(50);
  expect(a.every((p) => p >= 1 && p <= 1000)).toBe(true);
  expect(drawPositions(43, 1000, 50)).not.toEqual(a);
  expect([...drawPositions(5, 7, 50)].sort((x, y) => x - y)).toEqual([1, 2, 3, 4, 5, 6, 7]);
  // Pinned: a change of library or algorithm shows here (and in the stored algorithm name).
  expect(drawPositions(42, 200, 5)).toMatchSnapshot();
});

test('the stored algorithm names the exact pure-rand version installed and pinned', () => {
  const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { dependencies: Record<string, string> };
  expect(pkg.dependencies['pure-rand']).toBe(PURE_RAND_VERSION);
  expect((JSON.parse(readFileSync('node_modules/pure-rand/package.json', 'utf8')) as { version: string }).version).toBe(PURE_RAND_VERSION);
});

test('ISO weeks and the month of a week', () => {
  expect(isoWeekDays('2027-W01')).toEqual({ start: '2027-01-04', end: '2027-01-10' });
  expect(isoWeekDays('2026-W53')).toEqual({ start: '2026-12-28', end: '2027-01-03' });
  expect(isoWeekDays('2027-W53')).toBeNull();
  expect(isoWeekDays('2027-W00')).toBeNull();
  expect(weekMonth('2026-12-28')).toBe('2026-12-01');
  expect(weekMonth('2027-03-29')).toBe('2027-04-01');
});

test('scores: weighted average, 0 after a critical violation, exact averages with 2 decimals', () => {
  const criteria = [
    { name: 'A', weight: '1.0000', critical: false },
    { name: 'B', weight: '2.0000', critical: true },
  ];
  expect(
    contactScore(criteria, [
      { criterion: 'A', score: '100.00', violation: false },
      { criterion: 'B', score: '85.00', violation: false },
    ]),
  ).toEqual({
    score: '90.00',
    criticalViolation: false,
  });
  expect(
    contactScore(criteria, [
      { criterion: 'A', score: '100.00', violation: false },
      { criterion: 'B', score: '100.00', violation: true },
    ]),
  ).toEqual({
    score: '0.00',
    criticalViolation: true,
  });
  expect(inspectionScore(['100.00', '100.00', '0.00'])).toBe('66.67');
  expect(inspectionScore(['80.01', '79.99'])).toBe('80.00');
  expect(new Decimal(inspectionScore(['79.99', '79.99', '80.00'])).lt('80')).toBe(true);
});

test('the ladder: 1st rectification only; 2nd and later a deduction; from the 3rd a right (and the end when the rules say so)', () => {
  const rules = { repeatFailureDeductionPercent: '10', terminationRightAtFailure: 3, autoTerminateAtThirdFailure: false };
  expect([1, 2, 3, 4].map((n) => ladderStep(n, rules))).toEqual([
    { deductionPercent: null, terminationRight: false, autoTerminate: false },
    { deductionPercent: '10.00', terminationRight: false, autoTerminate: false },
    { deductionPercent: '10.00', terminationRight: true, autoTerminate: false },
    { deductionPercent: '10.00', terminationRight: true, autoTerminate: false },
  ]);
  expect(ladderStep(3, { ...rules, autoTerminateAtThirdFailure: true }).autoTerminate).toBe(true);
});
