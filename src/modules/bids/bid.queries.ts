import type { KeysetOrder, KeysetPage, KeysetWindow } from '../../core/page-window.js';
import type { RequestContext } from '../../core/request-context.js';
import { emptyKeysetPage, keysetPage } from '../../db/keyset.js';
import { joinSql, sql, type Sql } from '../../db/sql.js';
import { OrganizationKind } from '../organizations/organization.entity.js';
import { Bid, type BidStatus } from './bid.entity.js';
import { bidById } from './bid.loaders.js';

export interface BidListFilter {
  statuses?: BidStatus[] | null;
  /** Raw requirement id; null when the client gave an id of another type (nothing matches). */
  requirementId?: string | null;
}

/** Newest first (ties in id order). */
export const BID_LIST_ORDER: KeysetOrder = {
  name: 'bid.NEWEST',
  keys: [
    { column: 'submitted_at', type: 'timestamptz', descending: true },
    { column: 'id', type: 'uuid' },
  ],
};

/**
 * A vendor's own bids across requirements, or the bids on a merchant's requirements, newest first.
 * Row-level security keeps bids sealed: a merchant gets none of a requirement before its deadline.
 */
export async function listBids(ctx: RequestContext, filter: BidListFilter, window: KeysetWindow): Promise<KeysetPage<Bid>> {
  const viewer = ctx.viewer;
  if (viewer.kind !== 'member') return emptyKeysetPage();
  const and: Sql[] = [
    viewer.organizationKind === OrganizationKind.VENDOR ? sql`t.vendor_id = ${viewer.organizationId}` : sql`t.merchant_id = ${viewer.organizationId}`,
  ];
  if (filter.statuses?.length) and.push(sql`t.status in (${[...filter.statuses]})`);
  if (filter.requirementId !== undefined) and.push(sql`t.requirement_id = ${filter.requirementId ?? '00000000-0000-0000-0000-000000000000'}`);
  const page = await keysetPage(ctx.uow, Bid, 'bid', joinSql(and, ' and '), window);
  const byId = bidById(ctx);
  for (const row of page.rows) byId.prime(row.id, row);
  return page;
}
