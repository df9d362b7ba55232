import type { MikroORM } from '@mikro-orm/postgresql';
import pg from 'pg';
import Cursor from 'pg-cursor';
import { requestScope } from './request-scope.js';

/** A statement as MikroORM hands it to its transaction context (Kysely's CompiledQuery). */
interface CompiledStatement {
  readonly sql: string;
  readonly parameters: readonly unknown[];
}

/** A statement without parameters waiting, with others, for its round trip. */
interface Waiting {
  readonly text: string;
  resolve(result: pg.QueryResult): void;
  reject(error: unknown): void;
}

/**
 * A read-only transaction's pooled connection, set as the EntityManager's transaction context in
 * place of a Kysely transaction: MikroORM runs every statement of a transaction through its context
 * (`executeQuery`, `getExecutor().stream`), and this one sends it straight to the `pg` client.
 * A read-only request opens, reads and ends its transaction on it with no Kysely transaction
 * builder, connection provider or per-query promise chain in between, and no MikroORM transaction
 * events (there is nothing to flush). Writes are refused by PostgreSQL, as before.
 */
export class ReadOnlyConnection {
  private ended = false;
  /** The last round trip sent or scheduled: the next waits for it (pg deprecates sending while one runs; Kysely queued them too). */
  private tail: Promise<unknown> = Promise.resolve();
  /** Statements without parameters that will go together in the next round trip, not sent yet. */
  private gathering: Waiting[] | undefined;

  constructor(readonly client: pg.PoolClient) {}

  /**
   * Called before COMMIT or ROLLBACK is sent. The connection stays the EntityManager's context, so a
   * statement that comes late (a resolver still running after the answer was decided) fails here, as
   * on a committed Kysely transaction, instead of running on another pooled connection outside the
   * transaction, as the pool's login role and without the viewer's settings.
   */
  end(): void {
    this.ended = true;
  }

  private assertOpen(): void {
    if (this.ended) throw new Error('The read-only transaction has ended: no statement may run in it any more.');
  }

  /**
   * Sends a statement once the ones before it have answered. Statements without parameters that
   * arrive while the connection is busy, or in the same tick (the DataLoader batches that one level
   * of the answer fires together), go together in one round trip: one simple-protocol query of
   * several statements, whose results PostgreSQL returns one per statement. Inside the transaction
   * nothing changes but the number of round trips: the statements before a failing one answer; it,
   * and those after it (which PostgreSQL skips: they would have met an aborted transaction anyway),
   * are refused with its error.
   */
  send(text: string, values?: unknown[]): Promise<pg.QueryResult | undefined> {
    if (values) {
      // Sent alone; statements that come after it wait for it, in order.
      this.gathering = undefined;
      const result = this.tail.then(() => this.client.query(text, values) as Promise<pg.QueryResult | undefined>);
      this.tail = result.catch(() => undefined);
      return result;
    }
    return new Promise((resolve, reject) => {
      if (this.gathering) {
        this.gathering.push({ text, resolve, reject });
        return;
      }
      const batch: Waiting[] = [{ text, resolve, reject }];
      this.gathering = batch;
      this.tail = this.tail
        .then(() => new Promise((next) => process.nextTick(next)))
        .then(() => {
          if (this.gathering === batch) this.gathering = undefined;
          return this.sendTogether(batch);
        });
    });
  }

  /** One round trip for the batch; settles each statement's promise, never rejects. */
  private async sendTogether(batch: readonly Waiting[]): Promise<void> {
    const scope = requestScope.getStore();
    // The instrumented pool counts the round trip and one statement; the others ride along.
    if (scope) scope.sqlStatements += batch.length - 1;
    const query = new pg.Query(batch.map((w) => w.text).join('\n;\n'));
    const answered = await new Promise<{ results: pg.QueryResult[] } | { error: unknown; completed: pg.QueryResult[] }>((resolve) => {
      query.on('end', (results: pg.QueryResult[] | pg.QueryResult) => resolve({ results: Array.isArray(results) ? results : [results] }));
      query.on('error', (error: unknown) => resolve({ error, completed: completedResults(query) }));
      try {
        this.client.query(query);
      } catch (error) {
        resolve({ error, completed: [] });
      }
    });
    if ('error' in answered) {
      // PostgreSQL ran the statements before the failing one and skipped those after it.
      batch.forEach((waiting, i) => (i < answered.completed.length ? waiting.resolve(answered.completed[i]!) : waiting.reject(answered.error)));
      return;
    }
    if (answered.results.length !== batch.length) {
      const error = new Error(`${batch.length} statements sent together answered ${answered.results.length} results`);
      for (const waiting of batch) waiting.reject(error);
      return;
    }
    batch.forEach((waiting, i) => waiting.resolve(answered.results[i]!));
  }

  /**
   * COMMIT or ROLLBACK, alone, after every statement asked for before it (and any stream): sent with
   * statements that come late, it would fail with the first of them that fails, where alone it
   * answers as PostgreSQL does after a failure (ROLLBACK).
   */
  finish(statement: 'commit' | 'rollback'): Promise<void> {
    this.gathering = undefined;
    const done = this.tail.then(() => this.client.query(statement));
    this.tail = done.catch(() => undefined);
    return done.then(() => undefined);
  }

  /** What Kysely's PostgresConnection answers (no affected-row count: a read-only transaction changes no rows). */
  async executeQuery(compiled: CompiledStatement): Promise<{ rows: unknown[] }> {
    this.assertOpen();
    const result = await this.send(compiled.sql, compiled.parameters.length ? [...compiled.parameters] : undefined);
    return { rows: result?.rows ?? [] };
  }

  /** For MikroORM's `stream` (db/stream.ts): a cursor that fetches `chunkSize` rows per round trip, closed when the reader stops. */
  getExecutor(): { stream: (compiled: CompiledStatement, chunkSize: number) => AsyncGenerator<{ rows: unknown[] }> } {
    return { stream: (compiled, chunkSize) => this.stream(compiled, chunkSize) };
  }

  private async *stream(compiled: CompiledStatement, chunkSize: number): AsyncGenerator<{ rows: unknown[] }> {
    this.assertOpen();
    // The stream holds the connection from its turn until it is read to the end or closed: statements
    // asked for meanwhile, and the end of the transaction, wait for it (db/stream.ts).
    this.gathering = undefined;
    let closed!: () => void;
    const before = this.tail;
    this.tail = before.then(() => new Promise<void>((resolve) => (closed = resolve)));
    try {
      await before;
      // The transaction may have been asked to end while the statements before the stream ran.
      this.assertOpen();
      const cursor = this.client.query(new Cursor(compiled.sql, [...compiled.parameters]));
      try {
        for (;;) {
          // The connection may have gone back to the pool (and to another request) since the last chunk.
          this.assertOpen();
          const rows = await cursor.read(chunkSize);
          if (rows.length === 0) return;
          yield { rows };
        }
      } finally {
        // Once ended, the connection may already serve another request: its COMMIT closed the portal anyway.
        if (!this.ended) await cursor.close();
      }
    } finally {
      // Set once `before` has settled (then ran), which the await above waited for.
      closed?.();
    }
  }
}

/**
 * The results of the statements of a multi-statement query that completed before it failed: those
 * whose CommandComplete arrived, in order. pg keeps them on the query (`_results`, or `_result`
 * while there is one) and hands only the error to the caller; the test of a failure in a gathered
 * round trip reads them through this, so a pg that keeps them elsewhere fails that test.
 */
function completedResults(query: pg.Query): pg.QueryResult[] {
  const held = query as unknown as { _results?: pg.QueryResult[] | pg.QueryResult; _result?: pg.QueryResult };
  const results = Array.isArray(held._results) ? held._results : held._result ? [held._result] : [];
  const completed: pg.QueryResult[] = [];
  for (const result of results) {
    if (!result.command) break;
    completed.push(result);
  }
  return completed;
}

const pools = new WeakMap<MikroORM, pg.Pool>();

/** The ORM's `pg` pool (the instrumented one its connections come from), looked up once. */
export async function poolOf(orm: MikroORM): Promise<pg.Pool> {
  let pool = pools.get(orm);
  if (!pool) {
    pool = (await orm.em.getConnection().getNativeClient()) as pg.Pool;
    pools.set(orm, pool);
  }
  return pool;
}
