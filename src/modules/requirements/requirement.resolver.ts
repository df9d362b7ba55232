import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Args, Ctx, Field, FieldResolver, ID, InputType, Int, Mutation, Query, Resolver, Root, Info } from 'type-graphql';
import { ConnectionArgs, ConnectionType, KeysetConnectionArgs, keysetWindow, pageWindow, toConnection, toKeysetConnection } from '../../graphql/connection.js';
import { idOfType } from '../../graphql/global-id.js';
import { mutationPayload } from '../../graphql/mutation.js';
import type { NodeFetcher } from '../../core/module.js';
import { Permission } from '../../graphql/permission.js';
import { BID_PERMISSIONS } from '../bids/bid.permissions.js';
import { REQUIREMENT_PERMISSIONS } from './requirement.permissions.js';
import { DateTimeScalar } from '../../graphql/scalars.js';
import type { RequestContext } from '../../core/request-context.js';
import type { Organization } from '../organizations/organization.entity.js';
import { organizationById } from '../organizations/organization.loaders.js';
import { ORGANIZATION_TYPE, OrganizationNode } from '../organizations/organization.types.js';
import type { Requirement } from './requirement.entity.js';
import {
  bidCountByRequirement,
  invitationsByRequirement,
  questionAskedByViewer,
  questionById,
  questionsByRequirement,
  requirementById,
} from './requirement.loaders.js';
import { listRequirements, REQUIREMENT_ORDERS } from './requirement.queries.js';
import {
  answerQuestion,
  askQuestion,
  cancelRequirement,
  createRequirement,
  extendDeadline,
  inviteVendors,
  publishRequirement,
  updateRequirement,
  isRequirementMerchant,
} from './requirement.service.js';
import {
  REQUIREMENT_NODE_READS,
  REQUIREMENT_TYPE,
  RequirementCancelInput,
  RequirementConnection,
  RequirementFilter,
  RequirementInput,
  RequirementInviteInput,
  RequirementNode,
  RequirementOrder,
  RequirementPayload,
  QUESTION_TYPE,
  RequirementQuestionNode,
  RequirementQuestionPayload,
} from './requirement.types.js';
import { invariant } from '../../core/invariant.js';

const RequirementQuestionConnection = ConnectionType(RequirementQuestionNode, 'RequirementQuestion');

@InputType({ description: 'A later bid deadline.' })
class RequirementExtendDeadlineInput {
  @Field(() => DateTimeScalar, { description: 'The new deadline, after the current one.' })
  bidDeadline!: Date;
}

@InputType({ description: 'A question about a requirement.' })
class RequirementQuestionAskInput {
  @Field({ description: 'The question (3–2,000 characters).' })
  question!: string;
}

@InputType({ description: 'The merchant’s answer.' })
class RequirementQuestionAnswerInput {
  @Field({ description: 'The answer, visible to every vendor that may see the requirement.' })
  answer!: string;
}

export const fetchQuestionNode: NodeFetcher = async (ctx, id) => {
  // Row-level security shows a question exactly to whom its requirement's questions are listed.
  const question = await questionById(ctx).load(id);
  return question && RequirementQuestionNode.of(question);
};

@Resolver(() => RequirementQuestionNode)
export class RequirementQuestionResolver {
  @FieldResolver(() => Boolean, { description: 'Whether your organization asked it (false for everyone else: who asked is never shown).' })
  askedByYou(@Ctx() ctx: RequestContext, @Root() question: RequirementQuestionNode): Promise<boolean> {
    return questionAskedByViewer(ctx).load(question.rawId);
  }

  @FieldResolver(() => RequirementNode, { description: 'The requirement the question is about.' })
  async requirement(@Ctx() ctx: RequestContext, @Root() question: RequirementQuestionNode): Promise<RequirementNode> {
    const requirement = await requirementById(ctx).load(question.requirementRawId);
    invariant(requirement, `question ${question.rawId} without a visible requirement`);
    return RequirementNode.of(requirement, ctx.clock.now());
  }
}

/** A requirement as the payload of a mutation (its status read at the request's time). */
const requirementNode = (ctx: RequestContext) => (requirement: Requirement) => RequirementNode.of(requirement, ctx.clock.now());

export const fetchRequirementNode: NodeFetcher = async (ctx, id) => {
  const requirement = await requirementById(ctx).load(id);
  return requirement && RequirementNode.of(requirement, ctx.clock.now());
};

@Resolver(() => RequirementNode)
export class RequirementResolver {
  @Query(() => RequirementNode, { nullable: true, description: 'A requirement you own or may see (published, public or inviting you).' })
  @Permission('marketplaceRead')
  async requirement(
    @Ctx() ctx: RequestContext,
    @Arg('id', () => ID, { description: 'Global ID of the requirement.' }) id: string,
  ): Promise<RequirementNode | null> {
    const rawId = idOfType(id, REQUIREMENT_TYPE);
    const requirement = rawId ? await requirementById(ctx).load(rawId) : null;
    return requirement && RequirementNode.of(requirement, ctx.clock.now());
  }

  @Query(() => RequirementConnection, {
    description:
      'Merchants: your requirements. Vendors: the published requirements you may bid on or have seen. Keyset cursors, forward (first/after) or backward (last/before); a cursor works only with the orderBy it came from.',
  })
  @Permission('marketplaceRead')
  async requirements(
    @Ctx() ctx: RequestContext,
    @Args() args: KeysetConnectionArgs,
    @Info() info: GraphQLResolveInfo,
    @Arg('filter', () => RequirementFilter, { nullable: true, description: 'Which requirements to list; all you may see when omitted.' })
    filter: RequirementFilter | null,
    @Arg('orderBy', () => RequirementOrder, { defaultValue: RequirementOrder.NEWEST, description: 'Ordering of the list.' }) orderBy: RequirementOrder,
  ) {
    const window = keysetWindow(args, REQUIREMENT_ORDERS[orderBy], info, REQUIREMENT_NODE_READS);
    const page = await listRequirements(ctx, filter, window);
    const now = ctx.clock.now();
    return toKeysetConnection(page, window, (r) => RequirementNode.of(r, now));
  }

  @FieldResolver(() => OrganizationNode, { description: 'The merchant.' })
  async merchant(@Ctx() ctx: RequestContext, @Root() requirement: RequirementNode): Promise<OrganizationNode> {
    const organization = await organizationById(ctx).load(requirement.merchantRawId);
    invariant(organization, 'requirement without a visible merchant');
    return OrganizationNode.of(organization);
  }

  @FieldResolver(() => Int, { nullable: true, description: 'The merchant: how many bids there are (all it may know before the deadline). Null for vendors.' })
  async bidCount(@Ctx() ctx: RequestContext, @Root() requirement: RequirementNode): Promise<number | null> {
    return isRequirementMerchant(ctx, requirement.merchantRawId) ? bidCountByRequirement(ctx).load(requirement.rawId) : null;
  }

  @FieldResolver(() => [OrganizationNode], { nullable: true, description: 'The merchant: vendors invited to an INVITED requirement. Null for vendors.' })
  async invitedVendors(@Ctx() ctx: RequestContext, @Root() requirement: RequirementNode): Promise<OrganizationNode[] | null> {
    if (!isRequirementMerchant(ctx, requirement.merchantRawId)) return null;
    const invitations = await invitationsByRequirement(ctx).load(requirement.rawId);
    const vendors = await organizationById(ctx).loadMany(invitations.map((i) => i.vendorId));
    return vendors.filter((v): v is Organization => v !== null && !(v instanceof Error)).map(OrganizationNode.of);
  }

  @FieldResolver(() => RequirementQuestionConnection, {
    description:
      'Questions and answers, oldest first, for the merchant and the vendors that may see the requirement (never who asked). Offset cursors (first/after).',
  })
  async questions(@Ctx() ctx: RequestContext, @Root() requirement: RequirementNode, @Args() args: ConnectionArgs) {
    const window = pageWindow(args);
    const page = await questionsByRequirement(ctx, window).load(requirement.rawId);
    return toConnection(
      page.rows.map((q) => RequirementQuestionNode.of(q)),
      window,
      page.totalCount,
    );
  }

  @Mutation(() => RequirementPayload, { description: 'Merchants (procurement): create a DRAFT requirement.' })
  @Permission(REQUIREMENT_PERMISSIONS.requirementManage)
  async requirementCreate(
    @Ctx() ctx: RequestContext,
    @Arg('input', { description: 'The terms of the new draft.' }) input: RequirementInput,
  ): Promise<RequirementPayload> {
    return mutationPayload(ctx, 'requirement', () => createRequirement(ctx, input), requirementNode(ctx));
  }

  @Mutation(() => RequirementPayload, { description: 'Merchants: edit a DRAFT (published terms are frozen).' })
  @Permission(REQUIREMENT_PERMISSIONS.requirementManage)
  requirementUpdate(
    @Ctx() ctx: RequestContext,
    @Arg('id', () => ID, { description: 'Global ID of the draft requirement.' }) id: string,
    @Arg('input', { description: 'The complete new terms (replacing the old ones).' }) input: RequirementInput,
  ): Promise<RequirementPayload> {
    return mutationPayload(ctx, 'requirement', () => updateRequirement(ctx, idOfType(id, REQUIREMENT_TYPE), input), requirementNode(ctx));
  }

  @Mutation(() => RequirementPayload, { description: 'Merchants (verified): publish a draft; vendors may bid until the deadline.' })
  @Permission(REQUIREMENT_PERMISSIONS.requirementManage)
  requirementPublish(
    @Ctx() ctx: RequestContext,
    @Arg('id', () => ID, { description: 'Global ID of the draft requirement to publish.' }) id: string,
  ): Promise<RequirementPayload> {
    return mutationPayload(ctx, 'requirement', () => publishRequirement(ctx, idOfType(id, REQUIREMENT_TYPE)), requirementNode(ctx));
  }

  @Mutation(() => RequirementPayload, { description: 'Merchants: move an OPEN requirement’s deadline later.' })
  @Permission(REQUIREMENT_PERMISSIONS.requirementManage)
  requirementExtendDeadline(
    @Ctx() ctx: RequestContext,
    @Arg('id', () => ID, { description: 'Global ID of the OPEN requirement.' }) id: string,
    @Arg('input', { description: 'The later deadline.' }) input: RequirementExtendDeadlineInput,
  ): Promise<RequirementPayload> {
    return mutationPayload(ctx, 'requirement', () => extendDeadline(ctx, idOfType(id, REQUIREMENT_TYPE), input.bidDeadline), requirementNode(ctx));
  }

  @Mutation(() => RequirementPayload, {
    description:
      'Merchants: cancel a requirement that is not awarded, saying why (shown to vendors as `cancelReason`). Cancelled before its deadline, its bids stay sealed for good.',
  })
  @Permission(REQUIREMENT_PERMISSIONS.requirementManage)
  requirementCancel(
    @Ctx() ctx: RequestContext,
    @Arg('id', () => ID, { description: 'Global ID of the requirement to cancel.' }) id: string,
    @Arg('input', { description: 'Why it is cancelled.' }) input: RequirementCancelInput,
  ): Promise<RequirementPayload> {
    return mutationPayload(ctx, 'requirement', () => cancelRequirement(ctx, idOfType(id, REQUIREMENT_TYPE), input.reason), requirementNode(ctx));
  }

  @Mutation(() => RequirementPayload, { description: 'Merchants: invite vendors to an INVITED requirement.' })
  @Permission(REQUIREMENT_PERMISSIONS.requirementManage)
  requirementInviteVendors(
    @Ctx() ctx: RequestContext,
    @Arg('id', () => ID, { description: 'Global ID of the INVITED requirement.' }) id: string,
    @Arg('input', { description: 'The vendors to invite.' }) input: RequirementInviteInput,
  ): Promise<RequirementPayload> {
    const vendorIds = input.vendorIds.map((v) => idOfType(v, ORGANIZATION_TYPE));
    return mutationPayload(ctx, 'requirement', () => inviteVendors(ctx, idOfType(id, REQUIREMENT_TYPE), vendorIds), requirementNode(ctx));
  }

  @Mutation(() => RequirementQuestionPayload, { description: 'Vendors (sales): ask about an open requirement you may see.' })
  @Permission(BID_PERMISSIONS.bidManage)
  async requirementQuestionAsk(
    @Ctx() ctx: RequestContext,
    @Arg('requirementId', () => ID, { description: 'Global ID of the open requirement the question is about.' }) requirementId: string,
    @Arg('input', { description: 'The question.' }) input: RequirementQuestionAskInput,
  ): Promise<RequirementQuestionPayload> {
    return mutationPayload(ctx, 'question', () => askQuestion(ctx, idOfType(requirementId, REQUIREMENT_TYPE), input.question), RequirementQuestionNode.of);
  }

  @Mutation(() => RequirementQuestionPayload, { description: 'Merchants: answer a question; every vendor that may see the requirement sees the answer.' })
  @Permission(REQUIREMENT_PERMISSIONS.requirementManage)
  async requirementQuestionAnswer(
    @Ctx() ctx: RequestContext,
    @Arg('id', () => ID, { description: 'Global ID of the question to answer.' }) id: string,
    @Arg('input', { description: 'The answer.' }) input: RequirementQuestionAnswerInput,
  ): Promise<RequirementQuestionPayload> {
    return mutationPayload(ctx, 'question', () => answerQuestion(ctx, idOfType(id, QUESTION_TYPE), input.answer), RequirementQuestionNode.of);
  }
}
