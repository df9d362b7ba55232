import type { MikroORM } from '@mikro-orm/postgresql';
import type { SystemViewer } from '../core/viewer.js';
import { SYSTEM_CLOCK, type Clock } from '../core/clock.js';
import type { Config } from '../config.js';
import { newRequestScope, requestScope } from '../db/request-scope.js';
import { settingsFor } from '../db/tenant-transaction.js';
import { RequestContext } from '../server/context.js';

/**
 * Runs a job's unit of work the way a request runs a mutation: a RequestContext whose viewer is the
 * system acting for one organization (row-level security sees that organization, nothing more), one
 * tenant transaction that commits when `work` returns and rolls back when it throws. Services take
 * this context like any other; their audit events record no actor and the request id
 * `<via>:<run id>` (e.g. `job:close-bidding:<pg-boss job id>`), which says which job run acted.
 */
export async function runAsSystem<T>(
  orm: MikroORM,
  config: Config,
  viewer: SystemViewer,
  runId: string,
  work: (ctx: RequestContext) => Promise<T>,
  /** The clock the work's rules read (tests move a ManualClock). */
  clock: Clock = SYSTEM_CLOCK,
  /** `readOnly`: work that only reads, in a read-only transaction whose loaders may answer with plain rows (no unit of work to flush). */
  options: { readOnly?: boolean } = {},
): Promise<T> {
  const scope = newRequestScope(`${viewer.via}:${runId}`);
  return requestScope.run(scope, async () => {
    const ctx = new RequestContext(config, orm, viewer, scope, viewer.via, clock);
    await ctx.uow.tx.begin(settingsFor(viewer, ctx.clock.now()), { readOnly: options.readOnly === true });
    try {
      const result = await work(ctx);
      if (!ctx.uow.tx.isReadOnly) await ctx.uow.em.flush();
      await ctx.uow.tx.commit();
      return result;
    } catch (error) {
      await ctx.uow.tx.rollback();
      throw error;
    }
  });
}
