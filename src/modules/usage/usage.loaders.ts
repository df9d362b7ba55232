import DataLoader from 'dataloader';
import { defineLoader } from '../../core/loaders.js';
import { addMonths } from './usage.rules.js';
import type { UsageDayRow } from './usage.service.js';

/**
 * The usage days of many contracts in one month, one query for all of them (plain rows; row-level
 * security shows a contract's days to its two parties only).
 */
export const usageDaysByContract = defineLoader(
  'usage.daysByContract',
  (ctx, month: string) => {
    const from = `${month}-01`;
    const to = addMonths(from, 1);
    return new DataLoader<string, UsageDayRow[]>(async (contractIds) => {
      const rows = await ctx.uow.em.execute<(UsageDayRow & { contract_id: string })[]>(
        `select contract_id, day::text as day, reported_qualified_contacts, reported_total_contacts, seats, records_qualified_contacts, records_total_contacts
         from usage_day where contract_id in (?) and day >= ? and day < ? order by contract_id, day`,
        [contractIds, from, to],
      );
      const byContract = new Map<string, UsageDayRow[]>(contractIds.map((id) => [id, []]));
      for (const row of rows) byContract.get(row.contract_id)?.push(row);
      return contractIds.map((id) => byContract.get(id)!);
    });
  },
  (month) => month,
);
