import type pg from 'pg';
import type { TestApp } from './test-app.js';

/** Runs `work` as the application role inside a transaction, with the given tenant settings, and rolls back. */
export async function asApp<T>(app: TestApp, settings: Record<string, string>, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await app.sql.connect();
  try {
    await client.query('begin');
    await client.query('set local role kefu_app');
    for (const [name, value] of Object.entries(settings)) await client.query('select set_config($1, $2, true)', [name, value]);
    return await work(client);
  } finally {
    await client.query('rollback');
    client.release();
  }
}
