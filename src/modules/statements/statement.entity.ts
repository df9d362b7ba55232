import { Entity, Enum, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import { newId } from '../../db/base.js';
import type { LineEvidence, StatementLineKind, StatementSection } from './billing/statement-facts.js';
import { StatementStatus } from './statement.model.js';
import type { StatementInputs } from './statement-inputs.js';

/**
 * One version of a contract's statement of a calendar month: its amounts (to the cent, decimal
 * strings), deadlines and who did what when. Lines and amounts are written while DRAFT only; the
 * database refuses any change to them afterwards.
 */
@Entity({ tableName: 'statement' })
export class Statement {
  @PrimaryKey({ type: 'uuid' })
  id: string = newId();

  @Property({ type: 'uuid' })
  contractId!: string;

  @Property({ type: 'uuid' })
  merchantId!: string;

  @Property({ type: 'uuid' })
  vendorId!: string;

  /** First day of the month ("2026-10-01"). */
  @Property({ type: 'date' })
  periodStart!: string;

  @Property({ type: 'integer' })
  version: number = 1;

  /** The disputed version this one revises. */
  @Property({ type: 'uuid', nullable: true })
  revisionOf: string | null = null;

  @Enum({ items: () => StatementStatus })
  status: StatementStatus = StatementStatus.DRAFT;

  @Property({ type: 'decimal', precision: 14, scale: 2 })
  serviceCharges!: string;

  @Property({ type: 'decimal', precision: 14, scale: 2 })
  deductions!: string;

  @Property({ type: 'decimal', precision: 14, scale: 2 })
  subtotal!: string;

  @Property({ type: 'decimal', precision: 6, scale: 4 })
  vatRate!: string;

  @Property({ type: 'decimal', precision: 14, scale: 2 })
  vat!: string;

  @Property({ type: 'decimal', precision: 14, scale: 2 })
  fees!: string;

  @Property({ type: 'decimal', precision: 14, scale: 2 })
  total!: string;

  @Property({ type: 'boolean' })
  investigationReportRequired = false;

  /** What the computation read besides the lines' evidence: terms spans, rules, availability. */
  @Property({ type: 'json' })
  inputs!: StatementInputs;

  @Property({ type: 'datetime' })
  generatedAt!: Date;

  @Property({ type: 'uuid', nullable: true })
  generatedByUser: string | null = null;

  @Property({ type: 'date' })
  issueDeadline!: string;

  @Property({ type: 'date' })
  dueDate!: string;

  @Property({ type: 'datetime', nullable: true })
  issuedAt: Date | null = null;

  @Property({ type: 'uuid', nullable: true })
  issuedByUser: string | null = null;

  @Property({ type: 'boolean', nullable: true })
  issuedLate: boolean | null = null;

  /** The local date at whose end an unanswered issued statement is deemed confirmed. */
  @Property({ type: 'date', nullable: true })
  deemedConfirmationOn: string | null = null;

  /** That moment: midnight after that date in the contract's time zone. */
  @Property({ type: 'datetime', nullable: true })
  deemedConfirmationAt: Date | null = null;

  /** Why that date may move (a year whose holiday notice is not recorded). */
  @Property({ type: 'text', nullable: true })
  deemedConfirmationNote: string | null = null;

  @Property({ type: 'datetime', nullable: true })
  confirmedAt: Date | null = null;

  @Property({ type: 'uuid', nullable: true })
  confirmedByUser: string | null = null;

  @Property({ type: 'datetime', nullable: true })
  disputedAt: Date | null = null;

  @Property({ type: 'uuid', nullable: true })
  disputedByUser: string | null = null;

  @Property({ type: 'datetime', nullable: true })
  supersededAt: Date | null = null;

  @Property({ type: 'datetime', nullable: true })
  paidAt: Date | null = null;

  @Property({ type: 'decimal', precision: 14, scale: 2 })
  amountPaid = '0.00';

  @Property({ type: 'datetime' })
  createdAt: Date = new Date();

  @Property({ type: 'datetime', onUpdate: () => new Date() })
  updatedAt: Date = new Date();
}

/** A line of a statement version, with what it was computed from. */
@Entity({ tableName: 'statement_line' })
export class StatementLineRow {
  @PrimaryKey({ type: 'uuid' })
  statementId!: string;

  @PrimaryKey({ type: 'integer' })
  position!: number;

  @Property({ type: 'uuid' })
  contractId!: string;

  @Property({ type: 'uuid' })
  merchantId!: string;

  @Property({ type: 'uuid' })
  vendorId!: string;

  @Property({ type: 'text' })
  section!: StatementSection;

  @Property({ type: 'text' })
  kind!: StatementLineKind;

  @Property({ type: 'text' })
  description!: string;

  @Property({ type: 'decimal', precision: 18, scale: 6, nullable: true })
  quantity: string | null = null;

  @Property({ type: 'decimal', precision: 14, scale: 2, nullable: true })
  unitPrice: string | null = null;

  @Property({ type: 'decimal', precision: 9, scale: 4, nullable: true })
  percent: string | null = null;

  @Property({ type: 'decimal', precision: 14, scale: 2 })
  amount!: string;

  @Property({ type: 'json' })
  evidence!: LineEvidence;
}

/** The merchant's reason for disputing a line. */
@Entity({ tableName: 'statement_dispute' })
export class StatementDispute {
  @PrimaryKey({ type: 'uuid' })
  statementId!: string;

  @PrimaryKey({ type: 'integer' })
  position!: number;

  @Property({ type: 'uuid' })
  merchantId!: string;

  @Property({ type: 'uuid' })
  vendorId!: string;

  @Property({ type: 'text' })
  reason!: string;

  @Property({ type: 'datetime' })
  disputedAt!: Date;
}

/** A payment of a statement; after the due date it carries a late-payment fee onto a later statement. */
@Entity({ tableName: 'statement_payment' })
export class StatementPayment {
  @PrimaryKey({ type: 'uuid' })
  id: string = newId();

  @Property({ type: 'uuid' })
  statementId!: string;

  @Property({ type: 'uuid' })
  contractId!: string;

  @Property({ type: 'uuid' })
  merchantId!: string;

  @Property({ type: 'uuid' })
  vendorId!: string;

  @Property({ type: 'date' })
  paidOn!: string;

  @Property({ type: 'decimal', precision: 14, scale: 2 })
  amount!: string;

  @Property({ type: 'text', nullable: true })
  reference: string | null = null;

  @Property({ type: 'uuid' })
  recordedByOrganization!: string;

  @Property({ type: 'uuid', nullable: true })
  recordedByUser: string | null = null;

  @Property({ type: 'datetime' })
  recordedAt!: Date;

  /** The statement's due date when paid (kept so the fee needs no other row). */
  @Property({ type: 'date' })
  dueDate!: string;

  /** The later statement that charged this payment's late fee, once issued. */
  @Property({ type: 'uuid', nullable: true })
  feeStatementId: string | null = null;
}
