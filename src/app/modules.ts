import type { ModuleDescriptor } from '../core/module.js';
import { apiKeysModule } from '../modules/api-keys/api-keys.module.js';
import { auditModule } from '../modules/audit/audit.module.js';
import { auditGrantsModule } from '../modules/audit-grants/audit-grants.module.js';
import { bidsModule } from '../modules/bids/bids.module.js';
import { calendarModule } from '../modules/calendar/calendar.module.js';
import { contractsModule } from '../modules/contracts/contracts.module.js';
import { kpisModule } from '../modules/kpis/kpis.module.js';
import { incidentsModule } from '../modules/incidents/incidents.module.js';
import { inspectionsModule } from '../modules/inspections/inspections.module.js';
import { idempotencyModule } from '../modules/idempotency/idempotency.module.js';
import { organizationsModule } from '../modules/organizations/organizations.module.js';
import { requirementsModule } from '../modules/requirements/requirements.module.js';
import { statementsModule } from '../modules/statements/statements.module.js';
import { usageModule } from '../modules/usage/usage.module.js';
import { usersModule } from '../modules/users/users.module.js';

/** Every domain of the application. A new domain adds its descriptor here, and nowhere else outside its folder. */
export const MODULES: readonly ModuleDescriptor[] = [
  organizationsModule,
  usersModule,
  apiKeysModule,
  auditModule,
  requirementsModule,
  bidsModule,
  contractsModule,
  idempotencyModule,
  calendarModule,
  usageModule,
  kpisModule,
  incidentsModule,
  inspectionsModule,
  statementsModule,
  auditGrantsModule,
];
