import type { MikroORM } from '@mikro-orm/postgresql';
import type { Config } from '../config.js';
import type { HttpRoute } from './http-route.js';
import type { NamedPermission } from './permission.js';
import type { RequestContext } from './request-context.js';

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

/**
 * Loads a visible object of one type by raw id, as its GraphQL node: null when absent or not visible
 * (the same visibility rules as the domain's own queries). `node(id:)` and references in the audit
 * log go through it.
 */
export type NodeFetcher = (ctx: RequestContext, id: string) => Promise<object | null>;

/**
 * What a domain module contributes to the application. Each module exports one descriptor from its
 * `<name>.module.ts`; the composition root (src/app/modules.ts) lists them, so a new domain touches
 * its own folder and one line there.
 */
export interface ModuleDescriptor {
  name: string;
  /** MikroORM entity classes. */
  entities: readonly (abstract new (...args: never[]) => object)[];
  /** type-graphql resolver classes. */
  resolvers: readonly (abstract new (...args: never[]) => object)[];
  /** The module's own permissions (its `<name>.permissions.ts`), beside the shared ones of src/auth/permissions.ts. */
  permissions?: Readonly<Record<string, NamedPermission>>;
  /** How `node(id:)` finds the module's node types, by GraphQL type name. */
  nodeTypes?: Readonly<Record<string, NodeFetcher>>;
  /** Scheduled jobs of the domain. */
  jobs?: readonly ScheduledJob[];
  /** Plain HTTP routes (file exports), mounted by the server beside /graphql: see src/core/http-route.ts. */
  httpRoutes?: readonly HttpRoute[];
}
