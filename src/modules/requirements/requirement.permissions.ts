import { definePermissions } from '../../auth/permissions.js';
import { OrganizationKind } from '../../core/organization-kind.js';
import { MembershipRole } from '../../core/roles.js';

/** Drafting, publishing, inviting, answering and cancelling requirements: the merchant's procurement. */
export const REQUIREMENT_PERMISSIONS = definePermissions({
  requirementManage: { roles: [MembershipRole.PROCUREMENT], kinds: [OrganizationKind.MERCHANT] },
});
