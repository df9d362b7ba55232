import type { UnitOfWork } from '../core/request-context.js';
import { invariant } from '../core/invariant.js';
import type { Sql } from './sql.js';

/** Rows fetched per round trip by `streamRows`. */
export const STREAM_CHUNK_ROWS = 500;

/**
 * The rows of one query, read through a cursor inside the unit of work's open transaction (so
 * row-level security sees the viewer): a portal of the extended protocol that fetches `chunkRows`
 * rows per round trip, asked for the next chunk only when the consumer pulls. One SQL statement
 * whatever the number of rows, and at most one chunk in memory.
 *
 * While the stream is open it holds the transaction's connection: the transaction can neither run
 * another statement nor end until the stream is read to the end or closed (`return()`, which a
 * `for await` loop calls when it stops early). Values come as the driver gives them: numeric as
 * exact strings, dates and timestamps as PostgreSQL's text, jsonb parsed.
 */
export async function* streamRows(uow: UnitOfWork, query: Sql, chunkRows = STREAM_CHUNK_ROWS): AsyncGenerator<Record<string, unknown>, void, undefined> {
  invariant(uow.tx.isOpen, 'streamRows needs an open transaction');
  const { em } = uow;
  const transaction = em.getTransactionContext();
  invariant(transaction, 'an open transaction has a context');
  yield* em.getConnection('write').stream<Record<string, unknown>>(query.text, [...query.params], transaction as never, undefined, chunkRows);
}
