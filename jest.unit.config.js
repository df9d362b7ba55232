/**
 * The pure unit tests only (test/unit): no PostgreSQL, no HTTP server. Mutation testing
 * (`npm run test:mutation`, stryker.config.mjs) runs these for every mutant.
 */
import base from './jest.config.js';

const { globalSetup: _setup, globalTeardown: _teardown, ...unit } = base;

export default { ...unit, roots: ['<rootDir>/test/unit'] };
