import type { FilterQuery } from '@mikro-orm/core';
import type { PageWindow } from '../../core/page-window.js';
import type { RequestContext } from '../../core/request-context.js';
import { organizationById } from './organization.loaders.js';
import { Organization, type OrganizationKind, type VerificationStatus } from './organization.entity.js';

export interface OrganizationListFilter {
  kind?: OrganizationKind | null;
  verificationStatus?: VerificationStatus | null;
  nameContains?: string | null;
}

/** The directory, oldest first (row-level security decides who sees it at all). */
export async function listOrganizations(ctx: RequestContext, filter: OrganizationListFilter | null | undefined, window: PageWindow) {
  const where: FilterQuery<Organization> = {};
  if (filter?.kind) where.kind = filter.kind;
  if (filter?.verificationStatus) where.verificationStatus = filter.verificationStatus;
  if (filter?.nameContains) where.legalName = { $ilike: `%${filter.nameContains.replace(/[\\%_]/g, '\\$&')}%` };
  const [rows, total] = await ctx.uow.em.findAndCount(Organization, where, {
    orderBy: { createdAt: 'asc', id: 'asc' },
    offset: window.offset,
    limit: window.limit + 1,
  });
  const byId = organizationById(ctx);
  for (const row of rows) byId.prime(row.id, row);
  return { rows, total };
}

/**
 * Whether the viewer may see the organization's people (members and their accounts): its own
 * members only. A platform administrator verifies organizations and reads nothing else.
 */
export function seesInsideOf(ctx: RequestContext, organizationId: string): boolean {
  const viewer = ctx.viewer;
  return viewer.kind === 'member' && viewer.organizationId === organizationId;
}

/** Whether the viewer may read the registration contact: its own members, and platform administrators (verification needs it). */
export function seesContactOf(ctx: RequestContext, organizationId: string): boolean {
  return ctx.viewer.kind === 'platformAdmin' || seesInsideOf(ctx, organizationId);
}
