import { createHash, randomBytes } from 'node:crypto';
import { MembershipRole, roleAllowedForKind } from '../../core/roles.js';
import type { MemberViewer } from '../../core/viewer.js';
import { hashPassword, verifyPassword } from '../../auth/passwords.js';
import { DomainErrorCode, DomainErrors, domainProblem } from '../../core/domain-error.js';
import type { RequestContext } from '../../core/request-context.js';
import { recordAudit } from '../audit/audit.service.js';
import { Membership } from './membership.entity.js';
import { User } from './user.entity.js';
import { EMAIL_PATTERN, passwordProblems, userIdByEmail } from './user.rules.js';
import { membershipById } from './user.loaders.js';
import { invariant } from '../../core/invariant.js';
import { actAsMember } from '../../auth/act-as.js';

export const INVITATION_TTL_MS = 7 * 24 * 3600 * 1000;

function memberViewer(ctx: RequestContext): MemberViewer {
  invariant(ctx.viewer.kind === 'member', 'membership management needs a member viewer');
  return ctx.viewer;
}

export function hashInvitationToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

function checkRole(viewer: MemberViewer, role: MembershipRole, field: string[]): void {
  if (!roleAllowedForKind(role, viewer.organizationKind)) {
    throw new DomainErrors([domainProblem(DomainErrorCode.INVALID, field, `Role ${role} does not exist in a ${viewer.organizationKind} organization.`)]);
  }
}

export interface MemberInvite {
  membership: Membership;
  /** One-time invitation token to hand to the person (new or existing account alike). */
  invitationToken: string;
}

/**
 * Invites a person to the viewer's organization. The membership is pending (it grants nothing and
 * cannot be signed in to) until the person accepts with the one-time token returned here (shown
 * once). For a new e-mail an account without a password is created, and the person sets one on
 * accepting; an existing account is never added without its holder's consent.
 */
export async function inviteMember(ctx: RequestContext, input: { email: string; role: MembershipRole; displayName?: string | null }): Promise<MemberInvite> {
  const viewer = memberViewer(ctx);
  const email = input.email.trim();
  if (!EMAIL_PATTERN.test(email)) throw new DomainErrors([domainProblem(DomainErrorCode.INVALID, ['input', 'email'], 'E-mail is not a valid address.')]);
  checkRole(viewer, input.role, ['input', 'role']);
  const existingUserId = await userIdByEmail(ctx, email);
  const invitationToken = randomBytes(24).toString('base64url');
  const membership = Object.assign(new Membership(), {
    organizationId: viewer.organizationId,
    role: input.role,
    invitationTokenHash: hashInvitationToken(invitationToken),
    invitationExpiresAt: new Date(ctx.clock.now().getTime() + INVITATION_TTL_MS),
  });
  if (existingUserId) {
    const existing = await ctx.uow.em.findOne(Membership, { organizationId: viewer.organizationId, userId: existingUserId });
    if (existing) {
      const message = existing.invitationTokenHash
        ? 'This person is already invited: remove the invitation to send a new one.'
        : 'This person is already a member.';
      throw new DomainErrors([domainProblem(DomainErrorCode.CONFLICT, ['input', 'email'], message)]);
    }
    membership.userId = existingUserId;
    ctx.uow.em.persist(membership);
  } else {
    const displayName = input.displayName?.trim() || email.split('@')[0]!;
    const user = Object.assign(new User(), { email, displayName, passwordHash: null });
    membership.userId = user.id;
    // The new account is visible only through its membership, so both go in one statement batch.
    ctx.uow.em.persist([user, membership]);
  }
  await ctx.uow.em.flush();
  recordAudit(ctx, {
    action: 'membership.invite',
    entityType: 'Membership',
    entityId: membership.id,
    after: { userId: membership.userId, role: membership.role, existingAccount: existingUserId !== null },
  });
  return { membership, invitationToken };
}

async function ownMembership(ctx: RequestContext, membershipId: string | null): Promise<Membership> {
  const viewer = memberViewer(ctx);
  const membership = membershipId ? await membershipById(ctx).load(membershipId) : null;
  if (!membership || membership.organizationId !== viewer.organizationId) {
    throw new DomainErrors([domainProblem(DomainErrorCode.NOT_FOUND, ['id'], 'No such member.')]);
  }
  return membership;
}

/** Refuses to leave an organization without an owner. */
async function assertAnotherOwner(ctx: RequestContext, membership: Membership, message: string): Promise<void> {
  if (membership.role !== MembershipRole.OWNER) return;
  const owners = await ctx.uow.em.count(Membership, {
    organizationId: membership.organizationId,
    role: MembershipRole.OWNER,
    invitationTokenHash: null,
    id: { $ne: membership.id },
  });
  if (owners === 0) throw new DomainErrors([domainProblem(DomainErrorCode.INVALID_STATE, ['id'], message)]);
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
  ctx.uow.em.remove(membership);
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

/**
 * The invited person accepts: the membership becomes effective and the token is spent. A new
 * account sets its password here. An account that already has a password keeps it, and its holder
 * must show it is them: signed in as that account (any organization), or giving its password.
 * Otherwise whoever holds the token (the inviting owner included) could accept in their name.
 */
export async function acceptInvitation(ctx: RequestContext, input: { token: string; password?: string | null }): Promise<Membership> {
  const [row] = await ctx.uow.em.execute<InvitationRow[]>('select * from auth_invitation(?)', [hashInvitationToken(input.token)]);
  if (!row || !row.expires_at || new Date(row.expires_at).getTime() < ctx.clock.now().getTime()) {
    throw new DomainErrors([
      domainProblem(DomainErrorCode.NOT_FOUND, ['input', 'token'], 'This invitation is unknown, used or expired: ask the owner for a new one.'),
    ]);
  }
  const signedInAsInvitee = (ctx.viewer.kind === 'member' || ctx.viewer.kind === 'platformAdmin') && ctx.viewer.userId === row.user_id;
  if (!row.has_password) {
    const problems = passwordProblems(input.password ?? '', ['input', 'password']);
    if (problems.length) throw new DomainErrors(problems);
  }
  await actAsMember(ctx, { organizationId: row.organization_id, userId: row.user_id, role: row.role });
  const user = await ctx.uow.em.findOneOrFail(User, { id: row.user_id }, { populate: ['passwordHash'] });
  if (row.has_password && !signedInAsInvitee) {
    const valid = input.password ? await verifyPassword(user.passwordHash!, input.password) : false;
    if (!valid) {
      throw new DomainErrors([
        domainProblem(
          DomainErrorCode.INVALID_CREDENTIALS,
          ['input', 'password'],
          'This invitation is for an existing account: sign in to it first, or give its password.',
        ),
      ]);
    }
  }
  const membership = await ctx.uow.em.findOneOrFail(Membership, { id: row.membership_id });
  membership.invitationTokenHash = null;
  membership.invitationExpiresAt = null;
  if (!row.has_password) user.passwordHash = await hashPassword(input.password!);
  recordAudit(ctx, {
    organizationId: row.organization_id,
    actorUserId: row.user_id,
    action: 'membership.accept',
    entityType: 'Membership',
    entityId: membership.id,
    after: { accepted: true },
  });
  return membership;
}
