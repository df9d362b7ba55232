import { createRequire } from 'node:module';
import path from 'node:path';
import type { Express } from 'express';

const require = createRequire(import.meta.url);

/** GraphiQL from the project's own node_modules: no CDN, works offline. */
const ASSETS: Record<string, { file: string; type: string }> = {
  'react.js': { file: path.join(path.dirname(require.resolve('react/package.json')), 'umd/react.production.min.js'), type: 'text/javascript' },
  'react-dom.js': { file: path.join(path.dirname(require.resolve('react-dom/package.json')), 'umd/react-dom.production.min.js'), type: 'text/javascript' },
  'graphiql.js': { file: path.join(path.dirname(require.resolve('graphiql/package.json')), 'graphiql.min.js'), type: 'text/javascript' },
  'graphiql.css': { file: path.join(path.dirname(require.resolve('graphiql/package.json')), 'graphiql.min.css'), type: 'text/css' },
};

const PAGE = `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>Kefu Exchange — GraphiQL</title>
  <link rel="stylesheet" href="/graphiql/graphiql.css">
  <style>html, body, #graphiql { height: 100%; margin: 0; }</style>
</head>
<body>
  <div id="graphiql">Loading GraphiQL…</div>
  <script src="/graphiql/react.js"></script>
  <script src="/graphiql/react-dom.js"></script>
  <script src="/graphiql/graphiql.js"></script>
  <script>
    const fetcher = GraphiQL.createFetcher({ url: '/graphql' });
    const defaultQuery = [
      '# Sign in with a demo login (printed by npm start), copy the token into the Headers tab:',
      '# { "Authorization": "Bearer <token>" }',
      'mutation Login {',
      '  login(input: { email: "owner@merchant.demo", password: "demo-password-1" }) {',
      '    token',
      '    userErrors { code message }',
      '  }',
      '}',
      '',
      'query Me {',
      '  viewer { role user { displayName } organization { legalName kind verificationStatus } }',
      '}',
    ].join('\\n');
    ReactDOM.createRoot(document.getElementById('graphiql')).render(
      React.createElement(GraphiQL, { fetcher, defaultQuery, isHeadersEditorEnabled: true, shouldPersistHeaders: true }),
    );
  </script>
</body>
</html>`;

export function wantsGraphiql(accept: string | undefined, query: unknown): boolean {
  return !query && (accept ?? '').includes('text/html');
}

export function mountGraphiql(app: Express): void {
  for (const [name, asset] of Object.entries(ASSETS)) {
    app.get(`/graphiql/${name}`, (_req, res) => {
      res.type(asset.type).set('Cache-Control', 'public, max-age=86400').sendFile(asset.file);
    });
  }
  app.get('/', (_req, res) => res.type('html').send(PAGE));
  app.get('/graphql', (req, res, next) => (wantsGraphiql(req.headers.accept, req.query.query) ? res.type('html').send(PAGE) : next()));
}
