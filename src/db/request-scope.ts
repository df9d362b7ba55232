import { AsyncLocalStorage } from 'node:async_hooks';

/** Per-request bookkeeping that the database layer reads without being handed the request. */
export interface RequestScope {
  requestId: string;
  /** SQL statements sent to PostgreSQL (a multi-statement round trip counts each statement). */
  sqlStatements: number;
  /** Round trips to PostgreSQL. */
  sqlRoundTrips: number;
  /** Transaction set-up to send together with the next BEGIN, so both cost one round trip. */
  pendingTransactionSetup?: { sql: string; statements: number };
  /**
   * Set when the set-up sent with BEGIN failed (e.g. the session check refused): BEGIN itself went
   * through, so the transaction is open (aborted) and the tenant transaction rolls it back, which
   * returns the connection to the pool.
   */
  transactionSetupError?: unknown;
}

export const requestScope = new AsyncLocalStorage<RequestScope>();

export function newRequestScope(requestId: string): RequestScope {
  return { requestId, sqlStatements: 0, sqlRoundTrips: 0 };
}
