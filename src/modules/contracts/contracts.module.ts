import type { ModuleDescriptor } from '../../core/module.js';
import { Contract } from './contract.entity.js';
import { ContractResolver, RequirementContractResolver } from './contract.resolver.js';

export const contractsModule: ModuleDescriptor = { name: 'contracts', entities: [Contract], resolvers: [ContractResolver, RequirementContractResolver] };
