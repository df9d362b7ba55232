import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { LoaderRegistry } from '../core/loader-registry.js';
import type { UnitOfWork as UnitOfWorkShape } from '../core/request-context.js';
import { TenantTransaction } from './tenant-transaction.js';

/** One request's (or job run's) unit of work: its tenant transaction, the EntityManager inside it, its loaders. */
export class UnitOfWork implements UnitOfWorkShape {
  readonly tx: TenantTransaction;
  readonly loaders = new LoaderRegistry();

  /** `dbRole`: see AppDependencies.testOnlyDbRole. */
  constructor(orm: MikroORM, dbRole?: string) {
    this.tx = new TenantTransaction(orm, dbRole);
  }

  get em(): EntityManager {
    return this.tx.em;
  }
}
