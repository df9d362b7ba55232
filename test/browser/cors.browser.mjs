// npm run test:browser (not part of npm test): a page served from another origin, in headless
// Chromium (Debian's /usr/bin/chromium driven by playwright-core), signs in with fetch() and queries
// the API; a page on an origin that is not allowed must be stopped by the browser.
// The API is the compiled server (`npm run build` first) on an embedded PostgreSQL in a temporary
// directory, or on DATABASE_URL when set; the demo seed provides owner@merchant.demo.
/* global window */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '../..');
const chromiumPath = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const log = (line) => process.stdout.write(`${line}\n`);

if (!existsSync(chromiumPath)) {
  process.stderr.write(
    `test:browser: Chromium not found at ${chromiumPath}.\n  Install Debian's: apt-get install chromium  (or set CHROMIUM_PATH to a Chromium binary).\n`,
  );
  process.exit(1);
}
if (!existsSync(path.join(root, 'dist/src/main.js'))) {
  process.stderr.write('test:browser: dist/src/main.js is missing: run it as npm run test:browser (it builds first).\n');
  process.exit(1);
}
const { chromium } = await import('playwright-core');

function freePort(host = '127.0.0.1') {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, host, () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

const PAGE = (api) => `<!doctype html>
<html><head><meta charset="utf-8"><title>Shop front end</title></head>
<body><pre id="out">running…</pre>
<script type="module">
  const out = document.getElementById('out');
  async function call(query, variables, token) {
    const response = await fetch(${JSON.stringify(api)}, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Request-Id': 'browser-check-1', ...(token ? { Authorization: 'Bearer ' + token } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    return { status: response.status, requestId: response.headers.get('X-Request-Id'), body: await response.json() };
  }
  try {
    const login = await call('mutation($input: LoginInput!) { login(input: $input) { token userErrors { code message } } }',
      { input: { email: 'owner@merchant.demo', password: 'demo-password-1' } });
    const token = login.body.data && login.body.data.login.token;
    if (!token) throw new Error('login failed: ' + JSON.stringify(login.body));
    const viewer = await call('{ viewer { role organization { legalName } } }', {}, token);
    window.__result = { ok: true, origin: location.origin, loginStatus: login.status, requestId: viewer.requestId, viewer: viewer.body.data && viewer.body.data.viewer, errors: viewer.body.errors };
  } catch (error) {
    window.__result = { ok: false, origin: location.origin, error: String(error) };
  }
  out.textContent = JSON.stringify(window.__result, null, 2);
</script></body></html>`;

const cleanups = [];
async function cleanup() {
  for (const step of cleanups.reverse()) await step().catch(() => {});
}
function fail(message) {
  process.stderr.write(`test:browser FAILED: ${message}\n`);
  process.exitCode = 1;
}

try {
  const tmp = await mkdtemp(path.join(os.tmpdir(), 'kefu-browser-'));
  // As root, the embedded PostgreSQL runs as the system user postgres, which must reach its data.
  await chmod(tmp, 0o755);
  cleanups.push(() => rm(tmp, { recursive: true, force: true }));

  // 1. The API: compiled server, development defaults (localhost origins allowed), demo seed on.
  const apiPort = await freePort();
  const env = {
    ...process.env,
    NODE_ENV: 'development',
    HOST: '127.0.0.1',
    PORT: String(apiPort),
    DATA_DIR: path.join(tmp, 'data'),
    EMBEDDED_PG_PORT: String(await freePort()),
    SEED_DEMO: 'true',
    JOBS_ENABLED: 'false',
    LOG_LEVEL: 'warn',
  };
  delete env.NODE_OPTIONS;
  delete env.CORS_ORIGINS;
  const started = Date.now();
  const server = spawn(process.execPath, [path.join(root, 'dist/src/main.js')], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let serverOutput = '';
  server.stdout.on('data', (chunk) => (serverOutput += chunk));
  server.stderr.on('data', (chunk) => (serverOutput += chunk));
  cleanups.push(
    () =>
      new Promise((resolve) => {
        if (server.exitCode !== null) return resolve();
        const timer = setTimeout(() => server.kill('SIGKILL'), 20_000);
        server.once('exit', () => {
          clearTimeout(timer);
          resolve();
        });
        server.kill('SIGTERM');
      }),
  );
  await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the API was not ready in 90 s:\n${serverOutput}`)), 90_000);
    server.stdout.on('data', () => {
      if (serverOutput.includes('Press Ctrl-C to stop.')) {
        clearTimeout(timer);
        resolve();
      }
    });
    server.once('exit', (code) => reject(new Error(`the API exited with ${code}:\n${serverOutput}`)));
  });
  const api = `http://127.0.0.1:${apiPort}/graphql`;
  log(`API ready in ${Date.now() - started} ms at ${api} (${process.env.DATABASE_URL ? 'DATABASE_URL' : 'embedded PostgreSQL in a temporary directory'})`);

  // 2. The shop's page, on another origin (another host name and port).
  const pages = http.createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(PAGE(api));
  });
  await new Promise((resolve) => pages.listen(0, '0.0.0.0', resolve));
  cleanups.push(() => new Promise((resolve) => pages.close(() => resolve())));
  const pagePort = pages.address().port;

  // 3. Headless Chromium with a fresh profile.
  const profile = await mkdtemp(path.join(os.tmpdir(), 'kefu-chromium-'));
  cleanups.push(() => rm(profile, { recursive: true, force: true }));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  cleanups.push(() => context.close());
  log(`Chromium ${context.browser()?.version() ?? ''} (${chromiumPath})`.replace(' ()', ''));

  const visit = async (origin) => {
    const page = await context.newPage();
    const consoleErrors = [];
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(message.text());
    });
    await page.goto(`${origin}/`);
    await page.waitForFunction(() => window.__result !== undefined, undefined, { timeout: 30_000 });
    const result = await page.evaluate(() => window.__result);
    await page.close();
    return { result, consoleErrors };
  };

  // Allowed: development allows localhost origins.
  const allowed = await visit(`http://localhost:${pagePort}`);
  log(`page http://localhost:${pagePort} → ${JSON.stringify(allowed.result)}`);
  if (!allowed.result.ok) fail(`the page on an allowed origin could not call the API: ${allowed.result.error}\n${allowed.consoleErrors.join('\n')}`);
  else if (allowed.result.viewer?.role !== 'OWNER' || !allowed.result.viewer?.organization?.legalName)
    fail(`unexpected viewer: ${JSON.stringify(allowed.result)}`);
  else if (allowed.result.requestId !== 'browser-check-1')
    fail(`X-Request-Id is not readable by the page (Access-Control-Expose-Headers): ${allowed.result.requestId}`);

  // Not allowed: 127.0.0.2 is not a localhost origin, so the browser must block the call.
  const blocked = await visit(`http://127.0.0.2:${pagePort}`);
  log(`page http://127.0.0.2:${pagePort} → ${JSON.stringify(blocked.result)}`);
  if (blocked.result.ok) fail('a page on an origin that is not allowed could call the API');
  else if (!blocked.consoleErrors.some((text) => /CORS/i.test(text))) fail(`expected a CORS error in the console, got: ${blocked.consoleErrors.join('\n')}`);
  else log(`  blocked by the browser: ${blocked.consoleErrors.find((text) => /CORS/i.test(text))}`);

  if (!process.exitCode) log('test:browser OK: a page on another origin signed in and queried; a page on a disallowed origin was blocked.');
} catch (error) {
  fail(error instanceof Error ? error.message : String(error));
} finally {
  await cleanup();
}
