import type { ModuleDescriptor } from '../../core/module.js';
import { contractLifecycleJob } from './contract-lifecycle.job.js';
import {
  ContractAmendmentResolver,
  ContractLifecycleResolver,
  ContractSignatureResolver,
  fetchAmendmentNode,
  fetchBreachNoticeNode,
} from './contract-lifecycle.resolver.js';
import { AMENDMENT_TYPE, BREACH_NOTICE_TYPE } from './contract-lifecycle.types.js';
import { Contract, ContractAmendment, ContractBreachNotice, ContractTerminationRight } from './contract.entity.js';
import { CONTRACT_PERMISSIONS } from './contract.permissions.js';
import { ContractResolver, RequirementContractResolver, fetchContractNode } from './contract.resolver.js';
import { CONTRACT_TYPE } from './contract.types.js';

export const contractsModule: ModuleDescriptor = {
  name: 'contracts',
  entities: [Contract, ContractAmendment, ContractBreachNotice, ContractTerminationRight],
  resolvers: [ContractResolver, RequirementContractResolver, ContractLifecycleResolver, ContractAmendmentResolver, ContractSignatureResolver],
  permissions: CONTRACT_PERMISSIONS,
  nodeTypes: { [CONTRACT_TYPE]: fetchContractNode, [AMENDMENT_TYPE]: fetchAmendmentNode, [BREACH_NOTICE_TYPE]: fetchBreachNoticeNode },
  jobs: [contractLifecycleJob],
};
