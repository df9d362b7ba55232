import type { EntityManager } from '@mikro-orm/postgresql';
import type { Config } from '../config.js';
import type { RequestScope } from '../db/request-scope.js';
import type { TenantTransaction } from '../db/tenant-transaction.js';
import type { Clock } from './clock.js';
import type { Viewer } from './viewer.js';

/**
 * Everything one request (or one job run) needs, built once: who calls, its clock, its unit of work
 * and its DataLoaders. Services take it as their first argument; nothing else knows "the current
 * user" or "now". The HTTP server builds it per request (src/server/context.ts).
 */
export interface RequestContext {
  readonly config: Config;
  readonly viewer: Viewer;
  readonly requestId: string;
  /** The only source of "now" for rules: deadlines, windows, month ends. */
  readonly clock: Clock;
  readonly scope: RequestScope;
  /** The caller's network address (login throttling and the anonymous cost budget are kept per address). */
  readonly clientAddress: string;
  /** The request's tenant transaction; only authentication may switch whom it acts for. */
  readonly tx: TenantTransaction;
  /** The unit of work inside that transaction. */
  readonly em: EntityManager;
  /** Fields resolved so far: the actual cost of the operation. */
  fieldsResolved: number;
  /** The client's Idempotency-Key header. */
  idempotencyKey: string | null;
  /** A per-request DataLoader (or any per-request memo), created on first use. */
  loader<T>(key: string, create: () => T): T;
}
