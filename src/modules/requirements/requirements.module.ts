import type { ModuleDescriptor } from '../../core/module.js';
import { closeBiddingJob } from './close-bidding.job.js';
import { Requirement, RequirementInvitation, RequirementQuestion, RequirementQuestionAsker } from './requirement.entity.js';
import { REQUIREMENT_PERMISSIONS } from './requirement.permissions.js';
import { RequirementQuestionResolver, RequirementResolver, fetchQuestionNode, fetchRequirementNode } from './requirement.resolver.js';
import { QUESTION_TYPE, REQUIREMENT_TYPE } from './requirement.types.js';

export const requirementsModule: ModuleDescriptor = {
  name: 'requirements',
  entities: [Requirement, RequirementInvitation, RequirementQuestion, RequirementQuestionAsker],
  resolvers: [RequirementResolver, RequirementQuestionResolver],
  permissions: REQUIREMENT_PERMISSIONS,
  nodeTypes: { [REQUIREMENT_TYPE]: fetchRequirementNode, [QUESTION_TYPE]: fetchQuestionNode },
  jobs: [closeBiddingJob],
};
