import { isAllowed } from '../../auth/permissions.js';
import { AUDIT_PERMISSIONS } from './audit.permissions.js';
import { actingOrganizationId } from '../../core/viewer.js';
import type { RequestContext } from '../../core/request-context.js';
import { AuditEvent, type FieldChange } from './audit-event.entity.js';
import type { AuditAction, AuditEntityType } from './audit.model.js';
import { sql, type Sql } from '../../db/sql.js';

export interface AuditEntry {
  action: AuditAction;
  entityType: AuditEntityType;
  entityId: string;
  /** The organization whose log holds the event; defaults to the viewer's. */
  organizationId?: string | null;
  /** The person acting, when the request's viewer is not yet them (sign-in, registration). */
  actorUserId?: string;
  before?: Record<string, unknown> | null;
  after?: Record<string, unknown> | null;
}

function comparable(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (value && typeof value === 'object' && 'toFixed' in value) return String(value);
  return value ?? null;
}

/** The fields that differ between `before` and `after` (every field of a creation or deletion). */
export function changedFields(before: Record<string, unknown> | null = null, after: Record<string, unknown> | null = null): Record<string, FieldChange> {
  const changes: Record<string, FieldChange> = {};
  for (const key of new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})])) {
    const was = comparable(before?.[key]);
    const now = comparable(after?.[key]);
    if (JSON.stringify(was) !== JSON.stringify(now)) changes[key] = { before: was, after: now };
  }
  return changes;
}

/** The columns of an audit event recording `entry` (the time is the database's clock when it is written). */
function auditEventValues(ctx: RequestContext, entry: AuditEntry) {
  const viewer = ctx.viewer;
  return {
    organizationId: entry.organizationId !== undefined ? entry.organizationId : actingOrganizationId(viewer),
    // The system (a job) is no person: no actor, and the job's request id says which job.
    actorUserId: entry.actorUserId ?? (viewer.kind === 'anonymous' || viewer.kind === 'system' ? null : viewer.userId),
    actorApiKeyId: viewer.kind === 'member' ? viewer.apiKeyId : null,
    action: entry.action,
    entityType: entry.entityType,
    entityId: entry.entityId,
    changes: changedFields(entry.before, entry.after),
    requestId: ctx.requestId,
  };
}

/** Appends an audit event to the request's unit of work; it commits (or not) with the change it records. */
export function recordAudit(ctx: RequestContext, entry: AuditEntry): void {
  ctx.uow.em.persist(Object.assign(new AuditEvent(), auditEventValues(ctx, entry)));
}

/**
 * The same event as an INSERT, for a write path that sends its statements itself (one round trip,
 * `executeWrites`) instead of flushing the unit of work; it commits (or not) with the change it records.
 */
export function auditEventInsert(ctx: RequestContext, entry: AuditEntry): Sql {
  const e = auditEventValues(ctx, entry);
  return sql`insert into audit_event (organization_id, actor_user_id, actor_api_key_id, action, entity_type, entity_id, changes, request_id)
    values (${e.organizationId}::uuid, ${e.actorUserId}::uuid, ${e.actorApiKeyId}::uuid, ${e.action}, ${e.entityType}, ${e.entityId}, ${JSON.stringify(e.changes)}::jsonb, ${e.requestId})`;
}

/** The organization whose audit log the viewer may read (owners and auditors of it), or null. */
export function readableAuditLog(ctx: RequestContext): string | null {
  const viewer = ctx.viewer;
  return viewer.kind === 'member' && isAllowed(AUDIT_PERMISSIONS.auditLogRead, viewer) ? viewer.organizationId : null;
}
