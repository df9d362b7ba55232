import { Migration } from '@mikro-orm/migrations';

/**
 * An auditor listing a month of 10,000 statements paid the grant rule per row (`app_audit_covers`,
 * a definer function PostgreSQL cannot inline): about 10 req/s. Most grants cover all of a merchant's
 * contracts with no dates; `app_audit_whole_merchants()` lists those merchants once per statement (an
 * init-plan), and a statement of one of them is covered by that alone — the per-row rule runs only
 * for the other rows (grants of some contracts, or of some months).
 */
export class Migration20261204020000_statement_auditor_fast_path extends Migration {
  override up(): void {
    this.addSql(`
create function app_audit_whole_merchants() returns uuid[]
language sql stable security definer set search_path = public as $$
  select coalesce(array_agg(distinct g.merchant_id), '{}') from audit_grant g
  where g.audit_firm_id = app_current_org() and g.revoked_at is null
    and g.contract_ids is null and g.valid_from is null and g.valid_to is null
$$;`);
    this.addSql(`grant create on schema public to kefu_auth;`);
    this.addSql(`alter function app_audit_whole_merchants() owner to kefu_auth;`);
    this.addSql(`revoke all on function app_audit_whole_merchants() from public;`);
    this.addSql(`grant execute on function app_audit_whole_merchants() to kefu_app;`);
    this.addSql(`revoke create on schema public from kefu_auth;`);
    this.addSql(`drop policy statement_auditor_read on statement;`);
    this.addSql(`create policy statement_auditor_read on statement for select to kefu_app
      using ((select app_holds_audit_grant())
        and (merchant_id = any ((select app_audit_whole_merchants())::uuid[]) or app_audit_covers(contract_id, period_start)));`);
  }
}
