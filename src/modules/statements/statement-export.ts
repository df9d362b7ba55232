import { CSV_BOM, csvHeader, csvRow, type CsvColumn } from '../../core/csv.js';
import { toGlobalId } from '../../graphql/global-id.js';
import { CONTRACT_TYPE } from '../contracts/contract.types.js';
import { INCIDENT_TYPE } from '../incidents/incident.types.js';
import { INSPECTION_TYPE } from '../inspections/inspection.types.js';
import type { StatementExportLine, StatementExportRow, StatementExportTotals } from './statement-export.queries.js';
import { STATEMENT_PAYMENT_TYPE, STATEMENT_TYPE } from './statement.types.js';

/**
 * Statements as CSV (UTF-8 with a BOM, CRLF, RFC 4180 quoting; see src/core/csv.ts).
 *
 * One record per line of a statement (`record` = `LINE`), then one `TOTALS` record closing the
 * statement with its figures. Every record names its statement (global ID), contract (global ID),
 * month, version and status, so that rows can be filtered and sorted freely; line columns are empty
 * on TOTALS records and the statement's figures are empty on LINE records, so that summing the
 * `amount` column adds up lines and summing `total` adds up statements, never both.
 *
 * Amounts are CNY decimals with two places and a dot (`-3274.32`: deductions are negative), numbers
 * are written plain so that spreadsheets read them as numbers; only text columns are guarded against
 * formula injection. Evidence: usage dates as ISO ranges of consecutive days joined by `;`
 * (`2026-10-01/2026-10-03;2026-10-05`), ids as global IDs joined by `;` (what `node(id:)` takes).
 */
export type StatementCsvRecord =
  { kind: 'LINE'; statement: StatementExportTotals; line: StatementExportLine } | { kind: 'TOTALS'; statement: StatementExportTotals };

const line = (r: StatementCsvRecord) => (r.kind === 'LINE' ? r.line : null);
const totals = (r: StatementCsvRecord) => (r.kind === 'TOTALS' ? r.statement : null);
const evidence = (r: StatementCsvRecord) => line(r)?.evidence;
const ids = (type: string, values: readonly string[] | undefined) => (values?.length ? values.map((id) => toGlobalId(type, id)).join(';') : null);

export const STATEMENT_CSV_COLUMNS: readonly CsvColumn<StatementCsvRecord>[] = [
  { header: 'record', kind: 'text', value: (r) => r.kind },
  { header: 'statement_id', kind: 'text', value: (r) => toGlobalId(STATEMENT_TYPE, r.statement.statementId) },
  { header: 'contract_id', kind: 'text', value: (r) => toGlobalId(CONTRACT_TYPE, r.statement.contractId) },
  { header: 'month', kind: 'text', value: (r) => r.statement.month },
  { header: 'version', kind: 'number', value: (r) => r.statement.version },
  { header: 'status', kind: 'text', value: (r) => r.statement.status },
  { header: 'position', kind: 'number', value: (r) => line(r)?.position },
  { header: 'section', kind: 'text', value: (r) => line(r)?.section },
  { header: 'kind', kind: 'text', value: (r) => line(r)?.kind },
  { header: 'description', kind: 'text', value: (r) => line(r)?.description },
  { header: 'quantity', kind: 'number', value: (r) => trimDecimal(line(r)?.quantity) },
  { header: 'unit_price', kind: 'number', value: (r) => line(r)?.unitPrice },
  { header: 'percent', kind: 'number', value: (r) => trimDecimal(line(r)?.percent) },
  { header: 'amount', kind: 'number', value: (r) => line(r)?.amount },
  { header: 'evidence_dates', kind: 'text', value: (r) => compactDates(evidence(r)?.dates) },
  { header: 'contract_month', kind: 'number', value: (r) => evidence(r)?.contractMonth },
  { header: 'amendment_numbers', kind: 'text', value: (r) => evidence(r)?.amendmentNumbers?.join(';') || null },
  { header: 'incident_ids', kind: 'text', value: (r) => ids(INCIDENT_TYPE, evidence(r)?.incidentIds) },
  { header: 'inspection_ids', kind: 'text', value: (r) => ids(INSPECTION_TYPE, evidence(r)?.inspectionIds) },
  { header: 'payment_ids', kind: 'text', value: (r) => ids(STATEMENT_PAYMENT_TYPE, evidence(r)?.paymentIds) },
  { header: 'statement_ids', kind: 'text', value: (r) => ids(STATEMENT_TYPE, evidence(r)?.statementIds) },
  { header: 'availability_percent', kind: 'number', value: (r) => evidence(r)?.availabilityPercent },
  { header: 'outage_minutes', kind: 'number', value: (r) => evidence(r)?.outageMinutes },
  { header: 'days_late', kind: 'number', value: (r) => evidence(r)?.daysLate },
  { header: 'dispute_reason', kind: 'text', value: (r) => line(r)?.disputeReason },
  { header: 'service_charges', kind: 'number', value: (r) => totals(r)?.serviceCharges },
  { header: 'deductions', kind: 'number', value: (r) => totals(r)?.deductions },
  { header: 'subtotal', kind: 'number', value: (r) => totals(r)?.subtotal },
  { header: 'vat_rate', kind: 'number', value: (r) => totals(r)?.vatRate },
  { header: 'vat', kind: 'number', value: (r) => totals(r)?.vat },
  { header: 'fees', kind: 'number', value: (r) => totals(r)?.fees },
  { header: 'total', kind: 'number', value: (r) => totals(r)?.total },
];

/**
 * The CSV text of the rows (a statement's rows contiguous, as statementExportRows gives them): the
 * BOM and the header first, then one piece per record. Holds one statement's figures at a time.
 */
export async function* statementCsv(rows: AsyncIterable<StatementExportRow>): AsyncGenerator<string, void, undefined> {
  yield CSV_BOM + csvHeader(STATEMENT_CSV_COLUMNS);
  let open: StatementExportTotals | null = null;
  for await (const row of rows) {
    if (open && open.statementId !== row.statement.statementId) yield csvRow(STATEMENT_CSV_COLUMNS, { kind: 'TOTALS', statement: open });
    open = row.statement;
    if (row.line) yield csvRow(STATEMENT_CSV_COLUMNS, { kind: 'LINE', statement: row.statement, line: row.line });
  }
  if (open) yield csvRow(STATEMENT_CSV_COLUMNS, { kind: 'TOTALS', statement: open });
}

/** "3000.000000" → "3000", "12.5000" → "12.5": the stored scale says nothing about precision here. */
function trimDecimal(value: string | null | undefined): string | null | undefined {
  return value && value.includes('.') ? value.replace(/0+$/, '').replace(/\.$/, '') : value;
}

const DAY_MS = 86_400_000;

/** ["2026-10-01", "2026-10-02", "2026-10-03", "2026-10-05"] → "2026-10-01/2026-10-03;2026-10-05" (ISO 8601 intervals). */
export function compactDates(dates: readonly string[] | undefined): string | null {
  if (!dates?.length) return null;
  const sorted = [...new Set(dates)].sort();
  const runs: string[] = [];
  let first = sorted[0]!;
  let last = first;
  for (const date of sorted.slice(1)) {
    if (Date.parse(date) - Date.parse(last) === DAY_MS) {
      last = date;
      continue;
    }
    runs.push(first === last ? first : `${first}/${last}`);
    first = last = date;
  }
  runs.push(first === last ? first : `${first}/${last}`);
  return runs.join(';');
}
