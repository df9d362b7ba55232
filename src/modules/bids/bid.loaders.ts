import DataLoader from 'dataloader';
import { entityLoader, groupedPageLoader } from '../../db/batch.js';
import { readsPlainRows, toPlainRows } from '../../db/rows.js';
import type { PageWindow } from '../../core/page-window.js';
import { defineLoader } from '../../core/loaders.js';
import { Bid, BidRevision } from './bid.entity.js';
import { BidOrder } from './bid.model.js';

export const bidById = defineLoader('bid.byId', (ctx) => entityLoader(ctx.uow, Bid, 'id'));

const BID_ORDER_SQL: Record<BidOrder, string> = {
  [BidOrder.SUBMITTED_FIRST]: 't.submitted_at, t.id',
  [BidOrder.PRICE_LOWEST]: 't.total_contract_value, t.submitted_at, t.id',
};

/** Bids per requirement, as row-level security lets the viewer see them (sealed for the merchant until the deadline). */
export const bidsByRequirement = defineLoader(
  'bid.byRequirement',
  (ctx, window: PageWindow, order: BidOrder) => groupedPageLoader(ctx.uow, Bid, 'bid', 'requirement_id', BID_ORDER_SQL[order], window),
  (window, order) => `${order}:${window.offset}:${window.limit}`,
);

/** The latest revision of each bid: the one that counts. */
export const latestRevisionByBid = defineLoader(
  'bid.latestRevision',
  (ctx) =>
    new DataLoader<string, BidRevision | null>(async (bidIds) => {
      const rows: Record<string, unknown>[] = await ctx.uow.em.execute(
        'select r.* from bid_revision r join bid b on b.id = r.bid_id and b.revision = r.revision where r.bid_id in (?)',
        [bidIds],
      );
      const revisions = readsPlainRows(ctx.uow) ? toPlainRows(ctx.uow.em, BidRevision, rows) : rows.map((row) => ctx.uow.em.map(BidRevision, row as never));
      return bidIds.map((id) => revisions.find((r) => r.bidId === id) ?? null);
    }),
);

export const revisionsByBid = defineLoader(
  'bid.revisions',
  (ctx, window: PageWindow) => groupedPageLoader(ctx.uow, BidRevision, 'bid_revision', 'bid_id', 't.revision', window),
  (window) => `${window.offset}:${window.limit}`,
);
