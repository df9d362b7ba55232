import { Arg, Args, Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import { KeysetConnectionArgs, keysetWindow, toKeysetConnection } from '../../graphql/connection.js';
import { isRawIdOf } from '../../graphql/global-id.js';
import { Node, nodeFetcher } from '../../graphql/node.js';
import type { NodeFetcher } from '../../core/module.js';
import { Permission } from '../../graphql/permission.js';
import { AUDIT_PERMISSIONS } from './audit.permissions.js';
import type { RequestContext } from '../../core/request-context.js';
import { API_KEY_TYPE, type ApiKeyNode } from '../api-keys/api-key.types.js';
import { USER_TYPE, type UserNode } from '../users/user.types.js';
import { auditEventById } from './audit.loaders.js';
import { AUDIT_EVENT_LIST_ORDER, listAuditEvents } from './audit.queries.js';
import { readableAuditLog } from './audit.service.js';
import { AuditActor, AuditEventConnection, AuditEventFilter, AuditEventNode } from './audit.types.js';

/** An object of the API by type and raw id, through its node fetcher: null when unknown, malformed or not visible. */
async function visibleNode(ctx: RequestContext, type: string, rawId: string | null): Promise<object | null> {
  const fetch = rawId !== null && isRawIdOf(type, rawId) ? nodeFetcher(type) : undefined;
  return fetch ? fetch(ctx, rawId!) : null;
}

export const fetchAuditEventNode: NodeFetcher = async (ctx, id) => {
  const organizationId = readableAuditLog(ctx);
  const event = organizationId ? await auditEventById(ctx).load(id) : null;
  return event && event.organizationId === organizationId ? AuditEventNode.of(event) : null;
};

@Resolver(() => AuditEventNode)
export class AuditResolver {
  @Query(() => AuditEventConnection, {
    description: 'Your organization’s audit log, newest first. Keyset cursors: forward (first/after) or backward (last/before, e.g. the oldest events).',
  })
  @Permission(AUDIT_PERMISSIONS.auditLogRead)
  async auditEvents(
    @Ctx() ctx: RequestContext,
    @Args() args: KeysetConnectionArgs,
    @Arg('filter', () => AuditEventFilter, { nullable: true, description: 'Which events to list; all of your organization’s when omitted.' })
    filter: AuditEventFilter | null,
  ) {
    const window = keysetWindow(args, AUDIT_EVENT_LIST_ORDER);
    return toKeysetConnection(await listAuditEvents(ctx, filter, window), window, AuditEventNode.of);
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
