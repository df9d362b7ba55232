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
  | { kind: 'platformAdmin'; userId: string; sessionId: string };

export type MemberViewer = Extract<Viewer, { kind: 'member' }>;

export const ANONYMOUS: Viewer = { kind: 'anonymous' };
