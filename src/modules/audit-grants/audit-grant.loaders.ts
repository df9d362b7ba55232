import { entityLoader } from '../../db/batch.js';
import { defineLoader } from '../../core/loaders.js';
import { OrganizationKind } from '../../core/organization-kind.js';
import type { RequestContext } from '../../core/request-context.js';
import { readsPlainRows, toPlainRows } from '../../db/rows.js';
import { AuditGrant } from './audit-grant.entity.js';

export const auditGrantById = defineLoader('auditGrant.byId', (ctx) => entityLoader(ctx.uow, AuditGrant, 'id'));

/**
 * The unrevoked grants the viewer's audit firm holds, read once per request (the services' second
 * check of what an auditor reads; none for anyone but an audit firm's members).
 */
const heldGrants = defineLoader('auditGrant.held', (ctx): Promise<AuditGrant[]> => {
  const viewer = ctx.viewer;
  if (viewer.kind !== 'member' || viewer.organizationKind !== OrganizationKind.AUDIT_FIRM) return Promise.resolve([]);
  const { em } = ctx.uow;
  return em
    .execute<Record<string, unknown>[]>('select * from audit_grant where audit_firm_id = ? and revoked_at is null', [viewer.organizationId])
    .then((rows) => (readsPlainRows(ctx.uow) ? toPlainRows(em, AuditGrant, rows) : rows.map((row) => em.map(AuditGrant, row as never))));
});

export function grantsHeldByViewer(ctx: RequestContext): Promise<AuditGrant[]> {
  return heldGrants(ctx);
}
