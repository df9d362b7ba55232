/**
 * Entry point: checks the Node.js version before loading anything else (ESM imports are hoisted and
 * evaluated first, and argon2 crashes older versions while loading), then starts the server.
 * node-version.js and v8-flags.js import nothing of the server. V8 flags are set before the server loads.
 */
import { nodeVersionProblem } from './node-version.js';
import { applyServerV8Flags } from './v8-flags.js';

const problem = nodeVersionProblem(process.versions.node);
if (problem) {
  console.error(problem);
  process.exit(1);
}
applyServerV8Flags();
await import('./serve.js');
