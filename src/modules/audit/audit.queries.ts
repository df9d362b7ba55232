import type { KeysetOrder, KeysetPage, KeysetWindow } from '../../core/page-window.js';
import type { RequestContext } from '../../core/request-context.js';
import { emptyKeysetPage, keysetPage } from '../../db/keyset.js';
import { joinSql, sql, type Sql } from '../../db/sql.js';
import { AuditEvent } from './audit-event.entity.js';
import { auditEventById } from './audit.loaders.js';

export interface AuditEventListFilter {
  action?: string | null;
  entityType?: string | null;
  entityId?: string | null;
}

/** Newest first: the sequence number, unique. */
export const AUDIT_EVENT_LIST_ORDER: KeysetOrder = { name: 'auditEvent.NEWEST', keys: [{ column: 'id', type: 'bigint', descending: true }] };

/** The audit log of the viewer's organization (the resolver checks who may read it), newest first. */
export async function listAuditEvents(
  ctx: RequestContext,
  filter: AuditEventListFilter | null | undefined,
  window: KeysetWindow,
): Promise<KeysetPage<AuditEvent>> {
  const viewer = ctx.viewer;
  if (viewer.kind !== 'member') return emptyKeysetPage();
  const and: Sql[] = [sql`t.organization_id = ${viewer.organizationId}`];
  if (filter?.action) and.push(sql`t.action = ${filter.action}`);
  if (filter?.entityType) and.push(sql`t.entity_type = ${filter.entityType}`);
  if (filter?.entityId) and.push(sql`t.entity_id = ${filter.entityId}`);
  const page = await keysetPage(ctx.uow, AuditEvent, 'audit_event', joinSql(and, ' and '), window);
  const byId = auditEventById(ctx);
  for (const row of page.rows) byId.prime(String(row.id), row);
  return page;
}
