import { entityLoader, groupedPageLoader } from '../../db/batch.js';
import type { PageWindow } from '../../core/page-window.js';
import { defineLoader } from '../../core/loaders.js';
import { Membership } from './membership.entity.js';
import { User } from './user.entity.js';

export const userById = defineLoader('user.byId', (ctx) => entityLoader(ctx.uow, User, 'id'));

export const membershipById = defineLoader('membership.byId', (ctx) => entityLoader(ctx.uow, Membership, 'id'));

/** One page of members per organization, for many organizations in one query. */
export const membersByOrganization = defineLoader(
  'membership.byOrganization',
  (ctx, window: PageWindow) => groupedPageLoader(ctx.uow, Membership, 'membership', 'organization_id', 't.created_at, t.id', window),
  (window) => `${window.offset}:${window.limit}`,
);
