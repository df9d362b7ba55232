import type { MikroORM } from '@mikro-orm/postgresql';
import type { ScheduledJob } from '../../core/module.js';

export const PURGE_IDEMPOTENCY_QUEUE = 'idempotency-keys-purge';

/** Keys are promised for at least 24 hours; they are kept a week, then deleted (daily, 03:17 Asia/Shanghai). */
export const IDEMPOTENCY_KEY_RETENTION = '7 days';

export async function purgeIdempotencyKeys(orm: MikroORM, olderThan = IDEMPOTENCY_KEY_RETENTION): Promise<number> {
  const [row] = await orm.em.getConnection().execute<{ purged: number }[]>('select jobs_purge_idempotency_keys(?::interval) as purged', [olderThan]);
  return Number(row?.purged ?? 0);
}

export const purgeIdempotencyKeysJob: ScheduledJob = {
  queue: PURGE_IDEMPOTENCY_QUEUE,
  cron: '17 3 * * *',
  timeZone: 'Asia/Shanghai',
  run: async ({ orm }) => ({ message: 'idempotency keys purged', purged: await purgeIdempotencyKeys(orm) }),
};
