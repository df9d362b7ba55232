import type { MikroORM } from '@mikro-orm/postgresql';
import { PgBoss } from 'pg-boss';
import type { Logger } from 'pino';
import type { Config } from '../config.js';
import { describeInternalError } from '../server/logger.js';
import { CLOSE_BIDDING_QUEUE, closeDueRequirements } from './close-bidding.job.js';
import { PURGE_AUTH_STATE_QUEUE, purgeAuthState } from './purge-auth-state.job.js';
import { PURGE_IDEMPOTENCY_QUEUE, purgeIdempotencyKeys } from './purge-idempotency-keys.job.js';

export interface Jobs {
  stop: () => Promise<void>;
}

/**
 * Scheduled work on pg-boss in the same database (schema `pgboss`). Cron schedules fire once per
 * tick across all replicas; every handler is idempotent.
 */
export async function startJobs(orm: MikroORM, databaseUrl: string, logger: Logger, config: Config): Promise<Jobs> {
  const boss = new PgBoss({ connectionString: databaseUrl, schema: 'pgboss', max: 2 });
  boss.on('error', (error) => logger.error({ error: describeInternalError(error) }, 'job queue error'));
  await boss.start();
  await boss.createQueue(CLOSE_BIDDING_QUEUE);
  await boss.schedule(CLOSE_BIDDING_QUEUE, '* * * * *');
  await boss.work(CLOSE_BIDDING_QUEUE, async ([job]) => {
    const closed = await closeDueRequirements(orm, job?.id, config);
    if (closed.length) logger.info({ job: CLOSE_BIDDING_QUEUE, closed: closed.length }, 'bidding closed');
  });
  await boss.createQueue(PURGE_IDEMPOTENCY_QUEUE);
  await boss.schedule(PURGE_IDEMPOTENCY_QUEUE, '17 3 * * *', null, { tz: 'Asia/Shanghai' });
  await boss.work(PURGE_IDEMPOTENCY_QUEUE, async () => {
    const purged = await purgeIdempotencyKeys(orm);
    logger.info({ job: PURGE_IDEMPOTENCY_QUEUE, purged }, 'idempotency keys purged');
  });
  await boss.createQueue(PURGE_AUTH_STATE_QUEUE);
  await boss.schedule(PURGE_AUTH_STATE_QUEUE, '27 3 * * *', null, { tz: 'Asia/Shanghai' });
  await boss.work(PURGE_AUTH_STATE_QUEUE, async () => {
    const purged = await purgeAuthState(orm);
    logger.info({ job: PURGE_AUTH_STATE_QUEUE, purged }, 'ended sessions and old login throttle windows purged');
  });
  return { stop: () => boss.stop({ graceful: true, timeout: 10_000 }) };
}
