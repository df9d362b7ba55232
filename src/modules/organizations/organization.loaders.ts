import { entityLoader } from '../../db/batch.js';
import type { RequestContext } from '../../core/request-context.js';
import { Organization } from './organization.entity.js';
import { OrganizationPrivate } from './organization-private.entity.js';
import { VendorProfile } from './vendor-profile.entity.js';

export const organizationById = (ctx: RequestContext) => ctx.loader('organization.byId', () => entityLoader(ctx.em, Organization, 'id'));

export const vendorProfileByOrganization = (ctx: RequestContext) =>
  ctx.loader('vendorProfile.byOrganization', () => entityLoader(ctx.em, VendorProfile, 'organizationId'));

export const privateProfileByOrganization = (ctx: RequestContext) =>
  ctx.loader('organizationPrivate.byOrganization', () => entityLoader(ctx.em, OrganizationPrivate, 'organizationId'));
