import { TransitionRefused } from '../../src/core/state-machine.js';
import { BidStatus } from '../../src/modules/bids/bid.entity.js';
import { BID_MACHINE, LIVE_BID_STATUSES } from '../../src/modules/bids/bid-state.js';
import { describeMachine } from '../helpers/state-machines.js';

/** The clock these rules read (the state functions take the time explicitly). */
const NOW = new Date();

/** The spec: every transition a bid allows. Everything else is refused. */
const ALLOWED = [
  'SUBMITTED --revise--> SUBMITTED',
  'SUBMITTED --withdraw--> WITHDRAWN',
  'SUBMITTED --shortlist--> SHORTLISTED',
  'SUBMITTED --reject--> REJECTED',
  'SUBMITTED --accept--> ACCEPTED',
  'SHORTLISTED --shortlist--> SHORTLISTED',
  'SHORTLISTED --reject--> REJECTED',
  'SHORTLISTED --accept--> ACCEPTED',
  'WITHDRAWN --resubmit--> SUBMITTED',
];

describeMachine(BID_MACHINE, ALLOWED, (status) => ({ status }));

test('live bids (decidable, rejected when another is accepted) are SUBMITTED and SHORTLISTED', () => {
  expect([...LIVE_BID_STATUSES]).toEqual([BidStatus.SUBMITTED, BidStatus.SHORTLISTED]);
});

test('refusals keep the bid service’s codes and messages', () => {
  const refused = (status: BidStatus, action: Parameters<typeof BID_MACHINE.apply>[1]) => {
    try {
      BID_MACHINE.apply({ status }, action, NOW);
    } catch (error) {
      if (error instanceof TransitionRefused) return { code: error.code, message: error.message };
    }
    throw new Error('not refused');
  };
  expect(refused(BidStatus.SUBMITTED, 'resubmit')).toEqual({ code: 'CONFLICT', message: 'You already bid on this requirement: revise that bid instead.' });
  expect(refused(BidStatus.WITHDRAWN, 'revise')).toEqual({ code: 'INVALID_STATE', message: 'A WITHDRAWN bid cannot be revised.' });
  expect(refused(BidStatus.SHORTLISTED, 'withdraw')).toEqual({ code: 'INVALID_STATE', message: 'A SHORTLISTED bid cannot be withdrawn.' });
  expect(refused(BidStatus.REJECTED, 'accept')).toEqual({ code: 'INVALID_STATE', message: 'A REJECTED bid cannot be decided on.' });
});
