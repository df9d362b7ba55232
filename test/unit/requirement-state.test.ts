import { RequirementStatus } from '../../src/modules/requirements/requirement.entity.js';
import { REQUIREMENT_TRANSITIONS, bidsUnsealed, effectiveStatus, transition, type RequirementAction } from '../../src/modules/requirements/requirement-state.js';

const ACTIONS: RequirementAction[] = ['edit', 'publish', 'extendDeadline', 'cancel', 'invite', 'closeBidding', 'award', 'bid', 'ask', 'decideBids'];
const future = new Date(Date.now() + 3600_000);
const past = new Date(Date.now() - 1000);

test('the whole transition table, exhaustively', () => {
  const table = Object.fromEntries(
    Object.values(RequirementStatus).map((status) => [status, Object.fromEntries(ACTIONS.map((a) => [a, REQUIREMENT_TRANSITIONS[status][a] ?? '—']))]),
  );
  expect(table).toMatchInlineSnapshot(`
{
  "AWARDED": {
    "ask": "—",
    "award": "—",
    "bid": "—",
    "cancel": "—",
    "closeBidding": "—",
    "decideBids": "—",
    "edit": "—",
    "extendDeadline": "—",
    "invite": "—",
    "publish": "—",
  },
  "CANCELLED": {
    "ask": "—",
    "award": "—",
    "bid": "—",
    "cancel": "—",
    "closeBidding": "—",
    "decideBids": "—",
    "edit": "—",
    "extendDeadline": "—",
    "invite": "—",
    "publish": "—",
  },
  "DRAFT": {
    "ask": "—",
    "award": "—",
    "bid": "—",
    "cancel": "CANCELLED",
    "closeBidding": "—",
    "decideBids": "—",
    "edit": "DRAFT",
    "extendDeadline": "—",
    "invite": "DRAFT",
    "publish": "OPEN",
  },
  "EVALUATING": {
    "ask": "—",
    "award": "AWARDED",
    "bid": "—",
    "cancel": "CANCELLED",
    "closeBidding": "—",
    "decideBids": "EVALUATING",
    "edit": "—",
    "extendDeadline": "—",
    "invite": "—",
    "publish": "—",
  },
  "OPEN": {
    "ask": "OPEN",
    "award": "—",
    "bid": "OPEN",
    "cancel": "CANCELLED",
    "closeBidding": "EVALUATING",
    "decideBids": "—",
    "edit": "—",
    "extendDeadline": "OPEN",
    "invite": "OPEN",
    "publish": "—",
  },
}
`);
});

test('a passed deadline closes bidding even while the stored status is still OPEN', () => {
  expect(effectiveStatus({ status: RequirementStatus.OPEN, bidDeadline: future })).toBe(RequirementStatus.OPEN);
  expect(effectiveStatus({ status: RequirementStatus.OPEN, bidDeadline: past })).toBe(RequirementStatus.EVALUATING);
  expect(transition({ status: RequirementStatus.OPEN, bidDeadline: past }, 'bid')).toBeNull();
  expect(transition({ status: RequirementStatus.OPEN, bidDeadline: past }, 'award')).toBe(RequirementStatus.AWARDED);
  expect(transition({ status: RequirementStatus.OPEN, bidDeadline: future }, 'award')).toBeNull();
});

test('bidsUnsealed: AWARDED or a passed deadline unseals, except a cancellation before the deadline, for good', () => {
  const at = (ms: number) => new Date(Date.now() + ms);
  const req = (status: RequirementStatus, bidDeadline: Date, cancelledAt: Date | null = null) => ({ status, bidDeadline, cancelledAt });
  expect(bidsUnsealed(req(RequirementStatus.OPEN, future))).toBe(false);
  expect(bidsUnsealed(req(RequirementStatus.OPEN, past))).toBe(true);
  expect(bidsUnsealed(req(RequirementStatus.EVALUATING, past))).toBe(true);
  expect(bidsUnsealed(req(RequirementStatus.AWARDED, future))).toBe(true);
  expect(bidsUnsealed(req(RequirementStatus.DRAFT, past))).toBe(false);
  // Cancelled before the deadline: sealed, also once the deadline has passed.
  expect(bidsUnsealed(req(RequirementStatus.CANCELLED, future, at(-1000)))).toBe(false);
  expect(bidsUnsealed(req(RequirementStatus.CANCELLED, at(-1000), at(-2000)))).toBe(false);
  expect(bidsUnsealed(req(RequirementStatus.CANCELLED, past, null))).toBe(false);
  // Cancelled after the deadline: the merchant had already seen them.
  expect(bidsUnsealed(req(RequirementStatus.CANCELLED, at(-2000), at(-1000)))).toBe(true);
});
