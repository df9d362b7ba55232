import type { ModuleDescriptor } from '../../core/module.js';
import { KpiMeasurement, KpiRectificationNotice } from './kpi.entity.js';
import { KPI_PERMISSIONS } from './kpi.permissions.js';
import { ContractKpiResolver, KpiResolver, fetchKpiNoticeNode } from './kpi.resolver.js';
import { KPI_NOTICE_TYPE } from './kpi.types.js';

export const kpisModule: ModuleDescriptor = {
  name: 'kpis',
  entities: [KpiMeasurement, KpiRectificationNotice],
  resolvers: [KpiResolver, ContractKpiResolver],
  permissions: KPI_PERMISSIONS,
  nodeTypes: { [KPI_NOTICE_TYPE]: fetchKpiNoticeNode },
};
