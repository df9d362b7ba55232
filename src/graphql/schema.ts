import 'reflect-metadata';
import { GraphQLSchema, lexicographicSortSchema, type GraphQLNamedType } from 'graphql';
import { buildSchema, getMetadataStorage, type ClassType, type NonEmptyArray } from 'type-graphql';
import { Money } from './money.js';
import { NodeResolver } from './node.resolver.js';
import { bindResolversDirectly } from './direct-resolvers.js';
import { guardFields } from './permission.js';
import { DateScalar, DateTimeScalar, DecimalScalar, TimeZoneScalar, YearMonthScalar } from './scalars.js';

/** Scalars that later domains use; declared now so clients can generate types against a stable set. */
const SHARED_SCALARS: GraphQLNamedType[] = [DecimalScalar, DateScalar, DateTimeScalar, YearMonthScalar, TimeZoneScalar];

let cached: Promise<GraphQLSchema> | undefined;

/** The schema of the given modules' resolvers (built once per process), with `node(id:)` and the shared scalars. */
export function buildApiSchema(resolvers: readonly (abstract new (...args: never[]) => object)[]): Promise<GraphQLSchema> {
  cached ??= (async () => {
    // Output types are plain data: a field without a @FieldResolver reads its property with graphql-js's
    // default resolver instead of a type-graphql wrapper (no middleware runs on fields; permissions are
    // checked on root fields and on nested fields that declare one, see guardFields).
    for (const objectType of getMetadataStorage().objectTypes) objectType.simpleResolvers ??= true;
    const schema = await buildSchema({
      resolvers: [NodeResolver, ...resolvers] as unknown as NonEmptyArray<ClassType>,
      orphanedTypes: [Money],
      validate: false,
      emitSchemaFile: false,
    });
    const query = schema.getQueryType();
    const mutation = schema.getMutationType();
    if (query)
      query.description =
        'Everything you can read: start from `viewer`, fetch any object with `node(id:)`, or list requirements, bids, contracts and the audit log.';
    if (mutation)
      mutation.description =
        'Everything you can change. Each mutation returns a payload with the changed object and `userErrors`; repeat one safely with an `Idempotency-Key` header.';
    const config = schema.toConfig();
    const known = new Set(config.types.map((type) => type.name));
    const api = new GraphQLSchema({ ...config, types: [...config.types, ...SHARED_SCALARS.filter((s) => !known.has(s.name))] });
    bindResolversDirectly(api);
    guardFields(api);
    return api;
  })();
  return cached;
}

export function sortedSchema(schema: GraphQLSchema): GraphQLSchema {
  return lexicographicSortSchema(schema);
}
