import type { ModuleDescriptor } from '../../core/module.js';
import { AuditEvent } from './audit-event.entity.js';
import { AuditResolver } from './audit.resolver.js';

export const auditModule: ModuleDescriptor = { name: 'audit', entities: [AuditEvent], resolvers: [AuditResolver] };
