import { CSV_CONTENT_TYPE } from '../../core/csv.js';
import { badInputOutcome, notFoundOutcome, type HttpRoute, type HttpRouteOutcome, type HttpRouteRequest } from '../../core/http-route.js';
import type { RequestContext } from '../../core/request-context.js';
import { idOfType } from '../../graphql/global-id.js';
import { YearMonthScalar } from '../../graphql/scalars.js';
import { CONTRACT_TYPE } from '../contracts/contract.types.js';
import { statementById } from './statement.loaders.js';
import { STATEMENT_PERMISSIONS } from './statement.permissions.js';
import { STATEMENT_TYPE } from './statement.types.js';
import { statementCsv } from './statement-export.js';
import { statementExportRows } from './statement-export.queries.js';

/** The first 8 hex digits of a uuid: enough to tell files apart. */
const shortId = (uuid: string) => uuid.slice(0, 8);

function isYearMonth(text: string): boolean {
  try {
    YearMonthScalar.parseValue(text);
    return true;
  } catch {
    return false;
  }
}

/** `GET /exports/statements/:id.csv`: one version of a statement, whatever its status; 404 when it does not exist or is not visible. */
async function exportStatement(ctx: RequestContext, request: HttpRouteRequest): Promise<HttpRouteOutcome> {
  const rawId = idOfType(request.params.id ?? '', STATEMENT_TYPE);
  const statement = rawId ? await statementById(ctx).load(rawId) : null;
  if (!rawId || !statement) return notFoundOutcome('No statement with this id is visible to you.');
  return {
    kind: 'file',
    contentType: CSV_CONTENT_TYPE,
    fileName: `statement-${statement.periodStart.slice(0, 7)}-v${statement.version}-${shortId(statement.id)}.csv`,
    body: statementCsv(statementExportRows(ctx, { statementId: rawId })),
  };
}

/**
 * `GET /exports/statements.csv?month=2026-10[&contractId=…][&includeSuperseded=true]`: the month's
 * statements visible to the caller (row-level security: the caller's own contracts, either party),
 * current versions unless `includeSuperseded`; an empty month is the header alone.
 */
async function exportMonth(ctx: RequestContext, request: HttpRouteRequest): Promise<HttpRouteOutcome> {
  const { month, contractId, includeSuperseded } = request.query;
  if (month === undefined || !isYearMonth(month)) return badInputOutcome('Give the month once as "month=YYYY-MM", e.g. month=2026-10.');
  let contractRawId: string | null = null;
  if (contractId !== undefined) {
    contractRawId = idOfType(contractId, CONTRACT_TYPE);
    if (!contractRawId) return badInputOutcome('contractId must be a contract’s global ID.');
  }
  if (includeSuperseded !== undefined && includeSuperseded !== 'true' && includeSuperseded !== 'false')
    return badInputOutcome('includeSuperseded must be true or false.');
  return {
    kind: 'file',
    contentType: CSV_CONTENT_TYPE,
    fileName: `statements-${month}${contractRawId ? `-contract-${shortId(contractRawId)}` : ''}.csv`,
    body: statementCsv(statementExportRows(ctx, { month, contractId: contractRawId, includeSuperseded: includeSuperseded === 'true' })),
  };
}

/** The statements' CSV exports (GraphQL is not the carrier for a file): the same read permission as the `statements` query. */
export const STATEMENT_EXPORT_ROUTES: readonly HttpRoute[] = [
  { method: 'GET', path: '/exports/statements.csv', name: 'statementsMonthCsv', permission: STATEMENT_PERMISSIONS.statementRead, handle: exportMonth },
  { method: 'GET', path: '/exports/statements/:id.csv', name: 'statementCsv', permission: STATEMENT_PERMISSIONS.statementRead, handle: exportStatement },
];
