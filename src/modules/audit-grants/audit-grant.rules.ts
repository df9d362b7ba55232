import type { AuditGrant } from './audit-grant.entity.js';

/** What the rule reads of a grant. */
export type GrantScope = Pick<AuditGrant, 'merchantId' | 'auditFirmId' | 'contractIds' | 'validFrom' | 'validTo' | 'revokedAt'>;

/**
 * Whether `grant` lets `auditFirmId` read `contract` and, when `on` is given, what happened on that
 * day: unrevoked, from the contract's merchant, covering the contract (all of the merchant's, or
 * listed), and `on` inside [validFrom, validTo] (inclusive; a null bound is open). The database's
 * `app_audit_covers(contract, day)` says the same (migration 20261203050000); services check with
 * this one again, behind row-level security.
 */
export function grantCovers(grant: GrantScope, auditFirmId: string, contract: { id: string; merchantId: string }, on: string | null): boolean {
  if (grant.revokedAt !== null || grant.auditFirmId !== auditFirmId || grant.merchantId !== contract.merchantId) return false;
  if (grant.contractIds !== null && !grant.contractIds.includes(contract.id)) return false;
  if (on === null) return true;
  return (grant.validFrom === null || grant.validFrom <= on) && (grant.validTo === null || on <= grant.validTo);
}

/** Whether any of `grants` covers the contract (and the day). */
export function anyGrantCovers(grants: readonly GrantScope[], auditFirmId: string, contract: { id: string; merchantId: string }, on: string | null): boolean {
  return grants.some((grant) => grantCovers(grant, auditFirmId, contract, on));
}

/** The time zone of a grant's days for the audit log's instants (the database's policy uses the same). */
export const AUDIT_DAY_TIME_ZONE = 'Asia/Shanghai';
