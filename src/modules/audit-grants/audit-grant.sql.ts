import { sql, type Sql } from '../../db/sql.js';
import { AUDIT_DAY_TIME_ZONE } from './audit-grant.rules.js';

/**
 * SQL conditions of what an audit firm's grants cover, with the firm given explicitly (not read from
 * the tenant settings): the services' own check in list queries, behind the row-level security that
 * `app_audit_covers` enforces. Mirrors grantCovers (audit-grant.rules.ts).
 */

/** `t` (a contract row) is covered by an unrevoked grant to `auditFirmId`. */
export function grantedContract(auditFirmId: string): Sql {
  return sql`exists (select 1 from audit_grant g
    where g.audit_firm_id = ${auditFirmId} and g.revoked_at is null and g.merchant_id = t.merchant_id
      and (g.contract_ids is null or t.id = any (g.contract_ids)))`;
}

/**
 * `t` (an audit event) is about a contract an unrevoked grant to `auditFirmId` covers, on a day of the
 * grant (the event's day in Asia/Shanghai). The first condition lets an index on the contract drive
 * the scan; the second decides.
 */
export function grantedEvent(auditFirmId: string): Sql {
  const day = sql`(t.occurred_at at time zone ${AUDIT_DAY_TIME_ZONE})::date`;
  return sql`t.contract_id in (select c.id from contract c join audit_grant g on g.merchant_id = c.merchant_id
      where g.audit_firm_id = ${auditFirmId} and g.revoked_at is null and (g.contract_ids is null or c.id = any (g.contract_ids)))
    and exists (select 1 from contract c join audit_grant g on g.merchant_id = c.merchant_id
      where c.id = t.contract_id and g.audit_firm_id = ${auditFirmId} and g.revoked_at is null
        and (g.contract_ids is null or c.id = any (g.contract_ids))
        and (g.valid_from is null or g.valid_from <= ${day}) and (g.valid_to is null or ${day} <= g.valid_to))`;
}
