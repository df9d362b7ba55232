import type { GraphQLSchema } from 'graphql';
import type { Config } from '../config.js';
import { openDatabase, type Database } from '../db/database.js';
import { createOrm, type OrmOptions } from '../db/orm.js';
import { PERMISSIONS } from '../auth/permissions.js';
import type { NodeFetcher } from '../core/module.js';
import type { NamedPermission } from '../core/permission.js';
import { invariant } from '../core/invariant.js';
import { registerNodeTypes } from '../graphql/node.js';
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
/** Plain HTTP routes (file exports) of every module, mounted by the server beside /graphql. */
export const HTTP_ROUTES = MODULES.flatMap((module) => module.httpRoutes ?? []);

/** Every permission of the API by name: the shared ones and each module's own (a name is declared once). */
export const ALL_PERMISSIONS: ReadonlyMap<string, NamedPermission> = (() => {
  const all = new Map<string, NamedPermission>(Object.values(PERMISSIONS).map((p) => [p.name, p]));
  for (const module of MODULES) {
    for (const permission of Object.values(module.permissions ?? {})) {
      invariant(!all.has(permission.name), () => `permission ${permission.name} is declared twice (module ${module.name})`);
      all.set(permission.name, permission);
    }
  }
  return all;
})();

const NODE_TYPES: Record<string, NodeFetcher> = Object.assign({}, ...MODULES.map((module) => module.nodeTypes ?? {}));

export function createAppOrm(options: Omit<OrmOptions, 'entities'>) {
  return createOrm({ ...options, entities: ENTITIES });
}

export function openAppDatabase(config: Config): Promise<Database> {
  return openDatabase(config, ENTITIES);
}

export function buildAppSchema(): Promise<GraphQLSchema> {
  registerNodeTypes(NODE_TYPES);
  return buildApiSchema(RESOLVERS);
}

export type KefuAppDependencies = Omit<AppDependencies, 'schema' | 'authenticateApiKey' | 'plugins' | 'httpRoutes'>;

export async function startKefuApp(deps: KefuAppDependencies, listen: { host: string; port: number }): Promise<RunningApp> {
  return startApp(
    { ...deps, schema: await buildAppSchema(), authenticateApiKey: viewerForApiKey, plugins: [idempotencyPlugin()], httpRoutes: HTTP_ROUTES },
    listen,
  );
}
