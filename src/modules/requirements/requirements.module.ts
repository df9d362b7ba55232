import type { ModuleDescriptor } from '../../core/module.js';
import { closeBiddingJob } from './close-bidding.job.js';
import { Requirement, RequirementInvitation, RequirementQuestion, RequirementQuestionAsker } from './requirement.entity.js';
import { RequirementQuestionResolver, RequirementResolver } from './requirement.resolver.js';

export const requirementsModule: ModuleDescriptor = {
  name: 'requirements',
  entities: [Requirement, RequirementInvitation, RequirementQuestion, RequirementQuestionAsker],
  resolvers: [RequirementResolver, RequirementQuestionResolver],
  jobs: [closeBiddingJob],
};
