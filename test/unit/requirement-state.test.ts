import { TransitionRefused } from '../../src/core/state-machine.js';
import { RequirementStatus } from '../../src/modules/requirements/requirement.entity.js';
import { REQUIREMENT_MACHINE, bidsUnsealed, effectiveStatus } from '../../src/modules/requirements/requirement-state.js';
import { describeMachine } from '../helpers/state-machines.js';

/** The clock these rules read (the state functions take the time explicitly). */
const NOW = new Date();

const future = new Date(Date.now() + 3600_000);
const past = new Date(Date.now() - 1000);

/** The spec: every transition the requirement allows, from its effective status. Everything else is refused. */
const ALLOWED = [
  'DRAFT --edit--> DRAFT',
  'DRAFT --publish--> OPEN',
  'DRAFT --cancel--> CANCELLED',
  'DRAFT --invite--> DRAFT',
  'OPEN --extendDeadline--> OPEN',
  'OPEN --cancel--> CANCELLED',
  'OPEN --invite--> OPEN',
  'OPEN --bid--> OPEN',
  'OPEN --ask--> OPEN',
  'EVALUATING --closeBidding--> EVALUATING',
  'EVALUATING --cancel--> CANCELLED',
  'EVALUATING --award--> AWARDED',
  'EVALUATING --decideBids--> EVALUATING',
];

// EVALUATING as the deadline job finds it: stored OPEN, deadline passed (so every guard lets it through).
describeMachine(REQUIREMENT_MACHINE, ALLOWED, (status) =>
  status === RequirementStatus.EVALUATING
    ? { status: RequirementStatus.OPEN, bidDeadline: past }
    : { status, bidDeadline: status === RequirementStatus.DRAFT || status === RequirementStatus.OPEN ? future : past },
);

function refusal(
  status: RequirementStatus,
  bidDeadline: Date,
  action: Parameters<typeof REQUIREMENT_MACHINE.apply>[1],
): { code: string; message: string } | null {
  try {
    REQUIREMENT_MACHINE.apply({ status, bidDeadline }, action, NOW);
    return null;
  } catch (error) {
    if (!(error instanceof TransitionRefused)) throw error;
    return { code: error.code, message: error.message };
  }
}

test('after the deadline, actions of the bidding period are refused with DEADLINE_PASSED, whether or not the job has stored EVALUATING', () => {
  for (const stored of [RequirementStatus.OPEN, RequirementStatus.EVALUATING]) {
    for (const action of ['bid', 'ask', 'extendDeadline', 'invite'] as const) {
      expect(refusal(stored, past, action)).toMatchObject({ code: 'DEADLINE_PASSED' });
    }
    expect(refusal(stored, past, 'publish')).toMatchObject({ code: 'INVALID_STATE' });
  }
  expect(refusal(RequirementStatus.AWARDED, past, 'bid')).toMatchObject({ code: 'INVALID_STATE', message: 'A AWARDED requirement does not allow this (bid).' });
  expect(refusal(RequirementStatus.OPEN, future, 'edit')).toMatchObject({ code: 'INVALID_STATE', message: expect.stringContaining('frozen') });
});

test('guards: a draft with a passed deadline cannot be published; bidding closes once, on a stored OPEN, and never early', () => {
  expect(refusal(RequirementStatus.DRAFT, past, 'publish')).toMatchObject({ code: 'DEADLINE_PASSED' });
  expect(refusal(RequirementStatus.EVALUATING, past, 'closeBidding')).toMatchObject({
    code: 'INVALID_STATE',
    message: expect.stringContaining('already closed'),
  });
  expect(refusal(RequirementStatus.OPEN, future, 'closeBidding')).toMatchObject({ code: 'INVALID_STATE' });
  const due = { status: RequirementStatus.OPEN, bidDeadline: past };
  expect(REQUIREMENT_MACHINE.apply(due, 'closeBidding', NOW)).toEqual({ from: RequirementStatus.OPEN, to: RequirementStatus.EVALUATING });
  expect(due.status).toBe(RequirementStatus.EVALUATING);
});

test('check leaves the requirement as it is; apply reports the stored status as from', () => {
  const late = { status: RequirementStatus.OPEN, bidDeadline: past };
  expect(REQUIREMENT_MACHINE.check(late, 'decideBids', NOW)).toEqual({ from: RequirementStatus.OPEN, to: RequirementStatus.EVALUATING });
  expect(late.status).toBe(RequirementStatus.OPEN);
  expect(REQUIREMENT_MACHINE.apply(late, 'award', NOW)).toEqual({ from: RequirementStatus.OPEN, to: RequirementStatus.AWARDED });
});

test('a passed deadline closes bidding even while the stored status is still OPEN', () => {
  expect(effectiveStatus({ status: RequirementStatus.OPEN, bidDeadline: future }, NOW)).toBe(RequirementStatus.OPEN);
  expect(effectiveStatus({ status: RequirementStatus.OPEN, bidDeadline: past }, NOW)).toBe(RequirementStatus.EVALUATING);
  expect(REQUIREMENT_MACHINE.statusOf({ status: RequirementStatus.OPEN, bidDeadline: past }, NOW)).toBe(RequirementStatus.EVALUATING);
  expect(refusal(RequirementStatus.OPEN, past, 'bid')).toMatchObject({ code: 'DEADLINE_PASSED' });
  expect(refusal(RequirementStatus.OPEN, past, 'award')).toBeNull();
  expect(refusal(RequirementStatus.OPEN, future, 'award')).toMatchObject({ code: 'INVALID_STATE' });
});

test('bidsUnsealed: AWARDED or a passed deadline unseals, except a cancellation before the deadline, for good', () => {
  const at = (ms: number) => new Date(Date.now() + ms);
  const req = (status: RequirementStatus, bidDeadline: Date, cancelledAt: Date | null = null) => ({ status, bidDeadline, cancelledAt });
  expect(bidsUnsealed(req(RequirementStatus.OPEN, future), NOW)).toBe(false);
  expect(bidsUnsealed(req(RequirementStatus.OPEN, past), NOW)).toBe(true);
  expect(bidsUnsealed(req(RequirementStatus.EVALUATING, past), NOW)).toBe(true);
  expect(bidsUnsealed(req(RequirementStatus.AWARDED, future), NOW)).toBe(true);
  expect(bidsUnsealed(req(RequirementStatus.DRAFT, past), NOW)).toBe(false);
  // Cancelled before the deadline: sealed, also once the deadline has passed.
  expect(bidsUnsealed(req(RequirementStatus.CANCELLED, future, at(-1000)), NOW)).toBe(false);
  expect(bidsUnsealed(req(RequirementStatus.CANCELLED, at(-1000), at(-2000)), NOW)).toBe(false);
  expect(bidsUnsealed(req(RequirementStatus.CANCELLED, past, null), NOW)).toBe(false);
  // Cancelled after the deadline: the merchant had already seen them.
  expect(bidsUnsealed(req(RequirementStatus.CANCELLED, at(-2000), at(-1000)), NOW)).toBe(true);
});
