import type { MikroORM } from '@mikro-orm/postgresql';
import type pg from 'pg';
import Cursor from 'pg-cursor';

/** A statement as MikroORM hands it to its transaction context (Kysely's CompiledQuery). */
interface CompiledStatement {
  readonly sql: string;
  readonly parameters: readonly unknown[];
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
  /** The last statement sent: the next waits for it (pg deprecates sending while one runs; Kysely queued them too). */
  private tail: Promise<unknown> = Promise.resolve();

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

  /** Sends a statement once the ones before it have answered. */
  send(text: string, values?: unknown[]): Promise<pg.QueryResult | undefined> {
    const result = this.tail.then(() => this.client.query(text, values) as Promise<pg.QueryResult | undefined>);
    this.tail = result.catch(() => undefined);
    return result;
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
    await this.tail;
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
  }
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
