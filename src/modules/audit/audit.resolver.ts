import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Args, Ctx, FieldResolver, Query, Resolver, Root, Info } from 'type-graphql';
import { ConnectionArgs, KeysetConnectionArgs, keysetWindow, pageWindow, toConnection, toKeysetConnection } from '../../graphql/connection.js';
import { idOfType, isRawIdOf } from '../../graphql/global-id.js';
import { Node, nodeFetcher } from '../../graphql/node.js';
import type { NodeFetcher } from '../../core/module.js';
import { Permission } from '../../graphql/permission.js';
import { AUDIT_PERMISSIONS } from './audit.permissions.js';
import type { RequestContext } from '../../core/request-context.js';
import { API_KEY_TYPE, type ApiKeyNode } from '../api-keys/api-key.types.js';
import { USER_TYPE, type UserNode } from '../users/user.types.js';
import { auditEventById } from './audit.loaders.js';
import { CONTRACT_TYPE, ContractNode } from '../contracts/contract.types.js';
import { AUDIT_EVENT_LIST_ORDER, auditEventsByContract, listAuditEvents } from './audit.queries.js';
import { readableAuditLog, readsAuditEvent } from './audit.service.js';
import { AuditActor, AuditEventConnection, AuditEventFilter, AuditEventNode } from './audit.types.js';

/** An object of the API by type and raw id, through its node fetcher: null when unknown, malformed or not visible. */
async function visibleNode(ctx: RequestContext, type: string, rawId: string | null): Promise<object | null> {
  const fetch = rawId !== null && isRawIdOf(type, rawId) ? nodeFetcher(type) : undefined;
  return fetch ? fetch(ctx, rawId!) : null;
}

export const fetchAuditEventNode: NodeFetcher = async (ctx, id) => {
  const event = readableAuditLog(ctx) ? await auditEventById(ctx).load(id) : null;
  return event && (await readsAuditEvent(ctx, event)) ? AuditEventNode.of(event) : null;
};

@Resolver(() => AuditEventNode)
export class AuditResolver {
  @Query(() => AuditEventConnection, {
    description:
      'Owners and auditors: your organization’s audit log (scope OWN) or, for audit firms, the events of the contracts merchants’ audit grants to your firm cover (scope GRANTED, the auditors’ default), newest first, filtered by entity, actor, action, time and contract. Keyset cursors: forward (first/after) or backward (last/before, e.g. the oldest events).',
  })
  @Permission(AUDIT_PERMISSIONS.auditLogRead)
  async auditEvents(
    @Ctx() ctx: RequestContext,
    @Args() args: KeysetConnectionArgs,
    @Info() info: GraphQLResolveInfo,
    @Arg('filter', () => AuditEventFilter, { nullable: true, description: 'Which events to list; all of your organization’s when omitted.' })
    filter: AuditEventFilter | null,
  ) {
    const window = keysetWindow(args, AUDIT_EVENT_LIST_ORDER, info);
    const actorUserId = filter?.actorUserId == null ? undefined : isRawIdOf(USER_TYPE, filter.actorUserId) ? filter.actorUserId.toLowerCase() : null;
    const contractId = filter?.contractId == null ? undefined : idOfType(filter.contractId, CONTRACT_TYPE);
    const page = await listAuditEvents(ctx, { ...filter, actorUserId, contractId }, window);
    return toKeysetConnection(page, window, AuditEventNode.of);
  }

  @FieldResolver(() => ContractNode, {
    nullable: true,
    description: 'The contract the event is about (for its lifecycle, amendments, usage, KPIs, incidents and inspections), if visible to you.',
  })
  contract(@Ctx() ctx: RequestContext, @Root() event: AuditEventNode): Promise<ContractNode | null> {
    return visibleNode(ctx, CONTRACT_TYPE, event.contractRawId) as Promise<ContractNode | null>;
  }

  @FieldResolver(() => AuditActor, {
    nullable: true,
    description:
      'Who acted: the person (User) or the machine client (ApiKey). Null when nobody did (a scheduled job, e.g. closing bidding at the deadline) and when the actor is not visible to you: a platform administrator (verifying your organization), a person no longer in your organization, an API key unless you are an owner.',
  })
  async actor(@Ctx() ctx: RequestContext, @Root() event: AuditEventNode): Promise<UserNode | ApiKeyNode | null> {
    if (event.actorApiKeyId) return (await visibleNode(ctx, API_KEY_TYPE, event.actorApiKeyId)) as ApiKeyNode | null;
    return (await visibleNode(ctx, USER_TYPE, event.actorUserId)) as UserNode | null;
  }

  @FieldResolver(() => Node, {
    nullable: true,
    description:
      'The object changed, as you would get it from `node(id:)`: null when it is not an object of the API (VendorProfile, CalendarNotice) or not visible to you (e.g. a bid still sealed).',
  })
  entity(@Ctx() ctx: RequestContext, @Root() event: AuditEventNode): Promise<object | null> {
    return visibleNode(ctx, event.entityType, event.entityId);
  }
}

@Resolver(() => ContractNode)
export class ContractAuditEventsResolver {
  @FieldResolver(() => AuditEventConnection, {
    nullable: true,
    description:
      'Audit events about the contract, newest first: for its parties’ owners and auditors those of their own organization’s log, for an audit firm’s those its grants cover (both parties’ actions, on the grants’ days). Null when your role reads no audit log.',
  })
  async auditEvents(@Ctx() ctx: RequestContext, @Root() contract: ContractNode, @Args() args: ConnectionArgs) {
    const window = pageWindow(args);
    const loader = auditEventsByContract(ctx, window);
    if (!loader) return null;
    const page = await loader.load(contract.rawId);
    return toConnection(page.rows.map(AuditEventNode.of), window, page.totalCount);
  }
}
