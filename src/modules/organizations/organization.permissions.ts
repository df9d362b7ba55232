import { definePermissions } from '../../auth/permissions.js';
import { OrganizationKind } from '../../core/organization-kind.js';
import { MembershipRole } from '../../core/roles.js';

/** A vendor's public profile: its owners and sales people. */
export const ORGANIZATION_PERMISSIONS = definePermissions({
  vendorProfileEdit: { roles: [MembershipRole.OWNER, MembershipRole.SALES], kinds: [OrganizationKind.VENDOR], humansOnly: true },
});
