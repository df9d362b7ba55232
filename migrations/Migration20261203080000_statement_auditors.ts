import { Migration } from '@mikro-orm/migrations';

/**
 * Auditors read the statements their grants cover (issue 10, point 6): a statement whose month a
 * grant covers (`app_audit_covers(contract_id, period_start)`), and with it its lines, the
 * merchant's dispute reasons and its payments (a payment also goes with the later statement whose
 * late fee it carries). Read only: no write policy names an auditor. Like the other auditor policies
 * (Migration20261203050000_audit_grants), `(select app_holds_audit_grant())` runs once per statement,
 * so the parties never call the per-row rule.
 */
export class Migration20261203080000_statement_auditors extends Migration {
  override up(): void {
    const auditor = (table: string, covered: string) =>
      this.addSql(`create policy ${table}_auditor_read on ${table} for select to kefu_app
        using ((select app_holds_audit_grant()) and (${covered}));`);
    auditor('statement', `app_audit_covers(contract_id, period_start)`);
    auditor('statement_line', `exists (select 1 from statement s where s.id = statement_line.statement_id)`);
    auditor('statement_dispute', `exists (select 1 from statement s where s.id = statement_dispute.statement_id)`);
    auditor('statement_payment', `exists (select 1 from statement s where s.id = statement_payment.statement_id or s.id = statement_payment.fee_statement_id)`);
  }
}
