/**
 * The Node.js version check that runs before anything else is loaded: under Node < 24 the native
 * argon2 module crashes the process (a segfault, no message) while loading.
 */
export const REQUIRED_NODE_MAJOR = 24;

/** What to tell the user when `version` (process.versions.node) is too old; null when it is fine. */
export function nodeVersionProblem(version: string, executable = process.execPath): string | null {
  const major = Number(version.split('.')[0]);
  if (Number.isInteger(major) && major >= REQUIRED_NODE_MAJOR) return null;
  return [
    `Kefu Exchange needs Node.js ${REQUIRED_NODE_MAJOR} or later; this is Node.js ${version} (${executable}).`,
    `  - Run it with npm start: npm install puts Node.js ${REQUIRED_NODE_MAJOR} in node_modules/.bin/node (the "node" devDependency) and npm scripts use it.`,
    `  - Or run that one directly: node_modules/.bin/node dist/src/main.js`,
    `  - Or install Node.js ${REQUIRED_NODE_MAJOR}: nvm install (reads .nvmrc), or https://nodejs.org/en/download`,
  ].join('\n');
}
