/**
 * Entry point: checks the Node.js version before loading anything else (ESM imports are hoisted and
 * evaluated first, and argon2 crashes older versions while loading), then starts the server.
 * node-version.js imports nothing.
 */
import { nodeVersionProblem } from './node-version.js';

const problem = nodeVersionProblem(process.versions.node);
if (problem) {
  console.error(problem);
  process.exit(1);
}
await import('./serve.js');
