import { entityLoader } from '../../db/batch.js';
import { defineLoader } from '../../core/loaders.js';
import { Organization } from './organization.entity.js';
import { OrganizationPrivate } from './organization-private.entity.js';
import { VendorProfile } from './vendor-profile.entity.js';

export const organizationById = defineLoader('organization.byId', (ctx) => entityLoader(ctx.uow, Organization, 'id'));

export const vendorProfileByOrganization = defineLoader('vendorProfile.byOrganization', (ctx) => entityLoader(ctx.uow, VendorProfile, 'organizationId'));

export const privateProfileByOrganization = defineLoader('organizationPrivate.byOrganization', (ctx) =>
  entityLoader(ctx.uow, OrganizationPrivate, 'organizationId'),
);
