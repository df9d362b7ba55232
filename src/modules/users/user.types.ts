import { Field, ID, InputType, ObjectType, registerEnumType } from 'type-graphql';
import { MembershipRole } from '../../core/roles.js';
import { ConnectionType } from '../../graphql/connection.js';
import { toGlobalId } from '../../graphql/global-id.js';
import { Node } from '../../graphql/node.js';
import { DateTimeScalar } from '../../graphql/scalars.js';
import { UserError } from '../../graphql/user-error.js';
import type { Membership } from './membership.entity.js';
import type { User } from './user.entity.js';

const MEMBERSHIP_ROLE_VALUES = {
  OWNER: { description: 'Every permission of the organization, including members and API keys.' },
  PROCUREMENT: { description: 'Merchant: requirements, bids, award.' },
  INSPECTOR: { description: 'Merchant: quality inspections.' },
  FINANCE: { description: 'Merchant: confirm/dispute statements, record payments. Vendor: issue statements.' },
  VIEWER: { description: 'Read-only.' },
  SALES: { description: 'Vendor: bids.' },
  OPERATIONS: { description: 'Vendor: usage, KPIs, incidents, rectifications.' },
  AUDITOR: { description: 'Audit firm: reads granted contracts and statements.' },
} satisfies Record<MembershipRole, { description: string }>;

registerEnumType(MembershipRole, {
  name: 'MembershipRole',
  description: 'A member’s role in one organization. OWNER holds every permission of its organization.',
  valuesConfig: MEMBERSHIP_ROLE_VALUES,
});

/** The caller's role: the membership role it acts with, or PLATFORM_ADMIN (no organization). */
export const ViewerRole = { ...MembershipRole, PLATFORM_ADMIN: 'PLATFORM_ADMIN' } as const;
export type ViewerRole = (typeof ViewerRole)[keyof typeof ViewerRole];

registerEnumType(ViewerRole, {
  name: 'ViewerRole',
  description:
    'The role a caller acts with: its membership role in the organization it signed in to (an API key’s role for a machine client), or PLATFORM_ADMIN.',
  valuesConfig: {
    ...MEMBERSHIP_ROLE_VALUES,
    PLATFORM_ADMIN: {
      description: 'A platform administrator: verifies organizations and records the holiday calendar; belongs to no organization and reads no business data.',
    },
  },
});

export const USER_TYPE = 'User';
export const MEMBERSHIP_TYPE = 'Membership';

@ObjectType('User', { implements: Node, description: 'A person with an account.' })
export class UserNode extends Node {
  rawId!: string;

  @Field({ description: 'Sign-in e-mail.' })
  email!: string;

  @Field({ description: 'Name shown to colleagues.' })
  displayName!: string;

  static of(entity: User): UserNode {
    return Object.assign(new UserNode(), { id: toGlobalId(USER_TYPE, entity.id), rawId: entity.id, email: entity.email, displayName: entity.displayName });
  }
}

@ObjectType('Membership', { implements: Node, description: 'A person’s role in an organization.' })
export class MembershipNode extends Node {
  rawId!: string;
  organizationRawId!: string;
  userRawId!: string;

  @Field(() => MembershipRole, { description: 'The member’s role.' })
  role!: MembershipRole;

  @Field({ description: 'False until the invited person has accepted the invitation; until then the membership grants nothing and cannot be signed in to.' })
  accepted!: boolean;

  @Field(() => DateTimeScalar, { description: 'When the member was added.' })
  createdAt!: Date;

  static of(entity: Membership): MembershipNode {
    return Object.assign(new MembershipNode(), {
      id: toGlobalId(MEMBERSHIP_TYPE, entity.id),
      rawId: entity.id,
      organizationRawId: entity.organizationId,
      userRawId: entity.userId,
      role: entity.role,
      accepted: !entity.invitationTokenHash,
      createdAt: entity.createdAt,
    });
  }
}

export const MembershipConnection = ConnectionType(MembershipNode, 'Membership');
export type MembershipConnection = InstanceType<typeof MembershipConnection>;

@ObjectType('Viewer', { description: 'Who is calling, and for which organization.' })
export class ViewerType {
  userRawId!: string | null;
  organizationRawId!: string | null;

  @Field(() => ViewerRole, { description: 'The role you act with: your membership role (the key’s role for an API key), or PLATFORM_ADMIN.' })
  role!: ViewerRole;

  @Field({ description: 'True for a platform administrator (verifies organizations; no access to business data).' })
  isPlatformAdmin!: boolean;

  @Field({ description: 'True when the caller authenticated with an organization API key.' })
  isApiKey!: boolean;
}

@InputType({ description: 'Credentials, and the organization to act for.' })
export class LoginInput {
  @Field({ description: 'Sign-in e-mail.' })
  email!: string;

  @Field({ description: 'Password.' })
  password!: string;

  @Field(() => ID, { nullable: true, description: 'Organization to sign in to; needed when you belong to several.' })
  organizationId?: string | null;
}

@ObjectType({ description: 'An organization a person may sign in to.' })
export class LoginChoice {
  @Field(() => ID, { description: 'Pass it as `organizationId` to log in there.' })
  organizationId!: string;

  @Field({ description: 'Its legal name.' })
  organizationName!: string;

  @Field(() => MembershipRole, { description: 'Your role there.' })
  role!: MembershipRole;
}

@ObjectType({ description: 'Result of login.' })
export class LoginPayload {
  @Field(() => String, { nullable: true, description: 'Bearer token (access token) for the Authorization header; short-lived: renew it with tokenRefresh.' })
  token!: string | null;

  @Field(() => DateTimeScalar, { nullable: true, description: 'When the token expires.' })
  expiresAt!: Date | null;

  @Field(() => String, { nullable: true, description: 'Refresh token: pass it to tokenRefresh for a new token. Single use; keep it secret.' })
  refreshToken!: string | null;

  @Field(() => DateTimeScalar, { nullable: true, description: 'When the refresh token expires (each refresh starts this period again).' })
  refreshTokenExpiresAt!: Date | null;

  @Field(() => [LoginChoice], { description: 'When you belong to several organizations and chose none: pick one and log in again.' })
  choices!: LoginChoice[];

  @Field(() => [UserError], { description: 'Why you were not signed in, if so.' })
  userErrors!: UserError[];
}

@InputType({ description: 'A person to add to your organization.' })
export class MemberInviteInput {
  @Field({
    description: 'Their e-mail. An account without a password is created if none exists; either way the person joins only by accepting the invitation.',
  })
  email!: string;

  @Field(() => MembershipRole, { description: 'Their role; must exist in your kind of organization.' })
  role!: MembershipRole;

  @Field(() => String, { nullable: true, description: 'Name for a new account (defaults to the e-mail’s local part).' })
  displayName?: string | null;
}

@ObjectType({ description: 'Result of memberInvite.' })
export class MemberInvitePayload {
  @Field(() => MembershipNode, { nullable: true, description: 'The pending membership (`accepted: false`): it grants nothing until the person accepts.' })
  membership!: MembershipNode | null;

  @Field(() => String, {
    nullable: true,
    description:
      'The one-time invitation token to hand to the person, for a new or an existing account (shown only now; valid 7 days). They accept with `invitationAccept`.',
  })
  invitationToken!: string | null;

  @Field(() => [UserError], { description: 'Why nobody was added, if so.' })
  userErrors!: UserError[];
}

@InputType({ description: 'A new role for a member.' })
export class MemberRoleChangeInput {
  @Field(() => MembershipRole, { description: 'The new role.' })
  role!: MembershipRole;
}

@ObjectType({ description: 'Result of a mutation that changes a membership.' })
export class MembershipPayload {
  @Field(() => MembershipNode, { nullable: true, description: 'The membership as changed (as it was, for a removal).' })
  membership!: MembershipNode | null;

  @Field(() => [UserError], { description: 'Why nothing changed, if so.' })
  userErrors!: UserError[];
}

@InputType({ description: 'Accepting an invitation.' })
export class InvitationAcceptInput {
  @Field({ description: 'The invitation token you were given.' })
  token!: string;

  @Field(() => String, {
    nullable: true,
    description:
      'A new account: the password to set (required). An existing account keeps its password: give it here, unless you call this signed in to that account.',
  })
  password?: string | null;
}

@InputType({ description: 'A refresh token to exchange.' })
export class TokenRefreshInput {
  @Field({ description: 'The refresh token from login, organizationRegister or the previous tokenRefresh.' })
  refreshToken!: string;
}

@ObjectType({ description: 'Result of tokenRefresh: a new access token and a new refresh token (the one sent is used up).' })
export class TokenRefreshPayload {
  @Field(() => String, { nullable: true, description: 'New bearer token, with your role as it is now.' })
  token!: string | null;

  @Field(() => DateTimeScalar, { nullable: true, description: 'When the token expires.' })
  expiresAt!: Date | null;

  @Field(() => String, { nullable: true, description: 'New refresh token, for the next tokenRefresh.' })
  refreshToken!: string | null;

  @Field(() => DateTimeScalar, { nullable: true, description: 'When the new refresh token expires.' })
  refreshTokenExpiresAt!: Date | null;

  @Field(() => [UserError], { description: 'Why no token was issued (SESSION_ENDED: sign in again).' })
  userErrors!: UserError[];
}

@ObjectType({ description: 'Result of logout.' })
export class LogoutPayload {
  @Field({ description: 'True once the session has ended: its token and refresh tokens no longer work.' })
  signedOut!: boolean;

  @Field(() => [UserError], { description: 'Why the session was not ended, if so.' })
  userErrors!: UserError[];
}
