import { ENTITIES } from '../../src/app/composition.js';
import { toPlainRows } from '../../src/db/rows.js';
import { OrganizationKind } from '../../src/modules/organizations/organization.entity.js';
import { gql } from '../helpers/client.js';
import { createOrg } from '../helpers/factories.js';
import { BID_ACCEPT, passDeadline, publishedRequirement, submitBid } from '../helpers/marketplace.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';

let app: TestApp;

beforeAll(async () => {
  app = await startTestApp();
  const merchant = await createOrg(app, { kind: OrganizationKind.MERCHANT });
  const vendor = await createOrg(app, { kind: OrganizationKind.VENDOR });
  const requirement = await publishedRequirement(app, merchant);
  await gql(
    app,
    `mutation($id: ID!) { requirementQuestionAsk(requirementId: $id, input: { question: "Peak plan for 11.11?" }) { userErrors { code } } }`,
    { id: requirement },
    {
      token: vendor.owner.token,
    },
  );
  const bid = await submitBid(app, vendor, requirement);
  await passDeadline(app, requirement);
  const accepted = await gql(app, BID_ACCEPT, { id: bid }, { token: merchant.owner.token });
  expect(accepted.data!.bidAccept.userErrors).toEqual([]);
});
afterAll(() => app.close());

/**
 * Queries read plain rows instead of entities (src/db/rows.ts). Whatever a node type reads from an
 * entity it must find, with the same value, on the plain row: for every entity of the API, the plain
 * rows of its table equal the entities the ORM builds from the same rows, property by property.
 */
test('plain rows carry exactly the properties and values of entities, for every table', async () => {
  const em = app.orm.em.fork();
  const compared: string[] = [];
  for (const entity of ENTITIES) {
    const meta = em.getMetadata().get(entity);
    const rows = await em.execute<Record<string, unknown>[]>(`select * from ${meta.tableName} limit 20`);
    if (!rows.length) continue;
    const plain = toPlainRows(
      em,
      entity,
      rows.map((row) => ({ ...row })),
    );
    const entities = rows.map((row) => ({ ...em.map(entity, { ...row } as never) }));
    expect([meta.className, plain]).toEqual([meta.className, entities]);
    compared.push(meta.className);
  }
  expect(compared).toEqual(
    expect.arrayContaining(['Organization', 'User', 'Membership', 'Requirement', 'RequirementQuestion', 'Bid', 'BidRevision', 'Contract', 'AuditEvent']),
  );
});

/**
 * Loaders pass their keys as one array parameter (`= any(?::uuid[])`, src/db/sql.ts arrayLiteral)
 * instead of a quoted IN list: every string must reach PostgreSQL as itself.
 */
test('an array literal carries any strings to PostgreSQL unchanged, in order', async () => {
  const { arrayLiteral } = await import('../../src/db/sql.js');
  const values = [
    'plain',
    '',
    'NULL',
    'null',
    'with space',
    'a,b',
    '{braces}',
    'quote"inside',
    "single'quote",
    'back\\slash',
    '\\"',
    '中文 客服',
    'trailing\\',
    ' lead',
  ];
  const em = app.orm.em.fork();
  const rows = await em.execute<{ v: string; n: string }[]>('select v, n from unnest(?::text[]) with ordinality as x(v, n) order by n', [arrayLiteral(values)]);
  expect(rows.map((r) => r.v)).toEqual(values);
  const ids = [crypto.randomUUID(), crypto.randomUUID()];
  expect((await em.execute<{ id: string }[]>('select unnest(?::uuid[]) as id', [arrayLiteral(ids)])).map((r) => r.id)).toEqual(ids);
});

/**
 * `text[]` columns are read through a fast path (src/db/type-parsers.ts): whatever PostgreSQL
 * writes for an array of strings, it must read as the generic parser does.
 */
test('text[] values read exactly as the generic parser reads them, whatever the elements', async () => {
  const fc = (await import('fast-check')).default;
  const em = app.orm.em.fork();
  const element = fc.oneof(
    fc.constantFrom('PRE_SALES', 'HOTLINE', 'NULL', 'null', '', ' ', 'a b', 'a,b', '{x}', 'q"q', 'b\\s', '中文', 'ISO9001'),
    fc.string({ maxLength: 6 }),
  );
  const samples = fc.sample(fc.array(fc.option(element, { nil: null, freq: 8 }), { maxLength: 6 }), 300);
  const texts = await em.execute<{ t: string }[]>(
    'select x::text as t from jsonb_array_elements(?::jsonb) e, lateral (select array(select jsonb_array_elements_text(e.value))) a(x)',
    [JSON.stringify(samples.map((values) => values.map((v) => v)))],
  );
  const typed = await em.execute<{ x: unknown }[]>('select array(select jsonb_array_elements_text(e.value)) as x from jsonb_array_elements(?::jsonb) e', [
    JSON.stringify(samples),
  ]);
  const pg = (await import('pg')).default;
  const { TEXT_ARRAY_OID } = await import('../../src/db/type-parsers.js');
  // pg's own parser of text[], which pg's typings know only by the names of builtin scalar types.
  const generic = (pg.types.getTypeParser as (oid: number, format: string) => (text: string) => unknown)(TEXT_ARRAY_OID, 'text');
  expect(typed.map((r) => r.x)).toEqual(texts.map((r) => generic(r.t)));
  expect(typed.map((r) => r.x)).toEqual(samples);
});
