import { OrganizationKind } from './organization-kind.js';

/** A member's role inside one organization; what each may do is in auth/permissions.ts. */
export enum MembershipRole {
  OWNER = 'OWNER',
  PROCUREMENT = 'PROCUREMENT',
  INSPECTOR = 'INSPECTOR',
  FINANCE = 'FINANCE',
  VIEWER = 'VIEWER',
  SALES = 'SALES',
  OPERATIONS = 'OPERATIONS',
  AUDITOR = 'AUDITOR',
}

/** The roles an organization of each kind can hand out. */
export const ROLES_BY_KIND: Record<OrganizationKind, readonly MembershipRole[]> = {
  [OrganizationKind.MERCHANT]: [MembershipRole.OWNER, MembershipRole.PROCUREMENT, MembershipRole.INSPECTOR, MembershipRole.FINANCE, MembershipRole.VIEWER],
  [OrganizationKind.VENDOR]: [MembershipRole.OWNER, MembershipRole.SALES, MembershipRole.OPERATIONS, MembershipRole.FINANCE, MembershipRole.VIEWER],
  [OrganizationKind.AUDIT_FIRM]: [MembershipRole.OWNER, MembershipRole.AUDITOR],
};

export function roleAllowedForKind(role: MembershipRole, kind: OrganizationKind): boolean {
  return ROLES_BY_KIND[kind].includes(role);
}
