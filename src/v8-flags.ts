import v8 from 'node:v8';

/**
 * V8 flags of the server process, set by main.ts before the server loads, so that `npm start`, the
 * Docker image and the benchmarks run alike.
 *
 * --no-allocation-site-pretenuring: V8 watches the allocation sites of object and array literals and,
 * when most of a site's objects survive a young-generation collection, allocates that site's objects
 * in the old generation from then on. A request's rows and nodes live for one request; with a few
 * requests in flight they often survive one scavenge, V8 then pretenures them, and the old
 * generation fills with request garbage that only a full mark-compact frees. On the vendor browse
 * (8 connections) this cost 10 mark-compacts in 8 s against PostGraphile's 1, GC threads 0.61 ms per
 * request (0.28 without) and p99 80 ms (61–68 without).
 */
export const SERVER_V8_FLAGS = ['--no-allocation-site-pretenuring'] as const;

export function applyServerV8Flags(): void {
  for (const flag of SERVER_V8_FLAGS) v8.setFlagsFromString(flag);
}
