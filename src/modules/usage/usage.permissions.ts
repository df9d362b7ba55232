import { definePermissions } from '../../auth/permissions.js';
import { OrganizationKind } from '../../core/organization-kind.js';
import { MembershipRole } from '../../core/roles.js';

/** Usage is reported by the vendor's operations (people or a call-centre system's API key with that role). */
export const USAGE_PERMISSIONS = definePermissions({
  usageReport: { roles: [MembershipRole.OPERATIONS], kinds: [OrganizationKind.VENDOR] },
});
