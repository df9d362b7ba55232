import { defineStateMachine } from '../../core/state-machine.js';
import { Requirement, RequirementStatus } from './requirement.entity.js';

export const REQUIREMENT_ACTIONS = ['edit', 'publish', 'extendDeadline', 'cancel', 'invite', 'closeBidding', 'award', 'bid', 'ask', 'decideBids'] as const;
export type RequirementAction = (typeof REQUIREMENT_ACTIONS)[number];

type RequirementState = Pick<Requirement, 'status' | 'bidDeadline'>;

/** OPEN with a passed deadline reads as EVALUATING even before the deadline job has run. */
export function effectiveStatus(requirement: RequirementState, now: Date): RequirementStatus {
  if (requirement.status === RequirementStatus.OPEN && requirement.bidDeadline.getTime() <= now.getTime()) return RequirementStatus.EVALUATING;
  return requirement.status;
}

/**
 * The requirement's lifecycle as data, read from its *effective* status. EVALUATING is reached by
 * the clock, not by an action: an OPEN requirement past its deadline reads EVALUATING at once, and
 * `closeBidding` (the deadline job) only makes the stored status agree — hence EVALUATING →
 * EVALUATING, guarded so that it runs once, on a stored OPEN. Self-loops (`bid`, `ask`, `invite`,
 * `decideBids`, …) are what each status allows without leaving it.
 */
export const REQUIREMENT_MACHINE = defineStateMachine<RequirementStatus, RequirementAction, RequirementState>({
  name: 'requirement',
  states: Object.values(RequirementStatus),
  actions: REQUIREMENT_ACTIONS,
  transitions: {
    [RequirementStatus.DRAFT]: {
      edit: RequirementStatus.DRAFT,
      publish: RequirementStatus.OPEN,
      cancel: RequirementStatus.CANCELLED,
      invite: RequirementStatus.DRAFT,
    },
    [RequirementStatus.OPEN]: {
      extendDeadline: RequirementStatus.OPEN,
      cancel: RequirementStatus.CANCELLED,
      invite: RequirementStatus.OPEN,
      bid: RequirementStatus.OPEN,
      ask: RequirementStatus.OPEN,
    },
    [RequirementStatus.EVALUATING]: {
      closeBidding: RequirementStatus.EVALUATING,
      cancel: RequirementStatus.CANCELLED,
      award: RequirementStatus.AWARDED,
      decideBids: RequirementStatus.EVALUATING,
    },
    [RequirementStatus.AWARDED]: {},
    [RequirementStatus.CANCELLED]: {},
  },
  statusOf: effectiveStatus,
  guards: {
    publish: (requirement, now) =>
      requirement.bidDeadline.getTime() <= now.getTime()
        ? { code: 'DEADLINE_PASSED', message: 'The bid deadline is in the past: edit the draft and set a later one.' }
        : null,
    closeBidding: (requirement) =>
      requirement.status === RequirementStatus.OPEN ? null : { code: 'INVALID_STATE', message: 'Bidding on this requirement is already closed.' },
  },
  explainRefusal: (requirement, from, action) => {
    // An action of the bidding period after the deadline, whether or not the deadline job has run.
    if (from === RequirementStatus.EVALUATING && REQUIREMENT_MACHINE.can(RequirementStatus.OPEN, action)) {
      return { code: 'DEADLINE_PASSED', message: `The bid deadline (${requirement.bidDeadline.toISOString()}) has passed.` };
    }
    if (action === 'edit') return { code: 'INVALID_STATE', message: 'A published requirement’s terms are frozen: you may extend its deadline or cancel it.' };
    return null;
  },
});

/**
 * Whether the merchant may see the bids (sealed before: count only). AWARDED or a passed deadline
 * unseals them, except that a requirement cancelled before its deadline keeps them sealed for good.
 * The database enforces the same rule (`app_bidding_closed`, migration ..._isolation).
 */
export function bidsUnsealed(requirement: Pick<Requirement, 'status' | 'bidDeadline' | 'cancelledAt'>, now: Date): boolean {
  if (requirement.status === RequirementStatus.DRAFT) return false;
  if (requirement.status === RequirementStatus.CANCELLED && (!requirement.cancelledAt || requirement.cancelledAt.getTime() < requirement.bidDeadline.getTime()))
    return false;
  return requirement.status === RequirementStatus.AWARDED || requirement.bidDeadline.getTime() <= now.getTime();
}
