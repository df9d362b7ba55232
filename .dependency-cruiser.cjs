/**
 * Layer boundaries of docs/architecture.md, checked by `npm run lint:deps` (part of `npm test`).
 * core, db, graphql and auth are the lower layers: they never import modules, the server, jobs or
 * the composition root. A module reaches another module through its service, model, entity or
 * loaders — never its resolvers. Domain code (services, rules, models, entities, the billing engine)
 * knows no GraphQL.
 */
module.exports = {
  forbidden: [
    { name: 'no-circular', severity: 'error', comment: 'Import cycles make load order fragile.', from: {}, to: { circular: true } },
    {
      name: 'lower-layers-stay-low',
      severity: 'error',
      comment: 'core, db, graphql and auth never import modules, the server, jobs or the composition root.',
      from: { path: '^src/(core|db|graphql|auth)/' },
      to: { path: '^src/(modules|server|jobs|app)/' },
    },
    {
      name: 'core-is-the-bottom',
      severity: 'error',
      comment: 'core holds what every layer shares; it imports no GraphQL, authentication or HTTP code.',
      from: { path: '^src/core/' },
      to: { path: '^src/(graphql|auth|server)/' },
    },
    {
      name: 'server-knows-no-module',
      severity: 'error',
      comment: 'The HTTP server gets what it needs from the composition root (src/app/).',
      from: { path: '^src/server/' },
      to: { path: '^src/(modules|app|jobs)/' },
    },
    {
      name: 'no-other-modules-resolvers',
      severity: 'error',
      comment: 'A module reaches another through its service or model, never its resolvers.',
      from: { path: '^src/modules/([^/]+)/' },
      to: { path: '^src/modules/([^/]+)/.+[.]resolver[.]ts$', pathNot: '^src/modules/$1/' },
    },
    {
      name: 'domain-knows-no-graphql',
      severity: 'error',
      comment: 'Services, rules, models, entities and the billing engine take plain commands, not GraphQL types.',
      from: { path: '^src/modules/.+[.](service|rules|model|entity|queries|loaders)[.]ts$|^src/modules/statements/billing/' },
      to: { path: '^src/graphql/|[.](types|resolver)[.]ts$|^type-graphql$|node_modules/type-graphql/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.js', '.mjs'] },
  },
};
