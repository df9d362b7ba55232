import type { OrganizationKind } from './organization-kind.js';
import type { MembershipRole } from './roles.js';

/** Who is calling: resolved once per request from the token or API key. */
export type Viewer =
  | { kind: 'anonymous' }
  | {
      kind: 'member';
      /** Null for API-key callers, which act for the organization, not for a person. */
      userId: string | null;
      apiKeyId: string | null;
      /** The signed-in session (`sid`); null for API-key callers, which are checked per request by their key. */
      sessionId: string | null;
      organizationId: string;
      organizationKind: OrganizationKind;
      role: MembershipRole;
    }
  | { kind: 'platformAdmin'; userId: string; sessionId: string }
  /**
   * Scheduled work acting for one organization (row-level security sees that organization), with
   * no person or key behind it: audit events record no actor and the job's request id. Never the
   * viewer of an API request, so no permission admits it.
   */
  | { kind: 'system'; via: string; organizationId: string; organizationKind: OrganizationKind };

export type MemberViewer = Extract<Viewer, { kind: 'member' }>;

export type SystemViewer = Extract<Viewer, { kind: 'system' }>;

export const ANONYMOUS: Viewer = { kind: 'anonymous' };

/** The organization a member or the system acts for; null for anonymous callers and platform administrators. */
export function actingOrganizationId(viewer: Viewer): string | null {
  return viewer.kind === 'member' || viewer.kind === 'system' ? viewer.organizationId : null;
}
