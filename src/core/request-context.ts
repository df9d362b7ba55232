import type { EntityManager } from '@mikro-orm/postgresql';
import type { Config } from '../config.js';
import type { RequestScope } from '../db/request-scope.js';
import type { TenantTransaction } from '../db/tenant-transaction.js';
import type { Clock } from './clock.js';
import type { LoaderRegistry } from './loader-registry.js';
import type { Viewer } from './viewer.js';

/**
 * The unit of work of one request or job run, apart from who calls: the tenant transaction, the
 * EntityManager inside it and the per-request loaders (declared with `defineLoader`). Only
 * authentication switches whom the transaction acts for (src/auth/act-as.ts).
 */
export interface UnitOfWork {
  readonly tx: TenantTransaction;
  readonly em: EntityManager;
  readonly loaders: LoaderRegistry;
}

/**
 * Everything one request (or one job run) needs, built once: who calls, its clock, and — separate —
 * its unit of work. Services take it as their first argument; nothing else knows "the current user"
 * or "now". The HTTP server builds it per request (src/server/context.ts).
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
  /** The transaction, EntityManager and loaders of this request. */
  readonly uow: UnitOfWork;
  /** The client's Idempotency-Key header. */
  idempotencyKey: string | null;
}
