import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import type { Viewer } from '../core/viewer.js';
import { SessionEndedError } from '../core/errors.js';
import { requestScope } from './request-scope.js';
import { invariant } from '../core/invariant.js';
import { poolOf, ReadOnlyConnection } from './read-only-connection.js';

/** The role every request runs as: no BYPASSRLS, not the tables' owner (created by the first migration). */
export const APP_DB_ROLE = 'kefu_app';

/** What PostgreSQL's row-level security policies read, as transaction-local settings. */
export interface TenantSettings {
  organizationId: string | null;
  userId: string | null;
  role: string | null;
  platformAdmin: boolean;
  /**
   * The bearer token's session: when set, the set-up also checks that it still holds for this user,
   * organization and role (`auth_session_check`, which raises SQLSTATE KF401 otherwise).
   */
  sessionId?: string | null;
  /** The request clock's instant, for the rules the database enforces too (`app_now()`). */
  now?: Date;
}

/** SQLSTATE raised by `auth_session_check` (migrations/Migration20261123010000_sessions.ts). */
export const SESSION_ENDED_SQLSTATE = 'KF401';

export function settingsFor(viewer: Viewer, now?: Date): TenantSettings {
  return { ...viewerSettings(viewer), ...(now ? { now } : {}) };
}

function viewerSettings(viewer: Viewer): TenantSettings {
  switch (viewer.kind) {
    case 'anonymous':
      return { organizationId: null, userId: null, role: null, platformAdmin: false };
    case 'platformAdmin':
      return { organizationId: null, userId: viewer.userId, role: 'PLATFORM_ADMIN', platformAdmin: true, sessionId: viewer.sessionId };
    case 'member':
      return { organizationId: viewer.organizationId, userId: viewer.userId, role: viewer.role, platformAdmin: false, sessionId: viewer.sessionId };
    case 'system':
      return { organizationId: viewer.organizationId, userId: null, role: 'SYSTEM', platformAdmin: false };
  }
}

const SAFE_VALUE = /^[A-Za-z0-9_-]*$/;

function literal(value: string | null): string {
  const text = value ?? '';
  // Only ids and enum values go here; refusing anything else keeps the literal trivially safe.
  invariant(SAFE_VALUE.test(text), 'unsafe tenant setting value');
  return `'${text}'`;
}

/**
 * One SELECT that switches role and sets every policy input (`true` makes each local to the
 * transaction) and, for a bearer token, checks its session in the same round trip.
 */
export function tenantSetupSql(settings: TenantSettings, dbRole: string = APP_DB_ROLE): string {
  const sessionCheck = settings.sessionId
    ? `, auth_session_check(${literal(settings.sessionId)}, ${literal(settings.userId)}, ${literal(settings.organizationId)}, ${literal(settings.role)})`
    : '';
  return (
    `select set_config('role', ${literal(dbRole)}, true), ` +
    `set_config('app.org_id', ${literal(settings.organizationId)}, true), ` +
    `set_config('app.user_id', ${literal(settings.userId)}, true), ` +
    `set_config('app.role', ${literal(settings.role)}, true), ` +
    `set_config('app.platform_admin', ${literal(settings.platformAdmin ? 'on' : '')}, true)` +
    (settings.now ? `, set_config('app.now', ${instant(settings.now)}, true)` : '') +
    sessionCheck
  );
}

/** An instant as a literal; `toISOString()` has one fixed shape, checked anyway. */
function instant(date: Date): string {
  const text = date.toISOString();
  invariant(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/.test(text), 'unsafe tenant setting value');
  return `'${text}'`;
}

function isSessionEnded(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === SESSION_ENDED_SQLSTATE;
}

/**
 * A request's unit of work: a forked EntityManager inside one transaction whose first round trip is
 * `BEGIN; SELECT set_config(...)`, so row-level security sees the viewer for every statement after it.
 * A read-only transaction (a query, an export) runs on a pooled connection held directly
 * (ReadOnlyConnection); one that may write is MikroORM's (Kysely's), committed with a flush.
 */
export class TenantTransaction {
  readonly em: EntityManager;
  private state: 'idle' | 'open' | 'closed' = 'idle';
  private readOnly = false;
  private connection: ReadOnlyConnection | undefined;
  private readonly commitHooks: (() => Promise<void>)[] = [];

  /**
   * `dbRole` is the role the transaction switches to: always APP_DB_ROLE, except in tests that prove
   * the services' own tenant checks with a role the policies do not restrict (AppDependencies.testOnlyDbRole).
   */
  constructor(
    private readonly orm: MikroORM,
    private readonly dbRole: string = APP_DB_ROLE,
  ) {
    this.em = orm.em.fork({ clear: true, useContext: false });
  }

  get isOpen(): boolean {
    return this.state === 'open';
  }

  /**
   * Opens the transaction as the viewer. When the session check refuses, the transaction is rolled
   * back (the connection goes back to the pool clean) and a SessionEndedError (HTTP 401) is thrown.
   */
  async begin(settings: TenantSettings, options: { readOnly?: boolean } = {}): Promise<void> {
    invariant(this.state === 'idle', `transaction already ${this.state}`);
    this.readOnly = options.readOnly === true;
    const setup = { sql: tenantSetupSql(settings, this.dbRole), statements: 1 };
    const scope = requestScope.getStore();
    if (scope) {
      scope.pendingTransactionSetup = setup;
      scope.transactionSetupError = undefined;
    }
    try {
      if (this.readOnly) await this.beginReadOnly();
      else await this.em.begin();
    } catch (error) {
      if (scope) scope.pendingTransactionSetup = undefined;
      throw error;
    }
    this.state = 'open';
    let failure: { error: unknown } | undefined;
    if (scope && scope.pendingTransactionSetup !== setup) {
      // Sent together with BEGIN by the instrumented pool; a failure was set aside for us.
      if (scope.transactionSetupError !== undefined) failure = { error: scope.transactionSetupError };
      scope.transactionSetupError = undefined;
    } else {
      // The driver did not send it with BEGIN (no instrumented pool): send it now.
      if (scope) scope.pendingTransactionSetup = undefined;
      try {
        await this.em.execute(setup.sql);
      } catch (error) {
        failure = { error };
      }
    }
    if (failure) {
      await this.rollback().catch(() => {});
      throw isSessionEnded(failure.error) ? new SessionEndedError() : failure.error;
    }
  }

  /** BEGIN on a connection of the ORM's pool, which then carries every statement of the EntityManager until the end. */
  private async beginReadOnly(): Promise<void> {
    const client = await (await poolOf(this.orm)).connect();
    try {
      // As Kysely words it: the instrumented pool recognizes it and sends the tenant set-up with it.
      await client.query('start transaction read only');
    } catch (error) {
      client.release(error instanceof Error ? error : true);
      throw error;
    }
    this.connection = new ReadOnlyConnection(client);
    this.em.setTransactionContext(this.connection as never);
  }

  /** Ends the read-only transaction and gives its connection back (a connection that failed to end is discarded). */
  private async endReadOnly(statement: 'commit' | 'rollback'): Promise<void> {
    const connection = this.connection;
    invariant(connection, 'a read-only transaction holds its connection');
    this.connection = undefined;
    // Stays the EntityManager's context, ended: a late statement fails rather than run outside the transaction.
    connection.end();
    try {
      await connection.finish(statement);
    } catch (error) {
      connection.client.release(error instanceof Error ? error : true);
      throw error;
    }
    connection.client.release();
  }

  /** Changes whom the rest of the transaction acts for (after login or registration). */
  async actAs(settings: TenantSettings): Promise<void> {
    invariant(this.state === 'open', 'transaction is not open');
    await this.em.execute(tenantSetupSql({ ...settings, sessionId: null }, this.dbRole));
  }

  /** Work that must be written with the transaction's other changes, just before it commits. */
  beforeCommit(hook: () => Promise<void>): void {
    this.commitHooks.push(hook);
  }

  async commit(): Promise<void> {
    if (this.state !== 'open') return;
    for (const hook of this.commitHooks.splice(0)) await hook();
    this.state = 'closed';
    if (this.readOnly) {
      // Nothing can have been written (PostgreSQL refuses writes in a read-only transaction): end it
      // without the unit of work's flush, which would compare every loaded entity with its snapshot.
      await this.endReadOnly('commit');
      return;
    }
    await this.em.commit();
  }

  /** Whether the transaction was opened read-only (a query): loaders may then return plain rows. */
  get isReadOnly(): boolean {
    return this.readOnly;
  }

  async rollback(): Promise<void> {
    if (this.state !== 'open') return;
    this.state = 'closed';
    if (this.readOnly) {
      await this.endReadOnly('rollback');
      return;
    }
    await this.em.rollback();
  }
}
