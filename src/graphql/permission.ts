import { isObjectType, type GraphQLField, type GraphQLFieldResolver, type GraphQLObjectType, type GraphQLSchema } from 'graphql';
import { Extensions } from 'type-graphql';
import { PERMISSIONS, isAllowed, type NamedPermission, type SharedPermissionName } from '../auth/permissions.js';
import type { RequestContext } from '../core/request-context.js';
import { ForbiddenError, UnauthenticatedError } from './errors.js';

/**
 * Declares who may call a query or mutation (or read a nested field that needs more than its parent):
 * a shared permission by name (src/auth/permissions.ts) or a module's own (its `<name>.permissions.ts`).
 * Undeclared operations are refused.
 */
export function Permission(permission: SharedPermissionName | NamedPermission): MethodDecorator {
  return Extensions({ permission: typeof permission === 'string' ? PERMISSIONS[permission] : permission });
}

/** The permission declared on a field, if any. */
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

const defaultResolve =
  (name: string): GraphQLFieldResolver<unknown, RequestContext> =>
  (source) =>
    (source as Record<string, unknown> | undefined)?.[name];

/**
 * Puts the permission checks in front of the resolvers, once, when the schema is built: every root
 * field (one without a declared permission is refused), and the nested fields that declare one of
 * their own (e.g. a contract's statements: money is for finance, whoever may read the contract).
 * Other nested fields are reached only through a root field, so they pay nothing (their visibility
 * is the services' and row-level security's concern).
 */
export function guardFields(schema: GraphQLSchema): void {
  const roots = [schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()].filter((t): t is GraphQLObjectType => !!t);
  for (const root of roots) {
    for (const field of Object.values((root as GraphQLObjectType<unknown, RequestContext>).getFields())) {
      field.resolve = guarded(permissionOf(field), field.resolve ?? defaultResolve(field.name));
    }
  }
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || roots.includes(type) || type.name.startsWith('__')) continue;
    for (const field of Object.values((type as GraphQLObjectType<unknown, RequestContext>).getFields())) {
      const permission = permissionOf(field);
      if (permission) field.resolve = guarded(permission, field.resolve ?? defaultResolve(field.name));
    }
  }
}
