import type { ModuleDescriptor } from '../../core/module.js';
import { Contract } from './contract.entity.js';
import { CONTRACT_PERMISSIONS } from './contract.permissions.js';
import { ContractResolver, RequirementContractResolver, fetchContractNode } from './contract.resolver.js';
import { CONTRACT_TYPE } from './contract.types.js';

export const contractsModule: ModuleDescriptor = {
  name: 'contracts',
  entities: [Contract],
  resolvers: [ContractResolver, RequirementContractResolver],
  permissions: CONTRACT_PERMISSIONS,
  nodeTypes: { [CONTRACT_TYPE]: fetchContractNode },
};
