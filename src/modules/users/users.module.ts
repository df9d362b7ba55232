import type { ModuleDescriptor } from '../../core/module.js';
import { purgeAuthStateJob } from './purge-auth-state.job.js';
import { Membership } from './membership.entity.js';
import { User } from './user.entity.js';
import { MembershipResolver, OrganizationMembersResolver, ViewerResolver, fetchMembershipNode, fetchUserNode } from './user.resolver.js';
import { MEMBERSHIP_TYPE, USER_TYPE } from './user.types.js';

export const usersModule: ModuleDescriptor = {
  name: 'users',
  entities: [User, Membership],
  resolvers: [ViewerResolver, OrganizationMembersResolver, MembershipResolver],
  nodeTypes: { [USER_TYPE]: fetchUserNode, [MEMBERSHIP_TYPE]: fetchMembershipNode },
  jobs: [purgeAuthStateJob],
};
