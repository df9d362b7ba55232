import type { OrganizationKind } from './organization-kind.js';
import type { MembershipRole } from './roles.js';

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

/** A permission with the name it is declared under (in src/auth/permissions.ts or a module's descriptor). */
export type NamedPermission = Permission & { readonly name: string };
