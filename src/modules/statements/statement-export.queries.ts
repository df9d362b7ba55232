import type { RequestContext } from '../../core/request-context.js';
import { joinSql, sql, type Sql } from '../../db/sql.js';
import { streamRows } from '../../db/stream.js';
import type { LineEvidence, StatementLineKind, StatementSection } from './billing/statement-facts.js';
import { StatementStatus } from './statement.model.js';
import { effectiveStatementStatus } from './statement-state.js';

/** A statement version's figures (decimal strings as stored). */
export interface StatementExportTotals {
  statementId: string;
  contractId: string;
  /** "2026-10". */
  month: string;
  version: number;
  /** As read: DEEMED_CONFIRMED once an issued statement's moment has passed. */
  status: StatementStatus;
  serviceCharges: string;
  deductions: string;
  subtotal: string;
  vatRate: string;
  vat: string;
  fees: string;
  total: string;
}

export interface StatementExportLine {
  position: number;
  section: StatementSection;
  kind: StatementLineKind;
  description: string;
  quantity: string | null;
  unitPrice: string | null;
  percent: string | null;
  amount: string;
  evidence: LineEvidence;
  /** The merchant's reason, when it disputed this line. */
  disputeReason: string | null;
}

/** One row of the export query: a statement with one of its lines (null for a statement without lines). */
export interface StatementExportRow {
  statement: StatementExportTotals;
  line: StatementExportLine | null;
}

export interface StatementExportSelection {
  /** One version, whatever its status. */
  statementId?: string;
  /** The statements of a month ("2026-10"), current versions (and disputed ones beside their revision). */
  month?: string;
  contractId?: string | null;
  includeSuperseded?: boolean;
}

function where(selection: StatementExportSelection): Sql {
  const and: Sql[] = [];
  if (selection.statementId !== undefined) and.push(sql`s.id = ${selection.statementId}::uuid`);
  if (selection.month !== undefined) and.push(sql`s.period_start = ${`${selection.month}-01`}::date`);
  if (selection.contractId) and.push(sql`s.contract_id = ${selection.contractId}::uuid`);
  if (selection.statementId === undefined && !selection.includeSuperseded) and.push(sql`s.status <> ${StatementStatus.SUPERSEDED}`);
  return joinSql(and, ' and ', 'true');
}

/**
 * The statements selected with their lines (and the merchant's reason per disputed line), one
 * query streamed through a cursor: a statement's rows are contiguous, its lines in order; statements
 * by contract, then version. Row-level security decides which statements the viewer sees.
 */
export async function* statementExportRows(ctx: RequestContext, selection: StatementExportSelection): AsyncGenerator<StatementExportRow, void, undefined> {
  const query = sql`select s.id as statement_id, s.contract_id, to_char(s.period_start, 'YYYY-MM') as month, s.version, s.status,
      (extract(epoch from s.deemed_confirmation_at) * 1000)::bigint as deemed_confirmation_ms,
      s.service_charges, s.deductions, s.subtotal, s.vat_rate, s.vat, s.fees, s.total,
      l.position, l.section, l.kind, l.description, l.quantity, l.unit_price, l.percent, l.amount, l.evidence, d.reason as dispute_reason
    from statement s
    left join statement_line l on l.statement_id = s.id
    left join statement_dispute d on d.statement_id = l.statement_id and d.position = l.position
    where ${where(selection)}
    order by s.contract_id, s.version, s.id, l.position`;
  const now = ctx.clock.now();
  for await (const row of streamRows(ctx.uow, query)) {
    const deemedMs = row.deemed_confirmation_ms;
    const status = effectiveStatementStatus(
      { status: row.status as StatementStatus, deemedConfirmationAt: deemedMs === null ? null : new Date(Number(deemedMs)) },
      now,
    );
    yield {
      statement: {
        statementId: row.statement_id as string,
        contractId: row.contract_id as string,
        month: row.month as string,
        version: Number(row.version),
        status,
        serviceCharges: row.service_charges as string,
        deductions: row.deductions as string,
        subtotal: row.subtotal as string,
        vatRate: row.vat_rate as string,
        vat: row.vat as string,
        fees: row.fees as string,
        total: row.total as string,
      },
      line:
        row.position === null
          ? null
          : {
              position: Number(row.position),
              section: row.section as StatementSection,
              kind: row.kind as StatementLineKind,
              description: row.description as string,
              quantity: row.quantity as string | null,
              unitPrice: row.unit_price as string | null,
              percent: row.percent as string | null,
              amount: row.amount as string,
              evidence: row.evidence as LineEvidence,
              disputeReason: row.dispute_reason as string | null,
            },
    };
  }
}
