import type pg from 'pg';
import { requestScope } from './request-scope.js';

const instrumented = Symbol('kefu.instrumented');

/**
 * Wraps each pooled client's `query` to count statements (and round trips, a cursor's fetches
 * included) per request and to send a transaction's
 * tenant set-up in the same round trip as its BEGIN (a simple-protocol multi-statement query).
 * MikroORM and Kysely issue BEGIN themselves; merging here keeps their transaction handling intact.
 * The set-up includes the session check, which may refuse: see `transactionSetupError`.
 */
export function instrumentPool(pool: pg.Pool): void {
  pool.on('connect', (client: pg.PoolClient & { [instrumented]?: boolean }) => {
    if (client[instrumented]) return;
    client[instrumented] = true;
    const original = client.query.bind(client) as (...args: unknown[]) => unknown;
    (client as unknown as { query: (...args: unknown[]) => unknown }).query = (...args: unknown[]) => {
      const scope = requestScope.getStore();
      if (scope) {
        scope.sqlRoundTrips += 1;
        scope.sqlStatements += 1;
        const cursor = args[0] as { read?: (...rest: unknown[]) => unknown } | undefined;
        if (cursor && typeof cursor === 'object' && typeof cursor.read === 'function') {
          // A cursor (db/stream.ts): one statement, and one more round trip per chunk it fetches.
          const read = cursor.read.bind(cursor);
          cursor.read = (...rest: unknown[]) => {
            scope.sqlRoundTrips += 1;
            return read(...rest);
          };
        }
        const text = typeof args[0] === 'string' ? args[0] : undefined;
        const setup = scope.pendingTransactionSetup;
        if (setup && text !== undefined && /^(begin|start transaction)\b/i.test(text) && typeof args.at(-1) !== 'function') {
          scope.pendingTransactionSetup = undefined;
          scope.sqlStatements += setup.statements;
          args[0] = `${text}; ${setup.sql}`;
          // If the set-up fails, BEGIN has still opened a transaction. The driver would treat the whole
          // round trip as a failed BEGIN and never release the connection (Kysely does not), so BEGIN is
          // answered as done and the failure handed to TenantTransaction.begin, which rolls back.
          return (original(...args) as Promise<unknown>).catch((error: unknown) => {
            scope.transactionSetupError = error;
            return [];
          });
        }
      }
      return original(...args);
    };
  });
}
