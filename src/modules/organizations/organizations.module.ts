import type { ModuleDescriptor } from '../../core/module.js';
import { OrganizationPrivate } from './organization-private.entity.js';
import { Organization } from './organization.entity.js';
import { OrganizationResolver } from './organization.resolver.js';
import { VendorProfile } from './vendor-profile.entity.js';

export const organizationsModule: ModuleDescriptor = {
  name: 'organizations',
  entities: [Organization, OrganizationPrivate, VendorProfile],
  resolvers: [OrganizationResolver],
};
