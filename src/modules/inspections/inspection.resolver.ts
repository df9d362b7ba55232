import { Arg, Args, Ctx, FieldResolver, ID, Mutation, Resolver, Root } from 'type-graphql';
import { invariant } from '../../core/invariant.js';
import type { NodeFetcher } from '../../core/module.js';
import type { RequestContext } from '../../core/request-context.js';
import { ConnectionArgs, pageWindow, toConnection } from '../../graphql/connection.js';
import { idOfType } from '../../graphql/global-id.js';
import { mutationPayload } from '../../graphql/mutation.js';
import { Permission } from '../../graphql/permission.js';
import { contractById } from '../contracts/contract.loaders.js';
import { CONTRACT_TYPE, ContractNode } from '../contracts/contract.types.js';
import {
  inspectionById,
  inspectionsByContract,
  rectificationById,
  rectificationByInspection,
  sampleByInspection,
  scorecardByContract,
} from './inspection.loaders.js';
import { INSPECTION_PERMISSIONS } from './inspection.permissions.js';
import { acceptRectification, answerRectification, createInspection, rejectRectification, scoreInspection, setScorecard } from './inspection.service.js';
import {
  INSPECTION_TYPE,
  InspectionConnection,
  InspectionContactType,
  InspectionCreateInput,
  InspectionNode,
  InspectionPayload,
  InspectionRectificationAnswerInput,
  InspectionRectificationNode,
  InspectionRectificationPayload,
  InspectionRectificationRejectInput,
  InspectionScoreInput,
  InspectionScorecardInput,
  InspectionScorecardPayload,
  InspectionScorecardType,
  RECTIFICATION_TYPE,
} from './inspection.types.js';

export const fetchInspectionNode: NodeFetcher = async (ctx, id) => {
  const inspection = await inspectionById(ctx).load(id);
  return inspection && InspectionNode.of(inspection);
};

export const fetchRectificationNode: NodeFetcher = async (ctx, id) => {
  const rectification = await rectificationById(ctx).load(id);
  return rectification && InspectionRectificationNode.of(rectification, ctx.clock.now());
};

@Resolver(() => ContractNode)
export class ContractInspectionsResolver {
  @FieldResolver(() => InspectionConnection, {
    description: 'Quality inspections of the contract, newest first (both parties read them). Offset cursors (first/after).',
  })
  async inspections(@Ctx() ctx: RequestContext, @Root() contract: ContractNode, @Args() args: ConnectionArgs) {
    const window = pageWindow(args);
    const page = await inspectionsByContract(ctx, window).load(contract.rawId);
    return toConnection(page.rows.map(InspectionNode.of), window, page.totalCount);
  }

  @FieldResolver(() => InspectionScorecardType, {
    nullable: true,
    description: 'The scorecard in force (its latest version); null until the merchant sets one.',
  })
  async inspectionScorecard(@Ctx() ctx: RequestContext, @Root() contract: ContractNode): Promise<InspectionScorecardType | null> {
    const scorecard = await scorecardByContract(ctx).load(contract.rawId);
    return scorecard && InspectionScorecardType.ofStored(scorecard);
  }
}

@Resolver(() => InspectionNode)
export class InspectionResolver {
  @FieldResolver(() => ContractNode, { description: 'The contract inspected.' })
  async contract(@Ctx() ctx: RequestContext, @Root() inspection: InspectionNode): Promise<ContractNode> {
    const contract = await contractById(ctx).load(inspection.contractRawId);
    invariant(contract, `inspection ${inspection.rawId} without a visible contract`);
    return ContractNode.of(contract, ctx.clock.now());
  }

  @FieldResolver(() => [InspectionContactType], { description: 'The sampled contacts, in the order drawn or entered, with their scores.' })
  async sample(@Ctx() ctx: RequestContext, @Root() inspection: InspectionNode): Promise<InspectionContactType[]> {
    return (await sampleByInspection(ctx).load(inspection.rawId)).map(InspectionContactType.of);
  }

  @FieldResolver(() => InspectionRectificationNode, { nullable: true, description: 'The rectification a failed inspection opened.' })
  async rectification(@Ctx() ctx: RequestContext, @Root() inspection: InspectionNode): Promise<InspectionRectificationNode | null> {
    const rectification = await rectificationByInspection(ctx).load(inspection.rawId);
    return rectification && InspectionRectificationNode.of(rectification, ctx.clock.now());
  }
}

@Resolver(() => InspectionRectificationNode)
export class InspectionRectificationResolver {
  @FieldResolver(() => InspectionNode, { description: 'The failed inspection.' })
  async inspection(@Ctx() ctx: RequestContext, @Root() rectification: InspectionRectificationNode): Promise<InspectionNode> {
    const inspection = await inspectionById(ctx).load(rectification.inspectionRawId);
    invariant(inspection, `rectification ${rectification.rawId} without a visible inspection`);
    return InspectionNode.of(inspection);
  }
}

@Resolver()
export class InspectionMutationResolver {
  @Mutation(() => InspectionScorecardPayload, {
    description:
      'The merchant’s inspector (or owner): a new version of the contract’s scorecard — criteria with weights and critical flags, pass mark, weekly sample size. Inspections created from now on copy it.',
  })
  @Permission(INSPECTION_PERMISSIONS.inspectionManage)
  async inspectionScorecardSet(
    @Ctx() ctx: RequestContext,
    @Arg('contractId', () => ID, { description: 'Global ID of the contract.' }) contractId: string,
    @Arg('input', () => InspectionScorecardInput, { description: 'The scorecard.' }) input: InspectionScorecardInput,
  ): Promise<InspectionScorecardPayload> {
    return mutationPayload(ctx, 'scorecard', () => setScorecard(ctx, idOfType(contractId, CONTRACT_TYPE), input), InspectionScorecardType.ofStored);
  }

  @Mutation(() => InspectionPayload, {
    description:
      'The merchant’s inspector (or owner) opens an inspection of an ISO week of an ACTIVE contract: the sample is drawn at random from the week’s contact records with a stored seed (reproducible), or entered as external ids. The merchant sees the sampled contacts only, never agent references.',
  })
  @Permission(INSPECTION_PERMISSIONS.inspectionManage)
  async inspectionCreate(
    @Ctx() ctx: RequestContext,
    @Arg('contractId', () => ID, { description: 'Global ID of the contract.' }) contractId: string,
    @Arg('input', () => InspectionCreateInput, { description: 'The week and how to sample it.' }) input: InspectionCreateInput,
  ): Promise<InspectionPayload> {
    return mutationPayload(ctx, 'inspection', () => createInspection(ctx, idOfType(contractId, CONTRACT_TYPE), input), InspectionNode.of);
  }

  @Mutation(() => InspectionPayload, {
    description:
      'The merchant’s inspector (or owner) scores every sampled contact at once; the inspection becomes SCORED, PASSED or FAILED. A failure opens a rectification due in 48 hours, and climbs the escalation ladder: from the 2nd failure a 10% deduction for the week’s month, from the 3rd a termination right (or the end of the contract, if its rules say so).',
  })
  @Permission(INSPECTION_PERMISSIONS.inspectionManage)
  async inspectionScore(
    @Ctx() ctx: RequestContext,
    @Arg('id', () => ID, { description: 'Global ID of the inspection.' }) id: string,
    @Arg('input', () => InspectionScoreInput, { description: 'The scores.' }) input: InspectionScoreInput,
  ): Promise<InspectionPayload> {
    return mutationPayload(ctx, 'inspection', () => scoreInspection(ctx, idOfType(id, INSPECTION_TYPE), input), InspectionNode.of);
  }

  @Mutation(() => InspectionRectificationPayload, {
    description:
      'The vendor’s operations (or owner) answers an OPEN rectification (personal data in the answer is masked); a late answer is taken and stays flagged.',
  })
  @Permission(INSPECTION_PERMISSIONS.inspectionRectificationAnswer)
  async inspectionRectificationAnswer(
    @Ctx() ctx: RequestContext,
    @Arg('id', () => ID, { description: 'Global ID of the rectification.' }) id: string,
    @Arg('input', () => InspectionRectificationAnswerInput, { description: 'The answer.' }) input: InspectionRectificationAnswerInput,
  ): Promise<InspectionRectificationPayload> {
    return mutationPayload(
      ctx,
      'rectification',
      () => answerRectification(ctx, idOfType(id, RECTIFICATION_TYPE), input.answer),
      (r) => InspectionRectificationNode.of(r, ctx.clock.now()),
    );
  }

  @Mutation(() => InspectionRectificationPayload, { description: 'The merchant’s inspector (or owner) accepts the vendor’s answer (final).' })
  @Permission(INSPECTION_PERMISSIONS.inspectionManage)
  async inspectionRectificationAccept(
    @Ctx() ctx: RequestContext,
    @Arg('id', () => ID, { description: 'Global ID of the rectification.' }) id: string,
  ): Promise<InspectionRectificationPayload> {
    return mutationPayload(
      ctx,
      'rectification',
      () => acceptRectification(ctx, idOfType(id, RECTIFICATION_TYPE)),
      (r) => InspectionRectificationNode.of(r, ctx.clock.now()),
    );
  }

  @Mutation(() => InspectionRectificationPayload, {
    description:
      'The merchant’s inspector (or owner) rejects the vendor’s answer with a reason (masked): the rectification reopens for a new round, due 48 hours (the contract’s rectification hours) after the rejection.',
  })
  @Permission(INSPECTION_PERMISSIONS.inspectionManage)
  async inspectionRectificationReject(
    @Ctx() ctx: RequestContext,
    @Arg('id', () => ID, { description: 'Global ID of the rectification.' }) id: string,
    @Arg('input', () => InspectionRectificationRejectInput, { description: 'Why.' }) input: InspectionRectificationRejectInput,
  ): Promise<InspectionRectificationPayload> {
    return mutationPayload(
      ctx,
      'rectification',
      () => rejectRectification(ctx, idOfType(id, RECTIFICATION_TYPE), input.reason),
      (r) => InspectionRectificationNode.of(r, ctx.clock.now()),
    );
  }
}
