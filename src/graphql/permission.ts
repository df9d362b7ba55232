import type { GraphQLField, GraphQLFieldResolver, GraphQLObjectType, GraphQLSchema } from 'graphql';
import { Extensions } from 'type-graphql';
import { PERMISSIONS, isAllowed, type NamedPermission, type SharedPermissionName } from '../auth/permissions.js';
import type { RequestContext } from '../core/request-context.js';
import { ForbiddenError, UnauthenticatedError } from './errors.js';

/**
 * Declares who may call a query or mutation: a shared permission by name (src/auth/permissions.ts)
 * or a module's own (its `<name>.permissions.ts`). Undeclared operations are refused.
 */
export function Permission(permission: SharedPermissionName | NamedPermission): MethodDecorator {
  return Extensions({ permission: typeof permission === 'string' ? PERMISSIONS[permission] : permission });
}

/** The permission declared on a root field, if any. */
export function permissionOf(field: Pick<GraphQLField<unknown, unknown>, 'extensions'> | undefined): NamedPermission | undefined {
  return field?.extensions?.permission as NamedPermission | undefined;
}

function guarded(
  permission: NamedPermission | undefined,
  resolve: GraphQLFieldResolver<unknown, RequestContext>,
): GraphQLFieldResolver<unknown, RequestContext> {
  return (source, args, context, info) => {
    if (!permission || !isAllowed(permission, context.viewer)) {
      throw context.viewer.kind === 'anonymous' ? new UnauthenticatedError() : new ForbiddenError();
    }
    return resolve(source, args, context, info);
  };
}

/**
 * Puts each root field's permission check in front of its resolver, once, when the schema is built:
 * a field without a declared permission is refused. Nested fields are reached only through a root
 * field, so they pay nothing (their visibility is the services' and row-level security's concern).
 */
export function guardRootFields(schema: GraphQLSchema): void {
  for (const root of [schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()]) {
    if (!root) continue;
    for (const field of Object.values((root as GraphQLObjectType<unknown, RequestContext>).getFields())) {
      field.resolve = guarded(permissionOf(field), field.resolve ?? ((source) => (source as Record<string, unknown> | undefined)?.[field.name]));
    }
  }
}
