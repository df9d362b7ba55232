import { Arg, Ctx, ID, Query, Resolver } from 'type-graphql';
import type { RequestContext } from '../core/request-context.js';
import { fromGlobalId } from './global-id.js';
import { Node, nodeFetcher } from './node.js';
import { Permission } from './permission.js';

@Resolver()
export class NodeResolver {
  @Query(() => Node, { nullable: true, description: 'Any object you may see, by global ID; null when it does not exist or is not yours to see.' })
  @Permission('signedIn')
  async node(
    @Ctx() ctx: RequestContext,
    @Arg('id', () => ID, { description: 'Global ID of any object (from its `id` field).' }) id: string,
  ): Promise<object | null> {
    const parsed = fromGlobalId(id);
    const fetch = parsed && nodeFetcher(parsed.type);
    return fetch ? fetch(ctx, parsed.id) : null;
  }
}
