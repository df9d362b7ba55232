import type { ModuleDescriptor } from '../../core/module.js';
import { Incident } from './incident.entity.js';
import { INCIDENT_PERMISSIONS } from './incident.permissions.js';
import { AvailabilityOutageResolver, ContractIncidentsResolver, IncidentFieldsResolver, IncidentResolver, fetchIncidentNode } from './incident.resolver.js';
import { INCIDENT_TYPE } from './incident.types.js';

export const incidentsModule: ModuleDescriptor = {
  name: 'incidents',
  entities: [Incident],
  resolvers: [IncidentResolver, IncidentFieldsResolver, AvailabilityOutageResolver, ContractIncidentsResolver],
  permissions: INCIDENT_PERMISSIONS,
  nodeTypes: { [INCIDENT_TYPE]: fetchIncidentNode },
};
