import type { MikroORM } from '@mikro-orm/postgresql';
import { SYSTEM_CLOCK, type Clock } from '../core/clock.js';
import type { RequestContext as Context } from '../core/request-context.js';
import type { Viewer } from '../core/viewer.js';
import type { Config } from '../config.js';
import type { RequestScope } from '../db/request-scope.js';
import { UnitOfWork } from '../db/unit-of-work.js';

/** The context of one HTTP request (see the interface in src/core/request-context.ts). */
export class RequestContext implements Context {
  readonly uow: UnitOfWork;
  /** The client's Idempotency-Key header, honoured by create-type mutations. */
  idempotencyKey: string | null = null;

  constructor(
    readonly config: Config,
    orm: MikroORM,
    readonly viewer: Viewer,
    readonly scope: RequestScope,
    /** The caller's network address (Express `req.ip`, see TRUST_PROXY): login throttling and the anonymous cost budget are kept per address. */
    readonly clientAddress = 'unknown',
    readonly clock: Clock = SYSTEM_CLOCK,
    /** The database role of the request's transaction; see AppDependencies.testOnlyDbRole. */
    dbRole?: string,
  ) {
    this.uow = new UnitOfWork(orm, dbRole);
  }

  get requestId(): string {
    return this.scope.requestId;
  }
}
