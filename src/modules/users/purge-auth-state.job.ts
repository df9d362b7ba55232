import type { MikroORM } from '@mikro-orm/postgresql';
import type { ScheduledJob } from '../../core/module.js';

export const PURGE_AUTH_STATE_QUEUE = 'auth-state-purge';

/**
 * Sessions ended (revoked or expired) more than a week ago, with their refresh tokens, and login
 * throttle windows that started more than a week ago are deleted (daily, 03:27 Asia/Shanghai).
 * A week keeps recent revocations for investigation; no throttle window may be longer than a day.
 */
export const AUTH_STATE_RETENTION = '7 days';

export async function purgeAuthState(orm: MikroORM, olderThan = AUTH_STATE_RETENTION): Promise<number> {
  const [row] = await orm.em.getConnection().execute<{ purged: number }[]>('select jobs_purge_auth_state(?::interval) as purged', [olderThan]);
  return Number(row?.purged ?? 0);
}

export const purgeAuthStateJob: ScheduledJob = {
  queue: PURGE_AUTH_STATE_QUEUE,
  cron: '27 3 * * *',
  timeZone: 'Asia/Shanghai',
  run: async ({ orm }) => ({ message: 'ended sessions and old login throttle windows purged', purged: await purgeAuthState(orm) }),
};
