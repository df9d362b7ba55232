import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Args, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root, Info } from 'type-graphql';
import { KeysetConnectionArgs, keysetWindow, toKeysetConnection } from '../../graphql/connection.js';
import { idOfType } from '../../graphql/global-id.js';
import { mutationResult } from '../../graphql/mutation.js';
import type { NodeFetcher } from '../../core/module.js';
import { Permission } from '../../graphql/permission.js';
import { BID_PERMISSIONS } from '../bids/bid.permissions.js';
import { CONTRACT_PERMISSIONS } from './contract.permissions.js';
import type { RequestContext } from '../../core/request-context.js';
import { bidById } from '../bids/bid.loaders.js';
import { Bid } from '../bids/bid.entity.js';
import { acceptBid } from '../bids/bid.service.js';
import { BID_TYPE, BidNode } from '../bids/bid.types.js';
import { organizationById } from '../organizations/organization.loaders.js';
import { ORGANIZATION_TYPE, OrganizationNode } from '../organizations/organization.types.js';
import { RequirementStatus } from '../requirements/requirement.entity.js';
import { requirementById } from '../requirements/requirement.loaders.js';
import { RequirementNode } from '../requirements/requirement.types.js';
import { contractByRequirement } from './contract.loaders.js';
import { readableContract } from './contract.service.js';
import { CONTRACT_LIST_ORDER, listContracts } from './contract.queries.js';
import { BidAcceptPayload, CONTRACT_TYPE, ContractConnection, ContractFilter, ContractNode } from './contract.types.js';

export const fetchContractNode: NodeFetcher = async (ctx, id) => {
  const contract = await readableContract(ctx, id);
  return contract && ContractNode.of(contract, ctx.clock.now());
};

@Resolver(() => ContractNode)
export class ContractResolver {
  @Query(() => ContractNode, {
    nullable: true,
    description: 'A contract your organization is a party to, or (audit firms) one a merchant’s unrevoked audit grant to your firm covers.',
  })
  @Permission(CONTRACT_PERMISSIONS.contractRead)
  async contract(@Ctx() ctx: RequestContext, @Arg('id', () => ID, { description: 'Global ID of the contract.' }) id: string): Promise<ContractNode | null> {
    const contract = await readableContract(ctx, idOfType(id, CONTRACT_TYPE));
    return contract && ContractNode.of(contract, ctx.clock.now());
  }

  @Query(() => ContractConnection, {
    description:
      'Contracts your organization is a party to (audit firms: the contracts merchants’ unrevoked audit grants to your firm cover), newest first, optionally by status or counterparty. Keyset cursors (first/after or last/before).',
  })
  @Permission(CONTRACT_PERMISSIONS.contractRead)
  async contracts(
    @Ctx() ctx: RequestContext,
    @Args() args: KeysetConnectionArgs,
    @Info() info: GraphQLResolveInfo,
    @Arg('filter', () => ContractFilter, { nullable: true, description: 'Which contracts to list; all of yours when omitted.' }) filter: ContractFilter | null,
  ) {
    const window = keysetWindow(args, CONTRACT_LIST_ORDER, info);
    const counterpartyId = filter?.counterpartyId == null ? undefined : idOfType(filter.counterpartyId, ORGANIZATION_TYPE);
    const now = ctx.clock.now();
    return toKeysetConnection(await listContracts(ctx, { statuses: filter?.statuses, counterpartyId }, window), window, (row) => ContractNode.of(row, now));
  }

  @Mutation(() => BidAcceptPayload, {
    description: 'Merchants, after the deadline: accept a bid. Atomically awards the requirement, rejects the other bids and creates the contract.',
  })
  @Permission(BID_PERMISSIONS.bidDecide)
  async bidAccept(@Ctx() ctx: RequestContext, @Arg('id', () => ID, { description: 'Global ID of the bid to accept.' }) id: string): Promise<BidAcceptPayload> {
    return mutationResult(
      ctx,
      () => acceptBid(ctx, idOfType(id, BID_TYPE)),
      async (contract) => {
        // The accepted bid is in the unit of work already: no query (the mutation's SQL budget counts this).
        const bid = contract ? await ctx.uow.em.findOne(Bid, { id: contract.bidId }) : null;
        return { contract: contract && ContractNode.of(contract, ctx.clock.now()), bid: bid && BidNode.of(bid) };
      },
    );
  }

  @FieldResolver(() => OrganizationNode, { description: 'The merchant.' })
  async merchant(@Ctx() ctx: RequestContext, @Root() contract: ContractNode): Promise<OrganizationNode> {
    return OrganizationNode.of((await organizationById(ctx).load(contract.merchantRawId))!);
  }

  @FieldResolver(() => OrganizationNode, { description: 'The vendor.' })
  async vendor(@Ctx() ctx: RequestContext, @Root() contract: ContractNode): Promise<OrganizationNode> {
    return OrganizationNode.of((await organizationById(ctx).load(contract.vendorRawId))!);
  }

  @FieldResolver(() => RequirementNode, {
    nullable: true,
    description: 'The requirement it was awarded on (visible to its merchant and to vendors that may see it).',
  })
  async requirement(@Ctx() ctx: RequestContext, @Root() contract: ContractNode): Promise<RequirementNode | null> {
    const requirement = await requirementById(ctx).load(contract.requirementRawId);
    return requirement && RequirementNode.of(requirement, ctx.clock.now());
  }

  @FieldResolver(() => BidNode, { nullable: true, description: 'The accepted bid.' })
  async bid(@Ctx() ctx: RequestContext, @Root() contract: ContractNode): Promise<BidNode | null> {
    const bid = await bidById(ctx).load(contract.bidRawId);
    return bid && BidNode.of(bid);
  }
}

@Resolver(() => RequirementNode)
export class RequirementContractResolver {
  @FieldResolver(() => ContractNode, { nullable: true, description: 'The contract, once awarded (for its two parties).' })
  async contract(@Ctx() ctx: RequestContext, @Root() requirement: RequirementNode): Promise<ContractNode | null> {
    if (requirement.status !== RequirementStatus.AWARDED) return null;
    const contract = await contractByRequirement(ctx).load(requirement.rawId);
    return contract && ContractNode.of(contract, ctx.clock.now());
  }
}
