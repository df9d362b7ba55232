import type { GraphQLResolveInfo } from 'graphql';
import { fixed } from '../../core/decimal-scale.js';
import { Arg, Args, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root, Info } from 'type-graphql';
import { ConnectionArgs, KeysetConnectionArgs, keysetWindow, pageWindow, toConnection, toKeysetConnection } from '../../graphql/connection.js';
import { idOfType } from '../../graphql/global-id.js';
import { Money } from '../../graphql/money.js';
import { mutationPayload } from '../../graphql/mutation.js';
import type { NodeFetcher } from '../../core/module.js';
import { Permission } from '../../graphql/permission.js';
import { BID_PERMISSIONS } from './bid.permissions.js';
import type { RequestContext } from '../../core/request-context.js';
import { organizationById } from '../organizations/organization.loaders.js';
import { OrganizationNode } from '../organizations/organization.types.js';
import { requirementById } from '../requirements/requirement.loaders.js';
import { REQUIREMENT_TYPE, RequirementNode } from '../requirements/requirement.types.js';
import { compareRequirementBids } from './bid-comparison.service.js';
import { bidById, bidsByRequirement, latestRevisionByBid, revisionsByBid } from './bid.loaders.js';
import { BID_LIST_ORDER, listBids } from './bid.queries.js';
import { rejectBid, reviseBid, shortlistBid, submitBid, withdrawBid } from './bid.service.js';
import {
  BID_TYPE,
  BidComparisonEntry,
  BidComparisonType,
  BidConnection,
  BidFilter,
  BidInput,
  BidNode,
  BidOrder,
  BidPayload,
  BidRejectInput,
  BidRevisionType,
  ComparisonWeightsInput,
  KpiComparisonType,
  MonthlyProjectionType,
  TrackRecordType,
} from './bid.types.js';
import { invariant } from '../../core/invariant.js';

export const fetchBidNode: NodeFetcher = async (ctx, id) => {
  const bid = await bidById(ctx).load(id);
  return bid && BidNode.of(bid);
};

@Resolver(() => RequirementNode)
export class RequirementBidsResolver {
  @FieldResolver(() => BidConnection, {
    description:
      'Bids you may see: the merchant sees every bid once the deadline has passed or the requirement is awarded (none before: bids are sealed; none ever when it was cancelled before its deadline); a vendor sees only its own. Offset cursors (first/after).',
  })
  async bids(
    @Ctx() ctx: RequestContext,
    @Root() requirement: RequirementNode,
    @Args() args: ConnectionArgs,
    @Arg('orderBy', () => BidOrder, { defaultValue: BidOrder.SUBMITTED_FIRST, description: 'Ordering of the bids.' }) orderBy: BidOrder,
  ) {
    const window = pageWindow(args);
    const page = await bidsByRequirement(ctx, window, orderBy).load(requirement.rawId);
    return toConnection(page.rows.map(BidNode.of), window, page.totalCount);
  }

  @FieldResolver(() => BidComparisonType, {
    nullable: true,
    description:
      'The merchant, once bids are unsealed: bids compared and ranked by a weighted score. Null before the deadline, for a requirement cancelled before its deadline, and for vendors.',
  })
  async bidComparison(
    @Ctx() ctx: RequestContext,
    @Root() requirement: RequirementNode,
    @Arg('weights', () => ComparisonWeightsInput, {
      nullable: true,
      description: 'Weights of price, KPIs and track record in the score; omitted weights take their defaults.',
    })
    weights: ComparisonWeightsInput | null,
  ): Promise<BidComparisonType | null> {
    const comparison = await compareRequirementBids(ctx, requirement.rawId, {
      price: weights?.price ?? undefined,
      kpi: weights?.kpi ?? undefined,
      trackRecord: weights?.trackRecord ?? undefined,
    });
    if (!comparison) return null;
    const { weights: used, entries: ranked, calendarNoticeMissingYears } = comparison;
    return Object.assign(new BidComparisonType(), {
      priceWeight: fixed(used.price, 'FRACTION'),
      kpiWeight: fixed(used.kpi, 'FRACTION'),
      trackRecordWeight: fixed(used.trackRecord, 'FRACTION'),
      calendarNoticeMissingYears,
      entries: ranked.map((entry) =>
        Object.assign(new BidComparisonEntry(), {
          bidRawId: entry.bid.id,
          rank: entry.rank,
          score: fixed(entry.score, 'PERCENT'),
          priceScore: fixed(entry.priceScore, 'PERCENT'),
          kpiScore: fixed(entry.kpiScore, 'PERCENT'),
          trackRecordScore: fixed(entry.trackRecordScore, 'PERCENT'),
          monthlyProjection: entry.projection.months.map((m) =>
            Object.assign(new MonthlyProjectionType(), {
              contractMonth: m.contractMonth,
              from: m.from,
              to: m.to,
              rate: m.rate ? fixed(m.rate, 'MONEY') : null,
              amount: Money.cny(m.amount),
            }),
          ),
          totalContractValue: Money.cny(entry.projection.total),
          staffingCoverage: entry.staffingCoverage,
          coverageWithReserve: entry.coverageWithReserve,
          reserveRatio: fixed(entry.revision.staffing.reserveRatio, 'FRACTION'),
          kpis: entry.kpis.map((k) =>
            Object.assign(new KpiComparisonType(), {
              metric: k.metric,
              target: fixed(k.target, 'PERCENT'),
              committed: k.committed && fixed(k.committed, 'PERCENT'),
              meetsTarget: k.meetsTarget,
            }),
          ),
          trackRecord: entry.trackRecord && TrackRecordType.of(entry.trackRecord),
        }),
      ),
    });
  }
}

@Resolver(() => BidComparisonEntry)
export class BidComparisonEntryResolver {
  @FieldResolver(() => BidNode, { description: 'The bid.' })
  async bid(@Ctx() ctx: RequestContext, @Root() entry: BidComparisonEntry): Promise<BidNode> {
    const bid = await bidById(ctx).load(entry.bidRawId);
    invariant(bid, 'compared bid not visible');
    return BidNode.of(bid);
  }
}

@Resolver(() => BidNode)
export class BidResolver {
  @FieldResolver(() => OrganizationNode, { description: 'The bidding vendor.' })
  async vendor(@Ctx() ctx: RequestContext, @Root() bid: BidNode): Promise<OrganizationNode> {
    const vendor = await organizationById(ctx).load(bid.vendorRawId);
    invariant(vendor, 'bid without a visible vendor');
    return OrganizationNode.of(vendor);
  }

  @FieldResolver(() => RequirementNode, { description: 'The requirement bid on.' })
  async requirement(@Ctx() ctx: RequestContext, @Root() bid: BidNode): Promise<RequirementNode> {
    const requirement = await requirementById(ctx).load(bid.requirementRawId);
    invariant(requirement, 'bid without a visible requirement');
    return RequirementNode.of(requirement, ctx.clock.now());
  }

  @FieldResolver(() => BidRevisionType, { description: 'The latest revision: the one that counts.' })
  async latestRevision(@Ctx() ctx: RequestContext, @Root() bid: BidNode): Promise<BidRevisionType> {
    const revision = await latestRevisionByBid(ctx).load(bid.rawId);
    invariant(revision, 'bid without its latest revision');
    return BidRevisionType.of(revision);
  }

  @FieldResolver(() => [BidRevisionType], { description: 'Every revision, first to latest (at most 100).' })
  async revisions(@Ctx() ctx: RequestContext, @Root() bid: BidNode): Promise<BidRevisionType[]> {
    const page = await revisionsByBid(ctx, { offset: 0, limit: 100 }).load(bid.rawId);
    return page.rows.slice(0, 100).map(BidRevisionType.of);
  }

  @Query(() => BidConnection, {
    description:
      'Vendors: your own bids across requirements. Merchants: bids on your requirements whose bids are unsealed (none before the deadline). Newest first. Keyset cursors (first/after or last/before).',
  })
  @Permission('marketplaceRead')
  async bids(
    @Ctx() ctx: RequestContext,
    @Args() args: KeysetConnectionArgs,
    @Info() info: GraphQLResolveInfo,
    @Arg('filter', () => BidFilter, { nullable: true, description: 'Which bids to list; all you may see when omitted.' }) filter: BidFilter | null,
  ) {
    const window = keysetWindow(args, BID_LIST_ORDER, info);
    const requirementId = filter?.requirementId == null ? undefined : idOfType(filter.requirementId, REQUIREMENT_TYPE);
    return toKeysetConnection(await listBids(ctx, { statuses: filter?.statuses, requirementId }, window), window, BidNode.of);
  }

  @Mutation(() => BidPayload, { description: 'Vendors (sales, verified): submit your one bid on a requirement before its deadline.' })
  @Permission(BID_PERMISSIONS.bidManage)
  async bidSubmit(
    @Ctx() ctx: RequestContext,
    @Arg('requirementId', () => ID, { description: 'Global ID of the open requirement to bid on.' }) requirementId: string,
    @Arg('input', { description: 'The offer: staffing, pricing, KPI commitments.' }) input: BidInput,
  ): Promise<BidPayload> {
    return mutationPayload(ctx, 'bid', () => submitBid(ctx, idOfType(requirementId, REQUIREMENT_TYPE), input), BidNode.of);
  }

  @Mutation(() => BidPayload, { description: 'Vendors: revise your bid before the deadline (a new revision; the latest counts).' })
  @Permission(BID_PERMISSIONS.bidManage)
  bidRevise(
    @Ctx() ctx: RequestContext,
    @Arg('id', () => ID, { description: 'Global ID of your bid.' }) id: string,
    @Arg('input', { description: 'The complete new offer (a new revision).' }) input: BidInput,
  ): Promise<BidPayload> {
    return mutationPayload(ctx, 'bid', () => reviseBid(ctx, idOfType(id, BID_TYPE), input), BidNode.of);
  }

  @Mutation(() => BidPayload, { description: 'Vendors: withdraw your bid before the deadline.' })
  @Permission(BID_PERMISSIONS.bidManage)
  bidWithdraw(@Ctx() ctx: RequestContext, @Arg('id', () => ID, { description: 'Global ID of your bid to withdraw.' }) id: string): Promise<BidPayload> {
    return mutationPayload(ctx, 'bid', () => withdrawBid(ctx, idOfType(id, BID_TYPE)), BidNode.of);
  }

  @Mutation(() => BidPayload, { description: 'Merchants (procurement), after the deadline: shortlist a bid.' })
  @Permission(BID_PERMISSIONS.bidDecide)
  bidShortlist(@Ctx() ctx: RequestContext, @Arg('id', () => ID, { description: 'Global ID of the bid to shortlist.' }) id: string): Promise<BidPayload> {
    return mutationPayload(ctx, 'bid', () => shortlistBid(ctx, idOfType(id, BID_TYPE)), BidNode.of);
  }

  @Mutation(() => BidPayload, { description: 'Merchants, after the deadline: reject a bid.' })
  @Permission(BID_PERMISSIONS.bidDecide)
  bidReject(
    @Ctx() ctx: RequestContext,
    @Arg('id', () => ID, { description: 'Global ID of the bid to reject.' }) id: string,
    @Arg('input', () => BidRejectInput, { nullable: true, description: 'The reason given to the vendor, if any.' }) input: BidRejectInput | null,
  ): Promise<BidPayload> {
    return mutationPayload(ctx, 'bid', () => rejectBid(ctx, idOfType(id, BID_TYPE), input?.reason), BidNode.of);
  }
}
