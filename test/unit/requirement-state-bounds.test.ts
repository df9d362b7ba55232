import { RequirementStatus } from '../../src/modules/requirements/requirement.entity.js';
import { REQUIREMENT_MACHINE, bidsUnsealed, effectiveStatus, type RequirementAction } from '../../src/modules/requirements/requirement-state.js';

/** Where the table leads from the status as read at `now` (guards aside), or null. */
const transition = (requirement: { status: RequirementStatus; bidDeadline: Date }, action: RequirementAction, now: Date) =>
  REQUIREMENT_MACHINE.next(REQUIREMENT_MACHINE.statusOf(requirement, now), action);

/** The deadline rules of the requirement state machine at the exact instant, and for statuses the deadline does not move. */

const deadline = new Date('2026-12-01T10:00:00Z');
const before = new Date(deadline.getTime() - 1);
const after = new Date(deadline.getTime() + 1);

test('OPEN reads as EVALUATING from the deadline instant on, not a millisecond before', () => {
  const open = { status: RequirementStatus.OPEN, bidDeadline: deadline };
  expect([before, deadline, after].map((now) => effectiveStatus(open, now))).toEqual([
    RequirementStatus.OPEN,
    RequirementStatus.EVALUATING,
    RequirementStatus.EVALUATING,
  ]);
  expect(transition(open, 'bid', deadline)).toBeNull();
  expect(transition(open, 'bid', before)).toBe(RequirementStatus.OPEN);
});

test('a passed deadline changes no other status', () => {
  for (const status of [RequirementStatus.DRAFT, RequirementStatus.EVALUATING, RequirementStatus.AWARDED, RequirementStatus.CANCELLED]) {
    expect([status, effectiveStatus({ status, bidDeadline: deadline }, after)]).toEqual([status, status]);
  }
  expect(transition({ status: RequirementStatus.DRAFT, bidDeadline: deadline }, 'publish', after)).toBe(RequirementStatus.OPEN);
});

test('bids unseal at the deadline instant; cancelling exactly at the deadline does not keep them sealed', () => {
  const open = { status: RequirementStatus.OPEN, bidDeadline: deadline, cancelledAt: null };
  expect([before, deadline].map((now) => bidsUnsealed(open, now))).toEqual([false, true]);
  const cancelledAtDeadline = { status: RequirementStatus.CANCELLED, bidDeadline: deadline, cancelledAt: deadline };
  expect(bidsUnsealed(cancelledAtDeadline, after)).toBe(true);
  expect(bidsUnsealed({ ...cancelledAtDeadline, cancelledAt: before }, after)).toBe(false);
  expect(bidsUnsealed({ ...cancelledAtDeadline, cancelledAt: null }, after)).toBe(false);
});
