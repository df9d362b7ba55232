import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import type { MikroORM } from '@mikro-orm/postgresql';
import express from 'express';
import proxyaddr from 'proxy-addr';
import { GraphQLError, Kind, parse, type DocumentNode, type FragmentDefinitionNode, type GraphQLSchema, type OperationDefinitionNode } from 'graphql';
import { CostBudget } from '../graphql/cost-budget.js';
import { compiledExecutionPlugin } from './compiled-execution-plugin.js';
import { acceptsBulkInput, countResolvedFields, limitViolation, measureOperation, type OperationCost } from '../graphql/limits.js';
import { checkLiterals, checkVariables } from '../graphql/text-input.js';
import type { Logger } from 'pino';
import type { Clock } from '../core/clock.js';
import { ANONYMOUS, type Viewer } from '../core/viewer.js';
import type { Config } from '../config.js';
import { pendingMigrations } from '../db/orm.js';
import { newRequestScope, requestScope } from '../db/request-scope.js';
import { settingsFor } from '../db/tenant-transaction.js';
import { UnauthenticatedError, createErrorFormatter } from '../graphql/errors.js';
import { RequestContext } from './context.js';
import { mountGraphiql } from './graphiql.js';
import { corsMiddleware } from './cors.js';
import { allowGraphqlMethods, errorHandler, notFound, requireJsonBody } from './http-errors.js';
import { directGraphqlPost, takesDirectPath } from './direct-graphql-post.js';
import type { Metrics } from './metrics.js';
import { describeInternalError } from './logger.js';
import type { HttpRoute } from '../core/http-route.js';
import { resolveViewer, type ApiKeyAuthenticator } from './authenticate.js';
import { mountHttpRoutes } from './http-routes.js';
import { graphqlHttpHandler } from './graphql-http.js';
import type { RequestRecord } from './request-record.js';
import { invariant } from '../core/invariant.js';

export type { RequestRecord } from './request-record.js';

/**
 * Request bodies above 1 MiB are refused (PAYLOAD_TOO_LARGE), except for operations whose root
 * fields all take bulk input (usageReport): with a credential and a Content-Length, their bodies may
 * reach `limits.maxBulkBodyBytes`, and an operation that is not one of them is then refused with 413.
 */
const BODY_LIMIT_BYTES = 1024 * 1024;

export interface AppDependencies {
  config: Config;
  orm: MikroORM;
  logger: Logger;
  metrics: Metrics;
  /** The API's schema, built by the composition root from the modules' resolvers. */
  schema: GraphQLSchema;
  /** Finds the viewer an organization API key stands for (null when unknown or revoked). */
  authenticateApiKey: ApiKeyAuthenticator;
  /** Modules' request plugins (idempotency, …), run after the tenant transaction has begun. */
  plugins: ApolloServerPlugin<RequestContext>[];
  /** Modules' plain HTTP routes (file exports), authenticated like /graphql: see src/server/http-routes.ts. */
  httpRoutes?: readonly HttpRoute[];
  /** Where rules read the time (the system clock unless a test moves its own). */
  clock?: Clock;
  /** Sees every request's record (tests count SQL statements with it). */
  onRequest?: (record: RequestRecord) => void;
  /**
   * Tests only, never set by main.ts nor read from the environment, refused unless NODE_ENV=test: the
   * database role request transactions switch to instead of `kefu_app`. A test gives a role with
   * kefu_app's grants and BYPASSRLS (test/helpers/test-app.ts, `policies: 'bypassed'`) to prove
   * that the services' own tenant checks hold when row-level security would let a request through.
   */
  testOnlyDbRole?: string;
}

export interface RunningApp {
  url: string;
  port: number;
  stop: () => Promise<void>;
}

/** Root fields that act for nobody until they have checked credentials of their own. */
const SIGN_IN_FIELDS = new Set(['login', 'tokenRefresh', '__typename']);

/**
 * A mutation made only of login / tokenRefresh: it is served as anonymous whatever credential comes
 * with it, so a client that still sends its expired or ended token along can renew it or sign in
 * again. Only a body that mentions them is parsed (the operation's own parse comes later).
 */
function isSignInOnly(body: unknown, maxTokens: number): boolean {
  const { query, operationName } = (body ?? {}) as { query?: unknown; operationName?: unknown };
  if (typeof query !== 'string' || !/\b(login|tokenRefresh)\b/.test(query)) return false;
  try {
    const operations = parse(query, { maxTokens }).definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
    const operation =
      typeof operationName === 'string' ? operations.find((o) => o.name?.value === operationName) : operations.length === 1 ? operations[0] : undefined;
    return (
      operation?.operation === 'mutation' &&
      operation.selectionSet.selections.every((selection) => selection.kind === Kind.FIELD && SIGN_IN_FIELDS.has(selection.name.value))
    );
  } catch {
    return false;
  }
}

/**
 * The JSON body parser: 1 MiB, or up to `maxBulkBodyBytes` for a request that declares a larger
 * Content-Length and carries a credential (only a bulk mutation may then run: see transactionPlugin).
 */
function jsonBody(maxBulkBodyBytes: number): express.RequestHandler {
  const ordinary = express.json({ limit: BODY_LIMIT_BYTES });
  const bulk = express.json({ limit: maxBulkBodyBytes });
  return (req, res, next) => {
    const declared = Number(req.headers['content-length'] ?? 0);
    const credential = req.headers.authorization !== undefined || req.headers['x-api-key'] !== undefined;
    (declared > BODY_LIMIT_BYTES && credential ? bulk : ordinary)(req, res, next);
  };
}

/** Every request's id (the client's X-Request-Id when it is a plain token, else a new one) and the scope the database layer counts in. */
function assignRequestId(req: http.IncomingMessage, res: http.ServerResponse, next: () => void): void {
  const header = req.headers['x-request-id'];
  const requestId = (typeof header === 'string' && /^[\w-]{1,64}$/.test(header) && header) || randomUUID();
  res.setHeader('X-Request-Id', requestId);
  requestScope.run(newRequestScope(requestId), next);
}

/** Whose budget an operation spends: the organization, the administrator, or the anonymous address. */
function budgetKey(viewer: Viewer, clientAddress: string): string {
  if (viewer.kind === 'member') return `org:${viewer.organizationId}`;
  if (viewer.kind === 'platformAdmin') return `admin:${viewer.userId}`;
  return `ip:${clientAddress}`;
}

/** Opens the request's tenant transaction once the operation is known; commits or rolls back before answering. */
function transactionPlugin(deps: AppDependencies): ApolloServerPlugin<RequestContext> {
  const costBudget = new CostBudget(deps.config.limits.costPerMinute);
  // Apollo hands back the same document object for the same query text (its document cache).
  const cleanDocuments = new WeakSet<DocumentNode>();
  const operationCosts = new WeakMap<OperationDefinitionNode, OperationCost>();
  return {
    async requestDidStart() {
      const started = process.hrtime.bigint();
      let operationName = 'unknown';
      let cost: OperationCost | undefined;
      let remaining: number | undefined;
      return {
        async didResolveOperation({ contextValue, operation, operationName: name, document, request, schema }) {
          const kind = operation?.operation ?? 'query';
          operationName = name ?? operation?.name?.value ?? `anonymous_${kind}`;
          // Text PostgreSQL refuses (NUL, lone surrogates) is the client's mistake: refuse it for every input before any SQL.
          const badVariable = checkVariables(request.variables);
          if (badVariable) throw badVariable;
          if (!cleanDocuments.has(document)) {
            const badLiteral = checkLiterals(document);
            if (badLiteral) throw badLiteral;
            cleanDocuments.add(document);
          }
          if (Number(request.http?.headers.get('content-length') ?? 0) > BODY_LIMIT_BYTES && !(operation && acceptsBulkInput(schema, operation))) {
            throw new GraphQLError('The request body exceeds the limit of 1 MB (larger bodies are accepted for bulk mutations such as usageReport only).', {
              extensions: { code: 'PAYLOAD_TOO_LARGE', http: { status: 413 } },
            });
          }
          if (operation) {
            cost = operationCosts.get(operation);
            if (!cost) {
              const fragments = Object.fromEntries(
                document.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((d) => [d.name.value, d]),
              );
              cost = measureOperation(schema, operation, fragments, request.variables ?? {});
              // Without variables the estimate is the document's own: measured once per cached document.
              if (!operation.variableDefinitions?.length) operationCosts.set(operation, cost);
            }
            const violation = limitViolation(cost, deps.config.limits);
            if (violation) throw violation;
            const budget = costBudget.take(budgetKey(contextValue.viewer, contextValue.clientAddress), cost.cost);
            remaining = budget.remaining;
            if (!budget.allowed) {
              throw new GraphQLError(
                `Cost budget exhausted: ${budget.remaining} of ${costBudget.pointsPerMinute} points left this minute, this operation needs ${cost.cost}. Retry in ${budget.resetInSeconds} s.`,
                { extensions: { code: 'RATE_LIMITED', http: { status: 429, headers: new Map([['retry-after', String(budget.resetInSeconds)]]) } } },
              );
            }
          }
          await contextValue.uow.tx.begin(settingsFor(contextValue.viewer, contextValue.clock.now()), { readOnly: kind === 'query' });
        },
        async willSendResponse({ contextValue, response }) {
          const body = response.body.kind === 'single' ? response.body.singleResult : undefined;
          try {
            await contextValue.uow.tx.commit();
          } catch (error) {
            deps.logger.error({ requestId: contextValue.requestId, error: describeInternalError(error) }, 'commit failed');
            await contextValue.uow.tx.rollback().catch(() => {});
            if (body) {
              body.data = null;
              body.errors = [{ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } }];
            }
          }
          if (body && cost) {
            body.extensions = {
              ...body.extensions,
              cost: {
                requested: cost.cost,
                actual: countResolvedFields(body.data),
                remaining: remaining ?? null,
                limit: deps.config.limits.maxCost,
                depth: cost.depth,
              },
            };
          }
          const seconds = Number(process.hrtime.bigint() - started) / 1e9;
          const outcome = body?.errors?.length ? 'error' : 'ok';
          const scope = contextValue.scope;
          deps.metrics.requests.inc({ operation: operationName, outcome });
          deps.metrics.duration.observe({ operation: operationName }, seconds);
          deps.metrics.sqlStatements.observe({ operation: operationName }, scope.sqlStatements);
          const viewer = contextValue.viewer;
          const record: RequestRecord = {
            requestId: scope.requestId,
            operation: operationName,
            organizationId: viewer.kind === 'member' ? viewer.organizationId : undefined,
            viewer: viewer.kind,
            durationMs: Math.round(seconds * 1000 * 10) / 10,
            sqlStatements: scope.sqlStatements,
            sqlRoundTrips: scope.sqlRoundTrips,
            outcome,
            errorCodes: body?.errors?.map((e) => e.extensions?.code),
          };
          deps.logger.info(record, 'graphql request');
          deps.onRequest?.(record);
        },
      };
    },
  };
}

export async function startApp(deps: AppDependencies, listen: { host: string; port: number }): Promise<RunningApp> {
  const { config, orm, logger, metrics } = deps;
  invariant(deps.testOnlyDbRole === undefined || config.env === 'test', 'testOnlyDbRole is for tests only (NODE_ENV=test)');
  const app = express();
  app.disable('x-powered-by');
  // Off by default: the client address (login throttling, the anonymous cost budget) is the TCP peer.
  app.set('trust proxy', config.trustProxy);
  // Express follows the validated configuration, not whatever NODE_ENV the process inherited.
  app.set('env', config.env === 'production' ? 'production' : 'development');
  const trustProxy = app.get('trust proxy fn') as (address: string, hop: number) => boolean;
  // Its request handler is attached once the routes are in place (below).
  const httpServer = http.createServer();

  const apollo = new ApolloServer<RequestContext>({
    // Apollo parses, validates, caches documents and runs the plugins; queries execute compiled (see compiledExecutionPlugin).
    schema: deps.schema,
    introspection: config.introspection,
    hideSchemaDetailsFromClientErrors: !config.introspection,
    includeStacktraceInErrorResponses: false,
    parseOptions: { maxTokens: config.limits.maxTokens },
    // Compact JSON: Apollo pretty-prints by default, which costs CPU and bytes on every response.
    stringifyResult: (value) => JSON.stringify(value),
    formatError: createErrorFormatter((error) => logger.error({ error: describeInternalError(error) }, 'internal error')),
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer }),
      ApolloServerPluginLandingPageDisabled(),
      // No HTTP caching of GraphQL responses here; without it Apollo does not wrap every field resolver.
      ApolloServerPluginCacheControlDisabled(),
      transactionPlugin(deps),
      ...deps.plugins,
      // Last: a module's answer for an operation (an idempotent replay) comes first.
      ...(process.env.KEFU_NO_JIT ? [] : [compiledExecutionPlugin<RequestContext>(deps.schema)]),
    ],
  });
  await apollo.start();

  const cors = corsMiddleware(config.cors);
  app.use(assignRequestId);
  app.use(cors);

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/readyz', async (_req, res) => {
    try {
      const pending = await pendingMigrations(orm);
      if (pending > 0) {
        res.status(503).json({ status: 'migrations pending', pending });
        return;
      }
      res.json({ status: 'ready' });
    } catch {
      res.status(503).json({ status: 'database unreachable' });
    }
  });
  app.get('/metrics', async (_req, res) => {
    const pool = (await orm.em
      .getConnection()
      .getNativeClient()
      .catch(() => undefined)) as { totalCount: number; idleCount: number; waitingCount: number } | undefined;
    if (pool) {
      metrics.poolConnections.set({ state: 'total' }, pool.totalCount);
      metrics.poolConnections.set({ state: 'idle' }, pool.idleCount);
      metrics.poolConnections.set({ state: 'waiting' }, pool.waitingCount);
    }
    res.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  });
  mountGraphiql(app);
  mountHttpRoutes(app, deps.httpRoutes ?? [], {
    ...deps,
    resolveViewer: (req) => resolveViewer(config, orm, deps.authenticateApiKey, req),
  });

  const handleGraphql = graphqlHttpHandler(apollo, async (req) => {
    const scope = requestScope.getStore() ?? newRequestScope(randomUUID());
    let viewer: Viewer = ANONYMOUS;
    const credential = req.headers.authorization !== undefined || req.headers['x-api-key'] !== undefined;
    if (credential && !isSignInOnly(req.body, config.limits.maxTokens)) {
      try {
        viewer = await resolveViewer(config, orm, deps.authenticateApiKey, req);
      } catch (error) {
        if (error instanceof UnauthenticatedError) {
          throw new GraphQLError(error.message, { extensions: { code: error.code, http: { status: 401 } } });
        }
        throw error;
      }
    }
    // Express's `req.ip`, computed the same way on both paths (TRUST_PROXY decides whether X-Forwarded-For counts).
    const clientAddress = proxyaddr(req, trustProxy) || 'unknown';
    const context = new RequestContext(config, orm, viewer, scope, clientAddress, deps.clock, deps.testOnlyDbRole);
    const key = req.headers['idempotency-key'];
    if (typeof key === 'string') {
      if (!/^[\x21-\x7e]{1,200}$/.test(key)) {
        throw new GraphQLError('Idempotency-Key must be 1 to 200 visible ASCII characters.', {
          extensions: { code: 'BAD_USER_INPUT', http: { status: 400 } },
        });
      }
      context.idempotencyKey = key;
    }
    return context;
  });
  app.use('/graphql', allowGraphqlMethods, requireJsonBody, jsonBody(config.limits.maxBulkBodyBytes), (req, res, next) => {
    handleGraphql(req, res).catch(next);
  });
  const handleError = errorHandler(logger, '1 MB');
  const directPost = directGraphqlPost({
    prepare: [assignRequestId, cors],
    handle: handleGraphql,
    // What Express's error handler answers; with the headers already sent, the socket is closed, as Express does.
    onError: (error, req, res) => handleError(error, req, res, () => res.destroy()),
  });

  app.use(notFound);
  app.use(handleError);
  // The common POST /graphql is served beside Express (directGraphqlPost), everything else through it.
  httpServer.on('request', (req: http.IncomingMessage, res: http.ServerResponse) => {
    if (takesDirectPath(req, BODY_LIMIT_BYTES)) directPost(req, res);
    else void app(req, res);
  });

  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(listen.port, listen.host, () => resolve());
  });
  const port = (httpServer.address() as AddressInfo).port;
  const shownHost = listen.host === '0.0.0.0' || listen.host === '::' ? 'localhost' : listen.host;
  return {
    url: `http://${shownHost}:${port}/graphql`,
    port,
    // Apollo's drain plugin stops accepting connections and waits for in-flight requests.
    stop: () => apollo.stop(),
  };
}
