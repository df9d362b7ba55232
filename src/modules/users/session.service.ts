import { createHash, randomBytes } from 'node:crypto';
import { issueToken, PLATFORM_ADMIN_ROLE, type IssuedToken, type TokenSubject } from '../../auth/jwt.js';
import { verifyAgainstDummy, verifyPassword } from '../../auth/passwords.js';
import type { MembershipRole } from '../../core/roles.js';
import { newId } from '../../db/base.js';
import type { OrganizationKind } from '../organizations/organization.entity.js';
import { DomainErrorCode, DomainErrors, domainProblem, type Outcome } from '../../core/domain-error.js';
import type { RequestContext } from '../../core/request-context.js';
import { recordAudit } from '../audit/audit.service.js';
import { actAsMember } from '../../auth/act-as.js';

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

/** What a sign-in hands out: a short-lived access token and the refresh token that renews it. */
export interface SessionTokens {
  access: IssuedToken;
  /** Opaque, single use; only its SHA-256 hash is stored. */
  refreshToken: string;
  refreshTokenExpiresAt: Date;
}

export interface LoginResult {
  session: SessionTokens | null;
  /** When the person belongs to several organizations and chose none: where they may sign in. */
  choices: OrganizationChoice[];
}

const BAD_CREDENTIALS = 'E-mail or password is incorrect.';
const REFRESH_TOKEN_PREFIX = 'kefu_rt_';
const REFRESH_TOKEN_PATTERN = /^kefu_rt_[A-Za-z0-9_-]{43}$/;

export function hashRefreshToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

function newRefreshToken(): string {
  return REFRESH_TOKEN_PREFIX + randomBytes(32).toString('base64url');
}

/** Raw rows carry timestamps as text. */
function toDate(value: string | Date): Date {
  return value instanceof Date ? value : new Date(value);
}

/**
 * Opens a session for a person who has just proven who they are (password or registration) and
 * issues its tokens. The database refuses unless the membership exists and is accepted (or, without
 * an organization, the person is a platform administrator).
 */
export async function openSession(ctx: RequestContext, subject: Omit<TokenSubject, 'sessionId'>): Promise<SessionTokens> {
  const sessionId = newId();
  const refreshToken = newRefreshToken();
  const [row] = await ctx.uow.em.execute<{ expires_at: string | Date }[]>('select auth_session_open(?, ?, ?, ?, ?) as expires_at', [
    sessionId,
    subject.userId,
    subject.organizationId ?? null,
    hashRefreshToken(refreshToken),
    ctx.config.jwt.refreshTtlSeconds,
  ]);
  return { access: issueToken(ctx.config.jwt, { ...subject, sessionId }), refreshToken, refreshTokenExpiresAt: toDate(row!.expires_at) };
}

/**
 * Signs a person in to one organization. A wrong password and an unknown e-mail give the same
 * answer after the same work, so the API does not reveal who has an account. Throttling is around
 * this (login-throttle.service.ts), outside the mutation's savepoint.
 */
export async function login(ctx: RequestContext, input: { email: string; password: string; organizationId: string | null | undefined }): Promise<LoginResult> {
  const rows = await ctx.uow.em.execute<CandidateRow[]>('select * from auth_login_candidates(?)', [input.email.trim()]);
  const hash = rows[0]?.password_hash;
  const valid = hash ? await verifyPassword(hash, input.password) : await verifyAgainstDummy(input.password);
  if (!valid) throw new DomainErrors([domainProblem(DomainErrorCode.INVALID_CREDENTIALS, ['input'], BAD_CREDENTIALS)]);
  const user = rows[0]!;
  const memberships = rows.filter((r) => r.organization_id !== null);

  if (input.organizationId === undefined || input.organizationId === null) {
    if (memberships.length === 0 && user.is_platform_admin) {
      const session = await openSession(ctx, { userId: user.user_id, role: PLATFORM_ADMIN_ROLE });
      return { session, choices: [] };
    }
    if (memberships.length !== 1) {
      const choices = memberships.map((m) => ({ organizationId: m.organization_id!, legalName: m.organization_name!, role: m.role! }));
      if (!choices.length) throw new DomainErrors([domainProblem(DomainErrorCode.INVALID_STATE, ['input'], 'This account belongs to no organization.')]);
      return { session: null, choices };
    }
  }
  const chosen = input.organizationId ? memberships.find((m) => m.organization_id === input.organizationId) : memberships[0];
  if (!chosen) throw new DomainErrors([domainProblem(DomainErrorCode.NOT_FOUND, ['input', 'organizationId'], 'You are not a member of that organization.')]);
  const subject = { userId: user.user_id, organizationId: chosen.organization_id!, organizationKind: chosen.organization_kind!, role: chosen.role! };
  const session = await openSession(ctx, subject);
  await actAsMember(ctx, { organizationId: subject.organizationId, userId: subject.userId, role: subject.role });
  recordAudit(ctx, { organizationId: subject.organizationId, actorUserId: user.user_id, action: 'session.login', entityType: 'User', entityId: user.user_id });
  return { session, choices: [] };
}

interface RefreshRow {
  outcome: 'OK' | 'INVALID' | 'REUSED' | 'ENDED';
  session_id: string | null;
  user_id: string | null;
  organization_id: string | null;
  organization_kind: OrganizationKind | null;
  role: MembershipRole | typeof PLATFORM_ADMIN_ROLE | null;
  expires_at: string | Date | null;
}

const SESSION_ENDED = domainProblem(
  DomainErrorCode.SESSION_ENDED,
  ['input', 'refreshToken'],
  'This refresh token is unknown, expired or already used, or the session has ended: sign in again.',
);

/**
 * Exchanges a refresh token for a new access token and a new refresh token (the old one is used up).
 * The new access token carries the membership's role as it is now: a demoted member gets the new
 * role, a removed member gets nothing. A refresh token presented a second time means it was copied:
 * the whole session is revoked, so the thief's and the owner's tokens all stop working.
 *
 * Not run in a mutation savepoint: its only write is the rotation (or revocation) itself, which must
 * stay even when the answer is a userError.
 */
export async function refreshSession(ctx: RequestContext, refreshToken: string): Promise<Outcome<SessionTokens>> {
  if (!REFRESH_TOKEN_PATTERN.test(refreshToken)) return { result: null, problems: [SESSION_ENDED] };
  const next = newRefreshToken();
  const [row] = await ctx.uow.em.execute<RefreshRow[]>('select * from auth_session_refresh(?, ?, ?)', [
    hashRefreshToken(refreshToken),
    hashRefreshToken(next),
    ctx.config.jwt.refreshTtlSeconds,
  ]);
  if (!row || row.outcome !== 'OK') return { result: null, problems: [SESSION_ENDED] };
  const subject: TokenSubject =
    row.role === PLATFORM_ADMIN_ROLE
      ? { userId: row.user_id!, sessionId: row.session_id!, role: PLATFORM_ADMIN_ROLE }
      : { userId: row.user_id!, sessionId: row.session_id!, organizationId: row.organization_id!, organizationKind: row.organization_kind!, role: row.role! };
  return { result: { access: issueToken(ctx.config.jwt, subject), refreshToken: next, refreshTokenExpiresAt: toDate(row.expires_at!) }, problems: [] };
}

/** Ends the caller's session: its access tokens and refresh tokens stop working at once. */
export async function logout(ctx: RequestContext): Promise<void> {
  const viewer = ctx.viewer;
  if (viewer.kind === 'anonymous' || viewer.kind === 'system' || !viewer.sessionId || !viewer.userId) {
    throw new DomainErrors([domainProblem(DomainErrorCode.INVALID_STATE, [], 'Only a signed-in person has a session to end.')]);
  }
  await ctx.uow.em.execute('select auth_session_revoke(?, ?)', [viewer.sessionId, viewer.userId]);
  recordAudit(ctx, { action: 'session.logout', entityType: 'User', entityId: viewer.userId });
}
