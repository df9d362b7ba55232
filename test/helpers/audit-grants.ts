import { gql, type Caller } from './client.js';
import type { TestApp } from './test-app.js';

export const GRANT_FIELDS = `id allContracts validFrom validTo active createdAt revokedAt merchant { id } auditFirm { id } contracts { id } createdBy { id } revokedBy { id }`;

export const GRANT_CREATE = `mutation($input: AuditGrantCreateInput!) { auditGrantCreate(input: $input) { auditGrant { ${GRANT_FIELDS} } userErrors { code field message } } }`;
export const GRANT_REVOKE = `mutation($id: ID!) { auditGrantRevoke(id: $id) { auditGrant { ${GRANT_FIELDS} } userErrors { code field message } } }`;
export const GRANTS = `query($filter: AuditGrantFilter, $first: Int, $after: String) { auditGrants(first: $first, after: $after, filter: $filter) {
  totalCount edges { cursor node { ${GRANT_FIELDS} } } pageInfo { hasNextPage endCursor } } }`;

export const EVENT_FIELDS = `id occurredAt action entityType entityId actorUserId contract { id }`;
export const EVENTS = `query($filter: AuditEventFilter, $first: Int, $after: String) { auditEvents(first: $first, after: $after, filter: $filter) {
  totalCount edges { cursor node { ${EVENT_FIELDS} } } pageInfo { hasNextPage endCursor } } }`;

/** Creates a grant through the API (failing the test on any error); returns its global id. */
export async function grant(app: TestApp, caller: Caller, input: Record<string, unknown>): Promise<string> {
  const response = await gql(app, GRANT_CREATE, { input }, caller);
  if (response.errors || response.data!.auditGrantCreate.userErrors.length) {
    throw new Error(JSON.stringify(response.errors ?? response.data!.auditGrantCreate.userErrors));
  }
  return response.data!.auditGrantCreate.auditGrant.id as string;
}

export async function revoke(app: TestApp, caller: Caller, id: string): Promise<void> {
  const response = await gql(app, GRANT_REVOKE, { id }, caller);
  if (response.errors || response.data!.auditGrantRevoke.userErrors.length) {
    throw new Error(JSON.stringify(response.errors ?? response.data!.auditGrantRevoke.userErrors));
  }
}

/**
 * An audit event written as the superuser at a chosen instant (the application's events carry the
 * database's clock, not the test's): for the edges of a grant's days.
 */
export async function eventAt(
  app: TestApp,
  options: { organizationId: string; contractId: string; occurredAt: string; action?: string; actorUserId?: string | null },
): Promise<string> {
  const { rows } = await app.sql.query(
    `insert into audit_event (occurred_at, organization_id, actor_user_id, action, entity_type, entity_id, contract_id, changes)
     values ($1, $2, $3, $4, 'Contract', $5::text, $5::uuid, '{}') returning id`,
    [options.occurredAt, options.organizationId, options.actorUserId ?? null, options.action ?? 'usage.report', options.contractId],
  );
  return String(rows[0].id);
}

export const rawId = (globalId: string) => Buffer.from(globalId, 'base64url').toString('utf8').split(':')[1]!;
