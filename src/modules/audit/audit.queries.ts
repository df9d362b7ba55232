import DataLoader from 'dataloader';
import type { GroupPage } from '../../db/batch.js';
import { defineLoader } from '../../core/loaders.js';
import { OrganizationKind } from '../../core/organization-kind.js';
import type { KeysetOrder, KeysetPage, KeysetWindow, PageWindow } from '../../core/page-window.js';
import type { RequestContext } from '../../core/request-context.js';
import { MembershipRole } from '../../core/roles.js';
import { emptyKeysetPage, keysetPage } from '../../db/keyset.js';
import { readsPlainRows, toPlainRows } from '../../db/rows.js';
import { joinSql, sql, type Sql } from '../../db/sql.js';
import { grantedEvent } from '../audit-grants/audit-grant.sql.js';
import { AuditEvent } from './audit-event.entity.js';
import { auditEventById } from './audit.loaders.js';
import { AuditLogScope } from './audit.model.js';
import { readableAuditLog } from './audit.service.js';

export interface AuditEventListFilter {
  action?: string | null;
  entityType?: string | null;
  entityId?: string | null;
  /** Raw id of the person who acted; null when the client gave a malformed one (nothing matches). */
  actorUserId?: string | null;
  /** Raw id of the contract; null when the client gave an id of another type (nothing matches). */
  contractId?: string | null;
  /** Events at or after this instant. */
  from?: Date | null;
  /** Events before this instant. */
  to?: Date | null;
  scope?: AuditLogScope | null;
}

/** Newest first: the sequence number, unique. */
export const AUDIT_EVENT_LIST_ORDER: KeysetOrder = { name: 'auditEvent.NEWEST', keys: [{ column: 'id', type: 'bigint', descending: true }] };

/** The log an audit-log reader gets without asking: the grants' events for an audit firm's auditors, the organization's own for the rest. */
export function defaultScope(ctx: RequestContext): AuditLogScope {
  const viewer = ctx.viewer;
  return viewer.kind === 'member' && viewer.organizationKind === OrganizationKind.AUDIT_FIRM && viewer.role === MembershipRole.AUDITOR
    ? AuditLogScope.GRANTED
    : AuditLogScope.OWN;
}

/**
 * Which events of the log the viewer reads in a scope (null: none): its organization's own log, or
 * (an audit firm's members) the events of the contracts its unrevoked grants cover, on the grants'
 * days. Row-level security admits the same rows; this is the services' own check.
 */
function scopeCondition(ctx: RequestContext, scope: AuditLogScope): Sql | null {
  const organizationId = readableAuditLog(ctx);
  const viewer = ctx.viewer;
  if (organizationId === null || viewer.kind !== 'member') return null;
  if (scope === AuditLogScope.OWN) return sql`t.organization_id = ${organizationId}`;
  return viewer.organizationKind === OrganizationKind.AUDIT_FIRM ? grantedEvent(organizationId) : null;
}

function filterConditions(filter: AuditEventListFilter | null | undefined): Sql[] {
  const and: Sql[] = [];
  if (filter?.action) and.push(sql`t.action = ${filter.action}`);
  if (filter?.entityType) and.push(sql`t.entity_type = ${filter.entityType}`);
  if (filter?.entityId) and.push(sql`t.entity_id = ${filter.entityId}`);
  if (filter?.actorUserId !== undefined) and.push(filter.actorUserId === null ? sql`false` : sql`t.actor_user_id = ${filter.actorUserId}::uuid`);
  if (filter?.contractId !== undefined) and.push(filter.contractId === null ? sql`false` : sql`t.contract_id = ${filter.contractId}::uuid`);
  if (filter?.from) and.push(sql`t.occurred_at >= ${filter.from}`);
  if (filter?.to) and.push(sql`t.occurred_at < ${filter.to}`);
  return and;
}

/** The audit log the viewer reads (the resolver checks who may read one at all), newest first, filtered. */
export async function listAuditEvents(
  ctx: RequestContext,
  filter: AuditEventListFilter | null | undefined,
  window: KeysetWindow,
): Promise<KeysetPage<AuditEvent>> {
  const scope = scopeCondition(ctx, filter?.scope ?? defaultScope(ctx));
  if (!scope) return emptyKeysetPage();
  const page = await keysetPage(ctx.uow, AuditEvent, 'audit_event', joinSql([scope, ...filterConditions(filter)], ' and '), window);
  const byId = auditEventById(ctx);
  for (const row of page.rows) byId.prime(String(row.id), row);
  return page;
}

/**
 * One page of each contract's events (newest first) for many contracts in one query: a party's
 * members read their organization's own events of the contract, an audit firm's the events its
 * grants cover. Null for a viewer who reads no audit log.
 */
export const auditEventsByContract = defineLoader(
  'auditEvent.byContract',
  (ctx, window: PageWindow): DataLoader<string, GroupPage<AuditEvent>> | null => {
    const viewer = ctx.viewer;
    const scope =
      viewer.kind === 'member' && viewer.organizationKind === OrganizationKind.AUDIT_FIRM
        ? scopeCondition(ctx, AuditLogScope.GRANTED)
        : scopeCondition(ctx, AuditLogScope.OWN);
    if (!scope) return null;
    const { em } = ctx.uow;
    const plain = readsPlainRows(ctx.uow);
    const byId = auditEventById(ctx);
    return new DataLoader<string, GroupPage<AuditEvent>>(async (contractIds) => {
      const where = sql`t.contract_id in (${[...contractIds]}) and ${scope}`;
      const statement = sql`select * from (
           select t.*, row_number() over (partition by t.contract_id order by t.id desc) as kefu_rn, count(*) over (partition by t.contract_id) as kefu_total
           from audit_event t where ${where}
         ) p where kefu_rn > ${window.offset} and kefu_rn <= ${window.offset + window.limit + 1} order by contract_id, kefu_rn`;
      const rows = await em.execute<Record<string, unknown>[]>(statement.text, [...statement.params]);
      const pages = new Map<string, GroupPage<AuditEvent>>(contractIds.map((id) => [id, { rows: [], totalCount: 0 }]));
      const owners = rows.map((row) => {
        const page = pages.get(String(row.contract_id))!;
        page.totalCount = Number(row.kefu_total);
        delete row.kefu_rn;
        delete row.kefu_total;
        return page;
      });
      const mapped = plain ? toPlainRows(em, AuditEvent, rows) : rows.map((row) => em.map(AuditEvent, row as never));
      mapped.forEach((event, i) => {
        owners[i]!.rows.push(event);
        byId.prime(String(event.id), event);
      });
      // A page past the end carries no row to read the total from: count those contracts apart.
      const unknown = window.offset > 0 ? contractIds.filter((id) => pages.get(id)!.rows.length === 0) : [];
      if (unknown.length) {
        const count = sql`select t.contract_id, count(*)::int as n from audit_event t where t.contract_id in (${unknown}) and ${scope} group by 1`;
        for (const row of await em.execute<{ contract_id: string; n: number }[]>(count.text, [...count.params])) {
          pages.get(String(row.contract_id))!.totalCount = Number(row.n);
        }
      }
      return contractIds.map((id) => pages.get(id)!);
    });
  },
  (window) => `${window.offset}:${window.limit}`,
);
