import type { KeysetOrder, KeysetPage, KeysetWindow } from '../../core/page-window.js';
import type { RequestContext } from '../../core/request-context.js';
import { keysetPage } from '../../db/keyset.js';
import { joinSql, sql, type Sql } from '../../db/sql.js';
import { OrganizationKind } from '../../core/organization-kind.js';
import { actingOrganizationId } from '../../core/viewer.js';
import { Statement } from './statement.entity.js';
import { statementById } from './statement.loaders.js';
import { StatementStatus } from './statement.model.js';

export interface StatementListFilter {
  contractId?: string | null;
  month?: string | null;
  status?: StatementStatus | null;
  includeSuperseded?: boolean | null;
}

/** Newest month first, then by id. */
export const STATEMENT_LIST_ORDER: KeysetOrder = {
  name: 'statement.NEWEST_MONTH',
  keys: [
    { column: 'period_start', type: 'date', descending: true },
    { column: 'id', type: 'uuid', descending: true },
  ],
};

/** The statements the viewer may read (row-level security: the two parties, granted auditors), filtered. */
export async function listStatements(
  ctx: RequestContext,
  filter: StatementListFilter | null | undefined,
  window: KeysetWindow,
): Promise<KeysetPage<Statement>> {
  const and: Sql[] = [sql`true`];
  // A party reads its own contracts' statements (row-level security says the same): said here, the
  // month's rows come from the merchant and vendor indexes instead of every statement of the month.
  const party = ctx.viewer.kind === 'member' && ctx.viewer.organizationKind === OrganizationKind.AUDIT_FIRM ? null : actingOrganizationId(ctx.viewer);
  if (party) and.push(sql`(t.merchant_id = ${party}::uuid or t.vendor_id = ${party}::uuid)`);
  if (filter?.contractId !== undefined && filter.contractId !== null) and.push(sql`t.contract_id = ${filter.contractId}::uuid`);
  if (filter?.month) and.push(sql`t.period_start = ${`${filter.month}-01`}::date`);
  // Filtered by the status it reads: an ISSUED statement past its moment is DEEMED_CONFIRMED, stored by the job or not.
  const now = ctx.clock.now();
  if (filter?.status === StatementStatus.DEEMED_CONFIRMED)
    and.push(sql`(t.status = ${StatementStatus.DEEMED_CONFIRMED} or (t.status = ${StatementStatus.ISSUED} and t.deemed_confirmation_at <= ${now}))`);
  else if (filter?.status === StatementStatus.ISSUED) and.push(sql`t.status = ${StatementStatus.ISSUED} and t.deemed_confirmation_at > ${now}`);
  else if (filter?.status) and.push(sql`t.status = ${filter.status}`);
  else if (!filter?.includeSuperseded) and.push(sql`t.status <> ${StatementStatus.SUPERSEDED}`);
  const page = await keysetPage(ctx.uow, Statement, 'statement', joinSql(and, ' and '), window);
  const byId = statementById(ctx);
  for (const row of page.rows) byId.prime(row.id, row);
  return page;
}
