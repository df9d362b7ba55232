/**
 * The request's DataLoaders (or any per-request memo). A loader is reached only through the function
 * `defineLoader` returns, so its type is the definition's: no string key can hand back a loader of
 * another type.
 */
export class LoaderRegistry {
  private readonly loaders = new Map<symbol, Map<string, unknown>>();

  /** @internal for defineLoader */
  obtain<T>(definition: symbol, key: string, create: () => T): T {
    let variants = this.loaders.get(definition);
    if (variants === undefined) {
      variants = new Map();
      this.loaders.set(definition, variants);
    }
    let loader = variants.get(key) as T | undefined;
    if (loader === undefined) {
      loader = create();
      variants.set(key, loader);
    }
    return loader;
  }
}
