import { ManualClock } from '../../src/core/clock.js';
import { gql } from '../helpers/client.js';
import type { TestOrg } from '../helpers/factories.js';
import { finance, signedContract, statementParties } from '../helpers/statements.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';

/**
 * The statement list with everything nested (lines and evidence, disputes, payments, versions, the
 * revised version, the contract) is one query per loader for the whole page: 5 or 30 statements take
 * the same number of SQL statements. Rows are written as the superuser (the workflow is tested in
 * statements.test.ts); reads go through the API and row-level security.
 */
const clock = new ManualClock('2026-08-01T12:00:00+08:00');
let app: TestApp;
let merchant: TestOrg;
let vendor: TestOrg;

beforeAll(async () => {
  app = await startTestApp({}, { clock });
  ({ merchant, vendor } = await statementParties(app));
  for (let c = 0; c < 3; c++) {
    const contract = await signedContract(app, clock, merchant, vendor, { termStart: '2026-09-01', termMonths: 12 });
    for (let m = 0; m < 12; m++) {
      const month = `${2026 + Math.floor((8 + m) / 12)}-${String(((8 + m) % 12) + 1).padStart(2, '0')}-01`;
      const { rows } = await app.sql.query(
        `insert into statement (id, contract_id, merchant_id, vendor_id, period_start, version, status, service_charges, deductions, subtotal, vat_rate, vat, fees, total,
           inputs, generated_at, issue_deadline, due_date, issued_at, issued_late)
         values (gen_random_uuid(), $1, $2, $3, $4, 1, 'DRAFT', 100, -10, 90, 0.06, 5.40, 0, 95.40,
           '{"from":"2026-09-01","to":"2026-09-30","terms":[],"noticeMissingYears":[]}', now(), $4::date + 35, $4::date + 50, null, null) returning id`,
        [contract.rawId, merchant.id, vendor.id, month],
      );
      await app.sql.query(
        `insert into statement_line (statement_id, position, contract_id, merchant_id, vendor_id, section, kind, description, quantity, unit_price, amount, evidence)
         values ($1, 1, $2, $3, $4, 'SERVICE_CHARGE', 'BASE_CONTACTS', 'Contacts', 100, 1, 100, '{"dates":["2026-09-01"]}'),
                ($1, 2, $2, $3, $4, 'DEDUCTION', 'AVAILABILITY_DEDUCTION', 'Availability', null, null, -10, '{"incidentIds":[]}')`,
        [rows[0].id, contract.rawId, merchant.id, vendor.id],
      );
    }
  }
}, 120_000);
afterAll(() => app.close());

test('5 or 30 statements with lines, evidence, disputes, payments, versions and contract take the same number of SQL statements', async () => {
  const query = `query($first: Int!) { statements(first: $first) { totalCount edges { node { id month status total { amount }
    lines { position kind amount { amount } evidence { dates incidentIds } } disputes { position reason } payments { paidOn amount { amount } }
    versions { id version } revisionOf { id } contract { id status } } } } }`;
  const statements: number[] = [];
  for (const first of [5, 30]) {
    const response = await gql(app, query, { first }, finance(merchant));
    expect(response.errors).toBeUndefined();
    expect(response.data!.statements.totalCount).toBe(36);
    const edges = response.data!.statements.edges as { node: { lines: unknown[]; versions: unknown[] } }[];
    expect(edges).toHaveLength(first);
    for (const edge of edges) {
      expect(edge.node.lines).toHaveLength(2);
      expect(edge.node.versions).toHaveLength(1);
    }
    statements.push(app.requests.at(-1)!.sqlStatements);
  }
  expect(statements[1]).toBe(statements[0]);
});
