import { definePermissions } from '../../auth/permissions.js';
import { OrganizationKind } from '../../core/organization-kind.js';
import { MembershipRole } from '../../core/roles.js';

/** Who acts on bids: the vendor's sales side submits and revises, the merchant's procurement decides. */
export const BID_PERMISSIONS = definePermissions({
  bidDecide: { roles: [MembershipRole.PROCUREMENT], kinds: [OrganizationKind.MERCHANT] },
  bidManage: { roles: [MembershipRole.SALES], kinds: [OrganizationKind.VENDOR] },
});
