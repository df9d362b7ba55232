import { RateLimitedError } from '../../core/errors.js';
import { DomainErrorCode } from '../../core/domain-error.js';
import type { RequestContext } from '../../core/request-context.js';

/**
 * Throttles password sign-in per account (normalized e-mail, known or not, so throttling reveals
 * nothing about who has an account) and per client address. The counters live in PostgreSQL
 * (`login_throttle`, through definer functions), so every replica shares them.
 *
 * An attempt is counted before the password is checked, outside the mutation's savepoint (which
 * a wrong password rolls back), and forgiven when the password proves right; a right password also
 * clears the account's counter. While either counter is at its limit, every attempt, the right
 * password included, is refused with RATE_LIMITED (HTTP 429, Retry-After) until the window ends.
 */
export async function runThrottledLogin<O extends { userErrors: readonly { code: string }[] }>(
  ctx: RequestContext,
  email: string,
  run: () => Promise<O>,
): Promise<O> {
  const limits = ctx.config.loginThrottle;
  const [row] = await ctx.uow.em.execute<{ retry_after: number | null }[]>('select auth_login_attempt(?, ?, ?, ?, ?) as retry_after', [
    email,
    ctx.clientAddress,
    limits.maxFailuresPerAccount,
    limits.maxFailuresPerAddress,
    limits.windowSeconds,
  ]);
  if (row?.retry_after !== null && row?.retry_after !== undefined) {
    const seconds = Number(row.retry_after);
    throw new RateLimitedError(`Too many failed sign-in attempts: try again in ${seconds} s.`, seconds);
  }
  const outcome = await run();
  if (!outcome.userErrors.some((e) => e.code === DomainErrorCode.INVALID_CREDENTIALS)) {
    await ctx.uow.em.execute('select auth_login_succeeded(?, ?)', [email, ctx.clientAddress]);
  }
  return outcome;
}
