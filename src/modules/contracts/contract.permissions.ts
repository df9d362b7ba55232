import { definePermissions } from '../../auth/permissions.js';
import { OrganizationKind } from '../../core/organization-kind.js';
import { MembershipRole } from '../../core/roles.js';

const PARTIES = [OrganizationKind.MERCHANT, OrganizationKind.VENDOR];

/**
 * Contracts are read by members of their two parties and of audit firms a merchant's grant covers
 * them for (row-level security decides which, the services check again). A person
 * of the merchant's procurement or the vendor's sales (or the owner) signs, amends, gives notice not
 * to renew and notifies breaches; terminating — and quoting what it would cost — is the owner's.
 */
export const CONTRACT_PERMISSIONS = definePermissions({
  contractRead: { roles: 'ANY', kinds: [...PARTIES, OrganizationKind.AUDIT_FIRM] },
  contractManage: { roles: [MembershipRole.PROCUREMENT, MembershipRole.SALES], kinds: PARTIES, humansOnly: true },
  contractTerminate: { roles: [], kinds: PARTIES, humansOnly: true },
});
