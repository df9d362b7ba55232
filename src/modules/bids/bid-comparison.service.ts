import { actingOrganizationId } from '../../core/viewer.js';
import type { RequestContext } from '../../core/request-context.js';
import { loadPricing } from './pricing-mapping.js';
import { bidsUnsealed } from '../requirements/requirement-state.js';
import { requirementById } from '../requirements/requirement.loaders.js';
import { compareBids, normalizeWeights, type ComparisonEntry, type ComparisonWeights } from './bid-comparison.js';
import { projectBid, termDates } from './bid-projection.js';
import { BidStatus } from './bid.entity.js';
import { bidsByRequirement, latestRevisionByBid, trackRecordByVendor } from './bid.loaders.js';
import { BidOrder } from './bid.model.js';
import { termCalendar } from './bid.service.js';

/** At most this many bids are compared at once (far above any real tender). */
export const MAX_COMPARED_BIDS = 1000;

export interface RequirementComparison {
  /** The weights used, normalized to sum to 1. */
  weights: ComparisonWeights;
  /** Bids, best first. */
  entries: ComparisonEntry[];
  /** Years of the term whose holiday notice (rest and make-up days) is not recorded yet. */
  calendarNoticeMissingYears: number[];
}

/**
 * The merchant's side-by-side evaluation of a requirement's bids, once they are unsealed: each live
 * bid's latest revision projected over the term, its vendor's track record (one batched load for all
 * the vendors), ranked by the weighted score. Null for anyone but the requirement's merchant, and
 * before the bids are unsealed (the same rule as the database's).
 */
export async function compareRequirementBids(
  ctx: RequestContext,
  requirementId: string,
  weights: Partial<ComparisonWeights>,
): Promise<RequirementComparison | null> {
  const requirement = await requirementById(ctx).load(requirementId);
  if (!requirement || requirement.merchantId !== actingOrganizationId(ctx.viewer) || !bidsUnsealed(requirement, ctx.clock.now())) return null;
  const page = await bidsByRequirement(ctx, { offset: 0, limit: MAX_COMPARED_BIDS }, BidOrder.SUBMITTED_FIRST).load(requirementId);
  const bids = page.rows.filter((bid) => bid.status !== BidStatus.WITHDRAWN);
  const [revisions, trackRecords, calendar] = await Promise.all([
    latestRevisionByBid(ctx).loadMany(bids.map((bid) => bid.id)),
    trackRecordByVendor(ctx).loadMany(bids.map((bid) => bid.vendorId)),
    termCalendar(ctx, requirement),
  ]);
  const compared = bids.flatMap((bid, i) => {
    const revision = revisions[i];
    if (!revision || revision instanceof Error) return [];
    const trackRecord = trackRecords[i];
    if (trackRecord instanceof Error) throw trackRecord;
    return [{ bid, revision, projection: projectBid(requirement, loadPricing(revision.pricing), calendar), trackRecord: trackRecord ?? null }];
  });
  const used = normalizeWeights(weights);
  const term = termDates(requirement);
  return { weights: used, entries: compareBids(requirement, compared, used), calendarNoticeMissingYears: calendar.noticeMissingYears(term.from, term.to) };
}
