import { Arg, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { NodeFetcher } from '../../core/module.js';
import type { RequestContext } from '../../core/request-context.js';
import { actingOrganizationId } from '../../core/viewer.js';
import { idOfType } from '../../graphql/global-id.js';
import { mutationPayload } from '../../graphql/mutation.js';
import { Permission } from '../../graphql/permission.js';
import { DateScalar } from '../../graphql/scalars.js';
import { userById } from '../users/user.loaders.js';
import { UserNode } from '../users/user.types.js';
import {
  breachRight,
  cureBreach,
  notifyBreach,
  optOutOfRenewal,
  partyOf,
  proposeAmendment,
  quoteTermination,
  signAmendment,
  signContract,
  terminateContract,
  withdrawAmendment,
} from './contract-lifecycle.service.js';
import {
  AMENDMENT_TYPE,
  BREACH_NOTICE_TYPE,
  ContractAmendmentInput,
  ContractAmendmentNode,
  ContractAmendmentPayload,
  ContractBreachNoticeNode,
  ContractBreachNoticePayload,
  ContractBreachNotifyInput,
  ContractSignatureType,
  ContractTerminateInput,
  ContractTerminationQuoteType,
  ContractTerminationRightType,
  ContractTermsInForceType,
  TERMINATION_RIGHT_TYPE,
} from './contract-lifecycle.types.js';
import { contractToday } from './contract-state.js';
import type { Contract } from './contract.entity.js';
import { ContractParty } from './contract.model.js';
import {
  amendmentById,
  amendmentsByContract,
  breachNoticeById,
  breachNoticesByContract,
  contractById,
  terminationRightsByContract,
} from './contract.loaders.js';
import { CONTRACT_PERMISSIONS } from './contract.permissions.js';
import { CONTRACT_TYPE, ContractNode, ContractPayload } from './contract.types.js';
import { termsOn } from './terms-on.js';
import { invariant } from '../../core/invariant.js';

export const fetchAmendmentNode: NodeFetcher = async (ctx, id) => {
  const amendment = await amendmentById(ctx).load(id);
  return amendment && ContractAmendmentNode.of(amendment);
};

export const fetchBreachNoticeNode: NodeFetcher = async (ctx, id) => {
  const notice = await breachNoticeById(ctx).load(id);
  return notice && ContractBreachNoticeNode.of(notice);
};

const contractNode = (ctx: RequestContext) => (contract: Contract) => ContractNode.of(contract, ctx.clock.now());

async function loadContract(ctx: RequestContext, rawId: string): Promise<Contract> {
  const contract = await contractById(ctx).load(rawId);
  invariant(contract, `contract ${rawId} not visible beside its own child row`);
  return contract;
}

@Resolver(() => ContractSignatureType)
export class ContractSignatureResolver {
  @FieldResolver(() => UserNode, { nullable: true, description: 'The person who signed: shown to their own organization only (null for the other party).' })
  async signedBy(@Ctx() ctx: RequestContext, @Root() signature: ContractSignatureType): Promise<UserNode | null> {
    const user = signature.signedByRawId ? await userById(ctx).load(signature.signedByRawId) : null;
    return user && UserNode.of(user);
  }
}

@Resolver(() => ContractAmendmentNode)
export class ContractAmendmentResolver {
  @FieldResolver(() => ContractNode, { description: 'The contract it amends.' })
  async contract(@Ctx() ctx: RequestContext, @Root() amendment: ContractAmendmentNode): Promise<ContractNode> {
    return ContractNode.of(await loadContract(ctx, amendment.contractRawId), ctx.clock.now());
  }
}

@Resolver(() => ContractNode)
export class ContractLifecycleResolver {
  @FieldResolver(() => ContractParty, { nullable: true, description: 'Your organization’s side of the contract.' })
  yourParty(@Ctx() ctx: RequestContext, @Root() contract: ContractNode): ContractParty | null {
    const organizationId = actingOrganizationId(ctx.viewer);
    return partyOf({ merchantId: contract.merchantRawId, vendorId: contract.vendorRawId }, organizationId);
  }

  @FieldResolver(() => [ContractAmendmentNode], { description: 'Amendments proposed so far, by number (binding, proposed and withdrawn).' })
  async amendments(@Ctx() ctx: RequestContext, @Root() contract: ContractNode): Promise<ContractAmendmentNode[]> {
    return (await amendmentsByContract(ctx).load(contract.rawId)).map(ContractAmendmentNode.of);
  }

  @FieldResolver(() => ContractTermsInForceType, {
    description:
      'The terms that apply on a day (today in the contract’s time zone by default): the awarded terms and every binding amendment effective on or before it, the latest winning. Every computation uses the terms of the day concerned.',
  })
  async termsInForce(
    @Ctx() ctx: RequestContext,
    @Root() node: ContractNode,
    @Arg('on', () => DateScalar, { nullable: true, description: 'The day (default: today in the contract’s time zone).' }) on: string | null,
  ): Promise<ContractTermsInForceType> {
    const [contract, amendments] = await Promise.all([contractById(ctx).load(node.rawId), amendmentsByContract(ctx).load(node.rawId)]);
    invariant(contract, 'a contract node without its row');
    return ContractTermsInForceType.of(termsOn(contract, amendments, on ?? contractToday(contract, ctx.clock.now())));
  }

  @FieldResolver(() => [ContractBreachNoticeNode], { description: 'Notices of breach given by either party, oldest first.' })
  async breachNotices(@Ctx() ctx: RequestContext, @Root() contract: ContractNode): Promise<ContractBreachNoticeNode[]> {
    return (await breachNoticesByContract(ctx).load(contract.rawId)).map(ContractBreachNoticeNode.of);
  }

  @FieldResolver(() => [ContractTerminationRightType], {
    description:
      'Rights to terminate for cause held by either party, oldest first: those stored, and those the clock has already given (a breach uncured past its cure period) before the lifecycle job stores them.',
  })
  async terminationRights(@Ctx() ctx: RequestContext, @Root() contract: ContractNode): Promise<ContractTerminationRightType[]> {
    const [stored, notices] = await Promise.all([terminationRightsByContract(ctx).load(contract.rawId), breachNoticesByContract(ctx).load(contract.rawId)]);
    const now = ctx.clock.now();
    const computed = notices
      .filter((n) => !stored.some((r) => r.breachNoticeId === n.id))
      .map((n) => breachRight(n, now))
      .filter((r) => r !== null);
    return [...stored, ...computed].sort((a, b) => a.arisesAt.getTime() - b.arisesAt.getTime()).map(ContractTerminationRightType.of);
  }

  @Query(() => ContractTerminationQuoteType, {
    nullable: true,
    description:
      'Owners: what terminating a contract for convenience on a date would mean if notice were given now — notice days, whether short, the compensation (twice the last month’s service charges by default: until monthly statements exist, the pricing projected at the expected volume for the contract month holding the last day of service; then the last statement’s) and the end of the transition. Null for a contract you are not a party to.',
  })
  @Permission(CONTRACT_PERMISSIONS.contractTerminate)
  async contractTerminationQuote(
    @Ctx() ctx: RequestContext,
    @Arg('id', () => ID, { description: 'Global ID of the contract.' }) id: string,
    @Arg('effectiveOn', () => DateScalar, { description: 'First day without the contract.' }) effectiveOn: string,
  ): Promise<ContractTerminationQuoteType | null> {
    const quote = await quoteTermination(ctx, idOfType(id, CONTRACT_TYPE), effectiveOn);
    return quote && ContractTerminationQuoteType.of(quote);
  }

  @Mutation(() => ContractPayload, {
    description:
      'Procurement (merchant) or sales (vendor): sign the contract for your organization (once; who and when are recorded). With both signatures it becomes ACTIVE on its start date.',
  })
  @Permission(CONTRACT_PERMISSIONS.contractManage)
  contractSign(@Ctx() ctx: RequestContext, @Arg('id', () => ID, { description: 'Global ID of the contract.' }) id: string): Promise<ContractPayload> {
    return mutationPayload(ctx, 'contract', () => signContract(ctx, idOfType(id, CONTRACT_TYPE)), contractNode(ctx));
  }

  @Mutation(() => ContractAmendmentPayload, {
    description: 'Either party: propose a change of terms from a date (proposing signs it for your side); binding once the other party signs.',
  })
  @Permission(CONTRACT_PERMISSIONS.contractManage)
  contractAmendmentPropose(
    @Ctx() ctx: RequestContext,
    @Arg('contractId', () => ID, { description: 'Global ID of the contract.' }) contractId: string,
    @Arg('input', { description: 'The change.' }) input: ContractAmendmentInput,
  ): Promise<ContractAmendmentPayload> {
    return mutationPayload(ctx, 'amendment', () => proposeAmendment(ctx, idOfType(contractId, CONTRACT_TYPE), input), ContractAmendmentNode.of);
  }

  @Mutation(() => ContractAmendmentPayload, {
    description: 'The other party: sign a proposed amendment; it binds from its effective date (which must not have passed).',
  })
  @Permission(CONTRACT_PERMISSIONS.contractManage)
  contractAmendmentSign(
    @Ctx() ctx: RequestContext,
    @Arg('id', () => ID, { description: 'Global ID of the amendment.' }) id: string,
  ): Promise<ContractAmendmentPayload> {
    return mutationPayload(ctx, 'amendment', () => signAmendment(ctx, idOfType(id, AMENDMENT_TYPE)), ContractAmendmentNode.of);
  }

  @Mutation(() => ContractAmendmentPayload, { description: 'The proposer: withdraw an amendment the other party has not signed.' })
  @Permission(CONTRACT_PERMISSIONS.contractManage)
  contractAmendmentWithdraw(
    @Ctx() ctx: RequestContext,
    @Arg('id', () => ID, { description: 'Global ID of the amendment.' }) id: string,
  ): Promise<ContractAmendmentPayload> {
    return mutationPayload(ctx, 'amendment', () => withdrawAmendment(ctx, idOfType(id, AMENDMENT_TYPE)), ContractAmendmentNode.of);
  }

  @Mutation(() => ContractPayload, {
    description:
      'Either party: give notice that the contract does not renew at the end of its current term (at least the renewal notice days before the end, default 30).',
  })
  @Permission(CONTRACT_PERMISSIONS.contractManage)
  contractRenewalOptOut(@Ctx() ctx: RequestContext, @Arg('id', () => ID, { description: 'Global ID of the contract.' }) id: string): Promise<ContractPayload> {
    return mutationPayload(ctx, 'contract', () => optOutOfRenewal(ctx, idOfType(id, CONTRACT_TYPE)), contractNode(ctx));
  }

  @Mutation(() => ContractPayload, {
    description:
      'Owners: end the contract early, effective on a date (then a transition period). CONVENIENCE: the merchant, with notice (default 60 days); with shorter notice the compensation of contractTerminationQuote is owed and must be accepted. FOR_CAUSE: a party holding a termination right.',
  })
  @Permission(CONTRACT_PERMISSIONS.contractTerminate)
  contractTerminate(
    @Ctx() ctx: RequestContext,
    @Arg('id', () => ID, { description: 'Global ID of the contract.' }) id: string,
    @Arg('input', { description: 'Kind, date and reason.' }) input: ContractTerminateInput,
  ): Promise<ContractPayload> {
    const rightId = input.rightId == null ? undefined : idOfType(input.rightId, TERMINATION_RIGHT_TYPE);
    return mutationPayload(ctx, 'contract', () => terminateContract(ctx, idOfType(id, CONTRACT_TYPE), { ...input, rightId }), contractNode(ctx));
  }

  @Mutation(() => ContractBreachNoticePayload, {
    description:
      'Either party: give written notice of the other’s breach. Not recorded cured within the cure period (default 30 days), it gives your organization a right to terminate for cause.',
  })
  @Permission(CONTRACT_PERMISSIONS.contractManage)
  contractBreachNotify(
    @Ctx() ctx: RequestContext,
    @Arg('id', () => ID, { description: 'Global ID of the contract.' }) id: string,
    @Arg('input', { description: 'The breach.' }) input: ContractBreachNotifyInput,
  ): Promise<ContractBreachNoticePayload> {
    return mutationPayload(ctx, 'breachNotice', () => notifyBreach(ctx, idOfType(id, CONTRACT_TYPE), input.reason), ContractBreachNoticeNode.of);
  }

  @Mutation(() => ContractBreachNoticePayload, { description: 'The party that gave a breach notice: record the breach cured, within the cure period.' })
  @Permission(CONTRACT_PERMISSIONS.contractManage)
  contractBreachCure(
    @Ctx() ctx: RequestContext,
    @Arg('id', () => ID, { description: 'Global ID of the breach notice.' }) id: string,
  ): Promise<ContractBreachNoticePayload> {
    return mutationPayload(ctx, 'breachNotice', () => cureBreach(ctx, idOfType(id, BREACH_NOTICE_TYPE)), ContractBreachNoticeNode.of);
  }
}
