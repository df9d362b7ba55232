import type { FilterQuery } from '@mikro-orm/core';
import type { PageWindow } from '../../core/page-window.js';
import type { RequestContext } from '../../core/request-context.js';
import { OrganizationKind } from '../organizations/organization.entity.js';
import { Bid, type BidStatus } from './bid.entity.js';
import { bidById } from './bid.loaders.js';

export interface BidListFilter {
  statuses?: BidStatus[] | null;
  /** Raw requirement id; null when the client gave an id of another type (nothing matches). */
  requirementId?: string | null;
}

/**
 * A vendor's own bids across requirements, or the bids on a merchant's requirements, newest first.
 * Row-level security keeps bids sealed: a merchant gets none of a requirement before its deadline.
 */
export async function listBids(ctx: RequestContext, filter: BidListFilter, window: PageWindow) {
  const viewer = ctx.viewer;
  if (viewer.kind !== 'member') return { rows: [], total: 0 };
  const where: FilterQuery<Bid> =
    viewer.organizationKind === OrganizationKind.VENDOR ? { vendorId: viewer.organizationId } : { merchantId: viewer.organizationId };
  if (filter.statuses?.length) where.status = { $in: filter.statuses };
  if (filter.requirementId !== undefined) where.requirementId = filter.requirementId ?? '00000000-0000-0000-0000-000000000000';
  const [rows, total] = await ctx.uow.em.findAndCount(Bid, where, {
    orderBy: { submittedAt: 'desc', id: 'asc' },
    offset: window.offset,
    limit: window.limit + 1,
  });
  const byId = bidById(ctx);
  for (const row of rows) byId.prime(row.id, row);
  return { rows, total };
}
