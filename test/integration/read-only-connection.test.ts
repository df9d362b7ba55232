import { SessionEndedError } from '../../src/core/errors.js';
import type { Viewer } from '../../src/core/viewer.js';
import { poolOf, ReadOnlyConnection } from '../../src/db/read-only-connection.js';
import { newRequestScope, requestScope } from '../../src/db/request-scope.js';
import { rawSql } from '../../src/db/sql.js';
import { streamRows } from '../../src/db/stream.js';
import { settingsFor } from '../../src/db/tenant-transaction.js';
import { UnitOfWork } from '../../src/db/unit-of-work.js';
import { Organization, OrganizationKind } from '../../src/modules/organizations/organization.entity.js';
import { createOrg, type TestOrg } from '../helpers/factories.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';

/**
 * Read-only transactions (queries, exports, read-only jobs) run on a pooled connection held by the
 * tenant transaction itself (src/db/read-only-connection.ts) instead of a Kysely transaction. Every
 * statement of the EntityManager must go to that connection, after the tenant set-up; the
 * connection must go back to the pool clean however the transaction ends.
 */
let app: TestApp;
let merchant: TestOrg;

const memberOf = (org: TestOrg, sessionId = org.owner.sessionId): Viewer => ({
  kind: 'member',
  userId: org.owner.userId,
  apiKeyId: null,
  sessionId,
  organizationId: org.id,
  organizationKind: org.kind,
  role: org.owner.role,
});

/** Connections of the pool that are checked out. */
async function checkedOut(): Promise<number> {
  const pool = await poolOf(app.orm);
  return pool.totalCount - pool.idleCount;
}

/** Every connection is back in the pool, and one taken from it answers at once (no aborted transaction, no open portal). */
async function expectAllBackAndUsable(): Promise<void> {
  expect(await checkedOut()).toBe(0);
  const client = await (await poolOf(app.orm)).connect();
  try {
    expect((await client.query('select 1 as n')).rows).toEqual([{ n: 1 }]);
  } finally {
    client.release();
  }
}

beforeAll(async () => {
  app = await startTestApp();
  merchant = await createOrg(app, { kind: OrganizationKind.MERCHANT });
});
afterAll(() => app.close());

test('the pool keeps an idle connection DB_POOL_IDLE_SECONDS (60 s by default), not the 10 s of pg', async () => {
  expect(app.config.dbPoolIdleSeconds).toBe(60);
  expect((await poolOf(app.orm)).options.idleTimeoutMillis).toBe(60_000);
});

test('every statement runs on the held connection, as the viewer, read-only; commit gives the connection back', async () => {
  const before = await checkedOut();
  const uow = new UnitOfWork(app.orm);
  await uow.tx.begin(settingsFor(memberOf(merchant)), { readOnly: true });
  expect(uow.em.getTransactionContext()).toBeInstanceOf(ReadOnlyConnection);
  expect(await checkedOut()).toBe(before + 1);

  const [settings] = await uow.em.execute<{ org: string; role: string; read_only: string }[]>(
    "select current_setting('app.org_id') as org, current_user as role, current_setting('transaction_read_only') as read_only",
  );
  expect(settings).toEqual({ org: merchant.id, role: 'kefu_app', read_only: 'on' });
  // MikroORM's own queries (em.find) go through the same context: row-level security sees the viewer.
  const found = await uow.em.find(Organization, { id: merchant.id });
  expect(found.map((o) => o.legalName)).toEqual([merchant.legalName]);
  // PostgreSQL refuses writes in it.
  await expect(uow.em.execute(`update organization set legal_name = 'changed' where id = ?`, [merchant.id])).rejects.toMatchObject({ code: '25006' });

  await uow.tx.commit();
  expect(await checkedOut()).toBe(before);
  // A statement that comes after the end fails: it does not run on another pooled connection, outside
  // the transaction, as the pool's login role (which row-level security would not restrict).
  await expect(uow.em.execute("select current_setting('app.org_id', true) as org")).rejects.toThrow(/read-only transaction has ended/);
  await expect(uow.em.find(Organization, { id: merchant.id })).rejects.toThrow(/read-only transaction has ended/);
  expect(await checkedOut()).toBe(before);
  const { rows } = await app.sql.query('select legal_name from organization where id = $1', [merchant.id]);
  expect(rows[0].legal_name).toBe(merchant.legalName);
});

test('after a failed statement the connection goes back without an aborted transaction on it', async () => {
  const pool = await poolOf(app.orm);
  for (let i = 0; i < app.config.dbPoolSize + 2; i++) {
    const uow = new UnitOfWork(app.orm);
    await uow.tx.begin(settingsFor(memberOf(merchant)), { readOnly: true });
    const [row] = await uow.em.execute<{ org: string }[]>("select current_setting('app.org_id', true) as org");
    expect(row!.org).toBe(merchant.id);
    await expect(uow.em.execute('select 1 / 0')).rejects.toMatchObject({ code: '22012' });
    if (i % 2) await uow.tx.commit();
    else await uow.tx.rollback();
  }
  expect(pool.totalCount - pool.idleCount).toBe(0);
  // A connection from the pool starts with no viewer: the set-up was local to each transaction.
  const client = await pool.connect();
  try {
    const { rows } = await client.query("select current_setting('app.org_id', true) as org, current_setting('transaction_read_only') as read_only");
    expect({ org: rows[0].org ?? '', readOnly: rows[0].read_only }).toEqual({ org: '', readOnly: 'off' });
  } finally {
    client.release();
  }
});

test('rows stream through a cursor on the held connection, in chunks', async () => {
  const uow = new UnitOfWork(app.orm);
  await uow.tx.begin(settingsFor(memberOf(merchant)), { readOnly: true });
  const values: number[] = [];
  for await (const row of streamRows(uow, rawSql("select g, current_setting('app.org_id') as org from generate_series(1, 1234) g"), 500)) {
    expect(row.org).toBe(merchant.id);
    values.push(Number(row.g));
  }
  expect(values).toEqual(Array.from({ length: 1234 }, (_, i) => i + 1));
  await uow.tx.commit();
  expect(await checkedOut()).toBe(0);
});

test.each([
  ['in a request (the set-up goes with BEGIN)', true],
  ['outside a request (the set-up after BEGIN)', false],
])('a session that has ended refuses the transaction (SessionEndedError) and the connection goes back: %s', async (_name, inRequest) => {
  await app.sql.query('update auth_session set revoked_at = now() where id = $1', [merchant.owner.sessionId]);
  try {
    const uow = new UnitOfWork(app.orm);
    const scope = newRequestScope('read-only-connection-test');
    const begin = () => uow.tx.begin(settingsFor(memberOf(merchant)), { readOnly: true });
    await expect(inRequest ? requestScope.run(scope, begin) : begin()).rejects.toBeInstanceOf(SessionEndedError);
    if (inRequest) expect(scope).toMatchObject({ sqlRoundTrips: 2, sqlStatements: 3 });
    await expect(uow.em.execute('select 1')).rejects.toThrow(/read-only transaction has ended/);
    expect(await checkedOut()).toBe(0);
  } finally {
    await app.sql.query('update auth_session set revoked_at = null where id = $1', [merchant.owner.sessionId]);
  }
});

test('statements sent together wait their turn on the connection (none is sent while another runs)', async () => {
  const uow = new UnitOfWork(app.orm);
  await uow.tx.begin(settingsFor(memberOf(merchant)), { readOnly: true });
  const connection = uow.em.getTransactionContext() as unknown as ReadOnlyConnection;
  const query = connection.client.query.bind(connection.client) as (...args: unknown[]) => Promise<unknown>;
  let running = 0;
  let most = 0;
  (connection.client as unknown as { query: (...args: unknown[]) => Promise<unknown> }).query = async (...args: unknown[]) => {
    running += 1;
    most = Math.max(most, running);
    try {
      return await query(...args);
    } finally {
      running -= 1;
    }
  };
  const answers = await Promise.all([1, 2, 3, 4, 5].map((n) => uow.em.execute<{ n: number }[]>(`select ${n} as n, pg_sleep(0.01)`)));
  expect(answers.map((rows) => rows[0]!.n)).toEqual([1, 2, 3, 4, 5]);
  expect(most).toBe(1);
  await uow.tx.commit();
  expect(await checkedOut()).toBe(0);
});

/** Records the text of every query the held connection's client is sent. */
function recordQueries(connection: ReadOnlyConnection): string[] {
  const sent: string[] = [];
  const query = connection.client.query.bind(connection.client) as (...args: unknown[]) => Promise<unknown>;
  (connection.client as unknown as { query: (...args: unknown[]) => Promise<unknown> }).query = (...args: unknown[]) => {
    const [first] = args as [string | { text?: string }];
    sent.push(typeof first === 'string' ? first : String(first.text));
    return query(...args);
  };
  return sent;
}

test('statements without parameters asked for in the same tick go in one round trip, each answered with its own rows', async () => {
  const scope = newRequestScope('read-only-connection-batch');
  await requestScope.run(scope, async () => {
    const uow = new UnitOfWork(app.orm);
    await uow.tx.begin(settingsFor(memberOf(merchant)), { readOnly: true });
    const sent = recordQueries(uow.em.getTransactionContext() as unknown as ReadOnlyConnection);
    const before = { statements: scope.sqlStatements, roundTrips: scope.sqlRoundTrips };
    const [series, org, viewer] = await Promise.all([
      uow.em.execute<{ n: number }[]>('select n from generate_series(1, 3) n -- a comment ends the line'),
      uow.em.execute<{ id: string }[]>(`select id from organization where id = '${merchant.id}'`),
      uow.em.execute<{ org: string }[]>(`select current_setting('app.org_id') as org`),
    ]);
    expect(series.map((r) => r.n)).toEqual([1, 2, 3]);
    expect(org).toEqual([{ id: merchant.id }]);
    expect(viewer).toEqual([{ org: merchant.id }]);
    expect(sent).toHaveLength(1);
    expect({ statements: scope.sqlStatements - before.statements, roundTrips: scope.sqlRoundTrips - before.roundTrips }).toEqual({
      statements: 3,
      roundTrips: 1,
    });
    // One asked for later goes on its own.
    expect(await uow.em.execute<{ n: number }[]>('select 4 as n')).toEqual([{ n: 4 }]);
    expect(sent).toHaveLength(2);
    await uow.tx.commit();
  });
  expect(await checkedOut()).toBe(0);
});

test('in a round trip, the statements before a failing one answer; it and those after it are refused with its error; the connection goes back clean', async () => {
  const uow = new UnitOfWork(app.orm);
  await uow.tx.begin(settingsFor(memberOf(merchant)), { readOnly: true });
  const sent = recordQueries(uow.em.getTransactionContext() as unknown as ReadOnlyConnection);
  const outcomes = await Promise.allSettled([
    uow.em.execute<{ n: number }[]>('select n from generate_series(1, 2) n'),
    uow.em.execute<{ n: number }[]>('select 3 as n'),
    uow.em.execute('select 1 / 0'),
    uow.em.execute('select 4 as n'),
  ]);
  expect(sent).toHaveLength(1);
  expect(outcomes.slice(0, 2)).toEqual([
    { status: 'fulfilled', value: [{ n: 1 }, { n: 2 }] },
    { status: 'fulfilled', value: [{ n: 3 }] },
  ]);
  for (const outcome of outcomes.slice(2))
    expect(outcome).toMatchObject({ status: 'rejected', reason: { message: expect.stringMatching(/division by zero/) } });
  await uow.tx.rollback();
  await expectAllBackAndUsable();
});

test('a round trip whose first statement fails refuses them all with its error', async () => {
  const uow = new UnitOfWork(app.orm);
  await uow.tx.begin(settingsFor(memberOf(merchant)), { readOnly: true });
  const outcomes = await Promise.allSettled([uow.em.execute('select 1 / 0'), uow.em.execute('select 2 as n')]);
  for (const outcome of outcomes) expect(outcome).toMatchObject({ status: 'rejected', reason: { message: expect.stringMatching(/division by zero/) } });
  await uow.tx.rollback();
  expect(await checkedOut()).toBe(0);
});

test('a statement with parameters goes alone, in its place: those asked for after it wait for it', async () => {
  const uow = new UnitOfWork(app.orm);
  await uow.tx.begin(settingsFor(memberOf(merchant)), { readOnly: true });
  const connection = uow.em.getTransactionContext() as unknown as ReadOnlyConnection;
  const sent = recordQueries(connection);
  const answers = await Promise.all([
    connection.send('select 1 as n'),
    connection.send('select 2 as n'),
    connection.send('select $1::int as n', [3]),
    connection.send('select 4 as n'),
  ]);
  expect(answers.map((a) => a!.rows[0].n)).toEqual([1, 2, 3, 4]);
  expect(sent).toEqual(['select 1 as n\n;\nselect 2 as n', 'select $1::int as n', 'select 4 as n']);
  await uow.tx.commit();
});

test('COMMIT goes alone after the statements asked for before it: after a failure it answers, as PostgreSQL does, without error', async () => {
  const uow = new UnitOfWork(app.orm);
  await uow.tx.begin(settingsFor(memberOf(merchant)), { readOnly: true });
  const sent = recordQueries(uow.em.getTransactionContext() as unknown as ReadOnlyConnection);
  // Fails at run time, after the sleep: the next statement is asked for while it runs.
  const failing = uow.em.execute('select 1 / (select count(*)::int - 1 from pg_sleep(0.05)) as n');
  await new Promise((resolve) => setTimeout(resolve, 10));
  const late = uow.em.execute('select 2 as late').then(
    () => 'answered',
    (error: Error) => error.message,
  );
  // As a resolver would: the failure decides the answer, and the transaction ends at once.
  await expect(failing).rejects.toThrow(/division by zero/);
  await expect(uow.tx.commit()).resolves.toBeUndefined();
  expect(await late).toMatch(/current transaction is aborted/);
  expect(sent).toEqual(['select 1 / (select count(*)::int - 1 from pg_sleep(0.05)) as n', 'select 2 as late', 'commit']);
  expect(await checkedOut()).toBe(0);
});

test('a stream asked for before the end of the transaction, started after it, is refused; the end waits for it and the connection goes back clean', async () => {
  const uow = new UnitOfWork(app.orm);
  await uow.tx.begin(settingsFor(memberOf(merchant)), { readOnly: true });
  const connection = uow.em.getTransactionContext() as unknown as ReadOnlyConnection;
  const sent = recordQueries(connection);
  const before = connection.send('select pg_sleep(0.02)');
  const first = connection.getExecutor().stream({ sql: 'select n from generate_series(1, 3) n', parameters: [] }, 10).next();
  const ending = uow.tx.commit();
  await expect(first).rejects.toThrow(/has ended/);
  await ending;
  await before;
  expect(sent).toEqual(['select pg_sleep(0.02)', 'commit']);
  await expectAllBackAndUsable();
});
