import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Args, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root, Info } from 'type-graphql';
import { ConnectionType, KeysetConnectionArgs, keysetWindow, toKeysetConnection } from '../../graphql/connection.js';
import { idOfType } from '../../graphql/global-id.js';
import { mutationPayload, mutationResult } from '../../graphql/mutation.js';
import type { NodeFetcher } from '../../core/module.js';
import { Permission } from '../../graphql/permission.js';
import { ORGANIZATION_PERMISSIONS } from './organization.permissions.js';
import type { RequestContext } from '../../core/request-context.js';
import { OrganizationKind, VerificationStatus } from './organization.entity.js';
import { organizationById, privateProfileByOrganization, vendorProfileByOrganization } from './organization.loaders.js';
import { listOrganizations, ORGANIZATION_LIST_ORDER, seesContactOf } from './organization.queries.js';
import { registerOrganization, updateContact, updateVendorProfile, verifyOrganization } from './organization.service.js';
import {
  ORGANIZATION_TYPE,
  OrganizationContactInput,
  OrganizationFilter,
  OrganizationNode,
  OrganizationPayload,
  OrganizationPrivateProfile,
  OrganizationRegisterInput,
  OrganizationRegisterPayload,
  OrganizationVerifyInput,
  VendorProfileInput,
  VendorProfilePayload,
  VendorProfileType,
} from './organization.types.js';

const OrganizationConnection = ConnectionType(OrganizationNode, 'Organization');

export const fetchOrganizationNode: NodeFetcher = async (ctx, id) => {
  const organization = await organizationById(ctx).load(id);
  return organization && OrganizationNode.of(organization);
};

@Resolver(() => OrganizationNode)
export class OrganizationResolver {
  @Query(() => OrganizationNode, { nullable: true, description: 'An organization of the directory by ID.' })
  @Permission('signedIn')
  async organization(
    @Ctx() ctx: RequestContext,
    @Arg('id', () => ID, { description: 'Global ID of the organization.' }) id: string,
  ): Promise<OrganizationNode | null> {
    const rawId = idOfType(id, ORGANIZATION_TYPE);
    const organization = rawId ? await organizationById(ctx).load(rawId) : null;
    return organization && OrganizationNode.of(organization);
  }

  @Query(() => OrganizationConnection, {
    description: 'The marketplace directory of organizations, oldest first. Keyset cursors (first/after or last/before).',
  })
  @Permission('signedIn')
  async organizations(
    @Ctx() ctx: RequestContext,
    @Args() args: KeysetConnectionArgs,
    @Info() info: GraphQLResolveInfo,
    @Arg('filter', () => OrganizationFilter, { nullable: true, description: 'Which organizations to list; the whole directory when omitted.' })
    filter: OrganizationFilter | null,
  ) {
    const window = keysetWindow(args, ORGANIZATION_LIST_ORDER, info);
    return toKeysetConnection(await listOrganizations(ctx, filter, window), window, OrganizationNode.of);
  }

  @FieldResolver(() => VendorProfileType, { nullable: true, description: 'The vendor’s offer; null for other kinds.' })
  async vendorProfile(@Ctx() ctx: RequestContext, @Root() organization: OrganizationNode): Promise<VendorProfileType | null> {
    if (organization.kind !== OrganizationKind.VENDOR) return null;
    const profile = await vendorProfileByOrganization(ctx).load(organization.rawId);
    return profile && VendorProfileType.of(profile);
  }

  @FieldResolver(() => OrganizationPrivateProfile, {
    nullable: true,
    description: 'Registration contact details; null unless you are a member of this organization or a platform administrator (verification needs them).',
  })
  async privateProfile(@Ctx() ctx: RequestContext, @Root() organization: OrganizationNode): Promise<OrganizationPrivateProfile | null> {
    if (!seesContactOf(ctx, organization.rawId)) return null;
    const [entity, contact] = await Promise.all([organizationById(ctx).load(organization.rawId), privateProfileByOrganization(ctx).load(organization.rawId)]);
    return entity && OrganizationPrivateProfile.of(contact, entity);
  }

  @Mutation(() => OrganizationRegisterPayload, {
    description: 'Registers a merchant, vendor or audit firm with its first owner, who is signed in at once. The organization is PENDING until verified.',
  })
  @Permission('anyone')
  async organizationRegister(
    @Ctx() ctx: RequestContext,
    @Arg('input', { description: 'The organization and its first owner.' }) input: OrganizationRegisterInput,
  ): Promise<OrganizationRegisterPayload> {
    return mutationResult(
      ctx,
      () => registerOrganization(ctx, input),
      (registered) => ({
        organization: registered && OrganizationNode.of(registered.organization),
        token: registered?.session.access.token ?? null,
        expiresAt: registered?.session.access.expiresAt ?? null,
        refreshToken: registered?.session.refreshToken ?? null,
        refreshTokenExpiresAt: registered?.session.refreshTokenExpiresAt ?? null,
      }),
    );
  }

  @Mutation(() => OrganizationPayload, { description: 'Platform administrators: verify or reject an organization after checking its business licence.' })
  @Permission('platformAdmin')
  async organizationVerify(
    @Ctx() ctx: RequestContext,
    @Arg('id', () => ID, { description: 'Global ID of the organization to decide on.' }) id: string,
    @Arg('input', { description: 'The decision, with a note when rejecting.' }) input: OrganizationVerifyInput,
  ): Promise<OrganizationPayload> {
    const status = input.decision === 'VERIFIED' ? VerificationStatus.VERIFIED : VerificationStatus.REJECTED;
    return mutationPayload(
      ctx,
      'organization',
      () => verifyOrganization(ctx, idOfType(id, ORGANIZATION_TYPE), { status, note: input.note }),
      OrganizationNode.of,
    );
  }

  @Mutation(() => OrganizationPayload, { description: 'Owners: update your organization’s private contact details.' })
  @Permission('organizationOwner')
  async organizationContactUpdate(
    @Ctx() ctx: RequestContext,
    @Arg('id', () => ID, { description: 'Global ID of your organization.' }) id: string,
    @Arg('input', { description: 'The new contact details.' }) input: OrganizationContactInput,
  ): Promise<OrganizationPayload> {
    return mutationPayload(ctx, 'organization', () => updateContact(ctx, idOfType(id, ORGANIZATION_TYPE), input), OrganizationNode.of);
  }

  @Mutation(() => VendorProfilePayload, { description: 'Vendors (owner, sales): describe what you offer.' })
  @Permission(ORGANIZATION_PERMISSIONS.vendorProfileEdit)
  async vendorProfileUpdate(
    @Ctx() ctx: RequestContext,
    @Arg('input', { description: 'The fields to change; omitted fields stay as they are.' }) input: VendorProfileInput,
  ): Promise<VendorProfilePayload> {
    return mutationPayload(ctx, 'vendorProfile', () => updateVendorProfile(ctx, input), VendorProfileType.of);
  }
}
