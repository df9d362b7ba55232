import { entityLoader, groupedPageLoader } from '../../db/batch.js';
import type { PageWindow } from '../../core/page-window.js';
import type { RequestContext } from '../../core/request-context.js';
import { Membership } from './membership.entity.js';
import { User } from './user.entity.js';

export const userById = (ctx: RequestContext) => ctx.loader('user.byId', () => entityLoader(ctx.em, User, 'id'));

export const membershipById = (ctx: RequestContext) => ctx.loader('membership.byId', () => entityLoader(ctx.em, Membership, 'id'));

/** One page of members per organization, for many organizations in one query. */
export const membersByOrganization = (ctx: RequestContext, window: PageWindow) =>
  ctx.loader(`membership.byOrganization:${window.offset}:${window.limit}`, () =>
    groupedPageLoader(ctx.em, Membership, 'membership', 'organization_id', 't.created_at, t.id', window),
  );
