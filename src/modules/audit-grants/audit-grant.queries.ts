import type { KeysetOrder, KeysetPage, KeysetWindow } from '../../core/page-window.js';
import { OrganizationKind } from '../../core/organization-kind.js';
import type { RequestContext } from '../../core/request-context.js';
import { emptyKeysetPage, keysetPage } from '../../db/keyset.js';
import { joinSql, sql, type Sql } from '../../db/sql.js';
import { AuditGrant } from './audit-grant.entity.js';
import { auditGrantById } from './audit-grant.loaders.js';

export interface AuditGrantListFilter {
  /** true: unrevoked only; false: revoked only. */
  active?: boolean | null;
}

/** Newest first (ties in id order). */
export const AUDIT_GRANT_LIST_ORDER: KeysetOrder = {
  name: 'auditGrant.NEWEST',
  keys: [
    { column: 'created_at', type: 'timestamptz', descending: true },
    { column: 'id', type: 'uuid' },
  ],
};

/** The grants a merchant gave, or those an audit firm holds (the resolver checks who may list them), newest first. */
export async function listAuditGrants(ctx: RequestContext, filter: AuditGrantListFilter, window: KeysetWindow): Promise<KeysetPage<AuditGrant>> {
  const viewer = ctx.viewer;
  if (viewer.kind !== 'member') return emptyKeysetPage();
  const and: Sql[] = [];
  if (viewer.organizationKind === OrganizationKind.MERCHANT) and.push(sql`t.merchant_id = ${viewer.organizationId}`);
  else if (viewer.organizationKind === OrganizationKind.AUDIT_FIRM) and.push(sql`t.audit_firm_id = ${viewer.organizationId}`);
  else return emptyKeysetPage();
  if (filter.active === true) and.push(sql`t.revoked_at is null`);
  if (filter.active === false) and.push(sql`t.revoked_at is not null`);
  const page = await keysetPage(ctx.uow, AuditGrant, 'audit_grant', joinSql(and, ' and '), window);
  const byId = auditGrantById(ctx);
  for (const row of page.rows) byId.prime(row.id, row);
  return page;
}
