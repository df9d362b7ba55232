import { Migration } from '@mikro-orm/migrations';

/**
 * Drafting a contract-month takes its advisory lock, then reads the month's versions: two round
 * trips, one statement here. The read must come after the lock — a plain statement would read with
 * the snapshot it took before waiting — and does, as the second query of a volatile function, which
 * takes a new snapshot (READ COMMITTED). Invoker's rights: row-level security applies as before.
 */
export class Migration20261204010000_statement_versions_locked extends Migration {
  override up(): void {
    this.addSql(`
create function statement_versions_locked(p_contract_id uuid, p_month text) returns setof statement
language plpgsql volatile as $$
begin
  perform pg_advisory_xact_lock(hashtextextended('kefu.statement:' || p_contract_id || '/' || p_month, 0));
  return query select * from statement s where s.contract_id = p_contract_id and s.period_start = (p_month || '-01')::date order by s.version;
end $$;`);
    this.addSql(`revoke all on function statement_versions_locked(uuid, text) from public;`);
    this.addSql(`grant execute on function statement_versions_locked(uuid, text) to kefu_app;`);
  }
}
