import type { Decimal } from 'decimal.js';
import { MAX_AMOUNT } from '../../core/decimal-scale.js';
import { LockMode } from '@mikro-orm/core';
import type { Transition } from '../../core/state-machine.js';
import { DomainErrorCode, DomainErrors, domainProblem, transitionOrFail } from '../../core/domain-error.js';
import type { RequestContext } from '../../core/request-context.js';
import { recordAudit } from '../audit/audit.service.js';
import type { Contract } from '../contracts/contract.entity.js';
import { createContractFromAward } from '../contracts/contract.service.js';
import { Organization, VerificationStatus } from '../organizations/organization.entity.js';
import { VendorProfile } from '../organizations/vendor-profile.entity.js';
import { Requirement, RequirementStatus } from '../requirements/requirement.entity.js';
import { checkReason } from '../requirements/requirement.rules.js';
import { applyRequirementTransition, lockOwnRequirement, memberViewer, requireTransition } from '../requirements/requirement.service.js';
import { Bid, BidRevision, BidStatus } from './bid.entity.js';
import { BID_MACHINE, LIVE_BID_STATUSES, type BidAction } from './bid-state.js';
import { calendarBetween } from '../calendar/calendar.service.js';
import type { ChinaCalendar } from '../calendar/china-calendar.js';
import { projectBid, termDates } from './bid-projection.js';
import { normalizeBid, type NormalizedBid } from './bid.rules.js';
import type { BidDraft } from './bid.model.js';
import { storePricing } from './pricing-mapping.js';

/** The holiday calendar of a requirement's term (statutory days by rule, recorded notices), read once per request. */
export function termCalendar(ctx: RequestContext, requirement: Pick<Requirement, 'termStart' | 'termMonths'>): Promise<ChinaCalendar> {
  const { from, to } = termDates(requirement);
  return calendarBetween(ctx, from, to);
}

const BID_NOT_FOUND = domainProblem(DomainErrorCode.NOT_FOUND, ['id'], 'No such bid.');

/** The rejection reason of the other live bids when the merchant accepts one. */
export const ANOTHER_BID_ACCEPTED = 'Another bid was accepted.';

/** Moves the bid by its state machine (refusals as userErrors); returns from/to for the audit event. */
function applyBidTransition(ctx: RequestContext, bid: Bid, action: BidAction, field: string[] = ['id']): Transition<BidStatus> {
  return transitionOrFail(() => BID_MACHINE.apply(bid, action, ctx.clock.now()), field);
}

async function assertVendorMayBid(ctx: RequestContext, requirement: Requirement): Promise<void> {
  const viewer = memberViewer(ctx);
  const [vendor, profile] = await Promise.all([
    ctx.uow.em.findOneOrFail(Organization, { id: viewer.organizationId }),
    ctx.uow.em.findOne(VendorProfile, { organizationId: viewer.organizationId }),
  ]);
  if (vendor.verificationStatus !== VerificationStatus.VERIFIED) {
    throw new DomainErrors([
      domainProblem(DomainErrorCode.NOT_VERIFIED, ['requirementId'], 'Only verified vendors may bid: the platform has not verified your organization yet.'),
    ]);
  }
  const held = new Set((profile?.certifications ?? []).map((c) => c.toLowerCase()));
  const missing = requirement.requiredCertifications.filter((c) => !held.has(c.toLowerCase()));
  if (missing.length) {
    throw new DomainErrors([
      domainProblem(
        DomainErrorCode.INVALID,
        ['requirementId'],
        `The requirement asks for certifications your vendor profile does not list: ${missing.join(', ')}.`,
      ),
    ]);
  }
}

function recordRevision(ctx: RequestContext, bid: Bid, value: NormalizedBid): BidRevision {
  const viewer = memberViewer(ctx);
  const revision = Object.assign(new BidRevision(), {
    bidId: bid.id,
    merchantId: bid.merchantId,
    vendorId: bid.vendorId,
    revision: bid.revision,
    staffing: value.staffing,
    pricing: storePricing(value.pricing),
    kpiCommitments: value.kpiCommitments,
    notes: value.notes,
    createdByUserId: viewer.userId,
  });
  ctx.uow.em.persist(revision);
  return revision;
}

/** The bid's projected value over the term; one that no statement could hold is refused, not overflowed. */
async function contractValue(ctx: RequestContext, requirement: Requirement, value: NormalizedBid): Promise<Decimal> {
  const total = projectBid(requirement, value.pricing, await termCalendar(ctx, requirement)).total;
  if (total.gt(MAX_AMOUNT)) {
    throw new DomainErrors([
      domainProblem(
        DomainErrorCode.INVALID,
        ['input', 'pricing'],
        `The projected contract value ${total.toFixed(2)} CNY is beyond what a contract can hold (${MAX_AMOUNT.toFixed(2)}).`,
      ),
    ]);
  }
  return total;
}

/** A verified vendor submits its one bid on a requirement it may see, before the deadline. */
export async function submitBid(ctx: RequestContext, requirementId: string | null, input: BidDraft): Promise<Bid> {
  const viewer = memberViewer(ctx);
  // Row-level security hides requirements the vendor may not see: they read as missing.
  const requirement = requirementId ? await ctx.uow.em.findOne(Requirement, { id: requirementId }) : null;
  if (!requirement || requirement.merchantId === viewer.organizationId) {
    throw new DomainErrors([domainProblem(DomainErrorCode.NOT_FOUND, ['requirementId'], 'No such requirement.')]);
  }
  requireTransition(ctx, requirement, 'bid', ['requirementId']);
  await assertVendorMayBid(ctx, requirement);
  const { value, errors } = normalizeBid(input, requirement);
  if (!value) throw new DomainErrors(errors);
  const total = await contractValue(ctx, requirement, value);

  let bid = await ctx.uow.em.findOne(Bid, { requirementId: requirement.id, vendorId: viewer.organizationId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
  const before = bid ? { status: bid.status, revision: bid.revision } : null;
  if (bid) {
    // Only a withdrawn bid may be submitted again (CONFLICT otherwise: revise it instead).
    applyBidTransition(ctx, bid, 'resubmit', ['requirementId']);
    bid.revision += 1;
    bid.totalContractValue = total.toFixed(2);
  } else {
    bid = Object.assign(new Bid(), {
      requirementId: requirement.id,
      merchantId: requirement.merchantId,
      vendorId: viewer.organizationId,
      totalContractValue: total.toFixed(2),
    });
    ctx.uow.em.persist(bid);
  }
  recordRevision(ctx, bid, value);
  recordAudit(ctx, {
    action: 'bid.submit',
    entityType: 'Bid',
    entityId: bid.id,
    before,
    after: { requirementId: requirement.id, status: bid.status, revision: bid.revision, totalContractValue: bid.totalContractValue },
  });
  return bid;
}

async function lockOwnBid(ctx: RequestContext, bidId: string | null): Promise<{ bid: Bid; requirement: Requirement }> {
  const viewer = memberViewer(ctx);
  const bid = bidId ? await ctx.uow.em.findOne(Bid, { id: bidId }, { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true }) : null;
  if (!bid || bid.vendorId !== viewer.organizationId) throw new DomainErrors([BID_NOT_FOUND]);
  const requirement = await ctx.uow.em.findOneOrFail(Requirement, { id: bid.requirementId });
  return { bid, requirement };
}

/** Until the deadline the vendor may revise its bid: a new revision is kept, the latest counts. */
export async function reviseBid(ctx: RequestContext, bidId: string | null, input: BidDraft): Promise<Bid> {
  const { bid, requirement } = await lockOwnBid(ctx, bidId);
  requireTransition(ctx, requirement, 'bid');
  transitionOrFail(() => BID_MACHINE.check(bid, 'revise', ctx.clock.now()));
  const { value, errors } = normalizeBid(input, requirement);
  if (!value) throw new DomainErrors(errors);
  const before = { revision: bid.revision, totalContractValue: bid.totalContractValue };
  applyBidTransition(ctx, bid, 'revise');
  bid.revision += 1;
  bid.totalContractValue = (await contractValue(ctx, requirement, value)).toFixed(2);
  recordRevision(ctx, bid, value);
  recordAudit(ctx, {
    action: 'bid.revise',
    entityType: 'Bid',
    entityId: bid.id,
    before,
    after: { revision: bid.revision, totalContractValue: bid.totalContractValue },
  });
  return bid;
}

export async function withdrawBid(ctx: RequestContext, bidId: string | null): Promise<Bid> {
  const { bid, requirement } = await lockOwnBid(ctx, bidId);
  requireTransition(ctx, requirement, 'bid');
  const { from, to } = applyBidTransition(ctx, bid, 'withdraw');
  recordAudit(ctx, { action: 'bid.withdraw', entityType: 'Bid', entityId: bid.id, before: { status: from }, after: { status: to } });
  return bid;
}

/**
 * The merchant's decisions after the deadline. The requirement row is locked first, so decisions
 * on one requirement (and above all two accepts) run one after the other.
 */
async function lockDecision(ctx: RequestContext, bidId: string | null): Promise<{ bid: Bid; requirement: Requirement }> {
  const viewer = memberViewer(ctx);
  // Before the deadline row-level security hides every bid from the merchant: it reads as missing.
  const found = bidId ? await ctx.uow.em.findOne(Bid, { id: bidId }) : null;
  if (!found || found.merchantId !== viewer.organizationId) throw new DomainErrors([BID_NOT_FOUND]);
  const requirement = await lockOwnRequirement(ctx, found.requirementId);
  const bid = await ctx.uow.em.findOneOrFail(Bid, { id: found.id }, { refresh: true });
  return { bid, requirement };
}

/** The requirement allows the decision (CONFLICT once awarded) and the bid allows `bidAction`. */
function requireDecidable(ctx: RequestContext, requirement: Requirement, bid: Bid, action: 'decideBids' | 'award', bidAction: BidAction): void {
  if (requirement.status === RequirementStatus.AWARDED) {
    throw new DomainErrors([domainProblem(DomainErrorCode.CONFLICT, ['id'], 'This requirement has already been awarded to a bid.')]);
  }
  requireTransition(ctx, requirement, action);
  transitionOrFail(() => BID_MACHINE.check(bid, bidAction, ctx.clock.now()));
}

export async function shortlistBid(ctx: RequestContext, bidId: string | null): Promise<Bid> {
  const { bid, requirement } = await lockDecision(ctx, bidId);
  requireDecidable(ctx, requirement, bid, 'decideBids', 'shortlist');
  const { from, to } = applyBidTransition(ctx, bid, 'shortlist');
  bid.decidedAt = ctx.clock.now();
  recordAudit(ctx, { action: 'bid.shortlist', entityType: 'Bid', entityId: bid.id, before: { status: from }, after: { status: to } });
  return bid;
}

export async function rejectBid(ctx: RequestContext, bidId: string | null, reason: string | null | undefined): Promise<Bid> {
  const { bid, requirement } = await lockDecision(ctx, bidId);
  requireDecidable(ctx, requirement, bid, 'decideBids', 'reject');
  const why = checkReason(reason, ['input', 'reason'], { required: false });
  const { from, to } = applyBidTransition(ctx, bid, 'reject');
  bid.rejectionReason = why;
  bid.decidedAt = ctx.clock.now();
  recordAudit(ctx, { action: 'bid.reject', entityType: 'Bid', entityId: bid.id, before: { status: from }, after: { status: to, reason: why } });
  return bid;
}

/**
 * Accepting a bid is one step: the requirement becomes AWARDED, the bid ACCEPTED, every other live
 * bid REJECTED, and a contract PENDING_SIGNATURE is created with a frozen copy of the accepted terms.
 * Concurrent accepts queue on the requirement's row lock; all but the first find it AWARDED.
 */
export async function acceptBid(ctx: RequestContext, bidId: string | null): Promise<Contract> {
  const { bid, requirement } = await lockDecision(ctx, bidId);
  requireDecidable(ctx, requirement, bid, 'award', 'accept');
  const revision = await ctx.uow.em.findOneOrFail(BidRevision, { bidId: bid.id, revision: bid.revision });
  const others = await ctx.uow.em.find(Bid, { requirementId: requirement.id, id: { $ne: bid.id }, status: { $in: [...LIVE_BID_STATUSES] } });

  const now = ctx.clock.now();
  // `from` is the stored status: OPEN when the deadline has passed but the closing job has not run yet.
  const awarded = applyRequirementTransition(ctx, requirement, 'award');
  requirement.awardedAt = now;
  const accepted = applyBidTransition(ctx, bid, 'accept');
  bid.decidedAt = now;
  const rejected = others.map((other) => {
    const transition = applyBidTransition(ctx, other, 'reject');
    Object.assign(other, { rejectionReason: ANOTHER_BID_ACCEPTED, decidedAt: now });
    return { other, transition };
  });

  recordAudit(ctx, {
    action: 'requirement.award',
    entityType: 'Requirement',
    entityId: requirement.id,
    before: { status: awarded.from },
    after: { status: awarded.to, bidId: bid.id },
  });
  recordAudit(ctx, {
    action: 'bid.accept',
    entityType: 'Bid',
    entityId: bid.id,
    before: { status: accepted.from },
    after: { status: accepted.to, revision: revision.revision },
  });
  for (const { other, transition } of rejected) {
    recordAudit(ctx, {
      action: 'bid.reject',
      entityType: 'Bid',
      entityId: other.id,
      before: { status: transition.from },
      after: { status: transition.to, reason: ANOTHER_BID_ACCEPTED },
    });
  }
  return createContractFromAward(ctx, { requirement, bid, revision });
}
