import { OrganizationKind } from '../core/organization-kind.js';
import { MembershipRole } from '../core/roles.js';
import type { Viewer } from '../core/viewer.js';

/** Who may call an operation. Declared on every query and mutation; denied when absent. */
export interface Permission {
  /** Anyone, including callers without a token. */
  anonymous?: boolean;
  platformAdmin?: boolean;
  /** Members of an organization holding one of these roles (OWNER always qualifies), or any role. */
  roles?: readonly MembershipRole[] | 'ANY';
  /** Restricts members to organizations of these kinds. */
  kinds?: readonly OrganizationKind[];
  /** Refuses API-key callers (machine clients): the action needs a person. */
  humansOnly?: boolean;
}

const { OWNER } = MembershipRole;

/** The named permissions of the API; the snapshot test prints which operation uses which. */
export const PERMISSIONS = {
  anyone: { anonymous: true, platformAdmin: true, roles: 'ANY' },
  signedIn: { platformAdmin: true, roles: 'ANY' },
  signedInPerson: { platformAdmin: true, roles: 'ANY', humansOnly: true },
  anyMember: { roles: 'ANY' },
  platformAdmin: { platformAdmin: true },
  organizationOwner: { roles: [OWNER], humansOnly: true },
  vendorProfileEdit: { roles: [OWNER, MembershipRole.SALES], kinds: [OrganizationKind.VENDOR], humansOnly: true },
  auditLogRead: { roles: [OWNER, MembershipRole.AUDITOR] },
  marketplaceRead: { roles: 'ANY', kinds: [OrganizationKind.MERCHANT, OrganizationKind.VENDOR] },
  requirementManage: { roles: [MembershipRole.PROCUREMENT], kinds: [OrganizationKind.MERCHANT] },
  bidDecide: { roles: [MembershipRole.PROCUREMENT], kinds: [OrganizationKind.MERCHANT] },
  bidManage: { roles: [MembershipRole.SALES], kinds: [OrganizationKind.VENDOR] },
  contractRead: { roles: 'ANY', kinds: [OrganizationKind.MERCHANT, OrganizationKind.VENDOR] },
} as const satisfies Record<string, Permission>;

export type PermissionName = keyof typeof PERMISSIONS;

export function isAllowed(permission: Permission, viewer: Viewer): boolean {
  switch (viewer.kind) {
    case 'anonymous':
      return permission.anonymous === true;
    case 'system':
      return false;
    case 'platformAdmin':
      return permission.platformAdmin === true || permission.anonymous === true;
    case 'member': {
      if (permission.anonymous) return true;
      if (!permission.roles) return false;
      if (permission.humansOnly && viewer.userId === null) return false;
      if (permission.kinds && !permission.kinds.includes(viewer.organizationKind)) return false;
      return permission.roles === 'ANY' || viewer.role === OWNER || permission.roles.includes(viewer.role);
    }
  }
}

/** One line per permission, for docs and the snapshot: "members with role OWNER (people only)". */
export function describePermission(permission: Permission): string {
  if (permission.anonymous) return 'anyone, signed in or not';
  const who: string[] = [];
  if (permission.platformAdmin) who.push('platform administrators');
  if (permission.roles) {
    let members = permission.roles === 'ANY' ? 'members with any role' : `members with role ${[...new Set([OWNER, ...permission.roles])].join('|')}`;
    if (permission.kinds) members += ` of ${permission.kinds.join('|')} organizations`;
    if (permission.humansOnly) members += ' (people only, not API keys)';
    who.push(members);
  }
  return who.length ? who.join('; ') : 'nobody';
}
