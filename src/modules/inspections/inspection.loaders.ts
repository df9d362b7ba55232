import DataLoader from 'dataloader';
import { defineLoader } from '../../core/loaders.js';
import type { PageWindow } from '../../core/page-window.js';
import { entityLoader, groupedPageLoader } from '../../db/batch.js';
import { readsPlainRows, toPlainRows } from '../../db/rows.js';
import { Inspection, InspectionRectification, InspectionSample, InspectionScorecard } from './inspection.entity.js';

/** Inspections by id (row-level security: the contract's two parties). */
export const inspectionById = defineLoader('inspection.byId', (ctx) => entityLoader(ctx.uow, Inspection, 'id'));

/** One page of inspections per contract, newest first, for many contracts in one query. */
export const inspectionsByContract = defineLoader(
  'inspection.byContract',
  (ctx, window: PageWindow) => groupedPageLoader(ctx.uow, Inspection, 'inspection', 'contract_id', 't.number desc', window),
  (window) => `${window.offset}:${window.limit}`,
);

/** The sample of many inspections in one query, in the order drawn. */
export const sampleByInspection = defineLoader('inspection.sample', (ctx) => {
  const { em } = ctx.uow;
  return new DataLoader<string, InspectionSample[]>(async (ids) => {
    const raw = await em.execute<Record<string, unknown>[]>(`select * from inspection_sample where inspection_id in (?) order by inspection_id, position`, [
      ids,
    ]);
    const rows = readsPlainRows(ctx.uow) ? toPlainRows(em, InspectionSample, raw) : raw.map((row) => em.map(InspectionSample, row as never));
    const grouped = new Map<string, InspectionSample[]>(ids.map((id) => [id, []]));
    for (const row of rows) grouped.get(row.inspectionId)?.push(row);
    return ids.map((id) => grouped.get(id)!);
  });
});

/** The rectification of each inspection (at most one), one query for many. */
export const rectificationByInspection = defineLoader('inspection.rectificationByInspection', (ctx) =>
  entityLoader(ctx.uow, InspectionRectification, 'inspectionId'),
);

export const rectificationById = defineLoader('inspection.rectificationById', (ctx) => entityLoader(ctx.uow, InspectionRectification, 'id'));

/** The scorecard in force (latest version) of many contracts, one query. */
export const scorecardByContract = defineLoader('inspection.scorecardByContract', (ctx) => {
  const { em } = ctx.uow;
  return new DataLoader<string, InspectionScorecard | null>(async (ids) => {
    const raw = await em.execute<Record<string, unknown>[]>(
      `select distinct on (contract_id) * from inspection_scorecard where contract_id in (?) order by contract_id, version desc`,
      [ids],
    );
    const rows = readsPlainRows(ctx.uow) ? toPlainRows(em, InspectionScorecard, raw) : raw.map((row) => em.map(InspectionScorecard, row as never));
    const byContract = new Map(rows.map((row) => [row.contractId, row]));
    return ids.map((id) => byContract.get(id) ?? null);
  });
});

/**
 * The failed inspections of many contracts whose deduction falls on a month (the ladder's 2nd
 * failure and later), one query for all: what statements deduct.
 */
export const deductionsOfMonth = defineLoader(
  'inspection.deductionsOfMonth',
  (ctx, month: string) => {
    const { em } = ctx.uow;
    const plain = readsPlainRows(ctx.uow);
    return new DataLoader<string, Inspection[]>(async (contractIds) => {
      const rows: Record<string, unknown>[] = await em.execute(
        `select * from inspection where contract_id in (?) and result = 'FAILED' and deduction_month = ?::date order by failure_number, id`,
        [contractIds, `${month}-01`],
      );
      const mapped = plain ? toPlainRows(em, Inspection, rows) : rows.map((row) => em.map(Inspection, row as never));
      const byContract = new Map<string, Inspection[]>(contractIds.map((id) => [id, []]));
      for (const inspection of mapped) byContract.get(inspection.contractId)?.push(inspection);
      return contractIds.map((id) => byContract.get(id)!);
    });
  },
  (month) => month,
);
