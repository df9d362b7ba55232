import type { KeysetOrder, KeysetPage, KeysetWindow } from '../../core/page-window.js';
import type { RequestContext } from '../../core/request-context.js';
import { keysetPage } from '../../db/keyset.js';
import { joinSql, sql, type Sql } from '../../db/sql.js';
import { organizationById } from './organization.loaders.js';
import { Organization, type OrganizationKind, type VerificationStatus } from './organization.entity.js';

export interface OrganizationListFilter {
  kind?: OrganizationKind | null;
  verificationStatus?: VerificationStatus | null;
  nameContains?: string | null;
}

/** Oldest first (ties in id order). */
export const ORGANIZATION_LIST_ORDER: KeysetOrder = {
  name: 'organization.OLDEST',
  keys: [
    { column: 'created_at', type: 'timestamptz' },
    { column: 'id', type: 'uuid' },
  ],
};

/** The directory, oldest first (row-level security decides who sees it at all). */
export async function listOrganizations(
  ctx: RequestContext,
  filter: OrganizationListFilter | null | undefined,
  window: KeysetWindow,
): Promise<KeysetPage<Organization>> {
  const and: Sql[] = [];
  if (filter?.kind) and.push(sql`t.kind = ${filter.kind}`);
  if (filter?.verificationStatus) and.push(sql`t.verification_status = ${filter.verificationStatus}`);
  if (filter?.nameContains) {
    const pattern = `%${filter.nameContains.replace(/[\\%_]/g, '\\$&')}%`;
    and.push(sql`t.legal_name ilike ${pattern}`);
  }
  const page = await keysetPage(ctx.uow, Organization, 'organization', joinSql(and, ' and ', 'true'), window);
  const byId = organizationById(ctx);
  for (const row of page.rows) byId.prime(row.id, row);
  return page;
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
