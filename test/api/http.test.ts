import { MembershipRole } from '../../src/core/roles.js';
import { createErrorFormatter } from '../../src/graphql/errors.js';
import { OrganizationKind } from '../../src/modules/organizations/organization.entity.js';
import { errorCodes, gql } from '../helpers/client.js';
import { createOrg, type TestOrg } from '../helpers/factories.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';

let app: TestApp;
let org: TestOrg;
let base: string;

beforeAll(async () => {
  app = await startTestApp();
  org = await createOrg(app, { kind: OrganizationKind.MERCHANT, roles: [MembershipRole.OWNER] });
  base = app.url.replace(/\/graphql$/, '');
});
afterAll(() => app.close());

describe('operations endpoints', () => {
  test('/healthz, /readyz (database reachable, migrations applied) and /metrics answer', async () => {
    expect(await (await fetch(`${base}/healthz`)).json()).toEqual({ status: 'ok' });
    const ready = await fetch(`${base}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready' });
    await gql(app, '{ viewer { role } }', {}, { token: org.owner.token });
    const metrics = await (await fetch(`${base}/metrics`)).text();
    expect(metrics).toMatch(/graphql_requests_total\{operation="anonymous_query",outcome="ok"\} \d+/);
    expect(metrics).toContain('db_pool_connections{state="total"}');
    expect(metrics).toContain('graphql_request_sql_statements_bucket');
  });

  test('GraphiQL is served from the project’s own bundle, with no external script or style', async () => {
    for (const path of ['/', '/graphql']) {
      const page = await fetch(`${base}${path}`, { headers: { accept: 'text/html' } });
      expect(page.status).toBe(200);
      const html = await page.text();
      expect(html).toContain('<script src="/graphiql/graphiql.js"></script>');
      expect(html).not.toMatch(/(src|href)="(https?:)?\/\//);
    }
    for (const asset of ['react.js', 'react-dom.js', 'graphiql.js', 'graphiql.css']) {
      const response = await fetch(`${base}/graphiql/${asset}`);
      expect(response.status).toBe(200);
      expect((await response.arrayBuffer()).byteLength).toBeGreaterThan(1000);
    }
  });

  test('GraphQL over GET reads the query string (without the fragment); answers are compact JSON with a Content-Length', async () => {
    const query = encodeURIComponent('{ viewer { role } }');
    const answer = await fetch(`${base}/graphql?query=${query}#ignored`, {
      headers: { authorization: `Bearer ${org.owner.token}`, 'apollo-require-preflight': 'true' },
    });
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toMatch(/^application\/json/);
    const text = await answer.text();
    expect(answer.headers.get('content-length')).toBe(String(Buffer.byteLength(text)));
    expect(text).toMatch(/^\{"data":\{"viewer":\{"role":"OWNER"\}\}/);
    const noQuery = await fetch(`${base}/graphql`, { headers: { 'apollo-require-preflight': 'true' } });
    expect(noQuery.status).toBe(400);
  });

  test('every response carries a request id, echoed when the client sends a safe one', async () => {
    const response = await gql(app, '{ viewer { role } }', {}, {}, { 'x-request-id': 'client-req-42' });
    expect(response.headers.get('x-request-id')).toBe('client-req-42');
    const generated = await gql(app, '{ viewer { role } }', {}, {}, { 'x-request-id': 'bad id with spaces' });
    expect(generated.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe('limits', () => {
  test('a normal response reports its estimated cost', async () => {
    const response = await fetch(app.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${org.owner.token}` },
      body: JSON.stringify({ query: '{ organizations(first: 10) { edges { node { legalName } } } }' }),
    });
    const body = (await response.json()) as { extensions: { cost: unknown } };
    // organizations(1) + 10 × (edges, node, legalName); one organization exists, so 4 fields resolve.
    expect(body.extensions.cost).toEqual({ requested: 31, actual: 4, remaining: expect.any(Number), limit: 5000, depth: 4 });
  });

  test('a variable default counts like the same literal in the cost estimate ($n: Int = 100 costs as first: 100)', async () => {
    const cost = async (query: string, variables: Record<string, unknown> = {}) => {
      const response = await fetch(app.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${org.owner.token}` },
        body: JSON.stringify({ query, variables }),
      });
      return ((await response.json()) as { extensions: { cost: { requested: number } } }).extensions.cost.requested;
    };
    const selection = '{ edges { cursor node { id legalName } } pageInfo { hasNextPage } }';
    const literal = await cost(`{ organizations(first: 100) ${selection} }`);
    expect(literal).toBe(1 + 100 * 7);
    // The same document again (Apollo's cached document): the same estimate.
    expect(await cost(`{ organizations(first: 100) ${selection} }`)).toBe(literal);
    expect(await cost(`query($n: Int = 100) { organizations(first: $n) ${selection} }`)).toBe(literal);
    // A value sent in the request wins over the default.
    expect(await cost(`query($n: Int = 100) { organizations(first: $n) ${selection} }`, { n: 10 })).toBe(1 + 10 * 7);
    // Over the limit through a default alone is refused like the literal would be.
    const query = `query($n: Int = 100) { organizations(first: $n) { edges { node { members(first: $n) { edges { node { user { email } } } } } } } }`;
    expect(errorCodes(await gql(app, query, {}, { token: org.owner.token }))).toEqual(['QUERY_TOO_COMPLEX']);
    // The same document with small values is measured with them, not with the estimate of its last run.
    expect(errorCodes(await gql(app, query, { n: 5 }, { token: org.owner.token }))).toEqual([]);
    expect(errorCodes(await gql(app, query, {}, { token: org.owner.token }))).toEqual(['QUERY_TOO_COMPLEX']);
    const literalTooComplex = '{ organizations(first: 100) { edges { node { members(first: 100) { edges { node { user { email } } } } } } } }';
    for (let i = 0; i < 2; i++) expect(errorCodes(await gql(app, literalTooComplex, {}, { token: org.owner.token }))).toEqual(['QUERY_TOO_COMPLEX']);
  });

  test('a page from the end costs like a page from the start: last: 100 counts as first: 100', async () => {
    const requested = async (query: string) => {
      const response = await fetch(app.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${org.owner.token}` },
        body: JSON.stringify({ query }),
      });
      return ((await response.json()) as { extensions: { cost: { requested: number } } }).extensions.cost.requested;
    };
    const selection = '{ edges { cursor node { id legalName } } pageInfo { hasNextPage } }';
    expect(await requested(`{ organizations(last: 100) ${selection} }`)).toBe(1 + 100 * 7);
    const nested = `{ organizations(last: 100) { edges { node { apiKeys(last: 100) { edges { node { name } } } } } } }`;
    expect(errorCodes(await gql(app, nested, {}, { token: org.owner.token }))).toEqual(['QUERY_TOO_COMPLEX']);
  });

  test('depth above 12 is refused before any resolver runs', async () => {
    const deep =
      '{ viewer { organization { members { edges { node { organization { members { edges { node { organization { members { edges { node { role } } } } } } } } } } } } } }';
    const response = await gql(app, deep, {}, { token: org.owner.token });
    expect(errorCodes(response)).toEqual(['QUERY_TOO_COMPLEX']);
    expect(response.errors![0].message).toMatch(/depth 14 exceeds the limit of 12/);
    expect(response.status).toBe(400);
  });

  test('more than 15 aliases are refused', async () => {
    const query = `{ ${Array.from({ length: 16 }, (_, i) => `a${i}: viewer { role }`).join(' ')} }`;
    const response = await gql(app, query, {}, { token: org.owner.token });
    expect(errorCodes(response)).toEqual(['QUERY_TOO_COMPLEX']);
  });

  test('a connection costs first × its children: 100 organizations × 100 members is refused, 10 × 10 is not', async () => {
    const query = `query($n: Int!) { organizations(first: $n) { edges { node { members(first: $n) { edges { node { user { email } } } } } } } }`;
    expect(errorCodes(await gql(app, query, { n: 100 }, { token: org.owner.token }))).toEqual(['QUERY_TOO_COMPLEX']);
    expect((await gql(app, query, { n: 10 }, { token: org.owner.token })).errors).toBeUndefined();
  });

  test('more than 2,000 tokens are refused at parse time; malformed queries are GRAPHQL_PARSE_FAILED', async () => {
    const huge = `{ viewer { ${'role '.repeat(2100)} } }`;
    const tooLong = await gql(app, huge, {}, { token: org.owner.token });
    expect(errorCodes(tooLong)).toEqual(['GRAPHQL_PARSE_FAILED']);
    expect(tooLong.errors![0].message).toMatch(/contains more th(at|an) 2000 tokens/);
    expect(errorCodes(await gql(app, '{ viewer { ', {}, { token: org.owner.token }))).toEqual(['GRAPHQL_PARSE_FAILED']);
  });

  test('an organization that spends its per-minute cost budget is RATE_LIMITED (429, Retry-After) until the window resets', async () => {
    const small = await startTestApp({ GRAPHQL_COST_BUDGET_PER_MINUTE: '10' });
    try {
      const member = await createOrg(small, { kind: OrganizationKind.VENDOR });
      const other = await createOrg(small, { kind: OrganizationKind.VENDOR });
      const query = '{ viewer { role organization { legalName } } }'; // 4 points
      const first = await fetch(small.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${member.owner.token}` },
        body: JSON.stringify({ query }),
      });
      expect(((await first.json()) as any).extensions.cost.remaining).toBe(6);
      await gql(small, query, {}, { token: member.owner.token });
      const limited = await fetch(small.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${member.owner.token}` },
        body: JSON.stringify({ query }),
      });
      expect(limited.status).toBe(429);
      expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(((await limited.json()) as any).errors[0].extensions.code).toBe('RATE_LIMITED');
      // Budgets are per organization: another organization is unaffected.
      expect((await gql(small, query, {}, { token: other.owner.token })).errors).toBeUndefined();
    } finally {
      await small.close();
    }
  });

  test('batched (array) requests are off', async () => {
    const response = await fetch(app.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify([{ query: '{ viewer { role } }' }, { query: '{ viewer { role } }' }]),
    });
    expect(response.status).toBe(400);
  });
});

describe('errors', () => {
  test('internal errors are masked: no message, stack, SQL or identifiers reach the client', () => {
    const reported: unknown[] = [];
    const format = createErrorFormatter((error) => reported.push(error));
    const secret = new Error('duplicate key value violates unique constraint "app_user_email_uniq" select * from app_user where id = \'1b9d\'');
    const formatted = format({ message: secret.message, extensions: { code: 'INTERNAL_SERVER_ERROR', stacktrace: ['at x'] } }, secret);
    expect(formatted).toEqual({ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } });
    expect(reported).toEqual([secret]);
  });

  test('a bad argument value is BAD_USER_INPUT', async () => {
    const response = await gql(app, '{ organizations(first: 101) { totalCount } }', {}, { token: org.owner.token });
    expect(errorCodes(response)).toEqual(['BAD_USER_INPUT']);
    expect(response.errors![0].message).toMatch(/first must be between 0 and 100/);
  });

  test('bad variables are BAD_USER_INPUT with HTTP 400, in the same words on the first run of a document and on its compiled plan', async () => {
    const list = 'query List($first: Int!, $after: String) { organizations(first: $first, after: $after) { totalCount } }';
    const comparison = 'query C($w: Decimal!) { requirements(first: 1) { edges { node { bidComparison(weights: { price: $w }) { entries { rank } } } } } }';
    // [query, variables, HTTP status, codes]: refused before execution (400), or by the resolver (a field error, 200).
    const cases: [string, Record<string, unknown>, number, string[]][] = [
      [list, { first: 'ten' }, 400, ['BAD_USER_INPUT']],
      [list, {}, 400, ['BAD_USER_INPUT']],
      [list, { first: 2.5 }, 400, ['BAD_USER_INPUT']],
      [list, { first: 5, after: { nested: true } }, 400, ['BAD_USER_INPUT']],
      [list, { first: 101 }, 200, ['BAD_USER_INPUT']],
      [list, { first: 5, after: 'not-a-cursor' }, 200, ['BAD_USER_INPUT']],
      [comparison, { w: 'NaN' }, 400, ['BAD_USER_INPUT']],
    ];
    const firstMessages: (string[] | undefined)[] = [];
    for (const round of [1, 2, 3]) {
      for (const [i, [query, variables, status, codes]] of cases.entries()) {
        const response = await fetch(app.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${org.owner.token}` },
          body: JSON.stringify({ query, variables }),
        });
        const body = (await response.json()) as { errors?: { message: string; extensions?: { code?: string } }[] };
        expect([round, variables, response.status, body.errors?.map((e) => e.extensions?.code)]).toEqual([round, variables, status, codes]);
        const messages = body.errors?.map((e) => e.message);
        if (round === 1) firstMessages[i] = messages;
        else expect([round, variables, messages]).toEqual([round, variables, firstMessages[i]]);
      }
    }
    expect(firstMessages[6]).toEqual([expect.stringContaining('Decimal: expected a decimal string such as "1.34"')]);
  });
});

test('internal errors are logged without their message, which may carry SQL parameters', async () => {
  const { describeInternalError } = await import('../../src/server/logger.js');
  const error = Object.assign(new Error("insert into app_user values ('wang.fang@example.cn')"), {
    code: '23505',
    table: 'app_user',
    constraint: 'app_user_email_uniq',
  });
  const logged = describeInternalError(error);
  expect(JSON.stringify(logged)).not.toContain('wang.fang');
  expect(logged).toMatchObject({ type: 'Error', code: '23505', table: 'app_user', constraint: 'app_user_email_uniq' });
});

test('GraphiQL’s introspection query is not refused by the depth limit (introspection has its own switch)', async () => {
  const { getIntrospectionQuery } = await import('graphql');
  const response = await gql(app, getIntrospectionQuery());
  expect(response.errors).toBeUndefined();
  expect(response.data!.__schema.queryType.name).toBe('Query');
});
