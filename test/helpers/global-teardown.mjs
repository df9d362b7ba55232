import { rm } from 'node:fs/promises';
import pg from 'pg';

export default async function globalTeardown() {
  const adminUrl = process.env.KEFU_TEST_ADMIN_URL;
  const template = process.env.KEFU_TEST_TEMPLATE;
  if (adminUrl && template) {
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`drop database if exists ${template} with (force)`).catch(() => {});
    await admin.end();
  }
  await globalThis.__KEFU_EMBEDDED__?.stop();
  // stop() removes the cluster (persistent: false); the temporary directory around it goes too.
  if (globalThis.__KEFU_EMBEDDED_DIR__) await rm(globalThis.__KEFU_EMBEDDED_DIR__, { recursive: true, force: true });
}
