import DataLoader from 'dataloader';
import { entityLoader, groupedPageLoader } from '../../db/batch.js';
import type { PageWindow } from '../../core/page-window.js';
import { defineLoader } from '../../core/loaders.js';
import { OrganizationKind } from '../organizations/organization.entity.js';
import { Requirement, RequirementInvitation, RequirementQuestion, RequirementQuestionAsker } from './requirement.entity.js';

export const requirementById = defineLoader('requirement.byId', (ctx) => entityLoader(ctx.uow, Requirement, 'id'));

/** Bids per requirement that the merchant may know of before the deadline: the count only. */
export const bidCountByRequirement = defineLoader(
  'requirement.bidCount',
  (ctx) =>
    new DataLoader<string, number>(async (ids) => {
      const rows = await ctx.uow.em.execute<{ id: string; n: number }[]>('select r.id, requirement_bid_count(r.id) as n from requirement r where r.id in (?)', [
        ids,
      ]);
      const counts = new Map(rows.map((r) => [r.id, Number(r.n)]));
      return ids.map((id) => counts.get(id) ?? 0);
    }),
);

export const questionById = defineLoader('requirement.questionById', (ctx) => entityLoader(ctx.uow, RequirementQuestion, 'id'));

export const questionsByRequirement = defineLoader(
  'requirement.questions',
  (ctx, window: PageWindow) => groupedPageLoader(ctx.uow, RequirementQuestion, 'requirement_question', 'requirement_id', 't.created_at, t.id', window),
  (window) => `${window.offset}:${window.limit}`,
);

export const invitationsByRequirement = defineLoader(
  'requirement.invitations',
  (ctx) =>
    new DataLoader<string, RequirementInvitation[]>(async (ids) => {
      const rows = await ctx.uow.em.find(RequirementInvitation, { requirementId: { $in: [...ids] } }, { orderBy: { createdAt: 'asc' } });
      return ids.map((id) => rows.filter((r) => r.requirementId === id));
    }),
);

/**
 * Whether the viewer's organization asked each question. Row-level security shows a vendor only its
 * own asker rows (and nobody else any), so one query answers a whole page of questions.
 */
export const questionAskedByViewer = defineLoader(
  'requirement.questionAskedByViewer',
  (ctx) =>
    new DataLoader<string, boolean>(async (questionIds) => {
      const viewer = ctx.viewer;
      // Only vendors ask: the merchant and other kinds never asked any question.
      if (viewer.kind !== 'member' || viewer.organizationKind !== OrganizationKind.VENDOR) return questionIds.map(() => false);
      const rows = await ctx.uow.em.find(RequirementQuestionAsker, { questionId: { $in: [...questionIds] }, vendorId: viewer.organizationId });
      const asked = new Set(rows.map((r) => r.questionId));
      return questionIds.map((id) => asked.has(id));
    }),
);
