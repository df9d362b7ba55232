import type { FilterQuery } from '@mikro-orm/core';
import { Arg, Args, Ctx, Query, Resolver } from 'type-graphql';
import { ConnectionArgs, pageWindow, toConnection } from '../../graphql/connection.js';
import { Permission } from '../../graphql/permission.js';
import type { RequestContext } from '../../core/request-context.js';
import { AuditEvent } from './audit-event.entity.js';
import { AuditEventConnection, AuditEventFilter, AuditEventType } from './audit.types.js';

@Resolver()
export class AuditResolver {
  @Query(() => AuditEventConnection, { description: 'Your organization’s audit log, newest first.' })
  @Permission('auditLogRead')
  async auditEvents(
    @Ctx() ctx: RequestContext,
    @Args() args: ConnectionArgs,
    @Arg('filter', () => AuditEventFilter, { nullable: true }) filter: AuditEventFilter | null,
  ) {
    const viewer = ctx.viewer;
    const window = pageWindow(args);
    if (viewer.kind !== 'member') return toConnection([], window, 0);
    const where: FilterQuery<AuditEvent> = { organizationId: viewer.organizationId };
    if (filter?.action) where.action = filter.action;
    if (filter?.entityType) where.entityType = filter.entityType;
    if (filter?.entityId) where.entityId = filter.entityId;
    const [rows, total] = await ctx.em.findAndCount(AuditEvent, where, { orderBy: { id: 'desc' }, offset: window.offset, limit: window.limit + 1 });
    return toConnection(rows.map(AuditEventType.of), window, total);
  }
}
