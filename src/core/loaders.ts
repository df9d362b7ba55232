import type { RequestContext } from './request-context.js';

/**
 * Declares a per-request loader: `create` runs once per request (and per `variant` of its arguments,
 * e.g. a page window), the first time the loader is asked for.
 */
export function defineLoader<T, A extends unknown[] = []>(
  name: string,
  create: (ctx: RequestContext, ...args: A) => T,
  variant: (...args: A) => string = () => '',
): (ctx: RequestContext, ...args: A) => T {
  const definition = Symbol(name);
  return (ctx, ...args) => ctx.uow.loaders.obtain(definition, variant(...args), () => create(ctx, ...args));
}
