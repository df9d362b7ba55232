import type { MikroORM } from '@mikro-orm/postgresql';
import type { Config } from '../config.js';
import { ensureDatabase, startEmbeddedPostgres, type EmbeddedDatabase } from './embedded.js';
import { createOrm, migrate, type OrmOptions } from './orm.js';

export const EMBEDDED_DATABASE_NAME = 'kefu';

export interface Database {
  orm: MikroORM;
  /** The connection string in use (jobs open their own pool on it). */
  url: string;
  embedded: EmbeddedDatabase | null;
  appliedMigrations: string[];
  close: () => Promise<void>;
}

/** DATABASE_URL when set, else the embedded server under DATA_DIR; then migrations. */
export async function openDatabase(config: Config, entities: OrmOptions['entities']): Promise<Database> {
  let embedded: EmbeddedDatabase | null = null;
  let url = config.databaseUrl;
  if (!url) {
    embedded = await startEmbeddedPostgres(config.dataDir, config.embeddedPort);
    await ensureDatabase(embedded.url('postgres'), EMBEDDED_DATABASE_NAME);
    url = embedded.url(EMBEDDED_DATABASE_NAME);
  }
  try {
    const orm = await createOrm({ databaseUrl: url, poolSize: config.dbPoolSize, idleTimeoutMillis: config.dbPoolIdleSeconds * 1000, entities });
    const appliedMigrations = await migrate(orm);
    return {
      orm,
      url,
      embedded,
      appliedMigrations,
      close: async () => {
        await orm.close(true);
        // On Ctrl-C the terminal also signals PostgreSQL itself; it may already be down.
        await embedded?.stop().catch(() => {});
      },
    };
  } catch (error) {
    await embedded?.stop();
    throw error;
  }
}
