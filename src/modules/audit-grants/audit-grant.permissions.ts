import { definePermissions } from '../../auth/permissions.js';
import { OrganizationKind } from '../../core/organization-kind.js';
import { MembershipRole } from '../../core/roles.js';

const { MERCHANT, AUDIT_FIRM } = OrganizationKind;

/**
 * A merchant's owner or finance, in person (not an API key: opening the books to a third party is a
 * person's decision), grants and revokes audit firms' access. Grants are listed by those people and
 * by the audit firm holding them (its owners and auditors).
 */
export const AUDIT_GRANT_PERMISSIONS = definePermissions({
  auditGrantManage: { roles: [MembershipRole.FINANCE], kinds: [MERCHANT], humansOnly: true },
  auditGrantRead: { roles: [MembershipRole.FINANCE, MembershipRole.AUDITOR], kinds: [MERCHANT, AUDIT_FIRM] },
});
