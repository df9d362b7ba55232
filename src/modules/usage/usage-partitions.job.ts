import type { ScheduledJob } from '../../core/module.js';
import { addMonths, monthOf } from './usage.rules.js';

export const USAGE_PARTITIONS_QUEUE = 'usage-partitions';

/**
 * Creates the contact-record partitions of this month and the next two ahead of time, so that a
 * batch rarely has to create one (creating a partition locks the parent table until the creating
 * transaction commits). Idempotent: existing partitions are left as they are.
 */
export const usagePartitionsJob: ScheduledJob = {
  queue: USAGE_PARTITIONS_QUEUE,
  cron: '17 3 * * *',
  run: async ({ orm }) => {
    const thisMonth = monthOf(new Date().toISOString().slice(0, 10));
    const months = [0, 1, 2].map((n) => addMonths(thisMonth, n));
    const [row] = await orm.em
      .getConnection()
      .execute<{ created: number }[]>(`select usage_ensure_contact_record_partitions(?::date[]) as created`, [`{${months.join(',')}}`]);
    return row && row.created > 0 ? { message: 'usage partitions created', created: row.created } : null;
  },
};
