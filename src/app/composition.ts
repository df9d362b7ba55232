import type { GraphQLSchema } from 'graphql';
import type { Config } from '../config.js';
import { openDatabase, type Database } from '../db/database.js';
import { createOrm, type OrmOptions } from '../db/orm.js';
import { buildApiSchema } from '../graphql/schema.js';
import { viewerForApiKey } from '../modules/api-keys/api-key.service.js';
import { idempotencyPlugin } from '../modules/idempotency/idempotency.plugin.js';
import { startApp, type AppDependencies, type RunningApp } from '../server/app.js';
import { MODULES } from './modules.js';

/**
 * The composition root: the only place that knows every module. It hands the lower layers what
 * they would otherwise import upward — entities to the ORM, resolvers to the schema, the API-key
 * look-up and request plugins to the server.
 */
export const ENTITIES = MODULES.flatMap((module) => module.entities);
export const RESOLVERS = MODULES.flatMap((module) => module.resolvers);
export const JOBS = MODULES.flatMap((module) => module.jobs ?? []);

export function createAppOrm(options: Omit<OrmOptions, 'entities'>) {
  return createOrm({ ...options, entities: ENTITIES });
}

export function openAppDatabase(config: Config): Promise<Database> {
  return openDatabase(config, ENTITIES);
}

export function buildAppSchema(): Promise<GraphQLSchema> {
  return buildApiSchema(RESOLVERS);
}

export type KefuAppDependencies = Omit<AppDependencies, 'schema' | 'authenticateApiKey' | 'plugins'>;

export async function startKefuApp(deps: KefuAppDependencies, listen: { host: string; port: number }): Promise<RunningApp> {
  return startApp({ ...deps, schema: await buildAppSchema(), authenticateApiKey: viewerForApiKey, plugins: [idempotencyPlugin()] }, listen);
}
