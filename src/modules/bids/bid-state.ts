import { defineStateMachine } from '../../core/state-machine.js';
import { BidStatus } from './bid.entity.js';

export const BID_ACTIONS = ['revise', 'withdraw', 'resubmit', 'shortlist', 'reject', 'accept'] as const;
export type BidAction = (typeof BID_ACTIONS)[number];

/**
 * A bid's lifecycle as data. It is created SUBMITTED; the vendor revises or withdraws it (and may
 * submit again after withdrawing) while bidding is open; the merchant shortlists, rejects or
 * accepts a live (SUBMITTED or SHORTLISTED) bid once bids are unsealed. Accepting one rejects the
 * other live bids. What the requirement allows (bidding open, decisions after the deadline) is the
 * requirement machine's to say; this table says what the bid itself allows.
 */
export const BID_MACHINE = defineStateMachine<BidStatus, BidAction, { status: BidStatus }>({
  name: 'bid',
  states: Object.values(BidStatus),
  actions: BID_ACTIONS,
  transitions: {
    [BidStatus.SUBMITTED]: {
      revise: BidStatus.SUBMITTED,
      withdraw: BidStatus.WITHDRAWN,
      shortlist: BidStatus.SHORTLISTED,
      reject: BidStatus.REJECTED,
      accept: BidStatus.ACCEPTED,
    },
    [BidStatus.SHORTLISTED]: {
      shortlist: BidStatus.SHORTLISTED,
      reject: BidStatus.REJECTED,
      accept: BidStatus.ACCEPTED,
    },
    [BidStatus.WITHDRAWN]: {
      resubmit: BidStatus.SUBMITTED,
    },
    [BidStatus.REJECTED]: {},
    [BidStatus.ACCEPTED]: {},
  },
  explainRefusal: (_bid, from, action) => {
    switch (action) {
      case 'resubmit':
        return { code: 'CONFLICT', message: 'You already bid on this requirement: revise that bid instead.' };
      case 'revise':
        return { code: 'INVALID_STATE', message: `A ${from} bid cannot be revised.` };
      case 'withdraw':
        return { code: 'INVALID_STATE', message: `A ${from} bid cannot be withdrawn.` };
      default:
        return { code: 'INVALID_STATE', message: `A ${from} bid cannot be decided on.` };
    }
  },
});

/** Bid statuses the merchant may still decide on and that accepting another bid rejects. */
export const LIVE_BID_STATUSES: readonly BidStatus[] = BID_MACHINE.states.filter((status) => BID_MACHINE.can(status, 'accept'));
