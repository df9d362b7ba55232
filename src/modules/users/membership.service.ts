import { createHash, randomBytes } from 'node:crypto';
import { MembershipRole, roleAllowedForKind } from '../../auth/roles.js';
import type { MemberViewer } from '../../auth/viewer.js';
import { hashPassword } from '../../auth/passwords.js';
import { UserErrorCode, UserErrors, userError } from '../../graphql/user-error.js';
import type { RequestContext } from '../../server/context.js';
import { recordAudit } from '../audit/audit.service.js';
import { Membership } from './membership.entity.js';
import { User } from './user.entity.js';
import { EMAIL_PATTERN, passwordProblems, userIdByEmail } from './user.rules.js';
import { membershipById } from './user.loaders.js';

export const INVITATION_TTL_MS = 7 * 24 * 3600 * 1000;

function memberViewer(ctx: RequestContext): MemberViewer {
  if (ctx.viewer.kind !== 'member') throw new Error('membership management needs a member viewer');
  return ctx.viewer;
}

export function hashInvitationToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

function checkRole(viewer: MemberViewer, role: MembershipRole, field: string[]): void {
  if (!roleAllowedForKind(role, viewer.organizationKind)) {
    throw new UserErrors([userError(UserErrorCode.INVALID, field, `Role ${role} does not exist in a ${viewer.organizationKind} organization.`)]);
  }
}

export interface MemberInvite {
  membership: Membership;
  /** One-time token for a person without an account; null when an existing account was added. */
  invitationToken: string | null;
}

/**
 * Adds a person to the viewer's organization. An existing account is added at once; for a new
 * e-mail an account is created and a one-time invitation token returned (shown once) with which
 * the person sets a password.
 */
export async function inviteMember(ctx: RequestContext, input: { email: string; role: MembershipRole; displayName?: string | null }): Promise<MemberInvite> {
  const viewer = memberViewer(ctx);
  const email = input.email.trim();
  if (!EMAIL_PATTERN.test(email)) throw new UserErrors([userError(UserErrorCode.INVALID, ['input', 'email'], 'E-mail is not a valid address.')]);
  checkRole(viewer, input.role, ['input', 'role']);
  let userId = await userIdByEmail(ctx, email);
  let invitationToken: string | null = null;
  const membership = Object.assign(new Membership(), { organizationId: viewer.organizationId, role: input.role });
  if (userId) {
    const existing = await ctx.em.findOne(Membership, { organizationId: viewer.organizationId, userId });
    if (existing) throw new UserErrors([userError(UserErrorCode.CONFLICT, ['input', 'email'], 'This person is already a member.')]);
    membership.userId = userId;
    ctx.em.persist(membership);
  } else {
    const displayName = input.displayName?.trim() || email.split('@')[0]!;
    const user = Object.assign(new User(), { email, displayName, passwordHash: null });
    userId = user.id;
    invitationToken = randomBytes(24).toString('base64url');
    membership.userId = userId;
    membership.invitationTokenHash = hashInvitationToken(invitationToken);
    membership.invitationExpiresAt = new Date(Date.now() + INVITATION_TTL_MS);
    // The new account is visible only through its membership, so both go in one statement batch.
    ctx.em.persist([user, membership]);
  }
  await ctx.em.flush();
  recordAudit(ctx, {
    action: invitationToken ? 'membership.invite' : 'membership.create',
    entityType: 'Membership',
    entityId: membership.id,
    after: { userId, role: membership.role },
  });
  return { membership, invitationToken };
}

async function ownMembership(ctx: RequestContext, membershipId: string | null): Promise<Membership> {
  const viewer = memberViewer(ctx);
  const membership = membershipId ? await membershipById(ctx).load(membershipId) : null;
  if (!membership || membership.organizationId !== viewer.organizationId) {
    throw new UserErrors([userError(UserErrorCode.NOT_FOUND, ['id'], 'No such member.')]);
  }
  return membership;
}

/** Refuses to leave an organization without an owner. */
async function assertAnotherOwner(ctx: RequestContext, membership: Membership, message: string): Promise<void> {
  if (membership.role !== MembershipRole.OWNER) return;
  const owners = await ctx.em.count(Membership, {
    organizationId: membership.organizationId,
    role: MembershipRole.OWNER,
    invitationTokenHash: null,
    id: { $ne: membership.id },
  });
  if (owners === 0) throw new UserErrors([userError(UserErrorCode.INVALID_STATE, ['id'], message)]);
}

export async function changeMemberRole(ctx: RequestContext, membershipId: string | null, role: MembershipRole): Promise<Membership> {
  const viewer = memberViewer(ctx);
  const membership = await ownMembership(ctx, membershipId);
  checkRole(viewer, role, ['input', 'role']);
  if (membership.role === role) return membership;
  if (role !== MembershipRole.OWNER) await assertAnotherOwner(ctx, membership, 'The organization needs at least one owner: make someone else owner first.');
  const before = { role: membership.role };
  membership.role = role;
  recordAudit(ctx, { action: 'membership.role.change', entityType: 'Membership', entityId: membership.id, before, after: { role } });
  return membership;
}

export async function removeMember(ctx: RequestContext, membershipId: string | null): Promise<Membership> {
  const membership = await ownMembership(ctx, membershipId);
  await assertAnotherOwner(ctx, membership, 'The organization needs at least one owner: make someone else owner first.');
  ctx.em.remove(membership);
  recordAudit(ctx, {
    action: 'membership.remove',
    entityType: 'Membership',
    entityId: membership.id,
    before: { userId: membership.userId, role: membership.role },
  });
  return membership;
}

interface InvitationRow {
  membership_id: string;
  user_id: string;
  organization_id: string;
  role: MembershipRole;
  /** Raw rows carry timestamps as text. */
  expires_at: string | Date | null;
  has_password: boolean;
}

/** The invited person sets a password; the invitation token works once. */
export async function acceptInvitation(ctx: RequestContext, input: { token: string; password: string }): Promise<Membership> {
  const [row] = await ctx.em.execute<InvitationRow[]>('select * from auth_invitation(?)', [hashInvitationToken(input.token)]);
  if (!row || !row.expires_at || new Date(row.expires_at).getTime() < Date.now()) {
    throw new UserErrors([userError(UserErrorCode.NOT_FOUND, ['input', 'token'], 'This invitation is unknown, used or expired: ask the owner for a new one.')]);
  }
  if (!row.has_password) {
    const problems = passwordProblems(input.password, ['input', 'password']);
    if (problems.length) throw new UserErrors(problems);
  }
  await ctx.tx.actAs({ organizationId: row.organization_id, userId: row.user_id, role: row.role, platformAdmin: false });
  const membership = await ctx.em.findOneOrFail(Membership, { id: row.membership_id });
  membership.invitationTokenHash = null;
  membership.invitationExpiresAt = null;
  if (!row.has_password) {
    const user = await ctx.em.findOneOrFail(User, { id: row.user_id });
    user.passwordHash = await hashPassword(input.password);
  }
  recordAudit(ctx, { organizationId: row.organization_id, actorUserId: row.user_id, action: 'membership.accept', entityType: 'Membership', entityId: membership.id, after: { accepted: true } });
  return membership;
}
