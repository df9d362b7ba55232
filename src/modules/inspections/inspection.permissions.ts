import { definePermissions } from '../../auth/permissions.js';
import { OrganizationKind } from '../../core/organization-kind.js';
import { MembershipRole } from '../../core/roles.js';

/**
 * Quality inspections are the merchant's: its INSPECTOR (or the owner), a person, sets scorecards,
 * opens and scores inspections and decides rectifications. The vendor's operations (or owner), a
 * person, answers rectifications. Both parties read them through the contract.
 */
export const INSPECTION_PERMISSIONS = definePermissions({
  inspectionManage: { roles: [MembershipRole.INSPECTOR], kinds: [OrganizationKind.MERCHANT], humansOnly: true },
  inspectionRectificationAnswer: { roles: [MembershipRole.OPERATIONS], kinds: [OrganizationKind.VENDOR], humansOnly: true },
});
