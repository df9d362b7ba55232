import type { ModuleDescriptor } from '../../core/module.js';
import { AuditGrant } from './audit-grant.entity.js';
import { AUDIT_GRANT_PERMISSIONS } from './audit-grant.permissions.js';
import { AuditGrantResolver, fetchAuditGrantNode } from './audit-grant.resolver.js';
import { AUDIT_GRANT_TYPE } from './audit-grant.types.js';

export const auditGrantsModule: ModuleDescriptor = {
  name: 'audit-grants',
  entities: [AuditGrant],
  resolvers: [AuditGrantResolver],
  permissions: AUDIT_GRANT_PERMISSIONS,
  nodeTypes: { [AUDIT_GRANT_TYPE]: fetchAuditGrantNode },
};
