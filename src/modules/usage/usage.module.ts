import type { ModuleDescriptor } from '../../core/module.js';
import { ContactRecord, UsageDay, UsageLockedMonth } from './usage.entity.js';
import { USAGE_PERMISSIONS } from './usage.permissions.js';
import { ContractUsageResolver, UsageResolver } from './usage.resolver.js';
import { usagePartitionsJob } from './usage-partitions.job.js';

export const usageModule: ModuleDescriptor = {
  name: 'usage',
  entities: [UsageDay, ContactRecord, UsageLockedMonth],
  resolvers: [UsageResolver, ContractUsageResolver],
  permissions: USAGE_PERMISSIONS,
  jobs: [usagePartitionsJob],
};
