import type { MikroORM } from '@mikro-orm/postgresql';
import { SYSTEM_CLOCK, type Clock } from '../../core/clock.js';
import type { ScheduledJob } from '../../core/module.js';
import { loadConfig, type Config } from '../../config.js';
import { DomainErrors } from '../../core/domain-error.js';
import { runAsSystem } from '../../jobs/job-context.js';
import { OrganizationKind } from '../organizations/organization.entity.js';
import { catchUpContract } from './contract-lifecycle.service.js';

export const CONTRACT_LIFECYCLE_QUEUE = 'contract-lifecycle';

/** How audit events of this job name it (with the run's id in the request id). */
export const CONTRACT_LIFECYCLE_VIA = 'job:contract-lifecycle';

/**
 * Stores what the clock has made due on contracts: activation (both signed, start date come),
 * termination on its effective date, renewal or expiry at the end of the term, and the termination
 * rights of breaches left uncured past their cure period. Reads already show all of it (they apply
 * the clock); this makes the stored rows agree. Due contracts are found across tenants by a narrow
 * definer function; each is then caught up by the contracts service in its own transaction, acting
 * as the system for its merchant (row-level security applies as to any write). Idempotent: what was
 * stored meanwhile is no longer due.
 */
export async function runContractLifecycle(orm: MikroORM, jobId = 'manual', config: Config = loadConfig(), clock: Clock = SYSTEM_CLOCK): Promise<string[]> {
  const due = await orm.em.getConnection().execute<{ id: string; merchant_id: string }[]>('select * from jobs_contracts_due(?)', [clock.now().toISOString()]);
  const changed: string[] = [];
  for (const { id, merchant_id: merchantId } of due) {
    const viewer = { kind: 'system', via: CONTRACT_LIFECYCLE_VIA, organizationId: merchantId, organizationKind: OrganizationKind.MERCHANT } as const;
    try {
      const applied = await runAsSystem(orm, config, viewer, jobId, (ctx) => catchUpContract(ctx, id), clock);
      if (applied.length) changed.push(id);
    } catch (error) {
      if (!(error instanceof DomainErrors)) throw error;
    }
  }
  return changed;
}

/** Every 10 minutes (contract dates turn at midnight in the contract's time zone; reads never wait for it). */
export const contractLifecycleJob: ScheduledJob = {
  queue: CONTRACT_LIFECYCLE_QUEUE,
  cron: '*/10 * * * *',
  run: async ({ orm, config }, jobId) => {
    const changed = await runContractLifecycle(orm, jobId, config);
    return changed.length ? { message: 'contracts caught up', contracts: changed.length } : null;
  },
};
