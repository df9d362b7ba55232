import type { MikroORM } from '@mikro-orm/postgresql';
import type { Config } from '../config.js';

/**
 * What a domain module contributes to the application. Each module exports one descriptor from its
 * `<name>.module.ts`; the composition root (src/app/modules.ts) lists them, so a new domain touches
 * its own folder and one line there.
 */
/** What a scheduled job gets to run with. */
export interface JobEnvironment {
  orm: MikroORM;
  config: Config;
}

/** Work on a cron schedule (pg-boss: once per tick across replicas; every run must be idempotent). */
export interface ScheduledJob {
  queue: string;
  cron: string;
  /** IANA time zone of the cron expression (UTC by default). */
  timeZone?: string;
  /** Does the work; what it returns is logged (null: nothing worth a log line). */
  run: (environment: JobEnvironment, jobId?: string) => Promise<({ message: string } & Record<string, unknown>) | null>;
}

export interface ModuleDescriptor {
  name: string;
  /** MikroORM entity classes. */
  entities: readonly (abstract new (...args: never[]) => object)[];
  /** type-graphql resolver classes (they register their node types when loaded). */
  resolvers: readonly (abstract new (...args: never[]) => object)[];
  /** Scheduled jobs of the domain. */
  jobs?: readonly ScheduledJob[];
}
