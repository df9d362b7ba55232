import DataLoader from 'dataloader';
import { defineLoader } from '../../core/loaders.js';
import type { RequestContext } from '../../core/request-context.js';
import { entityLoader } from '../../db/batch.js';
import { readsPlainRows, toPlainRows } from '../../db/rows.js';
import { Statement, StatementDispute, StatementLineRow, StatementPayment } from './statement.entity.js';

/** Statements by id (row-level security: the contract's two parties, and auditors they granted). */
export const statementById = defineLoader('statement.byId', (ctx) => entityLoader(ctx.uow, Statement, 'id'));

function grouped<T extends object>(ctx: RequestContext, entity: new () => T, sql: string, keyOf: (row: T) => string) {
  const { em } = ctx.uow;
  const plain = readsPlainRows(ctx.uow);
  return new DataLoader<string, T[]>(async (ids) => {
    const rows: Record<string, unknown>[] = await em.execute(sql, [ids]);
    const mapped = plain ? toPlainRows(em, entity, rows) : rows.map((row) => em.map(entity, row as never));
    const byId = new Map<string, T[]>(ids.map((id) => [id, []]));
    for (const row of mapped) byId.get(keyOf(row))?.push(row);
    return ids.map((id) => byId.get(id)!);
  });
}

/** The lines of many statements in one query, in statement order. */
export const linesByStatement = defineLoader('statement.lines', (ctx) =>
  grouped(ctx, StatementLineRow, `select * from statement_line where statement_id in (?) order by statement_id, position`, (l) => l.statementId),
);

/** The merchant's reasons of many disputed statements, by line. */
export const disputesByStatement = defineLoader('statement.disputes', (ctx) =>
  grouped(ctx, StatementDispute, `select * from statement_dispute where statement_id in (?) order by statement_id, position`, (d) => d.statementId),
);

/** The payments of many statements, in date order. */
export const paymentsByStatement = defineLoader('statement.payments', (ctx) =>
  grouped(ctx, StatementPayment, `select * from statement_payment where statement_id in (?) order by statement_id, paid_on, id`, (p) => p.statementId),
);

/** Every version of the statements of many contract-months ("<contract id>/<YYYY-MM>"), oldest first. */
export const versionsByContractMonth = defineLoader('statement.versions', (ctx) => {
  const { em } = ctx.uow;
  const plain = readsPlainRows(ctx.uow);
  return new DataLoader<string, Statement[]>(async (keys) => {
    const pairs = keys.map((key) => {
      const [contractId, month] = key.split('/') as [string, string];
      return { contractId, periodStart: `${month}-01` };
    });
    const rows: Record<string, unknown>[] = await em.execute(
      `select s.* from statement s join jsonb_to_recordset(?::jsonb) as k("contractId" uuid, "periodStart" date)
         on s.contract_id = k."contractId" and s.period_start = k."periodStart" order by s.contract_id, s.period_start, s.version`,
      [JSON.stringify(pairs)],
    );
    const mapped = plain ? toPlainRows(em, Statement, rows) : rows.map((row) => em.map(Statement, row as never));
    const byKey = new Map<string, Statement[]>(keys.map((key) => [key, []]));
    for (const s of mapped) byKey.get(`${s.contractId}/${s.periodStart.slice(0, 7)}`)?.push(s);
    return keys.map((key) => byKey.get(key)!);
  });
});

export interface LatePayment extends StatementPayment {
  statementMonth: string;
}

/**
 * Payments of many contracts made after their statement's due date, by the end of `month`, whose fee
 * no statement has charged yet (or a version of this month's statement has): the fees `month`'s
 * statement carries.
 */
export const latePaymentsForMonth = defineLoader(
  'statement.latePaymentsForMonth',
  (ctx, month: string) => {
    const { em } = ctx.uow;
    return new DataLoader<string, LatePayment[]>(async (contractIds) => {
      const rows = await em.execute<Record<string, unknown>[]>(
        `select p.*, to_char(s.period_start, 'YYYY-MM') as statement_month
           from statement_payment p join statement s on s.id = p.statement_id
          where p.contract_id in (?) and p.paid_on > p.due_date and p.paid_on < (?::date + interval '1 month')
            and s.period_start < ?::date
            and (p.fee_statement_id is null or exists (
              select 1 from statement f where f.id = p.fee_statement_id and f.contract_id = p.contract_id and f.period_start = ?::date))
          order by p.contract_id, p.paid_on, p.id`,
        [contractIds, `${month}-01`, `${month}-01`, `${month}-01`],
      );
      const byContract = new Map<string, LatePayment[]>(contractIds.map((id) => [id, []]));
      for (const row of rows) {
        const statementMonth = String(row.statement_month);
        delete row.statement_month;
        const [payment] = toPlainRows(em, StatementPayment, [row]);
        byContract.get(payment!.contractId)?.push(Object.assign(payment!, { statementMonth }));
      }
      return contractIds.map((id) => byContract.get(id)!);
    });
  },
  (month) => month,
);
