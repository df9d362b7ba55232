import { LockMode } from '@mikro-orm/core';
import { DomainErrorCode, DomainErrors, domainProblem, type DomainProblem } from '../../core/domain-error.js';
import { invariant } from '../../core/invariant.js';
import { OrganizationKind } from '../../core/organization-kind.js';
import type { RequestContext } from '../../core/request-context.js';
import { recordAudit } from '../audit/audit.service.js';
import { Contract } from '../contracts/contract.entity.js';
import { Organization, VerificationStatus } from '../organizations/organization.entity.js';
import { AuditGrant } from './audit-grant.entity.js';
import { MAX_GRANT_CONTRACTS, type AuditGrantCreateCommand } from './audit-grant.model.js';

const fail = (...problems: DomainProblem[]) => new DomainErrors(problems);

function actingMerchant(ctx: RequestContext): { merchantId: string; userId: string } {
  const viewer = ctx.viewer;
  // The permission admits people of merchants only.
  invariant(
    viewer.kind === 'member' && viewer.organizationKind === OrganizationKind.MERCHANT && viewer.userId,
    'audit grants are managed by a merchant’s people',
  );
  return { merchantId: viewer.organizationId, userId: viewer.userId };
}

function snapshot(grant: AuditGrant): Record<string, unknown> {
  return { auditFirmId: grant.auditFirmId, contractIds: grant.contractIds, validFrom: grant.validFrom, validTo: grant.validTo };
}

async function checkAuditFirm(ctx: RequestContext, auditFirmId: string | null, problems: DomainProblem[]): Promise<void> {
  const path = ['input', 'auditFirmId'];
  const firm = auditFirmId ? await ctx.uow.em.findOne(Organization, { id: auditFirmId }) : null;
  if (!firm) problems.push(domainProblem(DomainErrorCode.NOT_FOUND, path, 'No such audit firm.'));
  else if (firm.kind !== OrganizationKind.AUDIT_FIRM)
    problems.push(domainProblem(DomainErrorCode.INVALID, path, `This organization is a ${firm.kind}, not an audit firm.`));
  else if (firm.verificationStatus !== VerificationStatus.VERIFIED)
    problems.push(
      domainProblem(DomainErrorCode.NOT_VERIFIED, path, 'The platform has not verified this audit firm: access is granted to verified audit firms only.'),
    );
}

/** The contracts listed, each the merchant's (anything else reads as not found); null: all of them. */
async function checkContracts(
  ctx: RequestContext,
  merchantId: string,
  contractIds: readonly (string | null)[] | null | undefined,
  problems: DomainProblem[],
): Promise<string[] | null> {
  if (contractIds == null) return null;
  const path = ['input', 'contractIds'];
  if (contractIds.length === 0) {
    problems.push(domainProblem(DomainErrorCode.INVALID, path, 'List at least one contract, or leave contractIds out to grant every contract.'));
    return null;
  }
  if (contractIds.length > MAX_GRANT_CONTRACTS) {
    problems.push(
      domainProblem(DomainErrorCode.INVALID, path, `A grant lists at most ${MAX_GRANT_CONTRACTS} contracts (leave contractIds out to grant every contract).`),
    );
    return null;
  }
  const known = contractIds.filter((id) => id !== null);
  const found = known.length ? await ctx.uow.em.find(Contract, { id: { $in: [...new Set(known)] } }) : [];
  const own = new Set(found.filter((c) => c.merchantId === merchantId).map((c) => c.id));
  contractIds.forEach((id, i) => {
    if (id === null || !own.has(id)) problems.push(domainProblem(DomainErrorCode.NOT_FOUND, [...path, String(i)], 'No such contract.'));
  });
  return [...new Set(known)].filter((id) => own.has(id));
}

/**
 * A merchant (owner or finance, a person) grants a verified audit firm read access to all of its
 * contracts or those listed, optionally for a range of days (inclusive). Audited.
 */
export async function createAuditGrant(ctx: RequestContext, command: AuditGrantCreateCommand): Promise<AuditGrant> {
  const { merchantId, userId } = actingMerchant(ctx);
  const problems: DomainProblem[] = [];
  await checkAuditFirm(ctx, command.auditFirmId, problems);
  const contractIds = await checkContracts(ctx, merchantId, command.contractIds, problems);
  const validFrom = command.validFrom ?? null;
  const validTo = command.validTo ?? null;
  if (validFrom !== null && validTo !== null && validFrom > validTo)
    problems.push(domainProblem(DomainErrorCode.INVALID, ['input', 'validTo'], `The range ends (${validTo}) before it starts (${validFrom}).`));
  if (problems.length) throw fail(...problems);
  const grant = Object.assign(new AuditGrant(), {
    merchantId,
    auditFirmId: command.auditFirmId!,
    contractIds,
    validFrom,
    validTo,
    createdAt: ctx.clock.now(),
    createdBy: userId,
  });
  ctx.uow.em.persist(grant);
  recordAudit(ctx, { action: 'auditGrant.create', entityType: 'AuditGrant', entityId: grant.id, after: snapshot(grant) });
  return grant;
}

/** The merchant revokes a grant: from now on the audit firm reads nothing through it. Audited; once. */
export async function revokeAuditGrant(ctx: RequestContext, grantId: string | null): Promise<AuditGrant> {
  const { merchantId, userId } = actingMerchant(ctx);
  const grant = grantId ? await ctx.uow.em.findOne(AuditGrant, { id: grantId }, { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true }) : null;
  if (!grant || grant.merchantId !== merchantId) throw fail(domainProblem(DomainErrorCode.NOT_FOUND, ['id'], 'No such audit grant.'));
  if (grant.revokedAt) throw fail(domainProblem(DomainErrorCode.INVALID_STATE, ['id'], `This grant was revoked at ${grant.revokedAt.toISOString()}.`));
  Object.assign(grant, { revokedAt: ctx.clock.now(), revokedBy: userId });
  recordAudit(ctx, {
    action: 'auditGrant.revoke',
    entityType: 'AuditGrant',
    entityId: grant.id,
    before: { revokedAt: null },
    after: { revokedAt: grant.revokedAt },
  });
  return grant;
}

/** Whether the viewer may see a grant: the merchant that gave it, the audit firm that holds it. */
export function seesAuditGrant(ctx: RequestContext, grant: Pick<AuditGrant, 'merchantId' | 'auditFirmId'>): boolean {
  const viewer = ctx.viewer;
  return viewer.kind === 'member' && (viewer.organizationId === grant.merchantId || viewer.organizationId === grant.auditFirmId);
}
