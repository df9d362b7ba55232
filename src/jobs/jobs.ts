import type { MikroORM } from '@mikro-orm/postgresql';
import { PgBoss } from 'pg-boss';
import type { Logger } from 'pino';
import type { Config } from '../config.js';
import type { ScheduledJob } from '../core/module.js';
import { describeInternalError } from '../server/logger.js';

export interface Jobs {
  stop: () => Promise<void>;
}

/**
 * Runs the modules' scheduled jobs on pg-boss in the same database (schema `pgboss`). Cron
 * schedules fire once per tick across all replicas; every job is idempotent.
 */
export async function startJobs(orm: MikroORM, databaseUrl: string, logger: Logger, config: Config, jobs: readonly ScheduledJob[]): Promise<Jobs> {
  const boss = new PgBoss({ connectionString: databaseUrl, schema: 'pgboss', max: 2 });
  boss.on('error', (error) => logger.error({ error: describeInternalError(error) }, 'job queue error'));
  await boss.start();
  for (const job of jobs) {
    await boss.createQueue(job.queue);
    await boss.schedule(job.queue, job.cron, null, job.timeZone ? { tz: job.timeZone } : undefined);
    await boss.work(job.queue, async ([run]) => {
      const outcome = await job.run({ orm, config }, run?.id);
      if (outcome) logger.info({ job: job.queue, ...outcome }, outcome.message);
    });
  }
  return { stop: () => boss.stop({ graceful: true, timeout: 10_000 }) };
}
