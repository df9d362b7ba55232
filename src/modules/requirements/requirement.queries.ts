import type { KeysetOrder, KeysetPage, KeysetWindow, SortKey } from '../../core/page-window.js';
import type { RequestContext } from '../../core/request-context.js';
import { emptyKeysetPage, keysetPage } from '../../db/keyset.js';
import { joinSql, sql, textArray, type Sql } from '../../db/sql.js';
import { OrganizationKind } from '../organizations/organization.entity.js';
import { Requirement, RequirementStatus } from './requirement.entity.js';
import { requirementById } from './requirement.loaders.js';
import { RequirementOrder, type RequirementListFilter } from './requirement.model.js';

const BY_ID: SortKey = { column: 'id', type: 'uuid' };

/** The orders of requirement lists, each ending with the id (ties in id order). */
export const REQUIREMENT_ORDERS: Record<RequirementOrder, KeysetOrder> = {
  [RequirementOrder.NEWEST]: { name: 'requirement.NEWEST', keys: [{ column: 'created_at', type: 'timestamptz', descending: true }, BY_ID] },
  [RequirementOrder.DEADLINE_SOONEST]: { name: 'requirement.DEADLINE_SOONEST', keys: [{ column: 'bid_deadline', type: 'timestamptz' }, BY_ID] },
  [RequirementOrder.SEATS_MOST]: { name: 'requirement.SEATS_MOST', keys: [{ column: 'seats_required', type: 'integer', descending: true }, BY_ID] },
  [RequirementOrder.BUDGET_HIGHEST]: {
    name: 'requirement.BUDGET_HIGHEST',
    keys: [{ column: 'budget_max', type: 'numeric', descending: true, nullable: true }, BY_ID],
  },
};

/** The stored conditions of a status as read (OPEN past its deadline reads EVALUATING). */
function statusCondition(status: RequirementStatus, now: string): Sql {
  switch (status) {
    case RequirementStatus.OPEN:
      return sql`(t.status = ${RequirementStatus.OPEN} and t.bid_deadline > ${now}::timestamptz)`;
    case RequirementStatus.EVALUATING:
      return sql`(t.status = ${RequirementStatus.EVALUATING} or (t.status = ${RequirementStatus.OPEN} and t.bid_deadline <= ${now}::timestamptz))`;
    default:
      return sql`t.status = ${status}`;
  }
}

/**
 * Merchants list their own requirements; vendors browse the published ones they may see
 * (row-level security decides which: public, or inviting them). Whole rows prime requirementById;
 * a partial page (the window's properties, in a read-only request) does not.
 */
export async function listRequirements(
  ctx: RequestContext,
  filter: RequirementListFilter | null | undefined,
  window: KeysetWindow,
): Promise<KeysetPage<Requirement>> {
  const viewer = ctx.viewer;
  if (viewer.kind !== 'member') return emptyKeysetPage();
  // The request's clock, never the database's now(): a test (or a replay) may move it.
  const now = ctx.clock.now().toISOString();
  const and: Sql[] = [];
  if (viewer.organizationKind === OrganizationKind.MERCHANT) and.push(sql`t.merchant_id = ${viewer.organizationId}`);
  else and.push(sql`t.status <> ${RequirementStatus.DRAFT}`);
  if (filter?.statuses?.length)
    and.push(
      sql`(${joinSql(
        filter.statuses.map((s) => statusCondition(s, now)),
        ' or ',
      )})`,
    );
  if (filter?.biddableOnly) and.push(statusCondition(RequirementStatus.OPEN, now));
  if (filter?.serviceScope) and.push(sql`t.service_scopes @> ${textArray([filter.serviceScope])}`);
  if (filter?.channel) and.push(sql`t.channels @> ${textArray([filter.channel])}`);
  if (filter?.minSeats != null) and.push(sql`t.seats_required >= ${filter.minSeats}::integer`);
  if (filter?.maxSeats != null) and.push(sql`t.seats_required <= ${filter.maxSeats}::integer`);
  if (filter?.minBudget) and.push(sql`t.budget_max >= ${filter.minBudget.toFixed(2)}::numeric`);
  if (filter?.deadlineAfter) and.push(sql`t.bid_deadline >= ${filter.deadlineAfter.toISOString()}::timestamptz`);
  if (filter?.deadlineBefore) and.push(sql`t.bid_deadline < ${filter.deadlineBefore.toISOString()}::timestamptz`);
  if (filter?.termStartFrom) and.push(sql`t.term_start >= ${filter.termStartFrom}::date`);
  if (filter?.certificationsHeld) and.push(sql`t.required_certifications <@ ${textArray(filter.certificationsHeld)}`);
  const page = await keysetPage(ctx.uow, Requirement, 'requirement', joinSql(and, ' and '), window);
  if (page.partial) return page;
  const byId = requirementById(ctx);
  for (const row of page.rows) byId.prime(row.id, row);
  return page;
}
