import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export interface Metrics {
  registry: Registry;
  requests: Counter<'operation' | 'outcome'>;
  duration: Histogram<'operation'>;
  sqlStatements: Histogram<'operation'>;
  poolConnections: Gauge<'state'>;
}

export function createMetrics(): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  return {
    registry,
    requests: new Counter({
      name: 'graphql_requests_total',
      help: 'GraphQL requests by operation name and outcome (ok, error); file exports under their route name (statementsMonthCsv, …).',
      labelNames: ['operation', 'outcome'],
      registers: [registry],
    }),
    duration: new Histogram({
      name: 'graphql_request_duration_seconds',
      help: 'GraphQL request latency by operation name (file exports: by route name, until the last byte is written).',
      labelNames: ['operation'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [registry],
    }),
    sqlStatements: new Histogram({
      name: 'graphql_request_sql_statements',
      help: 'SQL statements per GraphQL request (or file export).',
      labelNames: ['operation'],
      buckets: [1, 2, 3, 5, 8, 13, 21, 34, 55],
      registers: [registry],
    }),
    poolConnections: new Gauge({
      name: 'db_pool_connections',
      help: 'Database pool connections by state (total, idle, waiting).',
      labelNames: ['state'],
      registers: [registry],
    }),
  };
}
