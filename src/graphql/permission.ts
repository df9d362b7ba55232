import type { GraphQLResolveInfo } from 'graphql';
import { Extensions, type MiddlewareFn } from 'type-graphql';
import { PERMISSIONS, isAllowed, type PermissionName } from '../auth/permissions.js';
import type { RequestContext } from '../core/request-context.js';
import { ForbiddenError, UnauthenticatedError } from './errors.js';

/** Declares who may call a query or mutation (see auth/permissions.ts). Undeclared operations are refused. */
export function Permission(name: PermissionName): MethodDecorator {
  return Extensions({ permission: name });
}

export function declaredPermission(info: Pick<GraphQLResolveInfo, 'parentType' | 'fieldName'>): PermissionName | undefined {
  return info.parentType.getFields()[info.fieldName]?.extensions?.permission as PermissionName | undefined;
}

/** Checks the declared permission of every root field before it resolves; counts resolved fields. */
export const PermissionGuard: MiddlewareFn<RequestContext> = async ({ context, info }, next) => {
  context.fieldsResolved += 1;
  if (info.path.prev === undefined) {
    const name = declaredPermission(info);
    const permission = name ? PERMISSIONS[name] : undefined;
    if (!permission || !isAllowed(permission, context.viewer)) {
      throw context.viewer.kind === 'anonymous' ? new UnauthenticatedError() : new ForbiddenError();
    }
  }
  return next();
};
