import { LockMode } from '@mikro-orm/core';
import { actingOrganizationId, type MemberViewer } from '../../core/viewer.js';
import type { Transition } from '../../core/state-machine.js';
import { DomainErrorCode, DomainErrors, domainProblem, transitionOrFail } from '../../core/domain-error.js';
import type { RequestContext } from '../../core/request-context.js';
import { recordAudit } from '../audit/audit.service.js';
import { Organization, OrganizationKind, VerificationStatus } from '../organizations/organization.entity.js';
import {
  Requirement,
  RequirementInvitation,
  RequirementQuestion,
  RequirementQuestionAsker,
  RequirementStatus,
  RequirementVisibility,
} from './requirement.entity.js';
import { questionAskedByViewer } from './requirement.loaders.js';
import { checkReason, normalizeRequirement } from './requirement.rules.js';
import { REQUIREMENT_MACHINE, type RequirementAction } from './requirement-state.js';
import type { RequirementDraft } from './requirement.model.js';
import { invariant } from '../../core/invariant.js';
import { REQUIREMENT_LIMITS } from './requirement.model.js';

export function memberViewer(ctx: RequestContext): MemberViewer {
  invariant(ctx.viewer.kind === 'member', 'this use case needs an organization member');
  return ctx.viewer;
}

export const REQUIREMENT_NOT_FOUND = domainProblem(DomainErrorCode.NOT_FOUND, ['id'], 'No such requirement.');

/**
 * The acting organization's own requirement (a member's, or the system's acting for the merchant),
 * locked for the rest of the transaction (state changes serialize on it).
 */
export async function lockOwnRequirement(ctx: RequestContext, requirementId: string | null): Promise<Requirement> {
  const organizationId = actingOrganizationId(ctx.viewer);
  invariant(organizationId !== null, 'this use case needs an organization member or the system acting for one');
  const requirement = requirementId
    ? await ctx.uow.em.findOne(Requirement, { id: requirementId }, { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true })
    : null;
  if (!requirement || requirement.merchantId !== organizationId) throw new DomainErrors([REQUIREMENT_NOT_FOUND]);
  return requirement;
}

/**
 * Refuses an action the state machine does not allow from the requirement's effective status (or
 * its guard refuses), without changing it: for actions that happen within a status (bid, ask, …).
 */
export function requireTransition(ctx: RequestContext, requirement: Requirement, action: RequirementAction, field: string[] = ['id']): RequirementStatus {
  return transitionOrFail(() => REQUIREMENT_MACHINE.check(requirement, action, ctx.clock.now()), field).to;
}

/** Moves the requirement by the state machine (refusals as userErrors); `from` is the stored status, for the audit event. */
export function applyRequirementTransition(
  ctx: RequestContext,
  requirement: Requirement,
  action: RequirementAction,
  field: string[] = ['id'],
): Transition<RequirementStatus> {
  return transitionOrFail(() => REQUIREMENT_MACHINE.apply(requirement, action, ctx.clock.now()), field);
}

function snapshot(requirement: Requirement): Record<string, unknown> {
  const { createdAt: _c, updatedAt: _u, ...fields } = requirement;
  return fields;
}

export async function createRequirement(ctx: RequestContext, input: RequirementDraft): Promise<Requirement> {
  const viewer = memberViewer(ctx);
  const { value, errors } = normalizeRequirement(input);
  if (!value) throw new DomainErrors(errors);
  const requirement = Object.assign(new Requirement(), value, { merchantId: viewer.organizationId, createdByUserId: viewer.userId });
  ctx.uow.em.persist(requirement);
  recordAudit(ctx, { action: 'requirement.create', entityType: 'Requirement', entityId: requirement.id, after: snapshot(requirement) });
  return requirement;
}

export async function updateRequirement(ctx: RequestContext, requirementId: string | null, input: RequirementDraft): Promise<Requirement> {
  const requirement = await lockOwnRequirement(ctx, requirementId);
  requireTransition(ctx, requirement, 'edit');
  const { value, errors } = normalizeRequirement(input);
  if (!value) throw new DomainErrors(errors);
  const before = snapshot(requirement);
  Object.assign(requirement, value);
  recordAudit(ctx, { action: 'requirement.update', entityType: 'Requirement', entityId: requirement.id, before, after: snapshot(requirement) });
  return requirement;
}

export async function publishRequirement(ctx: RequestContext, requirementId: string | null): Promise<Requirement> {
  const viewer = memberViewer(ctx);
  const requirement = await lockOwnRequirement(ctx, requirementId);
  requireTransition(ctx, requirement, 'publish');
  const merchant = await ctx.uow.em.findOneOrFail(Organization, { id: viewer.organizationId });
  if (merchant.verificationStatus !== VerificationStatus.VERIFIED) {
    throw new DomainErrors([
      domainProblem(DomainErrorCode.NOT_VERIFIED, ['id'], 'Only verified organizations may publish requirements: the platform has not verified yours yet.'),
    ]);
  }
  const { from, to } = applyRequirementTransition(ctx, requirement, 'publish');
  requirement.publishedAt = ctx.clock.now();
  recordAudit(ctx, { action: 'requirement.publish', entityType: 'Requirement', entityId: requirement.id, before: { status: from }, after: { status: to } });
  return requirement;
}

export async function extendDeadline(ctx: RequestContext, requirementId: string | null, bidDeadline: Date): Promise<Requirement> {
  const requirement = await lockOwnRequirement(ctx, requirementId);
  requireTransition(ctx, requirement, 'extendDeadline');
  if (bidDeadline.getTime() <= requirement.bidDeadline.getTime()) {
    throw new DomainErrors([domainProblem(DomainErrorCode.INVALID, ['input', 'bidDeadline'], 'A deadline can only be extended: give a later instant.')]);
  }
  if (bidDeadline.toISOString().slice(0, 10) >= requirement.termStart) {
    throw new DomainErrors([domainProblem(DomainErrorCode.INVALID, ['input', 'bidDeadline'], 'Bidding must close before the term starts.')]);
  }
  const before = { bidDeadline: requirement.bidDeadline };
  requirement.bidDeadline = bidDeadline;
  recordAudit(ctx, { action: 'requirement.extendDeadline', entityType: 'Requirement', entityId: requirement.id, before, after: { bidDeadline } });
  return requirement;
}

export async function cancelRequirement(ctx: RequestContext, requirementId: string | null, reason: string): Promise<Requirement> {
  const requirement = await lockOwnRequirement(ctx, requirementId);
  requireTransition(ctx, requirement, 'cancel');
  const why = checkReason(reason, ['input', 'reason'], { required: true });
  const { from, to } = applyRequirementTransition(ctx, requirement, 'cancel');
  requirement.cancelledAt = ctx.clock.now();
  requirement.cancelReason = why;
  recordAudit(ctx, {
    action: 'requirement.cancel',
    entityType: 'Requirement',
    entityId: requirement.id,
    before: { status: from },
    after: { status: to, cancelReason: requirement.cancelReason },
  });
  return requirement;
}

export async function inviteVendors(ctx: RequestContext, requirementId: string | null, vendorIds: (string | null)[]): Promise<Requirement> {
  const viewer = memberViewer(ctx);
  const requirement = await lockOwnRequirement(ctx, requirementId);
  requireTransition(ctx, requirement, 'invite');
  if (requirement.visibility !== RequirementVisibility.INVITED) {
    throw new DomainErrors([
      domainProblem(DomainErrorCode.INVALID_STATE, ['id'], 'Only INVITED requirements take invitations; PUBLIC ones are open to every vendor.'),
    ]);
  }
  const ids = [...new Set(vendorIds)];
  const vendors = await ctx.uow.em.find(Organization, { id: { $in: ids.filter((id): id is string => id !== null) }, kind: OrganizationKind.VENDOR });
  const unknown = ids.findIndex((id) => !vendors.some((v) => v.id === id));
  if (unknown >= 0 || !ids.length) {
    throw new DomainErrors([domainProblem(DomainErrorCode.NOT_FOUND, ['input', 'vendorIds', String(Math.max(unknown, 0))], 'No such vendor.')]);
  }
  const existing = await ctx.uow.em.find(RequirementInvitation, { requirementId: requirement.id });
  const added = vendors.filter((v) => !existing.some((e) => e.vendorId === v.id));
  for (const vendor of added) {
    ctx.uow.em.persist(Object.assign(new RequirementInvitation(), { requirementId: requirement.id, vendorId: vendor.id, merchantId: viewer.organizationId }));
  }
  if (added.length) {
    recordAudit(ctx, {
      action: 'requirement.invite',
      entityType: 'Requirement',
      entityId: requirement.id,
      after: { invitedVendorIds: added.map((v) => v.id) },
    });
  }
  return requirement;
}

/**
 * Bidding closes by the clock: past its deadline an OPEN requirement already reads EVALUATING. The
 * deadline job calls this, acting for the merchant, to store that status, with its audit event.
 * Refused (INVALID_STATE) when it is stored closed already or was awarded or cancelled meanwhile.
 */
export async function closeBidding(ctx: RequestContext, requirementId: string): Promise<Requirement> {
  const requirement = await lockOwnRequirement(ctx, requirementId);
  const { from, to } = applyRequirementTransition(ctx, requirement, 'closeBidding');
  recordAudit(ctx, {
    action: 'requirement.closeBidding',
    entityType: 'Requirement',
    entityId: requirement.id,
    before: { status: from },
    after: { status: to },
  });
  return requirement;
}

/** A vendor asks about a requirement it may see; the merchant and every vendor that may see it will see the question, never who asked. */
export async function askQuestion(ctx: RequestContext, requirementId: string | null, text: string): Promise<RequirementQuestion> {
  const viewer = memberViewer(ctx);
  const requirement = requirementId ? await ctx.uow.em.findOne(Requirement, { id: requirementId }) : null;
  if (!requirement || requirement.merchantId === viewer.organizationId)
    throw new DomainErrors([domainProblem(DomainErrorCode.NOT_FOUND, ['requirementId'], 'No such requirement.')]);
  requireTransition(ctx, requirement, 'ask', ['requirementId']);
  const question = text.trim();
  if (question.length < REQUIREMENT_LIMITS.questionLength.min || question.length > REQUIREMENT_LIMITS.questionLength.max)
    throw new DomainErrors([domainProblem(DomainErrorCode.INVALID, ['input', 'question'], 'A question has 3 to 2,000 characters.')]);
  const entity = Object.assign(new RequirementQuestion(), { requirementId: requirement.id, merchantId: requirement.merchantId, question });
  // Who asked is kept apart, readable by the asking vendor alone.
  ctx.uow.em.persist([entity, Object.assign(new RequirementQuestionAsker(), { questionId: entity.id, vendorId: viewer.organizationId })]);
  questionAskedByViewer(ctx).prime(entity.id, true);
  recordAudit(ctx, { action: 'requirement.question.ask', entityType: 'RequirementQuestion', entityId: entity.id, after: { requirementId: requirement.id } });
  return entity;
}

export async function answerQuestion(ctx: RequestContext, questionId: string | null, text: string): Promise<RequirementQuestion> {
  const viewer = memberViewer(ctx);
  const question = questionId ? await ctx.uow.em.findOne(RequirementQuestion, { id: questionId }) : null;
  if (!question || question.merchantId !== viewer.organizationId)
    throw new DomainErrors([domainProblem(DomainErrorCode.NOT_FOUND, ['id'], 'No such question.')]);
  const answer = text.trim();
  if (answer.length < REQUIREMENT_LIMITS.answerLength.min || answer.length > REQUIREMENT_LIMITS.answerLength.max)
    throw new DomainErrors([domainProblem(DomainErrorCode.INVALID, ['input', 'answer'], 'An answer has 1 to 5,000 characters.')]);
  const before = { answer: question.answer ?? null };
  question.answer = answer;
  question.answeredAt = ctx.clock.now();
  recordAudit(ctx, { action: 'requirement.question.answer', entityType: 'RequirementQuestion', entityId: question.id, before, after: { answer } });
  return question;
}

/** Whether the viewer is the requirement's merchant (who alone sees its bid count and invitations). */
export function isRequirementMerchant(ctx: RequestContext, merchantId: string): boolean {
  return actingOrganizationId(ctx.viewer) === merchantId;
}
