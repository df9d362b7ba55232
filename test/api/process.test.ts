import { Decimal } from 'decimal.js';
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '../helpers/free-port.mjs';

/**
 * `npm start` as a new user meets it: the compiled server on the embedded PostgreSQL (no
 * DATABASE_URL) — migrations, demo seed on the first start only, demo logins printed, a demo login
 * that works — and a clean exit 0 on SIGTERM.
 */
const root = path.resolve(import.meta.dirname, '../..');
let dataDir: string;
const children: ChildProcess[] = [];

beforeAll(() => {
  execFileSync(process.execPath, [path.join(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'], { cwd: root });
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'kefu-start-'));
  chmodSync(dataDir, 0o755);
}, 120_000);
afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
});
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

interface Started {
  child: ChildProcess;
  output: () => string;
  url: string;
  env: NodeJS.ProcessEnv;
}

/** The port check and PostgreSQL's listen are not atomic: a start that lost the port to another process is retried on a fresh one. */
const PORT_TAKEN = 'the port is already in use';

async function start(attempt = 1): Promise<Started> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'development',
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    LOG_LEVEL: 'warn',
    EMBEDDED_PG_PORT: String(await freePort()),
  };
  delete env.DATABASE_URL;
  delete env.NODE_OPTIONS;
  const child = spawn(process.execPath, [path.join(root, 'dist/src/main.js')], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  try {
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`not ready in 60 s:\n${output}`)), 60_000);
      const check = () => {
        const match = /GraphQL \+ GraphiQL: (http:\/\/\S+)/.exec(output);
        if (match && output.includes('Press Ctrl-C to stop.')) {
          clearTimeout(timer);
          resolve(match[1]!.replace('localhost', '127.0.0.1'));
        }
      };
      child.stdout!.on('data', check);
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`exited with ${code}:\n${output}`));
      });
    });
    return { child, output: () => output, url, env };
  } catch (error) {
    if (attempt < 3 && output.includes(PORT_TAKEN)) return start(attempt + 1);
    throw error;
  }
}

/** SIGTERM, then the exit code; a server still running after 20 s is killed and reported as 'hung'. */
function stop(started: Started): Promise<number | string | null> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      started.child.kill('SIGKILL');
      resolve(`hung:\n${started.output()}`);
    }, 20_000);
    started.child.once('exit', (code) => {
      clearTimeout(timer);
      resolve(code);
    });
    started.child.kill('SIGTERM');
  });
}

async function post(url: string, query: string, token?: string) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query }),
  });
  return (await response.json()) as { data: any };
}

test('first start: embedded database, migrations, demo seed, logins printed; a demo login works; SIGTERM exits 0', async () => {
  const first = await start();
  expect(first.output()).toContain('demo data loaded');
  for (const email of [
    'owner@merchant.demo',
    'inspector@merchant.demo',
    'finance@merchant.demo',
    'owner@vendor-a.demo',
    'finance@vendor-a.demo',
    'owner@vendor-b.demo',
    'auditor@audit.demo',
    'admin@platform.demo',
  ]) {
    expect(first.output()).toContain(email);
  }
  const login = await post(first.url, 'mutation { login(input: { email: "owner@merchant.demo", password: "demo-password-1" }) { token } }');
  const viewer = await post(first.url, '{ viewer { role organization { kind verificationStatus } } }', login.data.login.token);
  expect(viewer.data.viewer).toEqual({ role: 'OWNER', organization: { kind: 'MERCHANT', verificationStatus: 'VERIFIED' } });
  // The demo marketplace: one requirement open for bids, one closed with two bids ready to compare.
  const market = await post(
    first.url,
    '{ requirements(orderBy: NEWEST) { edges { node { status termStart bidCount questions { edges { node { question answer } } } bidComparison { entries { rank bid { vendor { legalName } } } } } } } }',
    login.data.login.token,
  );
  const statuses = market.data.requirements.edges.map((e: any) => e.node.status).sort();
  expect(statuses).toEqual(['AWARDED', 'EVALUATING', 'OPEN']);
  const closed = market.data.requirements.edges.find((e: any) => e.node.status === 'EVALUATING').node;
  expect(closed.bidCount).toBe(2);
  expect(closed.bidComparison.entries).toHaveLength(2);
  // The demo's texts arrive whole (a "?" once became a SQL placeholder) and its terms start in the future, whatever today is.
  const open = market.data.requirements.edges.find((e: any) => e.node.status === 'OPEN').node;
  expect(open.questions.edges[0].node.question).toBe('11.11 期间需要多少坐席？ How many seats during 11.11?');
  for (const edge of market.data.requirements.edges) {
    if (edge.node.status !== 'AWARDED') expect(edge.node.termStart > new Date().toISOString().slice(0, 10)).toBe(true);
  }
  // The contract in force since three months ago: last month's statement was drafted at start-up, to the cent.
  const finance = await post(first.url, 'mutation { login(input: { email: "finance@merchant.demo", password: "demo-password-1" }) { token } }');
  const statements = await post(
    first.url,
    '{ statements(first: 5) { edges { node { month status subtotal { amount } vat { amount } total { amount } } } } }',
    finance.data.login.token,
  );
  const [statement] = statements.data.statements.edges.map((e: any) => e.node);
  const lastMonth = new Date(Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth() - 1, 1)).toISOString().slice(0, 7);
  expect(statement).toMatchObject({ month: lastMonth, status: 'DRAFT' });
  expect(new Decimal(statement.subtotal.amount).times('0.06').toDecimalPlaces(2, Decimal.ROUND_HALF_UP).toFixed(2)).toBe(statement.vat.amount);
  expect(await stop(first)).toBe(0);
}, 90_000);

test('restart: the data is kept and the seed is not loaded again', async () => {
  const second = await start();
  expect(second.output()).not.toContain('demo data loaded');
  const login = await post(second.url, 'mutation { login(input: { email: "admin@platform.demo", password: "demo-password-1" }) { token } }');
  const directory = await post(second.url, '{ organizations { totalCount } }', login.data.login.token);
  expect(directory.data.organizations.totalCount).toBe(4);
  expect(await stop(second)).toBe(0);
}, 90_000);

test('the operator CLI issues a token with its own session, which ends when signed out', async () => {
  const third = await start();
  const cli = (...args: string[]) =>
    execFileSync(process.execPath, [path.join(root, 'dist/src/auth/issue-token.cli.js'), ...args], { cwd: root, env: third.env })
      .toString()
      .trim();
  const token = cli('--email', 'owner@vendor-a.demo');
  expect((await post(third.url, '{ viewer { role organization { kind } } }', token)).data.viewer).toEqual({ role: 'OWNER', organization: { kind: 'VENDOR' } });
  const adminToken = cli('--email', 'admin@platform.demo');
  expect((await post(third.url, '{ viewer { role } }', adminToken)).data.viewer.role).toBe('PLATFORM_ADMIN');
  // Signing out ends the CLI's session like any other.
  expect((await post(third.url, 'mutation { logout { signedOut } }', token)).data.logout.signedOut).toBe(true);
  expect((await post(third.url, '{ viewer { role } }', token)).data ?? null).toBeNull();
  expect(await stop(third)).toBe(0);
}, 90_000);

describe('start-up that explains itself', () => {
  /** Runs a command to its exit; the output is stdout and stderr together. */
  function run(command: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number | null; output: string }> {
    const fullEnv: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: 'development', DATA_DIR: dataDir, LOG_LEVEL: 'warn' };
    delete fullEnv.DATABASE_URL;
    delete fullEnv.NODE_OPTIONS;
    Object.assign(fullEnv, env);
    const child = spawn(command, args, { cwd: root, env: fullEnv, stdio: ['ignore', 'pipe', 'pipe'] });
    children.push(child);
    let output = '';
    child.stdout!.on('data', (chunk) => (output += chunk));
    child.stderr!.on('data', (chunk) => (output += chunk));
    return new Promise((resolve) => child.once('exit', (code) => resolve({ code, output })));
  }

  test('the embedded port in use: the message names the port and EMBEDDED_PG_PORT (no "undefined", no stack)', async () => {
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as net.AddressInfo).port;
    try {
      const { code, output } = await run(process.execPath, [path.join(root, 'dist/src/main.js')], { PORT: '0', EMBEDDED_PG_PORT: String(port) });
      expect(code).toBe(1);
      expect(output).toContain(`Kefu Exchange failed to start: The embedded PostgreSQL cannot listen on 127.0.0.1:${port}: the port is already in use`);
      expect(output).toContain('EMBEDDED_PG_PORT');
      expect(output).not.toMatch(/undefined|\n\s+at /);
    } finally {
      blocker.close();
    }
  }, 60_000);

  test('under Node < 24 the entry stops before loading argon2 and says how to get Node 24', async () => {
    // Pretend to be Node 20 (the machines' system node, on which argon2 segfaults while loading).
    const fake = 'data:text/javascript,Object.defineProperty(process.versions,"node",{value:"20.20.2"})';
    // Were the check missing, the server would fail on this unreachable database instead of starting one.
    const { code, output } = await run(process.execPath, ['--import', fake, path.join(root, 'dist/src/main.js')], {
      PORT: '0',
      DATABASE_URL: 'postgres://nobody@127.0.0.1:9/none',
    });
    expect(code).toBe(1);
    expect(output).toContain('Kefu Exchange needs Node.js 24 or later; this is Node.js 20.20.2');
    expect(output).toContain('node_modules/.bin/node');
    expect(output).not.toContain('Kefu Exchange is ready');
  }, 30_000);

  test('npm run token -- --help prints the usage and exits 0', async () => {
    const { code, output } = await run(process.execPath, [path.join(root, 'dist/src/auth/issue-token.cli.js'), '--help']);
    expect(code).toBe(0);
    expect(output).toMatch(/^Issue a bearer token/);
    expect(output).toContain('Usage: npm run -s token -- --email <e-mail> [--organization <credit code or id>] [--ttl <seconds>]');
    const unknown = await run(process.execPath, [path.join(root, 'dist/src/auth/issue-token.cli.js'), '--mail', 'x']);
    expect(unknown.code).toBe(1);
    expect(unknown.output).toContain("Unknown option '--mail'");
    expect(unknown.output).toContain('Usage:');
  }, 30_000);

  test('SIGTERM sent to `npm start` reaches the server: it drains and stops, and no node or PostgreSQL process remains', async () => {
    const npm = await startNpm();
    const descendants = descendantsOf(npm.pid!);
    try {
      await expectStopsOnSigterm(descendants);
    } finally {
      // Whatever the outcome, nothing this test started survives it (orphans would also keep Jest waiting).
      for (const p of descendants.filter((d) => isAlive(d.pid)).reverse()) process.kill(p.pid, 'SIGKILL');
    }
  }, 90_000);

  async function startNpm(attempt = 1): Promise<ChildProcess> {
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      NODE_ENV: 'development',
      PORT: '0',
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      LOG_LEVEL: 'info',
      EMBEDDED_PG_PORT: String(await freePort()),
    };
    delete env.DATABASE_URL;
    delete env.NODE_OPTIONS;
    const npm = spawn('npm', ['start'], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
    children.push(npm);
    let output = '';
    npm.stdout!.on('data', (chunk) => (output += chunk));
    npm.stderr!.on('data', (chunk) => (output += chunk));
    try {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`not ready in 60 s:\n${output}`)), 60_000);
        npm.stdout!.on('data', () => {
          if (output.includes('Press Ctrl-C to stop.')) {
            clearTimeout(timer);
            resolve();
          }
        });
        npm.once('exit', (code) => {
          clearTimeout(timer);
          reject(new Error(`exited with ${code}:\n${output}`));
        });
      });
      return npm;
    } catch (error) {
      if (attempt < 3 && output.includes(PORT_TAKEN)) return startNpm(attempt + 1);
      throw error;
    }
  }

  async function expectStopsOnSigterm(descendants: { pid: number; command: string }[]) {
    const npm = children.at(-1)!;
    let output = '';
    npm.stdout!.on('data', (chunk) => (output += chunk));
    npm.stderr!.on('data', (chunk) => (output += chunk));
    expect(descendants.map((p) => p.command).join('\n')).toMatch(/postgres -D/);
    const code = await new Promise<number | null>((resolve) => {
      npm.once('exit', resolve);
      npm.kill('SIGTERM');
    });
    expect(output).toContain('"signal":"SIGTERM"');
    expect(output).toContain('"msg":"stopped"');
    expect(code).toBe(0);
    // Every process npm start had started is gone (PostgreSQL may take a moment after the server exits).
    const deadline = Date.now() + 10_000;
    let alive = descendants.filter((p) => isAlive(p.pid));
    while (alive.length && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      alive = alive.filter((p) => isAlive(p.pid));
    }
    expect(alive).toEqual([]);
  }
});

function descendantsOf(pid: number): { pid: number; command: string }[] {
  const rows = execFileSync('ps', ['-eo', 'pid=,ppid=,args='], { encoding: 'utf8' })
    .split('\n')
    .map((line) => /^\s*(\d+)\s+(\d+)\s+(.*)$/.exec(line))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ pid: Number(m[1]), ppid: Number(m[2]), command: m[3]! }));
  const found: { pid: number; command: string }[] = [];
  const queue = [pid];
  while (queue.length) {
    const parent = queue.shift()!;
    for (const row of rows.filter((r) => r.ppid === parent)) {
      found.push({ pid: row.pid, command: row.command });
      queue.push(row.pid);
    }
  }
  return found;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
