import type { ModuleDescriptor } from '../../core/module.js';
import { Statement, StatementDispute, StatementLineRow, StatementPayment } from './statement.entity.js';
import { statementDeemedConfirmationJob, statementGenerationJob } from './statement.jobs.js';
import { STATEMENT_PERMISSIONS } from './statement.permissions.js';
import { STATEMENT_EXPORT_ROUTES } from './statement-export.routes.js';
import { ContractStatementsResolver, StatementFieldsResolver, StatementResolver, fetchStatementNode } from './statement.resolver.js';
import { STATEMENT_TYPE } from './statement.types.js';

export const statementsModule: ModuleDescriptor = {
  name: 'statements',
  entities: [Statement, StatementLineRow, StatementDispute, StatementPayment],
  resolvers: [StatementResolver, StatementFieldsResolver, ContractStatementsResolver],
  permissions: STATEMENT_PERMISSIONS,
  nodeTypes: { [STATEMENT_TYPE]: fetchStatementNode },
  jobs: [statementGenerationJob, statementDeemedConfirmationJob],
  httpRoutes: STATEMENT_EXPORT_ROUTES,
};
