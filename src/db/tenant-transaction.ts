import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import type { Viewer } from '../auth/viewer.js';
import { requestScope } from './request-scope.js';

/** The role every request runs as: no BYPASSRLS, not the tables' owner (created by the first migration). */
export const APP_DB_ROLE = 'kefu_app';

/** What PostgreSQL's row-level security policies read, as transaction-local settings. */
export interface TenantSettings {
  organizationId: string | null;
  userId: string | null;
  role: string | null;
  platformAdmin: boolean;
}

export function settingsFor(viewer: Viewer): TenantSettings {
  switch (viewer.kind) {
    case 'anonymous':
      return { organizationId: null, userId: null, role: null, platformAdmin: false };
    case 'platformAdmin':
      return { organizationId: null, userId: viewer.userId, role: 'PLATFORM_ADMIN', platformAdmin: true };
    case 'member':
      return { organizationId: viewer.organizationId, userId: viewer.userId, role: viewer.role, platformAdmin: false };
  }
}

const SAFE_VALUE = /^[A-Za-z0-9_-]*$/;

function literal(value: string | null): string {
  const text = value ?? '';
  // Only ids and enum values go here; refusing anything else keeps the literal trivially safe.
  if (!SAFE_VALUE.test(text)) throw new Error('unsafe tenant setting value');
  return `'${text}'`;
}

/** One SELECT that switches role and sets every policy input; `true` makes each local to the transaction. */
export function tenantSetupSql(settings: TenantSettings): string {
  return (
    `select set_config('role', ${literal(APP_DB_ROLE)}, true), ` +
    `set_config('app.org_id', ${literal(settings.organizationId)}, true), ` +
    `set_config('app.user_id', ${literal(settings.userId)}, true), ` +
    `set_config('app.role', ${literal(settings.role)}, true), ` +
    `set_config('app.platform_admin', ${literal(settings.platformAdmin ? 'on' : '')}, true)`
  );
}

/**
 * A request's unit of work: a forked EntityManager inside one transaction whose first round trip is
 * `BEGIN; SELECT set_config(...)`, so row-level security sees the viewer for every statement after it.
 */
export class TenantTransaction {
  readonly em: EntityManager;
  private state: 'idle' | 'open' | 'closed' = 'idle';
  private readonly commitHooks: (() => Promise<void>)[] = [];

  constructor(orm: MikroORM) {
    this.em = orm.em.fork({ clear: true, useContext: false });
  }

  get isOpen(): boolean {
    return this.state === 'open';
  }

  async begin(settings: TenantSettings, options: { readOnly?: boolean } = {}): Promise<void> {
    if (this.state !== 'idle') throw new Error(`transaction already ${this.state}`);
    const setup = { sql: tenantSetupSql(settings), statements: 1 };
    const scope = requestScope.getStore();
    if (scope) {
      scope.pendingTransactionSetup = setup;
      await this.em.begin({ readOnly: options.readOnly });
      if (scope.pendingTransactionSetup === setup) {
        // The driver did not send it with BEGIN (no instrumented pool): send it now.
        scope.pendingTransactionSetup = undefined;
        await this.em.execute(setup.sql);
      }
    } else {
      await this.em.begin({ readOnly: options.readOnly });
      await this.em.execute(setup.sql);
    }
    this.state = 'open';
  }

  /** Changes whom the rest of the transaction acts for (after login or registration). */
  async actAs(settings: TenantSettings): Promise<void> {
    if (this.state !== 'open') throw new Error('transaction is not open');
    await this.em.execute(tenantSetupSql(settings));
  }

  /** Work that must be written with the transaction's other changes, just before it commits. */
  beforeCommit(hook: () => Promise<void>): void {
    this.commitHooks.push(hook);
  }

  async commit(): Promise<void> {
    if (this.state !== 'open') return;
    for (const hook of this.commitHooks.splice(0)) await hook();
    this.state = 'closed';
    await this.em.commit();
  }

  async rollback(): Promise<void> {
    if (this.state !== 'open') return;
    this.state = 'closed';
    await this.em.rollback();
  }
}
