import type { UnitOfWork } from '../../src/core/request-context.js';
import type { KeysetOrder, KeysetWindow } from '../../src/core/page-window.js';
import { keysetPage } from '../../src/db/keyset.js';
import { sql } from '../../src/db/sql.js';
import { OrganizationKind } from '../../src/modules/organizations/organization.entity.js';
import { Requirement } from '../../src/modules/requirements/requirement.entity.js';
import { REQUIREMENT_ORDERS } from '../../src/modules/requirements/requirement.queries.js';
import { createOrg, type TestOrg } from '../helpers/factories.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';

let app: TestApp;
let merchant: TestOrg;

/** The orders as the API documents them (test/api/keyset-pagination.test.ts checks the API against the same). */
const ORDER_SQL: Record<string, string> = {
  'requirement.NEWEST': 'created_at desc, id asc',
  'requirement.DEADLINE_SOONEST': 'bid_deadline asc, id asc',
  'requirement.SEATS_MOST': 'seats_required desc, id asc',
  'requirement.BUDGET_HIGHEST': 'budget_max desc nulls last, id asc',
};

beforeAll(async () => {
  app = await startTestApp();
  merchant = await createOrg(app, { kind: OrganizationKind.MERCHANT });
  // 40 requirements: four instants a microsecond apart (ties within a millisecond), deadlines with
  // ties, seats with ties, a quarter without a budget.
  await app.sql.query(
    `insert into requirement (id, merchant_id, status, title, service_scopes, channels, service_hours, seats_required, expected_monthly_volume,
       term_start, term_months, budget_max, bid_deadline, visibility, created_at)
     select gen_random_uuid(), $1, 'OPEN', 'R' || n, '{PRE_SALES}', '{PHONE}', '{"daysOfWeek":[1],"startTime":null,"endTime":null,"timeZone":"Asia/Shanghai"}',
       5 + 5 * (n % 4), 1000, '2027-01-01', 12, case when n % 4 = 0 then null else 1000 * (n % 3) end,
       '2027-01-01T00:00:00Z'::timestamptz + make_interval(days => n % 5, secs => (n % 2) / 1e6),
       'PUBLIC', '2026-05-01T00:00:00Z'::timestamptz + make_interval(secs => (n % 4) / 1e6)
     from generate_series(1, 40) n`,
    [merchant.id],
  );
});
afterAll(() => app.close());

/** A unit of work on the superuser's connection (no row-level security), read-only or not. */
function unitOfWork(readOnly: boolean): UnitOfWork {
  return { tx: { isReadOnly: readOnly }, em: app.orm.em.fork(), loaders: undefined } as unknown as UnitOfWork;
}

const ours = () => sql`t.merchant_id = ${merchant.id}`;

async function documentedOrder(order: KeysetOrder): Promise<string[]> {
  const { rows } = await app.sql.query(`select id from requirement where merchant_id = $1 order by ${ORDER_SQL[order.name]}`, [merchant.id]);
  return rows.map((r) => r.id as string);
}

test.each(Object.values(REQUIREMENT_ORDERS))('$name: from every row’s cursor, forward and backward, exactly the rows after and before it', async (order) => {
  const expected = await documentedOrder(order);
  const uow = unitOfWork(true);
  const window = (direction: KeysetWindow['direction'], cursor: KeysetWindow['cursor'], limit = 100): KeysetWindow => ({ order, direction, cursor, limit });
  const all = await keysetPage(uow, Requirement, 'requirement', ours(), window('forward', null));
  expect(all.rows.map((r) => r.id)).toEqual(expected);
  expect(all.keys.every((key) => key.length === order.keys.length)).toBe(true);
  for (let i = 0; i < expected.length; i++) {
    const cursor = all.keys[i]!;
    const after = await keysetPage(uow, Requirement, 'requirement', ours(), window('forward', cursor));
    expect({ i, ids: after.rows.map((r) => r.id) }).toEqual({ i, ids: expected.slice(i + 1) });
    expect(after).toMatchObject({ totalCount: 40, hasPreviousPage: true, hasNextPage: false });
    const before = await keysetPage(uow, Requirement, 'requirement', ours(), window('backward', cursor));
    expect({ i, ids: before.rows.map((r) => r.id) }).toEqual({ i, ids: expected.slice(0, i) });
    expect(before).toMatchObject({ totalCount: 40, hasPreviousPage: false, hasNextPage: true });
    const two = await keysetPage(uow, Requirement, 'requirement', ours(), window('backward', cursor, 2));
    expect(two.rows.map((r) => r.id)).toEqual(expected.slice(Math.max(0, i - 2), i));
    expect(two.hasPreviousPage).toBe(i > 2);
  }
});

test('a read-only unit of work gets plain rows, nothing in the identity map; another gets managed entities; both equal property by property', async () => {
  const window: KeysetWindow = { order: REQUIREMENT_ORDERS.BUDGET_HIGHEST, direction: 'forward', cursor: null, limit: 10 };
  const readOnly = unitOfWork(true);
  const plain = await keysetPage(readOnly, Requirement, 'requirement', ours(), window);
  expect(plain.rows).toHaveLength(10);
  for (const row of plain.rows) expect(row).not.toBeInstanceOf(Requirement);
  expect(readOnly.em.getUnitOfWork().getIdentityMap().values()).toHaveLength(0);
  const writable = unitOfWork(false);
  const entities = await keysetPage(writable, Requirement, 'requirement', ours(), window);
  for (const row of entities.rows) expect(row).toBeInstanceOf(Requirement);
  expect(writable.em.getUnitOfWork().getIdentityMap().values()).toHaveLength(10);
  expect(plain.rows.map((row) => ({ ...row }))).toEqual(entities.rows.map((row) => ({ ...row })));
  expect(plain.keys).toEqual(entities.keys);
});
