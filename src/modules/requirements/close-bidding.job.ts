import type { MikroORM } from '@mikro-orm/postgresql';
import type { ScheduledJob } from '../../core/module.js';
import { loadConfig, type Config } from '../../config.js';
import { DomainErrors } from '../../core/domain-error.js';
import { OrganizationKind } from '../organizations/organization.entity.js';
import { closeBidding } from './requirement.service.js';
import { runAsSystem } from '../../jobs/job-context.js';

export const CLOSE_BIDDING_QUEUE = 'requirement-close-bidding';

/** How audit events of this job name it (with the run's id in the request id). */
export const CLOSE_BIDDING_VIA = 'job:close-bidding';

/**
 * Stores EVALUATING on OPEN requirements whose deadline has passed. Reads already treat them as
 * closed; this makes the stored status agree. Due requirements are found across tenants by a narrow
 * definer function; each is then closed by the requirements service (`closeBidding`, the same state
 * machine and audit event as any transition), in its own transaction acting as the system for its
 * merchant, so row-level security applies as to any write. Idempotent: a requirement closed,
 * awarded or cancelled meanwhile is refused by the state machine and skipped.
 */
export async function closeDueRequirements(orm: MikroORM, jobId = 'manual', config: Config = loadConfig()): Promise<string[]> {
  const due = await orm.em.getConnection().execute<{ id: string; merchant_id: string }[]>('select * from jobs_requirements_past_deadline()');
  const closed: string[] = [];
  for (const { id, merchant_id: merchantId } of due) {
    const viewer = { kind: 'system', via: CLOSE_BIDDING_VIA, organizationId: merchantId, organizationKind: OrganizationKind.MERCHANT } as const;
    try {
      await runAsSystem(orm, config, viewer, jobId, (ctx) => closeBidding(ctx, id));
      closed.push(id);
    } catch (error) {
      if (!(error instanceof DomainErrors)) throw error;
    }
  }
  return closed;
}

/** Every minute: the requirements whose deadline passed get their stored status closed. */
export const closeBiddingJob: ScheduledJob = {
  queue: CLOSE_BIDDING_QUEUE,
  cron: '* * * * *',
  run: async ({ orm, config }, jobId) => {
    const closed = await closeDueRequirements(orm, jobId, config);
    return closed.length ? { message: 'bidding closed', closed: closed.length } : null;
  },
};
