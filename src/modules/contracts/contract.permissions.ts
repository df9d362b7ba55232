import { definePermissions } from '../../auth/permissions.js';
import { OrganizationKind } from '../../core/organization-kind.js';

/** Contracts are read by members of their two parties (row-level security decides which). */
export const CONTRACT_PERMISSIONS = definePermissions({
  contractRead: { roles: 'ANY', kinds: [OrganizationKind.MERCHANT, OrganizationKind.VENDOR] },
});
