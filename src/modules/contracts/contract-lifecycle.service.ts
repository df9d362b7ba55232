import { LockMode } from '@mikro-orm/core';
import type { Decimal } from 'decimal.js';
import { BadUserInputError } from '../../core/errors.js';
import { DomainErrorCode, DomainErrors, domainProblem, transitionOrFail } from '../../core/domain-error.js';
import { invariant } from '../../core/invariant.js';
import type { RequestContext } from '../../core/request-context.js';
import { actingOrganizationId } from '../../core/viewer.js';
import { recordAudit } from '../audit/audit.service.js';
import { loadPricing } from '../bids/pricing-mapping.js';
import { calendarBetween } from '../calendar/calendar.service.js';
import { addDays } from '../calendar/china-holidays.js';
import { projectMonthlyCharges } from '../statements/billing/projection.js';
import { checkLifecycleReason, normalizeTermsChange, shortNoticeCompensation, terminationNotice, type TerminationNotice } from './contract-lifecycle.rules.js';
import {
  AMENDMENT_MACHINE,
  CONTRACT_MACHINE,
  type ContractAction,
  applyDueEffect,
  contractEndDate,
  contractToday,
  dueActions,
  effectiveState,
} from './contract-state.js';
import { AmendmentStatus, Contract, ContractAmendment, ContractBreachNotice, ContractTerminationRight } from './contract.entity.js';
import { type AmendmentProposal, ContractParty, type TerminationCommand, TerminationKind, TerminationRightSource } from './contract.model.js';
import { termsOn } from './terms-on.js';

const DAY_MS = 86_400_000;

export const CONTRACT_NOT_FOUND = domainProblem(DomainErrorCode.NOT_FOUND, ['id'], 'No such contract.');

/** Which party an organization is to a contract, or null. */
export function partyOf(contract: Pick<Contract, 'merchantId' | 'vendorId'>, organizationId: string | null): ContractParty | null {
  if (organizationId === contract.merchantId) return ContractParty.MERCHANT;
  if (organizationId === contract.vendorId) return ContractParty.VENDOR;
  return null;
}

interface Acting {
  contract: Contract;
  party: ContractParty;
  organizationId: string;
  userId: string | null;
}

/**
 * The contract of one of the acting organization's parties, locked for the rest of the transaction
 * (lifecycle changes serialize on it) and caught up with the clock: whatever the lifecycle job
 * would have stored by now is stored first, with its audit events.
 */
export async function lockContract(ctx: RequestContext, contractId: string | null, field: string[] = ['id']): Promise<Acting> {
  const organizationId = actingOrganizationId(ctx.viewer);
  invariant(organizationId !== null, 'this use case needs an organization member or the system acting for one');
  const contract = contractId ? await ctx.uow.em.findOne(Contract, { id: contractId }, { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true }) : null;
  const party = contract && partyOf(contract, organizationId);
  if (!contract || !party) throw new DomainErrors([{ ...CONTRACT_NOT_FOUND, path: field }]);
  catchUp(ctx, contract);
  const userId = ctx.viewer.kind === 'member' ? ctx.viewer.userId : null;
  return { contract, party, organizationId, userId };
}

function lifecycleSnapshot(contract: Contract): Record<string, unknown> {
  return { status: contract.status, renewedMonths: contract.renewedMonths, endDate: contractEndDate(contract) };
}

/** Stores the transitions the clock has made due (activation, termination, renewal, expiry), each through the machine and audited. */
export function catchUp(ctx: RequestContext, contract: Contract): ContractAction[] {
  const now = ctx.clock.now();
  const applied = dueActions(contract, now);
  for (const action of applied) {
    const before = lifecycleSnapshot(contract);
    transitionOrFail(() => CONTRACT_MACHINE.apply(contract, action, now));
    applyDueEffect(contract, action);
    if (action === 'activate') contract.activatedAt = now;
    recordAudit(ctx, {
      action: `contract.${action}`,
      entityType: 'Contract',
      entityId: contract.id,
      contractId: contract.id,
      before,
      after: lifecycleSnapshot(contract),
    });
  }
  return applied;
}

function requireAction(ctx: RequestContext, contract: Contract, action: ContractAction, field: string[] = ['id']): void {
  transitionOrFail(() => CONTRACT_MACHINE.check(contract, action, ctx.clock.now()), field);
}

function needsPerson(acting: Acting): string {
  invariant(acting.userId !== null, 'a person acts here (the permission is for people only)');
  return acting.userId;
}

/** A party signs the contract (a person of it, once); with both signatures and the start date come, it is ACTIVE at once. */
export async function signContract(ctx: RequestContext, contractId: string | null): Promise<Contract> {
  const acting = await lockContract(ctx, contractId);
  const { contract, party } = acting;
  requireAction(ctx, contract, 'sign');
  const signedAt = party === ContractParty.MERCHANT ? contract.merchantSignedAt : contract.vendorSignedAt;
  if (signedAt) {
    throw new DomainErrors([domainProblem(DomainErrorCode.CONFLICT, ['id'], `Your organization signed this contract already, on ${signedAt.toISOString()}.`)]);
  }
  const now = ctx.clock.now();
  const userId = needsPerson(acting);
  if (party === ContractParty.MERCHANT) Object.assign(contract, { merchantSignedAt: now, merchantSignedBy: userId });
  else Object.assign(contract, { vendorSignedAt: now, vendorSignedBy: userId });
  recordAudit(ctx, {
    action: 'contract.sign',
    entityType: 'Contract',
    entityId: contract.id,
    contractId: contract.id,
    after: { party, signedAt: now, signedBy: userId },
  });
  catchUp(ctx, contract);
  return contract;
}

/** The lifecycle job: stores what is due on one contract (acting as the system for its merchant). Returns what it applied. */
export async function catchUpContract(ctx: RequestContext, contractId: string): Promise<string[]> {
  const organizationId = actingOrganizationId(ctx.viewer);
  const contract = await ctx.uow.em.findOne(Contract, { id: contractId }, { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true });
  if (!contract || !partyOf(contract, organizationId)) throw new DomainErrors([CONTRACT_NOT_FOUND]);
  const applied: string[] = catchUp(ctx, contract);
  applied.push(...(await materializeBreachRights(ctx, contract)).map(() => 'terminationRight'));
  return applied;
}

// ---------------------------------------------------------------- amendments

async function amendmentsOf(ctx: RequestContext, contractId: string): Promise<ContractAmendment[]> {
  return ctx.uow.em.find(ContractAmendment, { contractId }, { orderBy: { number: 'asc' } });
}

/** Either party proposes a change of terms from a date; proposing signs it for the proposer's party. */
export async function proposeAmendment(ctx: RequestContext, contractId: string | null, input: AmendmentProposal): Promise<ContractAmendment> {
  const acting = await lockContract(ctx, contractId, ['contractId']);
  const { contract, party, organizationId } = acting;
  requireAction(ctx, contract, 'amend', ['contractId']);
  const userId = needsPerson(acting);
  const reason = checkLifecycleReason(input.reason, ['input', 'reason']);
  const today = contractToday(contract, ctx.clock.now());
  const end = contractEndDate(contract);
  if (input.effectiveFrom < today)
    throw new DomainErrors([domainProblem(DomainErrorCode.INVALID, ['input', 'effectiveFrom'], `An amendment takes effect today (${today}) or later.`)]);
  if (input.effectiveFrom > end)
    throw new DomainErrors([
      domainProblem(DomainErrorCode.INVALID, ['input', 'effectiveFrom'], `The current term ends on ${end}: an amendment takes effect by then.`),
    ]);
  const changes = normalizeTermsChange(input);
  const existing = await amendmentsOf(ctx, contract.id);
  const now = ctx.clock.now();
  const amendment = Object.assign(new ContractAmendment(), {
    contractId: contract.id,
    merchantId: contract.merchantId,
    vendorId: contract.vendorId,
    number: existing.reduce((max, a) => Math.max(max, a.number), 0) + 1,
    effectiveFrom: input.effectiveFrom,
    changes,
    reason,
    proposedByOrganization: organizationId,
    proposedByUser: userId,
    proposedAt: now,
    ...(party === ContractParty.MERCHANT ? { merchantSignedAt: now, merchantSignedBy: userId } : { vendorSignedAt: now, vendorSignedBy: userId }),
  });
  ctx.uow.em.persist(amendment);
  recordAudit(ctx, {
    action: 'contract.amendment.propose',
    entityType: 'ContractAmendment',
    entityId: amendment.id,
    contractId: contract.id,
    after: { contractId: contract.id, number: amendment.number, effectiveFrom: amendment.effectiveFrom, changes, reason },
  });
  return amendment;
}

async function lockAmendment(ctx: RequestContext, amendmentId: string | null): Promise<{ amendment: ContractAmendment; acting: Acting }> {
  const amendment = amendmentId ? await ctx.uow.em.findOne(ContractAmendment, { id: amendmentId }) : null;
  if (!amendment) throw new DomainErrors([domainProblem(DomainErrorCode.NOT_FOUND, ['id'], 'No such amendment.')]);
  const acting = await lockContract(ctx, amendment.contractId);
  await ctx.uow.em.refresh(amendment);
  return { amendment, acting };
}

/** The other party signs a proposal: it binds from its effective date (which must not have passed meanwhile). */
export async function signAmendment(ctx: RequestContext, amendmentId: string | null): Promise<ContractAmendment> {
  const { amendment, acting } = await lockAmendment(ctx, amendmentId);
  const { contract, party } = acting;
  requireAction(ctx, contract, 'amend');
  transitionOrFail(() => AMENDMENT_MACHINE.check(amendment, 'sign', ctx.clock.now()));
  if (amendment.proposedByOrganization === acting.organizationId) {
    throw new DomainErrors([
      domainProblem(DomainErrorCode.CONFLICT, ['id'], 'Your organization proposed this amendment and signed it then: the other party signs it now.'),
    ]);
  }
  const today = contractToday(contract, ctx.clock.now());
  if (amendment.effectiveFrom < today) {
    throw new DomainErrors([
      domainProblem(DomainErrorCode.DEADLINE_PASSED, ['id'], `Its effective date (${amendment.effectiveFrom}) has passed unsigned: propose the change again.`),
    ]);
  }
  const now = ctx.clock.now();
  const userId = needsPerson(acting);
  if (party === ContractParty.MERCHANT) Object.assign(amendment, { merchantSignedAt: now, merchantSignedBy: userId });
  else Object.assign(amendment, { vendorSignedAt: now, vendorSignedBy: userId });
  const { from, to } = AMENDMENT_MACHINE.apply(amendment, 'sign', now);
  amendment.boundAt = now;
  recordAudit(ctx, {
    action: 'contract.amendment.sign',
    entityType: 'ContractAmendment',
    entityId: amendment.id,
    contractId: amendment.contractId,
    before: { status: from },
    after: { status: to, party, signedBy: userId },
  });
  return amendment;
}

/** The proposer withdraws a proposal the other party has not signed. */
export async function withdrawAmendment(ctx: RequestContext, amendmentId: string | null): Promise<ContractAmendment> {
  const { amendment, acting } = await lockAmendment(ctx, amendmentId);
  transitionOrFail(() => AMENDMENT_MACHINE.check(amendment, 'withdraw', ctx.clock.now()));
  if (amendment.proposedByOrganization !== acting.organizationId) {
    throw new DomainErrors([domainProblem(DomainErrorCode.INVALID_STATE, ['id'], 'Only the party that proposed an amendment may withdraw it.')]);
  }
  const now = ctx.clock.now();
  const { from, to } = AMENDMENT_MACHINE.apply(amendment, 'withdraw', now);
  amendment.withdrawnAt = now;
  recordAudit(ctx, {
    action: 'contract.amendment.withdraw',
    entityType: 'ContractAmendment',
    entityId: amendment.id,
    contractId: amendment.contractId,
    before: { status: from },
    after: { status: to },
  });
  return amendment;
}

// ---------------------------------------------------------------- renewal

/** A party gives notice that the contract does not renew at the end of its current term (by the notice deadline). */
export async function optOutOfRenewal(ctx: RequestContext, contractId: string | null): Promise<Contract> {
  const acting = await lockContract(ctx, contractId);
  const { contract } = acting;
  requireAction(ctx, contract, 'optOutOfRenewal');
  if (contract.renewalOptOutAt)
    throw new DomainErrors([
      domainProblem(DomainErrorCode.CONFLICT, ['id'], `Notice not to renew was given already, on ${contract.renewalOptOutAt.toISOString()}.`),
    ]);
  const end = contractEndDate(contract);
  const deadline = addDays(end, -contract.terms.rules.termination.renewalNoticeDays);
  const today = contractToday(contract, ctx.clock.now());
  if (today > deadline) {
    throw new DomainErrors([
      domainProblem(
        DomainErrorCode.DEADLINE_PASSED,
        ['id'],
        `Notice not to renew is given at least ${contract.terms.rules.termination.renewalNoticeDays} days before the end (${end}), by ${deadline}: the contract renews.`,
      ),
    ]);
  }
  const now = ctx.clock.now();
  Object.assign(contract, { renewalOptOutAt: now, renewalOptOutByOrganization: acting.organizationId, renewalOptOutByUser: needsPerson(acting) });
  recordAudit(ctx, {
    action: 'contract.renewal.optOut',
    entityType: 'Contract',
    entityId: contract.id,
    contractId: contract.id,
    after: { renewalOptOutAt: now, endDate: end },
  });
  return contract;
}

// ---------------------------------------------------------------- termination

export interface TerminationQuote extends TerminationNotice {
  effectiveOn: string;
  /** The projected service charges of `contractMonth` at the expected volume (until statements exist). */
  lastMonthCharges: Decimal;
  compensationFactor: string;
  compensation: Decimal;
}

/** Checks an effective date of termination: today or later, and by the end of the current term. */
function checkEffectiveOn(contract: Contract, today: string, effectiveOn: string, field: string[]): void {
  const end = contractEndDate(contract);
  if (effectiveOn < today) throw new DomainErrors([domainProblem(DomainErrorCode.INVALID, field, `A termination takes effect today (${today}) or later.`)]);
  if (effectiveOn > end)
    throw new DomainErrors([domainProblem(DomainErrorCode.INVALID, field, `The current term ends on ${end}: a termination takes effect by then.`)]);
}

/**
 * What terminating for convenience on `effectiveOn` would mean if notice were given now: the notice
 * and whether it is short, the compensation (factor × the last month's service charges: today the
 * pricing projected at the expected volume for the contract month holding the last day of service;
 * once statements exist, the last statement's service charges) and the end of the transition.
 */
export async function terminationQuote(
  ctx: RequestContext,
  contract: Contract,
  effectiveOn: string,
  field: string[] = ['effectiveOn'],
): Promise<TerminationQuote> {
  const now = ctx.clock.now();
  const today = contractToday(contract, now);
  const state = { ...contract, ...effectiveState(contract, now) };
  checkEffectiveOn(state, today, effectiveOn, field);
  const amendments = await amendmentsOf(ctx, contract.id);
  const rules = termsOn(contract, amendments, today).terms.rules.termination;
  const notice = terminationNotice(contract, rules, today, effectiveOn);
  const monthTerms = termsOn(contract, amendments, notice.monthFrom).terms;
  const calendar = await calendarBetween(ctx, notice.monthFrom, notice.monthTo);
  const projection = projectMonthlyCharges(
    loadPricing(monthTerms.pricing),
    { startDate: contract.startDate, termMonths: notice.contractMonth },
    { monthlyContacts: monthTerms.requirement.expectedMonthlyVolume, seats: monthTerms.requirement.seatsRequired },
    calendar,
  );
  const lastMonthCharges = projection.at(-1)!.amount;
  return {
    ...notice,
    effectiveOn,
    lastMonthCharges,
    compensationFactor: rules.shortNoticeCompensationMonths,
    compensation: shortNoticeCompensation(notice.shortNotice, rules.shortNoticeCompensationMonths, lastMonthCharges),
  };
}

/** The quote a party reads before confirming (a query: bad dates are BAD_USER_INPUT). */
export async function quoteTermination(ctx: RequestContext, contractId: string | null, effectiveOn: string): Promise<TerminationQuote | null> {
  const contract = contractId ? await ctx.uow.em.findOne(Contract, { id: contractId }) : null;
  if (!contract || !partyOf(contract, actingOrganizationId(ctx.viewer))) return null;
  try {
    return await terminationQuote(ctx, contract, effectiveOn);
  } catch (error) {
    if (error instanceof DomainErrors) throw new BadUserInputError(error.message);
    throw error;
  }
}

/**
 * Ends the contract early, effective on a date (today: at once; later: the lifecycle job, or the next
 * read, makes it TERMINATED then). CONVENIENCE: the merchant only, with notice; short notice owes
 * the quoted compensation, which the merchant must accept. FOR_CAUSE: either party holding a right.
 */
export async function terminateContract(ctx: RequestContext, contractId: string | null, command: TerminationCommand): Promise<Contract> {
  const acting = await lockContract(ctx, contractId);
  const { contract, party, organizationId } = acting;
  requireAction(ctx, contract, 'scheduleTermination');
  if (contract.terminationEffectiveOn) {
    throw new DomainErrors([
      domainProblem(DomainErrorCode.CONFLICT, ['id'], `The contract is terminated already, effective ${contract.terminationEffectiveOn}.`),
    ]);
  }
  const reason = checkLifecycleReason(command.reason, ['input', 'reason']);
  const quote = await terminationQuote(ctx, contract, command.effectiveOn, ['input', 'effectiveOn']);
  let compensation = quote.compensation;
  let rightId: string | null = null;
  if (command.kind === TerminationKind.CONVENIENCE) {
    if (party !== ContractParty.MERCHANT) {
      throw new DomainErrors([
        domainProblem(
          DomainErrorCode.INVALID,
          ['input', 'kind'],
          'Only the merchant may terminate for convenience; a vendor terminates for cause, with a right.',
        ),
      ]);
    }
    if (quote.shortNotice && command.acceptCompensation !== true) {
      throw new DomainErrors([
        domainProblem(
          DomainErrorCode.INVALID,
          ['input', 'acceptCompensation'],
          `${quote.noticeDays} days of notice is shorter than the ${quote.requiredNoticeDays} required: compensation of ${compensation.toFixed(2)} CNY is owed. Confirm with acceptCompensation: true, or choose a later date.`,
        ),
      ]);
    }
  } else {
    await materializeBreachRights(ctx, contract);
    const rights = (
      await ctx.uow.em.find(ContractTerminationRight, { contractId: contract.id, holderOrganization: organizationId }, { orderBy: { arisesAt: 'asc' } })
    ).filter((r) => command.rightId == null || r.id === command.rightId);
    if (!rights.length) {
      throw new DomainErrors([
        domainProblem(
          DomainErrorCode.INVALID_STATE,
          command.rightId !== undefined ? ['input', 'rightId'] : ['input', 'kind'],
          'Your organization holds no right to terminate this contract for cause (an uncured breach 30 days after notice, or a right from the KPI or inspection rules).',
        ),
      ]);
    }
    rightId = rights[0]!.id;
    compensation = compensation.times(0);
  }
  const now = ctx.clock.now();
  Object.assign(contract, {
    terminationKind: command.kind,
    terminationEffectiveOn: command.effectiveOn,
    terminationGivenAt: now,
    terminationByOrganization: organizationId,
    terminationByUser: needsPerson(acting),
    terminationReason: reason,
    terminationNoticeDays: quote.noticeDays,
    terminationCompensation: compensation.toFixed(2),
    terminationRightId: rightId,
    transitionEndsOn: quote.transitionEndsOn,
  });
  transitionOrFail(() => CONTRACT_MACHINE.apply(contract, 'scheduleTermination', now));
  recordAudit(ctx, {
    action: 'contract.termination.give',
    entityType: 'Contract',
    entityId: contract.id,
    contractId: contract.id,
    after: {
      kind: command.kind,
      effectiveOn: command.effectiveOn,
      reason,
      noticeDays: quote.noticeDays,
      compensation: contract.terminationCompensation,
      rightId,
      transitionEndsOn: quote.transitionEndsOn,
    },
  });
  catchUp(ctx, contract);
  return contract;
}

// ---------------------------------------------------------------- breaches and rights

/** A party gives written notice of the other's breach; uncured within the cure period, it gives the notifying party a right to terminate for cause. */
export async function notifyBreach(ctx: RequestContext, contractId: string | null, reasonText: string): Promise<ContractBreachNotice> {
  const acting = await lockContract(ctx, contractId);
  const { contract, organizationId } = acting;
  requireAction(ctx, contract, 'notifyBreach');
  const reason = checkLifecycleReason(reasonText, ['input', 'reason']);
  const now = ctx.clock.now();
  const amendments = await amendmentsOf(ctx, contract.id);
  const cureDays = termsOn(contract, amendments, contractToday(contract, now)).terms.rules.termination.curePeriodDays;
  const notice = Object.assign(new ContractBreachNotice(), {
    contractId: contract.id,
    merchantId: contract.merchantId,
    vendorId: contract.vendorId,
    notifiedByOrganization: organizationId,
    notifiedByUser: needsPerson(acting),
    reason,
    notifiedAt: now,
    cureDueAt: new Date(now.getTime() + cureDays * DAY_MS),
  });
  ctx.uow.em.persist(notice);
  recordAudit(ctx, {
    action: 'contract.breach.notify',
    entityType: 'ContractBreachNotice',
    entityId: notice.id,
    contractId: contract.id,
    after: { contractId: contract.id, reason, cureDueAt: notice.cureDueAt },
  });
  return notice;
}

/** The notifying party records that the breach was cured within the cure period (after it, the right stands). */
export async function cureBreach(ctx: RequestContext, noticeId: string | null): Promise<ContractBreachNotice> {
  const notice = noticeId ? await ctx.uow.em.findOne(ContractBreachNotice, { id: noticeId }) : null;
  if (!notice) throw new DomainErrors([domainProblem(DomainErrorCode.NOT_FOUND, ['id'], 'No such breach notice.')]);
  const acting = await lockContract(ctx, notice.contractId);
  requireAction(ctx, acting.contract, 'cureBreach');
  if (notice.notifiedByOrganization !== acting.organizationId) {
    throw new DomainErrors([
      domainProblem(DomainErrorCode.INVALID_STATE, ['id'], 'The party that gave the notice records the cure (the party in breach asks it to).'),
    ]);
  }
  if (notice.curedAt)
    throw new DomainErrors([domainProblem(DomainErrorCode.CONFLICT, ['id'], `The breach was recorded cured on ${notice.curedAt.toISOString()}.`)]);
  const now = ctx.clock.now();
  if (notice.cureDueAt.getTime() <= now.getTime()) {
    throw new DomainErrors([
      domainProblem(
        DomainErrorCode.DEADLINE_PASSED,
        ['id'],
        `The cure period ended at ${notice.cureDueAt.toISOString()}: the right to terminate for cause stands.`,
      ),
    ]);
  }
  Object.assign(notice, { curedAt: now, curedByUser: needsPerson(acting) });
  recordAudit(ctx, {
    action: 'contract.breach.cure',
    entityType: 'ContractBreachNotice',
    entityId: notice.id,
    contractId: notice.contractId,
    after: { curedAt: now },
  });
  return notice;
}

/** A right to terminate for cause computed from an uncured breach notice past its cure period (what reads show before the job stores it). */
export function breachRight(notice: ContractBreachNotice, now: Date): Omit<ContractTerminationRight, 'id' | 'createdAt'> | null {
  if (notice.curedAt !== null || notice.cureDueAt.getTime() > now.getTime()) return null;
  return {
    contractId: notice.contractId,
    merchantId: notice.merchantId,
    vendorId: notice.vendorId,
    holderOrganization: notice.notifiedByOrganization,
    source: TerminationRightSource.UNCURED_BREACH,
    arisesAt: notice.cureDueAt,
    evidence: { breachNoticeId: notice.id, reason: notice.reason, notifiedAt: notice.notifiedAt.toISOString(), cureDueAt: notice.cureDueAt.toISOString() },
    breachNoticeId: notice.id,
  };
}

/** Stores the rights of uncured breaches whose cure period has ended (idempotent: one right per notice). */
export async function materializeBreachRights(ctx: RequestContext, contract: Contract): Promise<ContractTerminationRight[]> {
  const now = ctx.clock.now();
  const notices = await ctx.uow.em.find(ContractBreachNotice, { contractId: contract.id, curedAt: null, cureDueAt: { $lte: now } });
  if (!notices.length) return [];
  const stored = await ctx.uow.em.find(ContractTerminationRight, { contractId: contract.id, breachNoticeId: { $in: notices.map((n) => n.id) } });
  const created: ContractTerminationRight[] = [];
  for (const notice of notices) {
    if (stored.some((r) => r.breachNoticeId === notice.id)) continue;
    const right = Object.assign(new ContractTerminationRight(), breachRight(notice, now)!);
    ctx.uow.em.persist(right);
    recordAudit(ctx, {
      action: 'contract.terminationRight.arise',
      entityType: 'ContractTerminationRight',
      entityId: right.id,
      contractId: contract.id,
      after: { contractId: contract.id, holder: right.holderOrganization, source: right.source, breachNoticeId: notice.id },
    });
    created.push(right);
  }
  return created;
}

/** Whether an amendment is still a proposal the given party may sign. */
export function awaitsSignatureOf(amendment: ContractAmendment, party: ContractParty | null): boolean {
  if (amendment.status !== AmendmentStatus.PROPOSED || !party) return false;
  return party === ContractParty.MERCHANT ? amendment.merchantSignedAt === null : amendment.vendorSignedAt === null;
}

/**
 * Stores a right to terminate for cause that another domain's rules give (KPI streaks, the inspection
 * ladder), with its evidence, audited like the rights of uncured breaches. The caller decides that
 * the right is due and not stored yet (and holds the contract's lock, `lockContract`, where races matter).
 */
export function grantTerminationRight(
  ctx: RequestContext,
  contract: Pick<Contract, 'id' | 'merchantId' | 'vendorId'>,
  right: { holderOrganization: string; source: TerminationRightSource; evidence: Record<string, unknown>; arisesAt?: Date },
): ContractTerminationRight {
  const stored = Object.assign(new ContractTerminationRight(), {
    contractId: contract.id,
    merchantId: contract.merchantId,
    vendorId: contract.vendorId,
    ...right,
    // Now, unless the rule that gives it dates it (e.g. the day a streak reached its length).
    arisesAt: right.arisesAt ?? ctx.clock.now(),
    createdAt: ctx.clock.now(),
  });
  ctx.uow.em.persist(stored);
  recordAudit(ctx, {
    action: 'contract.terminationRight.arise',
    entityType: 'ContractTerminationRight',
    entityId: stored.id,
    contractId: contract.id,
    after: { contractId: contract.id, holder: stored.holderOrganization, source: stored.source, evidence: right.evidence },
  });
  return stored;
}
