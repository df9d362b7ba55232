import type { FilterQuery, QueryOrderMap } from '@mikro-orm/core';
import type { PageWindow } from '../../core/page-window.js';
import type { RequestContext } from '../../core/request-context.js';
import { OrganizationKind } from '../organizations/organization.entity.js';
import { Requirement, RequirementStatus } from './requirement.entity.js';
import { requirementById } from './requirement.loaders.js';
import { RequirementOrder, type RequirementListFilter } from './requirement.model.js';

const ORDERS: Record<RequirementOrder, QueryOrderMap<Requirement>> = {
  [RequirementOrder.NEWEST]: { createdAt: 'desc', id: 'asc' },
  [RequirementOrder.DEADLINE_SOONEST]: { bidDeadline: 'asc', id: 'asc' },
  [RequirementOrder.SEATS_MOST]: { seatsRequired: 'desc', id: 'asc' },
  [RequirementOrder.BUDGET_HIGHEST]: { budgetMax: 'desc nulls last', id: 'asc' },
};

/** The stored conditions of a status as read (OPEN past its deadline reads EVALUATING). */
function statusCondition(status: RequirementStatus, now: Date): FilterQuery<Requirement> {
  switch (status) {
    case RequirementStatus.OPEN:
      return { status: RequirementStatus.OPEN, bidDeadline: { $gt: now } };
    case RequirementStatus.EVALUATING:
      return { $or: [{ status: RequirementStatus.EVALUATING }, { status: RequirementStatus.OPEN, bidDeadline: { $lte: now } }] };
    default:
      return { status };
  }
}

/**
 * Merchants list their own requirements; vendors browse the published ones they may see
 * (row-level security decides which: public, or inviting them).
 */
export async function listRequirements(ctx: RequestContext, filter: RequirementListFilter | null | undefined, order: RequirementOrder, window: PageWindow) {
  const viewer = ctx.viewer;
  if (viewer.kind !== 'member') return { rows: [], total: 0 };
  const now = ctx.clock.now();
  const and: FilterQuery<Requirement>[] = [];
  if (viewer.organizationKind === OrganizationKind.MERCHANT) and.push({ merchantId: viewer.organizationId });
  else and.push({ status: { $ne: RequirementStatus.DRAFT } });
  if (filter?.statuses?.length) and.push({ $or: filter.statuses.map((s) => statusCondition(s, now)) });
  if (filter?.biddableOnly) and.push(statusCondition(RequirementStatus.OPEN, now));
  if (filter?.serviceScope) and.push({ serviceScopes: { $contains: [filter.serviceScope] } });
  if (filter?.channel) and.push({ channels: { $contains: [filter.channel] } });
  if (filter?.minSeats != null) and.push({ seatsRequired: { $gte: filter.minSeats } });
  if (filter?.maxSeats != null) and.push({ seatsRequired: { $lte: filter.maxSeats } });
  if (filter?.minBudget) and.push({ budgetMax: { $gte: filter.minBudget.toFixed(2) } });
  if (filter?.deadlineAfter) and.push({ bidDeadline: { $gte: filter.deadlineAfter } });
  if (filter?.deadlineBefore) and.push({ bidDeadline: { $lt: filter.deadlineBefore } });
  if (filter?.termStartFrom) and.push({ termStart: { $gte: filter.termStartFrom } });
  if (filter?.certificationsHeld) and.push({ requiredCertifications: { $contained: filter.certificationsHeld } });
  const [rows, total] = await ctx.uow.em.findAndCount(Requirement, { $and: and }, { orderBy: ORDERS[order], offset: window.offset, limit: window.limit + 1 });
  const byId = requirementById(ctx);
  for (const row of rows) byId.prime(row.id, row);
  return { rows, total };
}
