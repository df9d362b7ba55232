import { isAllowed } from '../../auth/permissions.js';
import { AUDIT_PERMISSIONS } from './audit.permissions.js';
import { actingOrganizationId } from '../../core/viewer.js';
import { OrganizationKind } from '../../core/organization-kind.js';
import type { RequestContext } from '../../core/request-context.js';
import { grantsHeldByViewer } from '../audit-grants/audit-grant.loaders.js';
import { AUDIT_DAY_TIME_ZONE, anyGrantCovers } from '../audit-grants/audit-grant.rules.js';
import { localDate } from '../calendar/working-days.js';
import { contractById } from '../contracts/contract.loaders.js';
import { AuditEvent, type FieldChange } from './audit-event.entity.js';
import { isContractAuditAction, type AuditAction, type AuditEntityType, type ContractAuditAction } from './audit.model.js';
import { invariant } from '../../core/invariant.js';
import { sql, type Sql } from '../../db/sql.js';

interface AuditEntryFields {
  entityType: AuditEntityType;
  entityId: string;
  /** The organization whose log holds the event; defaults to the viewer's. */
  organizationId?: string | null;
  /** The person acting, when the request's viewer is not yet them (sign-in, registration). */
  actorUserId?: string;
  before?: Record<string, unknown> | null;
  after?: Record<string, unknown> | null;
}

/**
 * One event to append. An action about a contract (ContractAuditAction) names the contract, so that
 * the auditors granted it read the event; other actions take no contract.
 */
export type AuditEntry = AuditEntryFields &
  ({ action: ContractAuditAction; /** The contract the event is about. */ contractId: string } | { action: OtherAuditAction; contractId?: never });

type OtherAuditAction = Exclude<AuditAction, ContractAuditAction>;

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
  // The type says so already; a cast around it would put an event out of its auditors' reach.
  invariant(
    isContractAuditAction(entry.action) === Boolean(entry.contractId),
    `audit ${entry.action}: contract-scoped actions, and only they, name the contract`,
  );
  return {
    organizationId: entry.organizationId !== undefined ? entry.organizationId : actingOrganizationId(viewer),
    // The system (a job) is no person: no actor, and the job's request id says which job.
    actorUserId: entry.actorUserId ?? (viewer.kind === 'anonymous' || viewer.kind === 'system' ? null : viewer.userId),
    actorApiKeyId: viewer.kind === 'member' ? viewer.apiKeyId : null,
    action: entry.action,
    entityType: entry.entityType,
    entityId: entry.entityId,
    contractId: entry.contractId ?? null,
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
  return sql`insert into audit_event (organization_id, actor_user_id, actor_api_key_id, action, entity_type, entity_id, contract_id, changes, request_id)
    values (${e.organizationId}::uuid, ${e.actorUserId}::uuid, ${e.actorApiKeyId}::uuid, ${e.action}, ${e.entityType}, ${e.entityId}, ${e.contractId}::uuid, ${JSON.stringify(e.changes)}::jsonb, ${e.requestId})`;
}

/** The organization whose audit log the viewer may read (owners and auditors of it), or null. */
export function readableAuditLog(ctx: RequestContext): string | null {
  const viewer = ctx.viewer;
  return viewer.kind === 'member' && isAllowed(AUDIT_PERMISSIONS.auditLogRead, viewer) ? viewer.organizationId : null;
}

/**
 * Whether the viewer reads an event: one of its organization's own log (owners and auditors), or —
 * for an audit firm's owners and auditors — an event about a contract an unrevoked grant to the firm
 * covers on the event's day (Asia/Shanghai).
 */
export async function readsAuditEvent(ctx: RequestContext, event: Pick<AuditEvent, 'organizationId' | 'contractId' | 'occurredAt'>): Promise<boolean> {
  const organizationId = readableAuditLog(ctx);
  if (organizationId === null) return false;
  if (event.organizationId === organizationId) return true;
  const viewer = ctx.viewer;
  if (viewer.kind !== 'member' || viewer.organizationKind !== OrganizationKind.AUDIT_FIRM || !event.contractId || !event.occurredAt) return false;
  const contract = await contractById(ctx).load(event.contractId);
  return contract !== null && anyGrantCovers(await grantsHeldByViewer(ctx), organizationId, contract, localDate(event.occurredAt, AUDIT_DAY_TIME_ZONE));
}
