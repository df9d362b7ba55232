import { Migration } from '@mikro-orm/migrations';

/**
 * An auditor's read of a statement's lines (disputes, payments, an inspection's samples) is allowed
 * when the parent row is visible to the auditor. PostgreSQL turned that EXISTS into a hashed subplan
 * that judged every statement the auditor may see (10,000 in a month of the statements bench: 71 ms
 * for the lines of a page of 50). `offset 0` keeps it a lookup of the parent by its primary key for each
 * row read (10 ms). The rule is unchanged.
 */
export class Migration20261204040000_auditor_evidence_lookup extends Migration {
  override up(): void {
    this.addSql(`alter policy statement_line_auditor_read on statement_line
      using ((select app_holds_audit_grant()) and exists (select 1 from statement s where s.id = statement_line.statement_id offset 0));`);
    this.addSql(`alter policy statement_dispute_auditor_read on statement_dispute
      using ((select app_holds_audit_grant()) and exists (select 1 from statement s where s.id = statement_dispute.statement_id offset 0));`);
    this.addSql(`alter policy statement_payment_auditor_read on statement_payment
      using ((select app_holds_audit_grant()) and exists (select 1 from statement s
        where s.id = statement_payment.statement_id or s.id = statement_payment.fee_statement_id offset 0));`);
    this.addSql(`alter policy inspection_sample_auditor_read on inspection_sample
      using ((select app_holds_audit_grant()) and exists (select 1 from inspection i where i.id = inspection_sample.inspection_id offset 0));`);
  }
}
