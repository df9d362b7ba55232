import type { GraphQLField, GraphQLResolveInfo } from 'graphql';
import { Extensions, type MiddlewareFn } from 'type-graphql';
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

export function declaredPermission(info: Pick<GraphQLResolveInfo, 'parentType' | 'fieldName'>): NamedPermission | undefined {
  return permissionOf(info.parentType.getFields()[info.fieldName]);
}

/** Checks the declared permission of every root field before it resolves; counts resolved fields. */
export const PermissionGuard: MiddlewareFn<RequestContext> = async ({ context, info }, next) => {
  context.fieldsResolved += 1;
  if (info.path.prev === undefined) {
    const permission = declaredPermission(info);
    if (!permission || !isAllowed(permission, context.viewer)) {
      throw context.viewer.kind === 'anonymous' ? new UnauthenticatedError() : new ForbiddenError();
    }
  }
  return next();
};
