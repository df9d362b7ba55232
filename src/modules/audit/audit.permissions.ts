import { definePermissions } from '../../auth/permissions.js';
import { MembershipRole } from '../../core/roles.js';

/** The audit log of an organization: its owners and its auditors. */
export const AUDIT_PERMISSIONS = definePermissions({
  auditLogRead: { roles: [MembershipRole.OWNER, MembershipRole.AUDITOR] },
});
