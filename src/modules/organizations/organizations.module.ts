import type { ModuleDescriptor } from '../../core/module.js';
import { OrganizationPrivate } from './organization-private.entity.js';
import { Organization } from './organization.entity.js';
import { ORGANIZATION_PERMISSIONS } from './organization.permissions.js';
import { OrganizationResolver, fetchOrganizationNode } from './organization.resolver.js';
import { ORGANIZATION_TYPE } from './organization.types.js';
import { VendorProfile } from './vendor-profile.entity.js';

export const organizationsModule: ModuleDescriptor = {
  name: 'organizations',
  entities: [Organization, OrganizationPrivate, VendorProfile],
  resolvers: [OrganizationResolver],
  permissions: ORGANIZATION_PERMISSIONS,
  nodeTypes: { [ORGANIZATION_TYPE]: fetchOrganizationNode },
};
