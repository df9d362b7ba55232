import type { MikroORM } from '@mikro-orm/postgresql';
import { newRequestScope, requestScope } from '../db/request-scope.js';
import { TenantTransaction } from '../db/tenant-transaction.js';

export const CLOSE_BIDDING_QUEUE = 'requirement-close-bidding';

/**
 * Moves OPEN requirements whose deadline has passed to EVALUATING. Reads already treat them as
 * closed; this makes the stored status agree. Idempotent: the update re-checks status and deadline.
 * Due requirements are found across tenants by a narrow definer function, then each is closed in a
 * transaction acting for its merchant, so row-level security applies as to any write.
 */
export async function closeDueRequirements(orm: MikroORM, jobId = 'manual'): Promise<string[]> {
  const due = await orm.em.getConnection().execute<{ id: string; merchant_id: string }[]>('select * from jobs_requirements_past_deadline()');
  const closed: string[] = [];
  for (const { id, merchant_id: merchantId } of due) {
    await requestScope.run(newRequestScope(`job:${CLOSE_BIDDING_QUEUE}:${jobId}`), async () => {
      const tx = new TenantTransaction(orm);
      await tx.begin({ organizationId: merchantId, userId: null, role: 'SYSTEM', platformAdmin: false });
      try {
        const rows = await tx.em.execute<{ id: string }[]>(
          "update requirement set status = 'EVALUATING', updated_at = now() where id = ? and status = 'OPEN' and bid_deadline <= now() returning id",
          [id],
        );
        if (rows.length) {
          await tx.em.execute(
            `insert into audit_event (organization_id, action, entity_type, entity_id, changes, request_id)
             values (?, 'requirement.closeBidding', 'Requirement', ?, '{"status":{"before":"OPEN","after":"EVALUATING"}}', ?)`,
            [merchantId, id, `job:${CLOSE_BIDDING_QUEUE}:${jobId}`],
          );
          closed.push(id);
        }
        await tx.commit();
      } catch (error) {
        await tx.rollback();
        throw error;
      }
    });
  }
  return closed;
}
