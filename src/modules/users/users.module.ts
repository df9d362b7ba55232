import type { ModuleDescriptor } from '../../core/module.js';
import { purgeAuthStateJob } from './purge-auth-state.job.js';
import { Membership } from './membership.entity.js';
import { User } from './user.entity.js';
import { MembershipResolver, OrganizationMembersResolver, ViewerResolver } from './user.resolver.js';

export const usersModule: ModuleDescriptor = {
  name: 'users',
  entities: [User, Membership],
  resolvers: [ViewerResolver, OrganizationMembersResolver, MembershipResolver],
  jobs: [purgeAuthStateJob],
};
