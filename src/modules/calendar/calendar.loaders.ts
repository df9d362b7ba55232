import DataLoader from 'dataloader';
import { defineLoader } from '../../core/loaders.js';
import type { NoticeDays } from './china-calendar.js';

/** A recorded notice with its moved days, as read for one request. */
export interface RecordedNotice extends NoticeDays {
  reference: string;
  publishedOn: string | null;
  recordedAt: Date;
}

interface NoticeRow {
  year: number;
  reference: string;
  published_on: string | null;
  recorded_at: Date | string;
  days: { date: string; kind: 'REST_DAY' | 'MAKE_UP_WORKING_DAY' }[] | string;
}

/**
 * Notices by year, per request: every year a request needs (a calendar range, a bid comparison's
 * term, the totals of a bid) is read in one statement, notices and their days together. Per request
 * rather than per process, so a notice recorded on one replica is seen by the next request on any.
 */
export const noticeByYear = defineLoader(
  'calendar.noticeByYear',
  (ctx) =>
    new DataLoader<number, RecordedNotice | null>(async (years) => {
      const rows: NoticeRow[] = await ctx.uow.em.execute(
        `select n.year, n.reference, n.published_on::text as published_on, n.recorded_at,
             coalesce((select json_agg(json_build_object('date', d.date::text, 'kind', d.kind) order by d.date)
                       from calendar_notice_day d where d.year = n.year), '[]'::json) as days
           from calendar_notice n where n.year in (?)`,
        [[...years]],
      );
      const byYear = new Map(
        rows.map((row) => {
          const days = typeof row.days === 'string' ? (JSON.parse(row.days) as Exclude<NoticeRow['days'], string>) : row.days;
          const notice: RecordedNotice = {
            year: Number(row.year),
            reference: row.reference,
            publishedOn: row.published_on,
            recordedAt: new Date(row.recorded_at),
            restDays: days.filter((d) => d.kind === 'REST_DAY').map((d) => d.date),
            makeUpWorkingDays: days.filter((d) => d.kind === 'MAKE_UP_WORKING_DAY').map((d) => d.date),
          };
          return [notice.year, notice];
        }),
      );
      return years.map((year) => byYear.get(year) ?? null);
    }),
);
