import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Args, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root, Info } from 'type-graphql';
import type { NodeFetcher } from '../../core/module.js';
import type { RequestContext } from '../../core/request-context.js';
import { KeysetConnectionArgs, keysetWindow, toKeysetConnection } from '../../graphql/connection.js';
import { idOfType } from '../../graphql/global-id.js';
import { mutationPayload } from '../../graphql/mutation.js';
import { Permission } from '../../graphql/permission.js';
import { readableContract } from '../contracts/contract.service.js';
import { CONTRACT_TYPE, ContractNode } from '../contracts/contract.types.js';
import { organizationById } from '../organizations/organization.loaders.js';
import { ORGANIZATION_TYPE, OrganizationNode } from '../organizations/organization.types.js';
import { userById } from '../users/user.loaders.js';
import { UserNode } from '../users/user.types.js';
import { auditGrantById } from './audit-grant.loaders.js';
import { AUDIT_GRANT_PERMISSIONS } from './audit-grant.permissions.js';
import { AUDIT_GRANT_LIST_ORDER, listAuditGrants } from './audit-grant.queries.js';
import { createAuditGrant, revokeAuditGrant, seesAuditGrant } from './audit-grant.service.js';
import { AUDIT_GRANT_TYPE, AuditGrantConnection, AuditGrantCreateInput, AuditGrantFilter, AuditGrantNode, AuditGrantPayload } from './audit-grant.types.js';

export const fetchAuditGrantNode: NodeFetcher = async (ctx, id) => {
  const grant = await auditGrantById(ctx).load(id);
  return grant && seesAuditGrant(ctx, grant) ? AuditGrantNode.of(grant) : null;
};

async function organization(ctx: RequestContext, id: string): Promise<OrganizationNode> {
  return OrganizationNode.of((await organizationById(ctx).load(id))!);
}

async function user(ctx: RequestContext, id: string | null): Promise<UserNode | null> {
  const found = id ? await userById(ctx).load(id) : null;
  return found && UserNode.of(found);
}

@Resolver(() => AuditGrantNode)
export class AuditGrantResolver {
  @Query(() => AuditGrantConnection, {
    description:
      'Merchants (owner, finance): the audit grants you gave. Audit firms: the grants you hold. Newest first; keyset cursors (first/after or last/before).',
  })
  @Permission(AUDIT_GRANT_PERMISSIONS.auditGrantRead)
  async auditGrants(
    @Ctx() ctx: RequestContext,
    @Args() args: KeysetConnectionArgs,
    @Info() info: GraphQLResolveInfo,
    @Arg('filter', () => AuditGrantFilter, { nullable: true, description: 'Which grants to list; all when omitted.' }) filter: AuditGrantFilter | null,
  ) {
    const window = keysetWindow(args, AUDIT_GRANT_LIST_ORDER, info);
    return toKeysetConnection(await listAuditGrants(ctx, { active: filter?.active }, window), window, AuditGrantNode.of);
  }

  @Mutation(() => AuditGrantPayload, {
    description:
      'Merchant owner or finance (a person): grant a verified audit firm read access to all of your contracts or some, optionally for a range of days. The firm’s members then read those contracts, their terms in force, the evidence and statements of the covered days and their audit events — nothing else, and nothing once revoked.',
  })
  @Permission(AUDIT_GRANT_PERMISSIONS.auditGrantManage)
  auditGrantCreate(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => AuditGrantCreateInput, { description: 'The audit firm, the contracts and the days.' }) input: AuditGrantCreateInput,
  ): Promise<AuditGrantPayload> {
    const command = {
      auditFirmId: idOfType(input.auditFirmId, ORGANIZATION_TYPE),
      contractIds: input.contractIds?.map((id) => idOfType(id, CONTRACT_TYPE)) ?? null,
      validFrom: input.validFrom,
      validTo: input.validTo,
    };
    return mutationPayload(ctx, 'auditGrant', () => createAuditGrant(ctx, command), AuditGrantNode.of);
  }

  @Mutation(() => AuditGrantPayload, { description: 'Merchant owner or finance (a person): revoke an audit grant. It ends at once and for good.' })
  @Permission(AUDIT_GRANT_PERMISSIONS.auditGrantManage)
  auditGrantRevoke(@Ctx() ctx: RequestContext, @Arg('id', () => ID, { description: 'Global ID of the grant.' }) id: string): Promise<AuditGrantPayload> {
    return mutationPayload(ctx, 'auditGrant', () => revokeAuditGrant(ctx, idOfType(id, AUDIT_GRANT_TYPE)), AuditGrantNode.of);
  }

  @FieldResolver(() => OrganizationNode, { description: 'The merchant that gave it.' })
  merchant(@Ctx() ctx: RequestContext, @Root() grant: AuditGrantNode): Promise<OrganizationNode> {
    return organization(ctx, grant.merchantRawId);
  }

  @FieldResolver(() => OrganizationNode, { description: 'The audit firm that holds it.' })
  auditFirm(@Ctx() ctx: RequestContext, @Root() grant: AuditGrantNode): Promise<OrganizationNode> {
    return organization(ctx, grant.auditFirmRawId);
  }

  @FieldResolver(() => [ContractNode], {
    description: 'The contracts listed (empty when it covers all of the merchant’s), those you may read: for the audit firm, none once revoked.',
  })
  async contracts(@Ctx() ctx: RequestContext, @Root() grant: AuditGrantNode): Promise<ContractNode[]> {
    const contracts = await Promise.all((grant.contractRawIds ?? []).map((id) => readableContract(ctx, id)));
    const now = ctx.clock.now();
    return contracts.filter((c) => c !== null).map((c) => ContractNode.of(c, now));
  }

  @FieldResolver(() => UserNode, { nullable: true, description: 'The merchant’s person who granted it (shown to the merchant only).' })
  createdBy(@Ctx() ctx: RequestContext, @Root() grant: AuditGrantNode): Promise<UserNode | null> {
    return user(ctx, grant.createdByRawId);
  }

  @FieldResolver(() => UserNode, { nullable: true, description: 'The merchant’s person who revoked it (shown to the merchant only).' })
  revokedBy(@Ctx() ctx: RequestContext, @Root() grant: AuditGrantNode): Promise<UserNode | null> {
    return user(ctx, grant.revokedByRawId);
  }
}
