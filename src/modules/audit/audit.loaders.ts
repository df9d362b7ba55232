import { entityLoader } from '../../db/batch.js';
import type { RequestContext } from '../../core/request-context.js';
import { AuditEvent } from './audit-event.entity.js';

export const auditEventById = (ctx: RequestContext) => ctx.loader('auditEvent.byId', () => entityLoader(ctx.em, AuditEvent, 'id'));
