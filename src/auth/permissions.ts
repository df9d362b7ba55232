import { OrganizationKind } from '../core/organization-kind.js';
import type { Permission } from '../core/permission.js';
import { MembershipRole } from '../core/roles.js';
import type { Viewer } from '../core/viewer.js';

export type { NamedPermission, Permission } from '../core/permission.js';

/** Names each permission of a table after its key (a module declares its own table in `<name>.permissions.ts`). */
export function definePermissions<const T extends Record<string, Permission>>(table: T): { readonly [K in keyof T]: T[K] & { readonly name: K & string } } {
  return Object.fromEntries(Object.entries(table).map(([name, rule]) => [name, Object.freeze({ ...rule, name })])) as never;
}

const { OWNER } = MembershipRole;

/**
 * The permissions every domain shares; a module declares its own in `<name>.permissions.ts` and
 * lists them in its descriptor. The snapshot test prints which operation uses which.
 */
export const PERMISSIONS = definePermissions({
  anyone: { anonymous: true, platformAdmin: true, roles: 'ANY' },
  signedIn: { platformAdmin: true, roles: 'ANY' },
  signedInPerson: { platformAdmin: true, roles: 'ANY', humansOnly: true },
  anyMember: { roles: 'ANY' },
  platformAdmin: { platformAdmin: true },
  organizationOwner: { roles: [OWNER], humansOnly: true },
  /** Members of the two marketplace sides (requirements and bids). */
  marketplaceRead: { roles: 'ANY', kinds: [OrganizationKind.MERCHANT, OrganizationKind.VENDOR] },
});

export type SharedPermissionName = keyof typeof PERMISSIONS;

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
