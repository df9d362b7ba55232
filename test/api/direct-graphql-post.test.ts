import http from 'node:http';
import net from 'node:net';
import { createOrg, type TestOrg } from '../helpers/factories.js';
import { OrganizationKind } from '../../src/modules/organizations/organization.entity.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';

/**
 * The common POST /graphql is served beside Express (src/server/direct-graphql-post.ts); POST
 * /graphql/ (a trailing slash) still goes through Express's router and express.json. Every request
 * below is sent both ways, and the answers must be the same: status, body, and the headers a client
 * reads (request id, CORS, content type).
 */
const SHOP = 'https://shop.example.com';

interface Answer {
  status: number;
  headers: Record<string, string | undefined>;
  body: unknown;
}

const COMPARED_HEADERS = [
  'content-type',
  'vary',
  'access-control-allow-origin',
  'access-control-allow-credentials',
  'access-control-expose-headers',
  'x-request-id',
  'retry-after',
];

function send(app: TestApp, path: string, headers: Record<string, string>, body: string | Buffer): Promise<Answer> {
  const url = new URL(app.url);
  return new Promise((resolve, reject) => {
    const request = http.request({ host: url.hostname, port: url.port, path, method: 'POST', headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let parsed: unknown = text;
        try {
          parsed = JSON.parse(text);
          // What is left of the caller's cost budget goes down with every request: not part of the comparison.
          const cost = (parsed as { extensions?: { cost?: { remaining?: unknown } } }).extensions?.cost;
          if (cost) delete cost.remaining;
        } catch {
          // compared as text
        }
        resolve({
          status: response.statusCode!,
          headers: Object.fromEntries(COMPARED_HEADERS.map((name) => [name, response.headers[name] as string | undefined])),
          body: parsed,
        });
      });
    });
    request.on('error', reject);
    request.end(body);
  });
}

/** The same request by both paths; the request id is fixed so that the answers can be compared whole. */
async function bothWays(app: TestApp, headers: Record<string, string>, body: string | Buffer): Promise<{ direct: Answer; express: Answer }> {
  const withLength = { 'x-request-id': 'same-request-id', 'content-length': String(Buffer.byteLength(body)), ...headers };
  return { direct: await send(app, '/graphql', withLength, body), express: await send(app, '/graphql/', withLength, body) };
}

const JSON_TYPE = { 'content-type': 'application/json' };
const query = (text: string, extra: Record<string, unknown> = {}) => JSON.stringify({ query: text, ...extra });

describe('POST /graphql beside Express', () => {
  let app: TestApp;
  let merchant: TestOrg;
  beforeAll(async () => {
    app = await startTestApp({ CORS_ORIGINS: SHOP });
    merchant = await createOrg(app, { kind: OrganizationKind.MERCHANT });
  });
  afterAll(() => app.close());

  test.each<[string, Record<string, string>, () => string | Buffer]>([
    ['an anonymous query', JSON_TYPE, () => query('{ __typename }')],
    [
      'a query with variables and an operation name',
      JSON_TYPE,
      () => query('query Two($n: Int) { a: __typename b: __typename }', { variables: { n: 1 }, operationName: 'Two' }),
    ],
    ['charset=utf-8 in the content type', { 'content-type': 'application/json; charset=utf-8' }, () => query('{ __typename }')],
    ['a UTF-8 byte-order mark before the JSON', JSON_TYPE, () => Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(query('{ __typename }'))])],
    ['malformed JSON', JSON_TYPE, () => '{"query": "{ __typename }",'],
    ['a JSON string instead of an object', JSON_TYPE, () => '"just a string"'],
    ['whitespace only', JSON_TYPE, () => '  \n '],
    ['an empty body', JSON_TYPE, () => ''],
    ['a JSON array (a batch, which the API does not accept)', JSON_TYPE, () => `[${query('{ __typename }')}]`],
    ['a syntax error in the query', JSON_TYPE, () => query('{ viewer { ')],
    ['a NUL byte in a variable', JSON_TYPE, () => query('query($q: String) { __typename }', { variables: { q: 'a\u0000b' } })],
    ['an unknown field', JSON_TYPE, () => query('{ nothingHere }')],
  ])('%s: the same answer', async (_name, headers, body) => {
    const { direct, express } = await bothWays(app, headers, body());
    expect(direct).toEqual(express);
    expect(direct.headers['x-request-id']).toBe('same-request-id');
  });

  test('a signed-in member, a bad token and a bad Idempotency-Key: the same answers', async () => {
    const viewerQuery = query('{ viewer { role organization { legalName } } }');
    const signedIn = await bothWays(app, { ...JSON_TYPE, authorization: `Bearer ${merchant.owner.token}` }, viewerQuery);
    expect(signedIn.direct).toEqual(signedIn.express);
    expect(signedIn.direct.body).toEqual({
      data: { viewer: { role: 'OWNER', organization: { legalName: merchant.legalName } } },
      extensions: expect.anything(),
    });

    const badToken = await bothWays(app, { ...JSON_TYPE, authorization: 'Bearer not-a-token' }, viewerQuery);
    expect(badToken.direct).toEqual(badToken.express);
    expect(badToken.direct.status).toBe(401);

    const badKey = await bothWays(app, { ...JSON_TYPE, authorization: `Bearer ${merchant.owner.token}`, 'idempotency-key': 'has spaces' }, viewerQuery);
    expect(badKey.direct).toEqual(badKey.express);
    expect(badKey.direct.status).toBe(400);
  });

  test('CORS: an allowed origin gets the allow headers, another origin none, the same either way', async () => {
    for (const origin of [SHOP, 'https://evil.example.com']) {
      const { direct, express } = await bothWays(app, { ...JSON_TYPE, origin }, query('{ __typename }'));
      expect(direct).toEqual(express);
      expect(direct.headers['vary']).toMatch(/origin/i);
      expect(direct.headers['access-control-allow-origin']).toBe(origin === SHOP ? SHOP : undefined);
    }
  });

  test('a client id of its own is kept, a malformed one replaced; SQL is counted in the request scope', async () => {
    const before = app.requests.length;
    const own = await send(app, '/graphql', { ...JSON_TYPE, 'x-request-id': 'client-chosen-1' }, query('{ viewer { role } }'));
    expect(own.headers['x-request-id']).toBe('client-chosen-1');
    const replaced = await send(app, '/graphql', { ...JSON_TYPE, 'x-request-id': 'no spaces allowed' }, query('{ __typename }'));
    expect(replaced.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    const record = app.requests.slice(before).find((r) => r.requestId === 'client-chosen-1');
    expect(record?.sqlStatements).toBeGreaterThan(0);
  });

  test('a client that sends part of its body and hangs up gets the same answer either way, and the server serves on', async () => {
    const url = new URL(app.url);
    const answers: string[] = [];
    for (const path of ['/graphql', '/graphql/']) {
      answers.push(
        await new Promise<string>((resolve, reject) => {
          const socket = net.connect(Number(url.port), url.hostname, () => {
            socket.write(`POST ${path} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"query":`);
            socket.end();
          });
          let text = '';
          socket.on('data', (chunk) => (text += chunk));
          socket.on('close', () => resolve(text));
          socket.on('error', reject);
        }),
      );
    }
    // Node's HTTP parser answers the truncated request itself (400, no body) on both paths.
    const withoutDate = (answer: string) => answer.replace(/\r\nDate: [^\r]*/i, '');
    expect(answers.map((a) => a.split('\r\n')[0])).toEqual(['HTTP/1.1 400 Bad Request', 'HTTP/1.1 400 Bad Request']);
    expect(withoutDate(answers[0]!)).toBe(withoutDate(answers[1]!));
    const after = await send(app, '/graphql', { ...JSON_TYPE, 'x-request-id': 'after-hang-up' }, query('{ __typename }'));
    expect(after).toMatchObject({ status: 200, body: { data: { __typename: 'Query' } } });
  });
});
