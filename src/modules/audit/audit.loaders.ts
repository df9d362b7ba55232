import { entityLoader } from '../../db/batch.js';
import { defineLoader } from '../../core/loaders.js';
import { AuditEvent } from './audit-event.entity.js';

export const auditEventById = defineLoader('auditEvent.byId', (ctx) => entityLoader(ctx.uow, AuditEvent, 'id'));
