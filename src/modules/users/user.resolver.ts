import { Arg, Args, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { ConnectionArgs, pageWindow, toConnection } from '../../graphql/connection.js';
import { idOfType, toGlobalId } from '../../graphql/global-id.js';
import { mutationPayload, mutationResult, payloadOf, runMutation } from '../../graphql/mutation.js';
import type { NodeFetcher } from '../../core/module.js';
import { Permission } from '../../graphql/permission.js';
import type { RequestContext } from '../../core/request-context.js';
import { organizationById } from '../organizations/organization.loaders.js';
import { seesInsideOf } from '../organizations/organization.queries.js';
import { ORGANIZATION_TYPE, OrganizationNode } from '../organizations/organization.types.js';
import { acceptInvitation, changeMemberRole, inviteMember, removeMember } from './membership.service.js';
import { runThrottledLogin } from './login-throttle.service.js';
import { login, logout, refreshSession, type SessionTokens } from './session.service.js';
import { membersByOrganization, membershipById, userById } from './user.loaders.js';
import {
  InvitationAcceptInput,
  LoginInput,
  LoginPayload,
  LogoutPayload,
  MEMBERSHIP_TYPE,
  MemberInviteInput,
  MemberInvitePayload,
  MemberRoleChangeInput,
  MembershipConnection,
  MembershipNode,
  MembershipPayload,
  TokenRefreshInput,
  TokenRefreshPayload,
  UserNode,
  ViewerRole,
  ViewerType,
} from './user.types.js';
import { invariant } from '../../core/invariant.js';

export const fetchUserNode: NodeFetcher = async (ctx, id) => {
  const user = await userById(ctx).load(id);
  return user && UserNode.of(user);
};

export const fetchMembershipNode: NodeFetcher = async (ctx, id) => {
  const membership = await membershipById(ctx).load(id);
  return membership && MembershipNode.of(membership);
};

@Resolver(() => ViewerType)
export class ViewerResolver {
  @Query(() => ViewerType, { nullable: true, description: 'The caller: person, organization and role; null when not signed in.' })
  @Permission('anyone')
  viewer(@Ctx() ctx: RequestContext): ViewerType | null {
    const viewer = ctx.viewer;
    if (viewer.kind === 'anonymous' || viewer.kind === 'system') return null;
    return Object.assign(new ViewerType(), {
      userRawId: viewer.userId,
      organizationRawId: viewer.kind === 'member' ? viewer.organizationId : null,
      role: viewer.kind === 'member' ? viewer.role : ViewerRole.PLATFORM_ADMIN,
      isPlatformAdmin: viewer.kind === 'platformAdmin',
      isApiKey: viewer.kind === 'member' && viewer.apiKeyId !== null,
    });
  }

  @FieldResolver(() => UserNode, { nullable: true, description: 'The signed-in person; null for an API key.' })
  async user(@Ctx() ctx: RequestContext, @Root() viewer: ViewerType): Promise<UserNode | null> {
    const user = viewer.userRawId ? await userById(ctx).load(viewer.userRawId) : null;
    return user && UserNode.of(user);
  }

  @FieldResolver(() => OrganizationNode, { nullable: true, description: 'The organization you act for; null for a platform administrator.' })
  async organization(@Ctx() ctx: RequestContext, @Root() viewer: ViewerType): Promise<OrganizationNode | null> {
    const organization = viewer.organizationRawId ? await organizationById(ctx).load(viewer.organizationRawId) : null;
    return organization && OrganizationNode.of(organization);
  }
}

@Resolver(() => OrganizationNode)
export class OrganizationMembersResolver {
  @FieldResolver(() => MembershipConnection, {
    nullable: true,
    description:
      'The people of the organization; null unless you are one of them, also for platform administrators (they verify organizations, not their people). Offset cursors (first/after).',
  })
  async members(@Ctx() ctx: RequestContext, @Root() organization: OrganizationNode, @Args() args: ConnectionArgs) {
    if (!seesInsideOf(ctx, organization.rawId)) return null;
    const window = pageWindow(args);
    const page = await membersByOrganization(ctx, window).load(organization.rawId);
    return toConnection(page.rows.map(MembershipNode.of), window, page.totalCount);
  }
}

@Resolver(() => MembershipNode)
export class MembershipResolver {
  @FieldResolver(() => UserNode, { description: 'The member.' })
  async user(@Ctx() ctx: RequestContext, @Root() membership: MembershipNode): Promise<UserNode> {
    const user = await userById(ctx).load(membership.userRawId);
    invariant(user, `membership ${membership.rawId} without a visible user`);
    return UserNode.of(user);
  }

  @FieldResolver(() => OrganizationNode, { description: 'The organization.' })
  async organization(@Ctx() ctx: RequestContext, @Root() membership: MembershipNode): Promise<OrganizationNode> {
    const organization = await organizationById(ctx).load(membership.organizationRawId);
    invariant(organization, `membership ${membership.rawId} without a visible organization`);
    return OrganizationNode.of(organization);
  }

  @Mutation(() => LoginPayload, {
    description:
      'Signs in with e-mail and password to one organization and returns a bearer token and a refresh token. Repeated failures, per account and per address, are refused with RATE_LIMITED (HTTP 429, Retry-After) for a while, even with the right password.',
  })
  @Permission('anyone')
  async login(
    @Ctx() ctx: RequestContext,
    @Arg('input', { description: 'E-mail, password and, when you belong to several, the organization.' }) input: LoginInput,
  ): Promise<LoginPayload> {
    const organizationId = input.organizationId ? (idOfType(input.organizationId, ORGANIZATION_TYPE) ?? 'invalid') : null;
    // Throttling sees the attempt's outcome (a failed one is counted, in its own write) before the payload is built.
    const outcome = await runThrottledLogin(ctx, input.email, () => runMutation(ctx, () => login(ctx, { ...input, organizationId })));
    return payloadOf(outcome, (attempt) => ({
      ...tokenFields(attempt?.session ?? null),
      choices: (attempt?.choices ?? []).map((choice) => ({
        organizationId: toGlobalId(ORGANIZATION_TYPE, choice.organizationId),
        organizationName: choice.legalName,
        role: choice.role,
      })),
    }));
  }

  @Mutation(() => TokenRefreshPayload, {
    description:
      'Exchanges a refresh token for a new bearer token (with your current role) and a new refresh token. Each refresh token works once: one presented again ends its session. Any token sent along is ignored (it may have expired or ended).',
  })
  @Permission('anyone')
  async tokenRefresh(
    @Ctx() ctx: RequestContext,
    @Arg('input', { description: 'The refresh token to exchange.' }) input: TokenRefreshInput,
  ): Promise<TokenRefreshPayload> {
    // Not in a savepoint: a refused refresh token still revokes its session (the outcome says so, it does not throw).
    return payloadOf(await refreshSession(ctx, input.refreshToken), tokenFields);
  }

  @Mutation(() => LogoutPayload, { description: 'Signs out: your bearer token and refresh tokens stop working at once.' })
  @Permission('signedInPerson')
  async logout(@Ctx() ctx: RequestContext): Promise<LogoutPayload> {
    return mutationResult(
      ctx,
      async () => {
        await logout(ctx);
        return true;
      },
      (signedOut) => ({ signedOut: signedOut ?? false }),
    );
  }

  @Mutation(() => MemberInvitePayload, {
    description:
      'Owners: invite a person to your organization with a role. The membership stays pending (it grants nothing) until the person accepts the returned token with `invitationAccept`, whether or not they already have an account.',
  })
  @Permission('organizationOwner')
  async memberInvite(
    @Ctx() ctx: RequestContext,
    @Arg('input', { description: 'Who to invite, with which role.' }) input: MemberInviteInput,
  ): Promise<MemberInvitePayload> {
    return mutationResult(
      ctx,
      () => inviteMember(ctx, input),
      (invited) => ({ membership: invited && MembershipNode.of(invited.membership), invitationToken: invited?.invitationToken ?? null }),
    );
  }

  @Mutation(() => MembershipPayload, { description: 'Owners: change a member’s role (the organization keeps at least one owner).' })
  @Permission('organizationOwner')
  async memberRoleChange(
    @Ctx() ctx: RequestContext,
    @Arg('id', () => ID, { description: 'Global ID of the membership.' }) id: string,
    @Arg('input', { description: 'The new role.' }) input: MemberRoleChangeInput,
  ): Promise<MembershipPayload> {
    return mutationPayload(ctx, 'membership', () => changeMemberRole(ctx, idOfType(id, MEMBERSHIP_TYPE), input.role), MembershipNode.of);
  }

  @Mutation(() => MembershipPayload, { description: 'Owners: remove a member (the organization keeps at least one owner).' })
  @Permission('organizationOwner')
  async memberRemove(
    @Ctx() ctx: RequestContext,
    @Arg('id', () => ID, { description: 'Global ID of the membership to remove.' }) id: string,
  ): Promise<MembershipPayload> {
    return mutationPayload(ctx, 'membership', () => removeMember(ctx, idOfType(id, MEMBERSHIP_TYPE)), MembershipNode.of);
  }

  @Mutation(() => MembershipPayload, {
    description:
      'Accepts an invitation with its token: the membership becomes effective. A new account sets its password; an existing account keeps its own and proves it is you (signed in to it, or its password).',
  })
  @Permission('anyone')
  async invitationAccept(
    @Ctx() ctx: RequestContext,
    @Arg('input', { description: 'The invitation token, and the password when needed.' }) input: InvitationAcceptInput,
  ): Promise<MembershipPayload> {
    return mutationPayload(ctx, 'membership', () => acceptInvitation(ctx, input), MembershipNode.of);
  }
}

function tokenFields(session: SessionTokens | null) {
  return {
    token: session?.access.token ?? null,
    expiresAt: session?.access.expiresAt ?? null,
    refreshToken: session?.refreshToken ?? null,
    refreshTokenExpiresAt: session?.refreshTokenExpiresAt ?? null,
  };
}
