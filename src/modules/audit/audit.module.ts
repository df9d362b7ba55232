import type { ModuleDescriptor } from '../../core/module.js';
import { AuditEvent } from './audit-event.entity.js';
import { AUDIT_PERMISSIONS } from './audit.permissions.js';
import { AuditResolver, ContractAuditEventsResolver, fetchAuditEventNode } from './audit.resolver.js';
import { AUDIT_EVENT_TYPE } from './audit.types.js';

export const auditModule: ModuleDescriptor = {
  name: 'audit',
  entities: [AuditEvent],
  resolvers: [AuditResolver, ContractAuditEventsResolver],
  permissions: AUDIT_PERMISSIONS,
  nodeTypes: { [AUDIT_EVENT_TYPE]: fetchAuditEventNode },
};
