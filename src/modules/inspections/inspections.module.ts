import type { ModuleDescriptor } from '../../core/module.js';
import { inspectionOverdueJob } from './inspection-overdue.job.js';
import { Inspection, InspectionRectification, InspectionSample, InspectionScorecard } from './inspection.entity.js';
import { INSPECTION_PERMISSIONS } from './inspection.permissions.js';
import {
  ContractInspectionsResolver,
  InspectionMutationResolver,
  InspectionRectificationResolver,
  InspectionResolver,
  fetchInspectionNode,
  fetchRectificationNode,
} from './inspection.resolver.js';
import { INSPECTION_TYPE, RECTIFICATION_TYPE } from './inspection.types.js';

export const inspectionsModule: ModuleDescriptor = {
  name: 'inspections',
  entities: [InspectionScorecard, Inspection, InspectionSample, InspectionRectification],
  resolvers: [ContractInspectionsResolver, InspectionResolver, InspectionRectificationResolver, InspectionMutationResolver],
  permissions: INSPECTION_PERMISSIONS,
  nodeTypes: { [INSPECTION_TYPE]: fetchInspectionNode, [RECTIFICATION_TYPE]: fetchRectificationNode },
  jobs: [inspectionOverdueJob],
};
