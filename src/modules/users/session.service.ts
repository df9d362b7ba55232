import { issueToken, PLATFORM_ADMIN_ROLE, type IssuedToken } from '../../auth/jwt.js';
import { verifyAgainstDummy, verifyPassword } from '../../auth/passwords.js';
import type { MembershipRole } from '../../auth/roles.js';
import type { OrganizationKind } from '../organizations/organization.entity.js';
import { UserErrorCode, UserErrors, userError } from '../../graphql/user-error.js';
import type { RequestContext } from '../../server/context.js';
import { recordAudit } from '../audit/audit.service.js';

interface CandidateRow {
  user_id: string;
  password_hash: string | null;
  is_platform_admin: boolean;
  organization_id: string | null;
  organization_name: string | null;
  organization_kind: OrganizationKind | null;
  role: MembershipRole | null;
}

export interface OrganizationChoice {
  organizationId: string;
  legalName: string;
  role: MembershipRole;
}

export interface LoginResult {
  token: IssuedToken | null;
  /** When the person belongs to several organizations and chose none: where they may sign in. */
  choices: OrganizationChoice[];
}

const BAD_CREDENTIALS = 'E-mail or password is incorrect.';

/**
 * Signs a person in to one organization. A wrong password and an unknown e-mail give the same
 * answer after the same work, so the API does not reveal who has an account.
 */
export async function login(ctx: RequestContext, input: { email: string; password: string; organizationId: string | null | undefined }): Promise<LoginResult> {
  const rows = await ctx.em.execute<CandidateRow[]>('select * from auth_login_candidates(?)', [input.email.trim()]);
  const hash = rows[0]?.password_hash;
  const valid = hash ? await verifyPassword(hash, input.password) : await verifyAgainstDummy(input.password);
  if (!valid) throw new UserErrors([userError(UserErrorCode.INVALID_CREDENTIALS, ['input'], BAD_CREDENTIALS)]);
  const user = rows[0]!;
  const memberships = rows.filter((r) => r.organization_id !== null);
  const jwt = ctx.config.jwt;

  if (input.organizationId === undefined || input.organizationId === null) {
    if (memberships.length === 0 && user.is_platform_admin) {
      return { token: issueToken(jwt, { userId: user.user_id, role: PLATFORM_ADMIN_ROLE }), choices: [] };
    }
    if (memberships.length !== 1) {
      const choices = memberships.map((m) => ({ organizationId: m.organization_id!, legalName: m.organization_name!, role: m.role! }));
      if (!choices.length) throw new UserErrors([userError(UserErrorCode.INVALID_STATE, ['input'], 'This account belongs to no organization.')]);
      return { token: null, choices };
    }
  }
  const chosen = input.organizationId ? memberships.find((m) => m.organization_id === input.organizationId) : memberships[0];
  if (!chosen) throw new UserErrors([userError(UserErrorCode.NOT_FOUND, ['input', 'organizationId'], 'You are not a member of that organization.')]);
  const subject = { userId: user.user_id, organizationId: chosen.organization_id!, organizationKind: chosen.organization_kind!, role: chosen.role! };
  await ctx.tx.actAs({ organizationId: subject.organizationId, userId: subject.userId, role: subject.role, platformAdmin: false });
  recordAudit(ctx, { organizationId: subject.organizationId, actorUserId: user.user_id, action: 'session.login', entityType: 'User', entityId: user.user_id });
  return { token: issueToken(jwt, subject), choices: [] };
}
