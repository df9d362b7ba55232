import type { RequestContext } from '../core/request-context.js';
import type { MembershipRole } from '../core/roles.js';

/**
 * Switches whom the rest of the request's transaction acts for, once a person has proved who they
 * are (sign-in, registration, accepting an invitation): row-level security sees that member from the
 * next statement on. The only way to do it — ESLint refuses `tx.actAs` outside `src/auth/` and
 * `src/db/` — so that no use case can quietly act for another tenant.
 */
export function actAsMember(ctx: RequestContext, member: { organizationId: string; userId: string; role: MembershipRole }): Promise<void> {
  return ctx.uow.tx.actAs({ organizationId: member.organizationId, userId: member.userId, role: member.role, platformAdmin: false });
}
