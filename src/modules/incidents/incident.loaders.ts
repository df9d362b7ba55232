import DataLoader from 'dataloader';
import { entityLoader, type GroupPage } from '../../db/batch.js';
import { readsPlainRows, toPlainRows } from '../../db/rows.js';
import { defineLoader } from '../../core/loaders.js';
import type { PageWindow } from '../../core/page-window.js';
import { startOfLocalDay, nextMonth } from './availability.rules.js';
import { Incident } from './incident.entity.js';
import { IncidentKind } from './incident.model.js';

const DAY_MS = 86_400_000;

export const incidentById = defineLoader('incident.byId', (ctx) => entityLoader(ctx.uow, Incident, 'id'));

/**
 * One page of each contract's incidents (newest first), optionally of one kind, for many contracts
 * in one query: `row_number()` and `count(*)` over a partition by contract. Row-level security
 * shows a contract's incidents to its two parties only.
 */
export const incidentsByContract = defineLoader(
  'incident.byContract',
  (ctx, window: PageWindow, kind: IncidentKind | null) => {
    const { em } = ctx.uow;
    const plain = readsPlainRows(ctx.uow);
    return new DataLoader<string, GroupPage<Incident>>(async (contractIds) => {
      const rows: Record<string, unknown>[] = await em.execute(
        `select * from (
           select t.*, row_number() over w as kefu_rn, count(*) over (partition by t.contract_id) as kefu_total
           from incident t where t.contract_id in (?) and (?::text is null or t.kind = ?::text)
           window w as (partition by t.contract_id order by t.started_at desc, t.id desc)
         ) p where kefu_rn > ? and kefu_rn <= ? order by contract_id, kefu_rn`,
        [contractIds, kind, kind, window.offset, window.offset + window.limit + 1],
      );
      const pages = new Map<string, GroupPage<Incident>>(contractIds.map((id) => [id, { rows: [], totalCount: 0 }]));
      const owners = rows.map((row) => {
        const page = pages.get(String(row.contract_id))!;
        page.totalCount = Number(row.kefu_total);
        delete row.kefu_rn;
        delete row.kefu_total;
        return page;
      });
      const mapped = plain ? toPlainRows(em, Incident, rows) : rows.map((row) => em.map(Incident, row as never));
      mapped.forEach((incident, i) => owners[i]!.rows.push(incident));
      // A page past the end carries no row to read the total from: count those contracts apart.
      const unknown = window.offset > 0 ? contractIds.filter((id) => pages.get(id)!.rows.length === 0) : [];
      if (unknown.length) {
        const counts = await em.execute<{ contract_id: string; n: number }[]>(
          `select contract_id, count(*)::int as n from incident where contract_id in (?) and (?::text is null or kind = ?::text) group by 1`,
          [unknown, kind, kind],
        );
        for (const count of counts) pages.get(count.contract_id)!.totalCount = Number(count.n);
      }
      return contractIds.map((id) => pages.get(id)!);
    });
  },
  (window, kind) => `${window.offset}:${window.limit}:${kind ?? ''}`,
);

/**
 * The outages of many contracts that may touch a calendar month, one query for all: the month is
 * widened by a day on each side (any time zone's month lies inside), and each contract's exact month
 * in its own time zone is cut by the availability rules.
 */
export const outagesNearMonth = defineLoader(
  'incident.outagesNearMonth',
  (ctx, month: string) => {
    const from = new Date(startOfLocalDay(`${month}-01`, 'UTC').getTime() - DAY_MS);
    const to = new Date(startOfLocalDay(`${nextMonth(month)}-01`, 'UTC').getTime() + DAY_MS);
    const { em } = ctx.uow;
    const plain = readsPlainRows(ctx.uow);
    return new DataLoader<string, Incident[]>(async (contractIds) => {
      const rows: Record<string, unknown>[] = await em.execute(
        `select * from incident where contract_id in (?) and kind = ? and started_at < ? and (ended_at is null or ended_at > ?) order by started_at, id`,
        [contractIds, IncidentKind.OUTAGE, to, from],
      );
      const mapped = plain ? toPlainRows(em, Incident, rows) : rows.map((row) => em.map(Incident, row as never));
      const byContract = new Map<string, Incident[]>(contractIds.map((id) => [id, []]));
      for (const incident of mapped) byContract.get(incident.contractId)?.push(incident);
      return contractIds.map((id) => byContract.get(id)!);
    });
  },
  (month) => month,
);

/**
 * The data breaches of many contracts verified around a calendar month (widened by a day on each
 * side), one query for all; statements keep those verified in the month in the contract's time zone.
 */
export const breachesVerifiedNearMonth = defineLoader(
  'incident.breachesVerifiedNearMonth',
  (ctx, month: string) => {
    const from = new Date(startOfLocalDay(`${month}-01`, 'UTC').getTime() - DAY_MS);
    const to = new Date(startOfLocalDay(`${nextMonth(month)}-01`, 'UTC').getTime() + DAY_MS);
    const { em } = ctx.uow;
    const plain = readsPlainRows(ctx.uow);
    return new DataLoader<string, Incident[]>(async (contractIds) => {
      const rows: Record<string, unknown>[] = await em.execute(
        `select * from incident where contract_id in (?) and kind = ? and status = 'VERIFIED' and decided_at >= ? and decided_at < ? order by decided_at, id`,
        [contractIds, IncidentKind.DATA_BREACH, from, to],
      );
      const mapped = plain ? toPlainRows(em, Incident, rows) : rows.map((row) => em.map(Incident, row as never));
      const byContract = new Map<string, Incident[]>(contractIds.map((id) => [id, []]));
      for (const incident of mapped) byContract.get(incident.contractId)?.push(incident);
      return contractIds.map((id) => byContract.get(id)!);
    });
  },
  (month) => month,
);
