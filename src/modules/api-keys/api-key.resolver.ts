import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Args, Ctx, FieldResolver, ID, Mutation, Resolver, Root, Info } from 'type-graphql';
import { KeysetConnectionArgs, keysetWindow, toKeysetConnection } from '../../graphql/connection.js';
import { idOfType } from '../../graphql/global-id.js';
import { mutationPayload, mutationResult } from '../../graphql/mutation.js';
import type { NodeFetcher } from '../../core/module.js';
import { Permission } from '../../graphql/permission.js';
import type { RequestContext } from '../../core/request-context.js';
import { OrganizationNode } from '../organizations/organization.types.js';
import { apiKeyById } from './api-key.loaders.js';
import { API_KEY_LIST_ORDER, listApiKeys } from './api-key.queries.js';
import { createApiKey, revokeApiKey, seesApiKeysOf } from './api-key.service.js';
import { API_KEY_TYPE, ApiKeyConnection, ApiKeyCreateInput, ApiKeyCreatePayload, ApiKeyNode, ApiKeyPayload } from './api-key.types.js';

export const fetchApiKeyNode: NodeFetcher = async (ctx, id) => {
  const apiKey = await apiKeyById(ctx).load(id);
  return apiKey && seesApiKeysOf(ctx, apiKey.organizationId) ? ApiKeyNode.of(apiKey) : null;
};

@Resolver(() => OrganizationNode)
export class ApiKeyResolver {
  @FieldResolver(() => ApiKeyConnection, {
    nullable: true,
    description: 'The organization’s API keys, oldest first; null unless you are its owner. Keyset cursors (first/after or last/before).',
  })
  async apiKeys(@Ctx() ctx: RequestContext, @Root() organization: OrganizationNode, @Args() args: KeysetConnectionArgs, @Info() info: GraphQLResolveInfo) {
    if (!seesApiKeysOf(ctx, organization.rawId)) return null;
    const window = keysetWindow(args, API_KEY_LIST_ORDER, info);
    return toKeysetConnection(await listApiKeys(ctx, organization.rawId, window), window, ApiKeyNode.of);
  }

  @Mutation(() => ApiKeyCreatePayload, { description: 'Owners: create an API key for a machine client. The secret is returned once.' })
  @Permission('organizationOwner')
  async apiKeyCreate(
    @Ctx() ctx: RequestContext,
    @Arg('input', { description: 'Name and role of the new key.' }) input: ApiKeyCreateInput,
  ): Promise<ApiKeyCreatePayload> {
    return mutationResult(
      ctx,
      () => createApiKey(ctx, input),
      (created) => ({ apiKey: created && ApiKeyNode.of(created.apiKey), secret: created?.secret ?? null }),
    );
  }

  @Mutation(() => ApiKeyPayload, { description: 'Owners: revoke an API key; it stops working at once.' })
  @Permission('organizationOwner')
  async apiKeyRevoke(
    @Ctx() ctx: RequestContext,
    @Arg('id', () => ID, { description: 'Global ID of the API key to revoke.' }) id: string,
  ): Promise<ApiKeyPayload> {
    return mutationPayload(ctx, 'apiKey', () => revokeApiKey(ctx, idOfType(id, API_KEY_TYPE)), ApiKeyNode.of);
  }
}
