import { randomUUID } from 'node:crypto';
import { ManualClock } from '../../src/core/clock.js';
import { MembershipRole } from '../../src/core/roles.js';
import { toGlobalId } from '../../src/graphql/global-id.js';
import { OrganizationKind } from '../../src/modules/organizations/organization.entity.js';
import { errorCodes, gql, type Caller } from '../helpers/client.js';
import { createOrg, createPlatformAdmin, type TestOrg } from '../helpers/factories.js';
import { BID_ACCEPT, passDeadline, publishedRequirement, submitBid } from '../helpers/marketplace.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';

/**
 * Top-level lists page with keyset cursors (issue 8 point 5): a cursor is the key tuple of its row in
 * its order, so the next page starts strictly after that row whatever was inserted or deleted
 * meanwhile. Requirements are seeded with ties, microsecond timestamps and NULL budgets, so that a
 * cursor cut to milliseconds, a wrong direction or a mishandled NULL shows.
 */
const clock = new ManualClock();
const DAY = 86_400_000;
let app: TestApp;
let merchant: TestOrg;
let vendor: TestOrg;
let otherMerchant: TestOrg;

type Order = 'NEWEST' | 'DEADLINE_SOONEST' | 'SEATS_MOST' | 'BUDGET_HIGHEST';
const ORDERS: Order[] = ['NEWEST', 'DEADLINE_SOONEST', 'SEATS_MOST', 'BUDGET_HIGHEST'];
/** The orders as the API documents them, written out independently of the code under test. */
const ORDER_SQL: Record<Order, string> = {
  NEWEST: 'created_at desc, id asc',
  DEADLINE_SOONEST: 'bid_deadline asc, id asc',
  SEATS_MOST: 'seats_required desc, id asc',
  BUDGET_HIGHEST: 'budget_max desc nulls last, id asc',
};

interface Seed {
  merchantId: string;
  status?: string;
  /** Microseconds after 2026-05-01T00:00:00Z: several rows share a millisecond, some the very instant. */
  createdMicros?: number;
  /** Days from the request clock's now, plus microseconds. */
  deadlineDays?: number;
  deadlineMicros?: number;
  seats?: number;
  budgetMax?: string | null;
  scopes?: string[];
  channels?: string[];
  termStart?: string;
  certifications?: string[];
  visibility?: string;
}

/** Inserts a requirement as the superuser; returns its raw id. */
async function insertRequirement(seed: Seed): Promise<string> {
  const id = randomUUID();
  const deadline = new Date(clock.now().getTime() + (seed.deadlineDays ?? 1) * DAY).toISOString();
  await app.sql.query(
    `insert into requirement (id, merchant_id, status, title, service_scopes, channels, service_hours, seats_required, expected_monthly_volume,
       term_start, term_months, budget_max, required_certifications, bid_deadline, visibility, published_at, created_at)
     values ($1, $2, $3, 'Seeded', $4, $5, '{"daysOfWeek":[1],"startTime":null,"endTime":null,"timeZone":"Asia/Shanghai"}', $6, 1000,
       $7, 12, $8, $9, $10::timestamptz + make_interval(secs => $11::float8 / 1e6), $12, now(),
       '2026-05-01T00:00:00Z'::timestamptz + make_interval(secs => $13::float8 / 1e6))`,
    [
      id,
      seed.merchantId,
      seed.status ?? 'OPEN',
      seed.scopes ?? ['PRE_SALES'],
      seed.channels ?? ['ONLINE_CHAT'],
      seed.seats ?? 10,
      seed.termStart ?? '2027-01-01',
      seed.budgetMax === undefined ? '100000' : seed.budgetMax,
      seed.certifications ?? [],
      deadline,
      seed.deadlineMicros ?? 0,
      seed.visibility ?? 'PUBLIC',
      seed.createdMicros ?? 0,
    ],
  );
  return id;
}

const STATUSES = ['DRAFT', 'OPEN', 'OPEN', 'EVALUATING', 'AWARDED', 'CANCELLED', 'OPEN'];
const SEATS = [10, 20, 20, 30, 5];
const BUDGETS = [null, '100000.00', '250000.50', '100000.00'];
const DEADLINE_DAYS = [-2, -1, 1, 2, 3];

beforeAll(async () => {
  // Paging through every list many times spends far more than a minute's default cost budget.
  app = await startTestApp({ GRAPHQL_COST_BUDGET_PER_MINUTE: '100000000' }, { clock });
  merchant = await createOrg(app, { kind: OrganizationKind.MERCHANT, roles: [MembershipRole.OWNER, MembershipRole.INSPECTOR] });
  otherMerchant = await createOrg(app, { kind: OrganizationKind.MERCHANT });
  vendor = await createOrg(app, { kind: OrganizationKind.VENDOR });
  for (let i = 0; i < 30; i++) {
    await insertRequirement({
      merchantId: merchant.id,
      status: STATUSES[i % STATUSES.length],
      createdMicros: i % 4,
      deadlineDays: DEADLINE_DAYS[i % DEADLINE_DAYS.length],
      deadlineMicros: i % 3,
      seats: SEATS[i % SEATS.length],
      budgetMax: BUDGETS[i % BUDGETS.length],
      scopes: i % 2 ? ['PRE_SALES'] : ['PRE_SALES', 'AFTER_SALES'],
      channels: i % 3 ? ['ONLINE_CHAT', 'PHONE'] : ['PHONE'],
      termStart: i % 2 ? '2027-01-01' : '2027-03-01',
      certifications: [[], ['ISO27001'], ['ISO27001', 'PCI_DSS']][i % 3],
    });
  }
});
afterAll(() => app.close());

const REQUIREMENTS = `query($first: Int, $after: String, $last: Int, $before: String, $orderBy: RequirementOrder, $filter: RequirementFilter) {
  requirements(first: $first, after: $after, last: $last, before: $before, orderBy: $orderBy, filter: $filter) {
    totalCount edges { cursor node { id } } pageInfo { hasPreviousPage hasNextPage startCursor endCursor } } }`;

interface Page {
  totalCount: number;
  ids: string[];
  cursors: string[];
  pageInfo: { hasPreviousPage: boolean; hasNextPage: boolean; startCursor: string | null; endCursor: string | null };
}

async function requirementsPage(variables: Record<string, unknown>, caller: Caller = { token: merchant.owner.token }): Promise<Page> {
  const response = await gql(app, REQUIREMENTS, variables, caller);
  expect(response.errors).toBeUndefined();
  const list = response.data!.requirements;
  return {
    totalCount: list.totalCount,
    ids: list.edges.map((e: any) => e.node.id),
    cursors: list.edges.map((e: any) => e.cursor),
    pageInfo: list.pageInfo,
  };
}

const rawIds = (ids: string[]) => ids.map((id) => Buffer.from(id, 'base64url').toString('utf8').split(':')[1]);

/** Every page forward (first/after), checking page info and totals on the way. */
async function pageForward(fetch: (variables: Record<string, unknown>) => Promise<Page>, size: number, total: number): Promise<string[]> {
  const seen: string[] = [];
  let after: string | null = null;
  for (let i = 0; i <= total; i++) {
    const page = await fetch({ first: size, after });
    expect(page.totalCount).toBe(total);
    expect(page.pageInfo.hasPreviousPage).toBe(seen.length > 0);
    seen.push(...page.ids);
    expect(page.pageInfo.hasNextPage).toBe(seen.length < total);
    expect(page.pageInfo.startCursor).toBe(page.cursors[0] ?? null);
    expect(page.pageInfo.endCursor).toBe(page.cursors.at(-1) ?? null);
    if (!page.pageInfo.hasNextPage) return seen;
    after = page.pageInfo.endCursor;
  }
  throw new Error('paging forward did not end');
}

/** Every page backward (last/before) from the end, in list order. */
async function pageBackward(fetch: (variables: Record<string, unknown>) => Promise<Page>, size: number, total: number): Promise<string[]> {
  let seen: string[] = [];
  let before: string | null = null;
  for (let i = 0; i <= total; i++) {
    const page = await fetch({ last: size, before });
    expect(page.totalCount).toBe(total);
    expect(page.pageInfo.hasNextPage).toBe(seen.length > 0);
    seen = [...page.ids, ...seen];
    expect(page.pageInfo.hasPreviousPage).toBe(seen.length < total);
    if (!page.pageInfo.hasPreviousPage) return seen;
    before = page.pageInfo.startCursor;
  }
  throw new Error('paging backward did not end');
}

async function expectedRequirementIds(order: Order, where = 'true', params: unknown[] = []): Promise<string[]> {
  const { rows } = await app.sql.query(`select id from requirement where merchant_id = $1 and (${where}) order by ${ORDER_SQL[order]}`, [
    merchant.id,
    ...params,
  ]);
  return rows.map((r) => r.id as string);
}

describe('requirements', () => {
  test.each(ORDERS)('%s: the unpaginated list is in the documented order, NULL budgets last and ties by id', async (orderBy) => {
    const all = await requirementsPage({ orderBy, first: 100 });
    expect(all.totalCount).toBe(30);
    expect(rawIds(all.ids)).toEqual(await expectedRequirementIds(orderBy));
    expect(all.pageInfo).toMatchObject({ hasPreviousPage: false, hasNextPage: false });
  });

  test.each(ORDERS)('%s: paged through forward and backward, pages of 1, 4 and 7, equals the unpaginated list', async (orderBy) => {
    const all = (await requirementsPage({ orderBy, first: 100 })).ids;
    for (const size of [1, 4, 7]) {
      const fetch = (variables: Record<string, unknown>) => requirementsPage({ orderBy, ...variables });
      expect(await pageForward(fetch, size, 30)).toEqual(all);
      expect(await pageBackward(fetch, size, 30)).toEqual(all);
    }
  });

  test.each(ORDERS)('%s: without totalCount selected (nothing counted), paged through forward and backward with the same page info', async (orderBy) => {
    const all = (await requirementsPage({ orderBy, first: 100 })).ids;
    const uncounted = REQUIREMENTS.replace('totalCount edges', 'edges');
    const fetch = async (variables: Record<string, unknown>): Promise<Page> => {
      const response = await gql(app, uncounted, { orderBy, ...variables }, { token: merchant.owner.token });
      expect(response.errors).toBeUndefined();
      const list = response.data!.requirements;
      expect(list).not.toHaveProperty('totalCount');
      return { totalCount: 30, ids: list.edges.map((e: any) => e.node.id), cursors: list.edges.map((e: any) => e.cursor), pageInfo: list.pageInfo };
    };
    for (const size of [1, 7]) {
      expect(await pageForward(fetch, size, 30)).toEqual(all);
      expect(await pageBackward(fetch, size, 30)).toEqual(all);
    }
    // Past either end: nothing, and the side the rows lie on.
    const pastEnd = await fetch({ first: 5, after: (await fetch({ last: 1 })).cursors[0] });
    expect(pastEnd).toMatchObject({ ids: [], pageInfo: { hasPreviousPage: true, hasNextPage: false } });
    const beforeStart = await fetch({ last: 5, before: (await fetch({ first: 1 })).cursors[0] });
    expect(beforeStart).toMatchObject({ ids: [], pageInfo: { hasPreviousPage: false, hasNextPage: true } });
  });

  test('totalCount selected through a fragment or an inline fragment is counted', async () => {
    const fragment = `query($first: Int) { requirements(first: $first) { ...Counted edges { node { id } } } }
      fragment Counted on RequirementConnection { totalCount }`;
    const inline = `query($first: Int) { requirements(first: $first) { ... on RequirementConnection { totalCount } edges { node { id } } } }`;
    for (const query of [fragment, inline]) {
      const response = await gql(app, query, { first: 2 }, { token: merchant.owner.token });
      expect(response.errors).toBeUndefined();
      expect(response.data!.requirements.totalCount).toBe(30);
    }
  });

  test('with a filter: paged through equals the filtered list', async () => {
    const filter = { statuses: ['OPEN', 'EVALUATING'], minBudget: '100000' };
    for (const orderBy of ORDERS) {
      const fetch = (variables: Record<string, unknown>) => requirementsPage({ orderBy, filter, ...variables });
      const all = await requirementsPage({ orderBy, filter, first: 100 });
      expect(all.totalCount).toBeGreaterThan(5);
      expect(await pageForward(fetch, 3, all.totalCount)).toEqual(all.ids);
      expect(await pageBackward(fetch, 3, all.totalCount)).toEqual(all.ids);
    }
  });

  test('before and after from the middle: the items on either side of a cursor, with page info', async () => {
    const all = await requirementsPage({ orderBy: 'BUDGET_HIGHEST', first: 100 });
    const middle = all.cursors[12];
    const after = await requirementsPage({ orderBy: 'BUDGET_HIGHEST', first: 5, after: middle });
    expect(after.ids).toEqual(all.ids.slice(13, 18));
    expect(after.pageInfo).toMatchObject({ hasPreviousPage: true, hasNextPage: true });
    const before = await requirementsPage({ orderBy: 'BUDGET_HIGHEST', last: 5, before: middle });
    expect(before.ids).toEqual(all.ids.slice(7, 12));
    expect(before.pageInfo).toMatchObject({ hasPreviousPage: true, hasNextPage: true });
    // `last` alone: the end of the list; `before` alone: up to 20 before the cursor.
    const end = await requirementsPage({ orderBy: 'BUDGET_HIGHEST', last: 3 });
    expect(end.ids).toEqual(all.ids.slice(27));
    expect(end.pageInfo).toMatchObject({ hasPreviousPage: true, hasNextPage: false });
    expect((await requirementsPage({ orderBy: 'BUDGET_HIGHEST', before: middle })).ids).toEqual(all.ids.slice(0, 12));
    // Past either end: empty, with the total and the right side flagged.
    const pastEnd = await requirementsPage({ orderBy: 'BUDGET_HIGHEST', first: 5, after: all.cursors[29] });
    expect(pastEnd).toEqual({
      totalCount: 30,
      ids: [],
      cursors: [],
      pageInfo: { hasPreviousPage: true, hasNextPage: false, startCursor: null, endCursor: null },
    });
    const beforeStart = await requirementsPage({ orderBy: 'BUDGET_HIGHEST', last: 5, before: all.cursors[0] });
    expect(beforeStart).toMatchObject({ totalCount: 30, ids: [], pageInfo: { hasPreviousPage: false, hasNextPage: true } });
  });

  test.each(ORDERS)('%s: rows inserted before and after the cursor between two pages: page 2 neither repeats nor skips', async (orderBy) => {
    const other = await createOrg(app, { kind: OrganizationKind.MERCHANT });
    const seeds: Seed[] = Array.from({ length: 8 }, (_, i) => ({
      merchantId: other.id,
      createdMicros: 100 + (i % 3),
      deadlineDays: 1 + (i % 3),
      seats: 10 + 10 * (i % 3),
      budgetMax: i % 4 === 0 ? null : String(100_000 * (1 + (i % 3))),
    }));
    for (const seed of seeds) await insertRequirement(seed);
    const fetch = (variables: Record<string, unknown>) => requirementsPage({ orderBy, ...variables }, { token: other.owner.token });
    const before = await fetch({ first: 100 });
    const page1 = await fetch({ first: 4 });
    expect(page1.ids).toEqual(before.ids.slice(0, 4));
    // A row sorting first, one sorting last, and copies of the cursor row (equal keys but the id, so on either side of it).
    await insertRequirement({ merchantId: other.id, createdMicros: 1000, deadlineDays: 0.5, seats: 99, budgetMax: '9999999.00' });
    await insertRequirement({ merchantId: other.id, createdMicros: 0, deadlineDays: 9, seats: 1, budgetMax: null });
    const [cursorRow] = rawIds([before.ids[3]!]);
    for (let i = 0; i < 4; i++) {
      await app.sql.query(
        `insert into requirement select (jsonb_populate_record(r, jsonb_build_object('id', gen_random_uuid()))).* from requirement r where r.id = $1`,
        [cursorRow],
      );
    }
    // A row before the cursor is deleted: the cursor carries its row's keys, not a position.
    await app.sql.query('delete from requirement where id = $1', [rawIds([before.ids[2]!])[0]]);
    const now = await fetch({ first: 100 });
    expect(now.totalCount).toBe(13);
    const page2 = await fetch({ first: 100, after: page1.pageInfo.endCursor });
    const position = now.ids.indexOf(before.ids[3]!);
    // Exactly what follows the cursor row in the list as it is now.
    expect(page2.ids).toEqual(now.ids.slice(position + 1));
    expect(page2.ids.filter((id) => page1.ids.includes(id))).toEqual([]);
    expect(before.ids.slice(4).every((id) => page2.ids.includes(id))).toBe(true);
    expect(page2.pageInfo.hasPreviousPage).toBe(true);
    // Backward likewise: the page before the first row of the old page 2.
    const previous = await fetch({ last: 20, before: page2.pageInfo.startCursor });
    expect(previous.ids).toEqual(now.ids.slice(0, position + 1));
  });

  test('filters read as documented: each filter, in each order, lists exactly the matching requirements', async () => {
    const now = clock.now();
    const inDays = (days: number) => new Date(now.getTime() + days * DAY).toISOString();
    const cases: [Record<string, unknown>, string, unknown[]][] = [
      [{}, 'true', []],
      [{ statuses: ['OPEN'] }, `status = 'OPEN' and bid_deadline > $2`, [now]],
      [{ statuses: ['EVALUATING'] }, `status = 'EVALUATING' or (status = 'OPEN' and bid_deadline <= $2)`, [now]],
      [{ statuses: ['OPEN', 'AWARDED', 'DRAFT'] }, `(status = 'OPEN' and bid_deadline > $2) or status in ('AWARDED', 'DRAFT')`, [now]],
      [{ biddableOnly: true }, `status = 'OPEN' and bid_deadline > $2`, [now]],
      [{ biddableOnly: true, statuses: ['EVALUATING'] }, 'false', []],
      [{ serviceScope: 'AFTER_SALES' }, `'AFTER_SALES' = any (service_scopes)`, []],
      [{ channel: 'ONLINE_CHAT' }, `'ONLINE_CHAT' = any (channels)`, []],
      [{ minSeats: 20 }, 'seats_required >= 20', []],
      [{ maxSeats: 20 }, 'seats_required <= 20', []],
      [{ minSeats: 10, maxSeats: 20 }, 'seats_required between 10 and 20', []],
      [{ minBudget: '200000' }, 'budget_max >= 200000', []],
      [{ minBudget: '100000.00' }, 'budget_max >= 100000', []],
      [{ deadlineAfter: inDays(1.5) }, 'bid_deadline >= $2', [inDays(1.5)]],
      [{ deadlineBefore: inDays(-1.5) }, 'bid_deadline < $2', [inDays(-1.5)]],
      [{ deadlineAfter: inDays(-1.5), deadlineBefore: inDays(1.5) }, 'bid_deadline >= $2 and bid_deadline < $3', [inDays(-1.5), inDays(1.5)]],
      [{ termStartFrom: '2027-02-01' }, `term_start >= '2027-02-01'`, []],
      [{ certificationsHeld: [] }, 'cardinality(required_certifications) = 0', []],
      [{ certificationsHeld: ['ISO27001'] }, `required_certifications <@ '{ISO27001}'`, []],
      [{ certificationsHeld: ['PCI_DSS', 'ISO27001', 'OTHER'] }, 'true', []],
      [
        { biddableOnly: true, channel: 'PHONE', minBudget: '100000', serviceScope: 'PRE_SALES' },
        `status = 'OPEN' and bid_deadline > $2 and budget_max >= 100000 and 'PHONE' = any (channels)`,
        [now],
      ],
    ];
    for (const [filter, where, params] of cases) {
      for (const orderBy of ORDERS) {
        const listed = await requirementsPage({ orderBy, filter, first: 100 });
        const expected = await expectedRequirementIds(orderBy, where, params);
        expect({ filter, orderBy, ids: rawIds(listed.ids), totalCount: listed.totalCount }).toEqual({
          filter,
          orderBy,
          ids: expected,
          totalCount: expected.length,
        });
      }
    }
  });

  test('a vendor browses biddable requirements, paged through like the unpaginated list, drafts and other merchants’ invitations left out', async () => {
    await insertRequirement({ merchantId: otherMerchant.id, visibility: 'INVITED', deadlineDays: 2 });
    const fetch = (variables: Record<string, unknown>) =>
      requirementsPage({ orderBy: 'DEADLINE_SOONEST', filter: { biddableOnly: true }, ...variables }, { token: vendor.owner.token });
    const all = await fetch({ first: 100 });
    const { rows } = await app.sql.query(
      `select id from requirement where status = 'OPEN' and visibility = 'PUBLIC' and bid_deadline > $1 order by bid_deadline, id`,
      [clock.now()],
    );
    expect(rawIds(all.ids)).toEqual(rows.map((r) => r.id));
    expect(await pageForward(fetch, 4, all.totalCount)).toEqual(all.ids);
    expect(await pageBackward(fetch, 4, all.totalCount)).toEqual(all.ids);
  });
});

describe('cursors and arguments that are refused with BAD_USER_INPUT', () => {
  const encode = (value: unknown) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');
  const refused = async (variables: Record<string, unknown>, message: RegExp, query = REQUIREMENTS, caller: Caller = { token: merchant.owner.token }) => {
    const response = await gql(app, query, variables, caller);
    expect(errorCodes(response)).toEqual(['BAD_USER_INPUT']);
    expect(response.errors![0]!.message).toMatch(message);
  };

  test('malformed cursors', async () => {
    const real = (await requirementsPage({ orderBy: 'DEADLINE_SOONEST', first: 1 })).cursors[0]!;
    const [order, deadline, id] = JSON.parse(Buffer.from(real, 'base64url').toString('utf8')) as string[];
    const notOurs = /not a cursor returned by this API/;
    for (const cursor of [
      'garbage!',
      encode('hello'),
      encode({ order, keys: [deadline, id] }),
      encode([order, deadline]),
      encode([order, deadline, id, id]),
      encode([order, deadline, 'not-a-uuid']),
      encode([order, '2026-02-30T00:00:00.000000Z', id]),
      encode([order, '2026-01-01 00:00:00', id]),
      encode([order, "2026-01-01T00:00:00.000000Z'; drop table requirement; --", id]),
      encode([order, null, id]),
      encode([order, 1767225600000, id]),
      'A'.repeat(600),
    ]) {
      await refused({ orderBy: 'DEADLINE_SOONEST', after: cursor }, notOurs);
      await refused({ orderBy: 'DEADLINE_SOONEST', before: cursor }, /^before: /);
    }
    // NULL is a value only of a key that may be NULL (the budget).
    const budget = await requirementsPage({ orderBy: 'BUDGET_HIGHEST', last: 1 });
    expect(JSON.parse(Buffer.from(budget.cursors[0]!, 'base64url').toString('utf8'))[1]).toBeNull();
    expect((await requirementsPage({ orderBy: 'BUDGET_HIGHEST', first: 1, after: budget.cursors[0] })).ids).toEqual([]);
    await refused({ orderBy: 'BUDGET_HIGHEST', after: encode(['requirement.BUDGET_HIGHEST', '12.5x', id]) }, notOurs);
  });

  test('cursors of another order or another list, and offset cursors of an older version', async () => {
    const newest = (await requirementsPage({ orderBy: 'NEWEST', first: 1 })).cursors[0]!;
    await refused({ orderBy: 'SEATS_MOST', after: newest }, /another list or order/);
    await refused({ orderBy: 'NEWEST', after: encode(['auditEvent.NEWEST', '1']) }, /another list or order/);
    await refused({ orderBy: 'NEWEST', after: encode('o:19') }, /cursor from an older version; start again from the first page/);
    await refused({ after: newest }, /another list or order/, 'query($after: String) { organizations(first: 1, after: $after) { totalCount } }');
    // Nested lists keep offset cursors: a keyset cursor is not one of theirs.
    const nested = `query($id: ID!, $after: String) { requirement(id: $id) { questions(first: 1, after: $after) { totalCount } } }`;
    const id = (await requirementsPage({ first: 1 })).ids[0];
    await refused({ id, after: newest }, /not a cursor of this list/, nested);
    const offset = await gql(app, nested, { id, after: encode('o:0') }, { token: merchant.owner.token });
    expect(offset.errors).toBeUndefined();
  });

  test('first with last, after with before, a direction mixed, sizes out of range', async () => {
    const cursor = (await requirementsPage({ first: 1 })).cursors[0];
    await refused({ first: 2, last: 2 }, /first or last, not both/);
    await refused({ after: cursor, before: cursor }, /after or before, not both/);
    await refused({ first: 2, before: cursor }, /before goes with last, after with first/);
    await refused({ last: 2, after: cursor }, /before goes with last, after with first/);
    await refused({ first: 101 }, /first must be between 0 and 100/);
    await refused({ last: -1 }, /last must be between 0 and 100/);
    await refused({ last: 101 }, /last must be between 0 and 100/);
    const none = await requirementsPage({ last: 0 });
    expect(none).toMatchObject({ totalCount: 30, ids: [], pageInfo: { hasPreviousPage: true, hasNextPage: false } });
  });
});

describe('the audit log', () => {
  let org: TestOrg;
  const EVENTS = `query($first: Int, $after: String, $last: Int, $before: String) { auditEvents(first: $first, after: $after, last: $last, before: $before) {
    totalCount edges { cursor node { id action } } pageInfo { hasPreviousPage hasNextPage startCursor endCursor } } }`;
  const eventsPage = async (variables: Record<string, unknown>, caller: Caller = { token: org.owner.token }): Promise<Page> => {
    const response = await gql(app, EVENTS, variables, caller);
    expect(response.errors).toBeUndefined();
    const list = response.data!.auditEvents;
    return { totalCount: list.totalCount, ids: list.edges.map((e: any) => e.node.id), cursors: list.edges.map((e: any) => e.cursor), pageInfo: list.pageInfo };
  };
  const record = (count: number, action = 'test.event') =>
    app.sql.query(
      `insert into audit_event (organization_id, action, entity_type, entity_id) select $1::uuid, $2, 'Organization', $1::text from generate_series(1, $3)`,
      [org.id, action, count],
    );

  beforeAll(async () => {
    org = await createOrg(app, { kind: OrganizationKind.MERCHANT, roles: [MembershipRole.OWNER, MembershipRole.AUDITOR, MembershipRole.FINANCE] });
    await record(23);
  });

  test('newest first, paged forward and backward (last/before) like the unpaginated list', async () => {
    const all = await eventsPage({ first: 100 });
    const { rows } = await app.sql.query('select id from audit_event where organization_id = $1 order by id desc', [org.id]);
    expect(all.ids).toEqual(rows.map((r) => toGlobalId('AuditEvent', r.id)));
    for (const size of [1, 5, 20]) {
      expect(await pageForward(eventsPage, size, 23)).toEqual(all.ids);
      expect(await pageBackward(eventsPage, size, 23)).toEqual(all.ids);
    }
    // The oldest events: last, then before.
    const oldest = await eventsPage({ last: 3 });
    expect(oldest.ids).toEqual(all.ids.slice(20));
    expect(oldest.pageInfo).toMatchObject({ hasPreviousPage: true, hasNextPage: false });
  });

  test('events recorded between two pages neither repeat nor shift the next page', async () => {
    const before = await eventsPage({ first: 100 });
    const page1 = await eventsPage({ first: 5 });
    await record(4, 'test.later');
    const page2 = await eventsPage({ first: 5, after: page1.pageInfo.endCursor });
    expect(page2.ids).toEqual(before.ids.slice(5, 10));
    expect(page2.totalCount).toBe(before.totalCount + 4);
    // Backward from the first page: the new events, before the old first one.
    const newer = await eventsPage({ last: 20, before: page1.pageInfo.startCursor });
    expect(newer.ids).toHaveLength(4);
    expect(newer.pageInfo).toMatchObject({ hasPreviousPage: false, hasNextPage: true });
  });

  test('owners and auditors read it; other roles FORBIDDEN; another organization reads none of it; anonymous UNAUTHENTICATED', async () => {
    const cursor = (await eventsPage({ first: 2 })).pageInfo.endCursor;
    const viaAuditor = await eventsPage({ first: 2, after: cursor }, { token: org.member(MembershipRole.AUDITOR).token });
    expect(viaAuditor.ids).toHaveLength(2);
    expect(errorCodes(await gql(app, EVENTS, { first: 2, after: cursor }, { token: org.member(MembershipRole.FINANCE).token }))).toEqual(['FORBIDDEN']);
    expect(errorCodes(await gql(app, EVENTS, { first: 2, after: cursor }))).toEqual(['UNAUTHENTICATED']);
    // Another organization's owner, even with this organization's cursor, gets none of its events.
    const elsewhere = await eventsPage({ first: 100, after: cursor }, { token: otherMerchant.owner.token });
    const { rows } = await app.sql.query('select id from audit_event where organization_id = $1', [org.id]);
    const ours = new Set(rows.map((r) => toGlobalId('AuditEvent', r.id)));
    expect(elsewhere.ids.filter((id) => ours.has(id))).toEqual([]);
  });
});

describe('bids, contracts, the directory and API keys', () => {
  const page = async (query: string, field: string, variables: Record<string, unknown>, caller: Caller): Promise<Page> => {
    const response = await gql(app, query, variables, caller);
    expect(response.errors).toBeUndefined();
    const list = field.split('.').reduce((value: any, key) => value[key], response.data);
    return { totalCount: list.totalCount, ids: list.edges.map((e: any) => e.node.id), cursors: list.edges.map((e: any) => e.cursor), pageInfo: list.pageInfo };
  };
  const SELECTION = `totalCount edges { cursor node { id } } pageInfo { hasPreviousPage hasNextPage startCursor endCursor }`;
  const ARGS = `first: $first, after: $after, last: $last, before: $before`;
  const VARS = `$first: Int, $after: String, $last: Int, $before: String`;
  const BIDS = `query(${VARS}) { bids(${ARGS}) { ${SELECTION} } }`;
  const CONTRACTS = `query(${VARS}) { contracts(${ARGS}) { ${SELECTION} } }`;
  const ORGANIZATIONS = `query(${VARS}) { organizations(${ARGS}) { ${SELECTION} } }`;
  const API_KEYS = `query(${VARS}) { viewer { organization { apiKeys(${ARGS}) { ${SELECTION} } } } }`;

  let bidder: TestOrg;
  let awarding: TestOrg;
  let bids: string[];
  let contracts: string[];

  beforeAll(async () => {
    bidder = await createOrg(app, { kind: OrganizationKind.VENDOR, roles: [MembershipRole.OWNER, MembershipRole.VIEWER] });
    awarding = await createOrg(app, { kind: OrganizationKind.MERCHANT, roles: [MembershipRole.OWNER, MembershipRole.FINANCE] });
    bids = [];
    contracts = [];
    for (let i = 0; i < 5; i++) {
      const requirement = await publishedRequirement(app, awarding, { bidDeadline: new Date(clock.now().getTime() + DAY).toISOString() });
      bids.push(await submitBid(app, bidder, requirement));
      await passDeadline(app, requirement);
      clock.advance(DAY);
      const accepted = await gql(app, BID_ACCEPT, { id: bids.at(-1) }, { token: awarding.owner.token });
      clock.advance(-DAY);
      contracts.push(accepted.data!.bidAccept.contract.id);
    }
    // Bids submitted in one instant: the id orders them.
    await app.sql.query(`update bid set submitted_at = '2026-05-01T00:00:00.000001Z' where vendor_id = $1`, [bidder.id]);
    for (let i = 0; i < 5; i++) {
      const created = await gql(
        app,
        `mutation($name: String!) { apiKeyCreate(input: { name: $name, role: VIEWER }) { userErrors { code } } }`,
        { name: `key ${i}` },
        { token: awarding.owner.token },
      );
      expect(created.data!.apiKeyCreate.userErrors).toEqual([]);
    }
  });

  test.each([
    ['bids (vendor)', BIDS, 'bids', () => bidder.member(MembershipRole.VIEWER).token, 5],
    ['bids (merchant)', BIDS, 'bids', () => awarding.owner.token, 5],
    ['contracts', CONTRACTS, 'contracts', () => awarding.member(MembershipRole.FINANCE).token, 5],
    ['organizations', ORGANIZATIONS, 'organizations', () => bidder.owner.token, -1],
    ['apiKeys', API_KEYS, 'viewer.organization.apiKeys', () => awarding.owner.token, 5],
  ])('%s: paged forward and backward equals the unpaginated list', async (_name, query, field, token, expected) => {
    const fetch = (variables: Record<string, unknown>) => page(query, field, variables, { token: token() });
    const all = await fetch({ first: 100 });
    if (expected >= 0) expect(all.totalCount).toBe(expected);
    expect(all.ids).toHaveLength(all.totalCount);
    expect(await pageForward(fetch, 2, all.totalCount)).toEqual(all.ids);
    expect(await pageBackward(fetch, 2, all.totalCount)).toEqual(all.ids);
  });

  test('bids and contracts: newest first, ties by id; the directory and API keys oldest first', async () => {
    const vendorBids = await page(BIDS, 'bids', { first: 100 }, { token: bidder.owner.token });
    const byRawId = (a: string, b: string) => (rawIds([a])[0]! < rawIds([b])[0]! ? -1 : 1);
    expect(vendorBids.ids).toEqual([...bids].sort(byRawId));
    const listed = await page(CONTRACTS, 'contracts', { first: 100 }, { token: bidder.owner.token });
    const { rows } = await app.sql.query('select id from contract where vendor_id = $1 order by created_at desc, id', [bidder.id]);
    expect(rawIds(listed.ids)).toEqual(rows.map((r) => r.id));
    expect([...listed.ids].sort()).toEqual([...contracts].sort());
    const keys = await page(API_KEYS, 'viewer.organization.apiKeys', { first: 100 }, { token: awarding.owner.token });
    const keyRows = await app.sql.query('select id from api_key where organization_id = $1 order by created_at, id', [awarding.id]);
    expect(rawIds(keys.ids)).toEqual(keyRows.rows.map((r) => r.id));
    const directory = await page(ORGANIZATIONS, 'organizations', { first: 100 }, { token: bidder.owner.token });
    const orgRows = await app.sql.query('select id from organization order by created_at, id');
    expect(rawIds(directory.ids)).toEqual(orgRows.rows.map((r) => r.id).filter((id) => rawIds(directory.ids).includes(id)));
  });

  test('who may list: the right roles and kinds; wrong kinds FORBIDDEN; other organizations read nothing of these; anonymous UNAUTHENTICATED', async () => {
    const auditFirm = await createOrg(app, { kind: OrganizationKind.AUDIT_FIRM });
    const stranger = await createOrg(app, { kind: OrganizationKind.VENDOR });
    const strangerMerchant = await createOrg(app, { kind: OrganizationKind.MERCHANT });
    const admin = await createPlatformAdmin(app);
    const bidCursor = (await page(BIDS, 'bids', { first: 1 }, { token: bidder.owner.token })).pageInfo.endCursor;
    const contractCursor = (await page(CONTRACTS, 'contracts', { first: 1 }, { token: awarding.owner.token })).pageInfo.endCursor;
    for (const [query, variables] of [
      [BIDS, { first: 10, after: bidCursor }],
      [CONTRACTS, { first: 10, after: contractCursor }],
      [REQUIREMENTS, { first: 10 }],
    ] as const) {
      expect(errorCodes(await gql(app, query, variables))).toEqual(['UNAUTHENTICATED']);
      // Audit firms list the contracts merchants' grants cover (none here: read below), never bids or requirements.
      if (query !== CONTRACTS) expect(errorCodes(await gql(app, query, variables, { token: auditFirm.owner.token }))).toEqual(['FORBIDDEN']);
      expect(errorCodes(await gql(app, query, variables, { token: admin.token }))).toEqual(['FORBIDDEN']);
    }
    // Another vendor and another merchant, and an audit firm without a grant, even with these lists' cursors, read none of their rows.
    for (const other of [stranger, strangerMerchant, auditFirm]) {
      if (other !== auditFirm) expect((await page(BIDS, 'bids', { first: 10, after: bidCursor }, { token: other.owner.token })).totalCount).toBe(0);
      expect((await page(CONTRACTS, 'contracts', { first: 10, after: contractCursor }, { token: other.owner.token })).totalCount).toBe(0);
    }
    const merchantRequirements = await requirementsPage({ first: 100 }, { token: strangerMerchant.owner.token });
    expect(merchantRequirements.totalCount).toBe(0);
    // API keys: owners only (a person, not a key), and only their own organization's.
    const keysOf = async (caller: Caller, id = awarding.globalId) => {
      const response = await gql(app, `query($id: ID!) { organization(id: $id) { apiKeys(last: 2) { totalCount } } }`, { id }, caller);
      expect(response.errors).toBeUndefined();
      return response.data!.organization.apiKeys;
    };
    expect(await keysOf({ token: awarding.owner.token })).toEqual({ totalCount: 5 });
    expect(await keysOf({ token: awarding.member(MembershipRole.FINANCE).token })).toBeNull();
    expect(await keysOf({ token: strangerMerchant.owner.token })).toBeNull();
    expect(errorCodes(await gql(app, ORGANIZATIONS, { first: 1 }))).toEqual(['UNAUTHENTICATED']);
    // The directory: every signed-in caller, platform administrators included.
    expect((await page(ORGANIZATIONS, 'organizations', { last: 1 }, { token: admin.token })).ids).toHaveLength(1);
  });
});
