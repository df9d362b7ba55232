import type { MikroORM } from '@mikro-orm/postgresql';
import { SYSTEM_CLOCK, type Clock } from '../../core/clock.js';
import type { ScheduledJob } from '../../core/module.js';
import { OrganizationKind } from '../../core/organization-kind.js';
import { loadConfig, type Config } from '../../config.js';
import { DomainErrors } from '../../core/domain-error.js';
import { runAsSystem } from '../../jobs/job-context.js';
import { flagOverdueRectification } from './inspection.service.js';

export const INSPECTION_OVERDUE_QUEUE = 'inspection-rectifications-overdue';
export const INSPECTION_OVERDUE_VIA = 'job:inspection-rectifications-overdue';

/**
 * Flags rectifications whose answer is overdue (an OPEN round past its due time). Reads already show
 * `overdue` from the clock; this stores the flag (and its audit event) once per round. Found across
 * tenants by a narrow definer function, each flagged as the system for its merchant. Idempotent.
 */
export async function runInspectionOverdue(orm: MikroORM, jobId = 'manual', config: Config = loadConfig(), clock: Clock = SYSTEM_CLOCK): Promise<string[]> {
  const due = await orm.em
    .getConnection()
    .execute<{ id: string; merchant_id: string }[]>('select * from jobs_inspection_rectifications_overdue(?)', [clock.now().toISOString()]);
  const flagged: string[] = [];
  for (const { id, merchant_id: merchantId } of due) {
    const viewer = { kind: 'system', via: INSPECTION_OVERDUE_VIA, organizationId: merchantId, organizationKind: OrganizationKind.MERCHANT } as const;
    try {
      if (await runAsSystem(orm, config, viewer, jobId, (ctx) => flagOverdueRectification(ctx, id), clock)) flagged.push(id);
    } catch (error) {
      if (!(error instanceof DomainErrors)) throw error;
    }
  }
  return flagged;
}

/** Every 10 minutes. */
export const inspectionOverdueJob: ScheduledJob = {
  queue: INSPECTION_OVERDUE_QUEUE,
  cron: '*/10 * * * *',
  run: async ({ orm, config }, jobId) => {
    const flagged = await runInspectionOverdue(orm, jobId, config);
    return flagged.length ? { message: 'rectifications flagged overdue', rectifications: flagged.length } : null;
  },
};
