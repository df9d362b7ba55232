import { Arg, Args, Ctx, FieldResolver, ID, Mutation, Resolver, Root } from 'type-graphql';
import type { NodeFetcher } from '../../core/module.js';
import type { RequestContext } from '../../core/request-context.js';
import { invariant } from '../../core/invariant.js';
import { ConnectionArgs, pageWindow, toConnection } from '../../graphql/connection.js';
import { idOfType } from '../../graphql/global-id.js';
import { mutationPayload } from '../../graphql/mutation.js';
import { Permission } from '../../graphql/permission.js';
import { YearMonthScalar } from '../../graphql/scalars.js';
import { contractTimeZone } from '../contracts/contract-state.js';
import { contractById } from '../contracts/contract.loaders.js';
import { CONTRACT_TYPE, ContractNode } from '../contracts/contract.types.js';
import { userById } from '../users/user.loaders.js';
import { UserNode } from '../users/user.types.js';
import { monthWindow, monthlyAvailability } from './availability.rules.js';
import { incidentById, incidentsByContract, outagesNearMonth } from './incident.loaders.js';
import { IncidentKind, IncidentStatus } from './incident.model.js';
import { INCIDENT_PERMISSIONS } from './incident.permissions.js';
import { closeOutage, decideExemption, proposeExemption, reportIncident, verifyBreach } from './incident.service.js';
import {
  AvailabilityOutageType,
  ContractAvailabilityType,
  DataBreachVerifyInput,
  INCIDENT_TYPE,
  IncidentConnection,
  IncidentNode,
  IncidentPayload,
  IncidentReportInput,
  OutageCloseInput,
  OutageExemptionDecideInput,
  OutageExemptionProposeInput,
} from './incident.types.js';

export const fetchIncidentNode: NodeFetcher = async (ctx, id) => {
  const incident = await incidentById(ctx).load(id);
  return incident && IncidentNode.of(incident);
};

const incidentId = (id: string) => idOfType(id, INCIDENT_TYPE);

@Resolver(() => IncidentNode)
export class IncidentFieldsResolver {
  @FieldResolver(() => ContractNode, { description: 'The contract it happened on.' })
  async contract(@Ctx() ctx: RequestContext, @Root() incident: IncidentNode): Promise<ContractNode> {
    const contract = await contractById(ctx).load(incident.contractRawId);
    invariant(contract, 'an incident visible without its contract');
    return ContractNode.of(contract, ctx.clock.now());
  }

  @FieldResolver(() => UserNode, {
    nullable: true,
    description: 'The person who reported it: shown to their own organization only (null otherwise, and for API keys).',
  })
  async reportedByUser(@Ctx() ctx: RequestContext, @Root() incident: IncidentNode): Promise<UserNode | null> {
    const user = incident.reportedByUserRawId ? await userById(ctx).load(incident.reportedByUserRawId) : null;
    return user && UserNode.of(user);
  }

  @FieldResolver(() => UserNode, { nullable: true, description: 'The merchant’s person who decided: shown to the merchant only (null for the vendor).' })
  async decidedBy(@Ctx() ctx: RequestContext, @Root() incident: IncidentNode): Promise<UserNode | null> {
    const user = incident.decidedByUserRawId ? await userById(ctx).load(incident.decidedByUserRawId) : null;
    return user && UserNode.of(user);
  }
}

@Resolver(() => AvailabilityOutageType)
export class AvailabilityOutageResolver {
  @FieldResolver(() => IncidentNode, { description: 'The outage.' })
  async incident(@Ctx() ctx: RequestContext, @Root() outage: AvailabilityOutageType): Promise<IncidentNode> {
    const incident = await incidentById(ctx).load(outage.incidentRawId);
    invariant(incident, 'an outage counted but not visible');
    return IncidentNode.of(incident);
  }
}

@Resolver(() => ContractNode)
export class ContractIncidentsResolver {
  @FieldResolver(() => IncidentConnection, { description: 'Incidents recorded on the contract, newest first (by start), optionally of one kind.' })
  async incidents(
    @Ctx() ctx: RequestContext,
    @Root() contract: ContractNode,
    @Args() args: ConnectionArgs,
    @Arg('kind', () => IncidentKind, { nullable: true, description: 'Only incidents of this kind.' }) kind: IncidentKind | null,
  ) {
    const window = pageWindow(args);
    const page = await incidentsByContract(ctx, window, kind ?? null).load(contract.rawId);
    return toConnection(page.rows.map(IncidentNode.of), window, page.totalCount);
  }

  @FieldResolver(() => ContractAvailabilityType, {
    description:
      'System availability in a calendar month (midnight to midnight in the contract’s time zone): (1 − non-exempt outage minutes ÷ minutes in the month) × 100, with the outages counted. Open outages count up to now.',
  })
  async availability(
    @Ctx() ctx: RequestContext,
    @Root() node: ContractNode,
    @Arg('month', () => YearMonthScalar, { description: 'The month, e.g. "2026-10".' }) month: string,
  ): Promise<ContractAvailabilityType> {
    const [contract, outages] = await Promise.all([contractById(ctx).load(node.rawId), outagesNearMonth(ctx, month).load(node.rawId)]);
    invariant(contract, 'a contract node without its row');
    const spans = outages.map((o) => ({ id: o.id, startedAt: o.startedAt, endedAt: o.endedAt, exempt: o.status === IncidentStatus.EXEMPT }));
    return ContractAvailabilityType.of(monthlyAvailability(monthWindow(month, contractTimeZone(contract)), spans, ctx.clock.now()));
  }
}

@Resolver()
export class IncidentResolver {
  @Mutation(() => IncidentPayload, {
    description:
      'Either party (vendor operations — people or an OPERATIONS API key — merchant procurement or inspectors): record an outage (start, optional end, cause; with exemption grounds the vendor proposes an exemption, the merchant grants it) or a data breach on a contract. The cause is stored with personal data masked.',
  })
  @Permission(INCIDENT_PERMISSIONS.incidentReport)
  incidentReport(
    @Ctx() ctx: RequestContext,
    @Arg('contractId', () => ID, { description: 'Global ID of the contract.' }) contractId: string,
    @Arg('input', () => IncidentReportInput, { description: 'The incident.' }) input: IncidentReportInput,
  ): Promise<IncidentPayload> {
    return mutationPayload(ctx, 'incident', () => reportIncident(ctx, idOfType(contractId, CONTRACT_TYPE), input), IncidentNode.of);
  }

  @Mutation(() => IncidentPayload, { description: 'Either party: record when an open outage ended (once).' })
  @Permission(INCIDENT_PERMISSIONS.incidentReport)
  outageClose(
    @Ctx() ctx: RequestContext,
    @Arg('id', () => ID, { description: 'Global ID of the outage.' }) id: string,
    @Arg('input', () => OutageCloseInput, { description: 'The end.' }) input: OutageCloseInput,
  ): Promise<IncidentPayload> {
    return mutationPayload(ctx, 'incident', () => closeOutage(ctx, incidentId(id), input), IncidentNode.of);
  }

  @Mutation(() => IncidentPayload, {
    description:
      'Vendor operations: propose that an outage be exempt (planned with notice, or caused outside the vendor). It counts until the merchant grants it.',
  })
  @Permission(INCIDENT_PERMISSIONS.outageExemptionPropose)
  outageExemptionPropose(
    @Ctx() ctx: RequestContext,
    @Arg('id', () => ID, { description: 'Global ID of the outage.' }) id: string,
    @Arg('input', () => OutageExemptionProposeInput, { description: 'Grounds and note.' }) input: OutageExemptionProposeInput,
  ): Promise<IncidentPayload> {
    return mutationPayload(ctx, 'incident', () => proposeExemption(ctx, incidentId(id), input), IncidentNode.of);
  }

  @Mutation(() => IncidentPayload, {
    description:
      'Merchant procurement (a person): decide an outage’s exemption — grant it (proposed or not) or reject the vendor’s proposal. Who and when are recorded; final.',
  })
  @Permission(INCIDENT_PERMISSIONS.incidentDecide)
  outageExemptionDecide(
    @Ctx() ctx: RequestContext,
    @Arg('id', () => ID, { description: 'Global ID of the outage.' }) id: string,
    @Arg('input', () => OutageExemptionDecideInput, { description: 'The decision.' }) input: OutageExemptionDecideInput,
  ): Promise<IncidentPayload> {
    return mutationPayload(ctx, 'incident', () => decideExemption(ctx, incidentId(id), input), IncidentNode.of);
  }

  @Mutation(() => IncidentPayload, {
    description:
      'Merchant procurement (a person): verify a reported data breach (deducted from its month’s statement) or dismiss it. Who and when are recorded; final.',
  })
  @Permission(INCIDENT_PERMISSIONS.incidentDecide)
  dataBreachVerify(
    @Ctx() ctx: RequestContext,
    @Arg('id', () => ID, { description: 'Global ID of the data breach.' }) id: string,
    @Arg('input', () => DataBreachVerifyInput, { description: 'The finding.' }) input: DataBreachVerifyInput,
  ): Promise<IncidentPayload> {
    return mutationPayload(ctx, 'incident', () => verifyBreach(ctx, incidentId(id), input), IncidentNode.of);
  }
}
