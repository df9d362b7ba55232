/**
 * What a domain module contributes to the application. Each module exports one descriptor from its
 * `<name>.module.ts`; the composition root (src/app/modules.ts) lists them, so a new domain touches
 * its own folder and one line there.
 */
export interface ModuleDescriptor {
  name: string;
  /** MikroORM entity classes. */
  entities: readonly (abstract new (...args: never[]) => object)[];
  /** type-graphql resolver classes (they register their node types when loaded). */
  resolvers: readonly (abstract new (...args: never[]) => object)[];
}
