import DataLoader from 'dataloader';
import { defineLoader } from '../../core/loaders.js';
import { entityLoader } from '../../db/batch.js';
import { addMonths } from '../usage/usage.rules.js';
import { KpiRectificationNotice } from './kpi.entity.js';
import { kpiMonthRollup, type KpiMonthRollup, type MonthRow } from './kpi.rules.js';

/**
 * The KPI month of many contracts, in two statements for all of them (row-level security shows a
 * contract's measurements to its two parties only): the month's measured days, and each KPI's run
 * of missed days carried in from before the month (missed days after its last met day).
 */
export const kpiMonthByContract = defineLoader(
  'kpi.monthByContract',
  (ctx, month: string) => {
    const from = `${month}-01`;
    const to = addMonths(from, 1);
    return new DataLoader<string, KpiMonthRollup>(async (contractIds) => {
      const rows = await ctx.uow.em.execute<(MonthRow & { contract_id: string })[]>(
        `select contract_id, metric, day::text as day, comparator, target::text as target, unit, weight::text as weight, met
           from kpi_measurement where contract_id in (?) and day >= ? and day < ? order by contract_id, metric, day`,
        [contractIds, from, to],
      );
      const carried = await ctx.uow.em.execute<{ contract_id: string; metric: string; days: number }[]>(
        `select m.contract_id, m.metric, count(*)::int as days
           from kpi_measurement m
           where m.contract_id in (?) and m.day < ? and not m.met
             and m.day > coalesce((select max(x.day) from kpi_measurement x where x.contract_id = m.contract_id and x.metric = m.metric and x.met and x.day < ?), '-infinity'::date)
           group by m.contract_id, m.metric`,
        [contractIds, from, from],
      );
      const rowsOf = new Map<string, MonthRow[]>(contractIds.map((id) => [id, []]));
      for (const row of rows) rowsOf.get(row.contract_id)?.push(row);
      const carriedOf = new Map<string, Map<string, number>>(contractIds.map((id) => [id, new Map()]));
      for (const c of carried) carriedOf.get(c.contract_id)?.set(c.metric, c.days);
      return contractIds.map((id) => kpiMonthRollup(rowsOf.get(id)!, carriedOf.get(id)!));
    });
  },
  (month) => month,
);

/** A rectification notice as read. */
export interface KpiNoticeRow {
  id: string;
  contract_id: string;
  metric: string;
  days: string[];
  opened_at: Date;
  withdrawn_at: Date | null;
}

/** Each contract's KPI rectification notices (withdrawn ones too), oldest first; one statement for a whole page of contracts. */
export const kpiNoticesByContract = defineLoader('kpi.noticesByContract', (ctx) => {
  return new DataLoader<string, KpiNoticeRow[]>(async (contractIds) => {
    const rows = await ctx.uow.em.execute<KpiNoticeRow[]>(
      `select id, contract_id, metric, days::text[] as days, opened_at, withdrawn_at
       from kpi_rectification_notice where contract_id in (?) order by contract_id, opened_at, metric, id`,
      [contractIds],
    );
    const byContract = new Map<string, KpiNoticeRow[]>(contractIds.map((id) => [id, []]));
    for (const row of rows) byContract.get(row.contract_id)?.push(row);
    return contractIds.map((id) => byContract.get(id)!);
  });
});

export const kpiNoticeById = defineLoader('kpi.noticeById', (ctx) => entityLoader(ctx.uow, KpiRectificationNotice, 'id'));
