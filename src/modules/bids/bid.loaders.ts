import DataLoader from 'dataloader';
import { entityLoader, groupedPageLoader } from '../../db/batch.js';
import { readsPlainRows, toPlainRows } from '../../db/rows.js';
import { arrayLiteral } from '../../db/sql.js';
import type { PageWindow } from '../../core/page-window.js';
import { defineLoader } from '../../core/loaders.js';
import { Bid, BidRevision } from './bid.entity.js';
import { BidOrder } from './bid.model.js';
import { trackRecordOf, type TrackRecord } from './track-record.js';

export const bidById = defineLoader('bid.byId', (ctx) => entityLoader(ctx.uow, Bid, 'id'));

const BID_ORDER_SQL: Record<BidOrder, string> = {
  [BidOrder.SUBMITTED_FIRST]: 't.submitted_at, t.id',
  [BidOrder.PRICE_LOWEST]: 't.total_contract_value, t.submitted_at, t.id',
};

/**
 * Bids per requirement, as row-level security lets the viewer see them (sealed for the merchant
 * until the deadline). The bids read are the request's by id too (a comparison entry's `bid`).
 */
export const bidsByRequirement = defineLoader(
  'bid.byRequirement',
  (ctx, window: PageWindow, order: BidOrder) =>
    groupedPageLoader(ctx.uow, Bid, 'bid', 'requirement_id', BID_ORDER_SQL[order], window, (bids) => {
      const byId = bidById(ctx);
      for (const bid of bids) byId.prime(bid.id, bid);
    }),
  (window, order) => `${order}:${window.offset}:${window.limit}`,
);

/** The latest revision of each bid: the one that counts. */
export const latestRevisionByBid = defineLoader(
  'bid.latestRevision',
  (ctx) =>
    new DataLoader<string, BidRevision | null>(async (bidIds) => {
      // Keys on both tables: with only `r.bid_id` keyed, PostgreSQL scans every bid the viewer's
      // policy admits (evaluating app_bidding_closed for each) to join them, not just these.
      const ids = arrayLiteral(bidIds);
      const rows: Record<string, unknown>[] = await ctx.uow.em.execute(
        'select r.* from bid_revision r join bid b on b.id = r.bid_id and b.revision = r.revision where r.bid_id = any(?::uuid[]) and b.id = any(?::uuid[])',
        [ids, ids],
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

interface TrackRecordRow {
  vendor_id: string;
  contracts: number;
  contract_months: number;
  months_with_incident: number;
  kpi_days_measured: number;
  kpi_days_met: number;
  inspections_scored: number;
  inspections_passed: number;
  non_exempt_outages: number;
  verified_data_breaches: number;
  statements_issued: number;
  statements_issued_on_time: number;
}

/**
 * The track record of each bidding vendor, from its finished months on all its contracts: one call of
 * the definer function `bid_vendor_track_records` for every vendor of the request (aggregates only,
 * and only for vendors whose bid the merchant may see). Null without a finished contract-month, and
 * for a vendor the function does not answer for.
 */
export const trackRecordByVendor = defineLoader(
  'bid.trackRecordByVendor',
  (ctx) =>
    new DataLoader<string, TrackRecord | null>(async (vendorIds) => {
      const rows = await ctx.uow.em.execute<TrackRecordRow[]>('select * from bid_vendor_track_records(array[?]::uuid[])', [vendorIds]);
      const byVendor = new Map(
        rows.map((r) => [
          r.vendor_id,
          trackRecordOf({
            contracts: Number(r.contracts),
            contractMonths: Number(r.contract_months),
            monthsWithIncident: Number(r.months_with_incident),
            kpiDaysMeasured: Number(r.kpi_days_measured),
            kpiDaysMet: Number(r.kpi_days_met),
            inspectionsScored: Number(r.inspections_scored),
            inspectionsPassed: Number(r.inspections_passed),
            nonExemptOutages: Number(r.non_exempt_outages),
            verifiedDataBreaches: Number(r.verified_data_breaches),
            statementsIssued: Number(r.statements_issued),
            statementsIssuedOnTime: Number(r.statements_issued_on_time),
          }),
        ]),
      );
      return vendorIds.map((id) => byVendor.get(id) ?? null);
    }),
);
