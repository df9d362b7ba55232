import { Requirement, RequirementStatus } from './requirement.entity.js';

export type RequirementAction = 'edit' | 'publish' | 'extendDeadline' | 'cancel' | 'invite' | 'closeBidding' | 'award' | 'bid' | 'ask' | 'decideBids';

/** The requirement state machine as data: which action each status allows, and where it leads. */
export const REQUIREMENT_TRANSITIONS: Record<RequirementStatus, Partial<Record<RequirementAction, RequirementStatus>>> = {
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
    closeBidding: RequirementStatus.EVALUATING,
    bid: RequirementStatus.OPEN,
    ask: RequirementStatus.OPEN,
  },
  [RequirementStatus.EVALUATING]: {
    cancel: RequirementStatus.CANCELLED,
    award: RequirementStatus.AWARDED,
    decideBids: RequirementStatus.EVALUATING,
  },
  [RequirementStatus.AWARDED]: {},
  [RequirementStatus.CANCELLED]: {},
};

/** OPEN with a passed deadline reads as EVALUATING even before the deadline job has run. */
export function effectiveStatus(requirement: Pick<Requirement, 'status' | 'bidDeadline'>, now = new Date()): RequirementStatus {
  if (requirement.status === RequirementStatus.OPEN && requirement.bidDeadline.getTime() <= now.getTime()) return RequirementStatus.EVALUATING;
  return requirement.status;
}

/** The status an action leads to from the requirement's effective status, or null when not allowed. */
export function transition(requirement: Pick<Requirement, 'status' | 'bidDeadline'>, action: RequirementAction, now = new Date()): RequirementStatus | null {
  return REQUIREMENT_TRANSITIONS[effectiveStatus(requirement, now)][action] ?? null;
}

/**
 * Whether the merchant may see the bids (sealed before: count only). AWARDED or a passed deadline
 * unseals them, except that a requirement cancelled before its deadline keeps them sealed for good.
 * The database enforces the same rule (`app_bidding_closed`, migration ..._isolation).
 */
export function bidsUnsealed(requirement: Pick<Requirement, 'status' | 'bidDeadline' | 'cancelledAt'>, now = new Date()): boolean {
  if (requirement.status === RequirementStatus.DRAFT) return false;
  if (requirement.status === RequirementStatus.CANCELLED && (!requirement.cancelledAt || requirement.cancelledAt.getTime() < requirement.bidDeadline.getTime())) return false;
  return requirement.status === RequirementStatus.AWARDED || requirement.bidDeadline.getTime() <= now.getTime();
}
