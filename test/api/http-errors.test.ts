import { startTestApp, type TestApp } from '../helpers/test-app.js';

/**
 * Requests that never reach GraphQL (malformed JSON, bodies over 1 MB, unsupported charsets,
 * encodings or content types, unknown paths and methods) are answered in the GraphQL error shape,
 * as JSON, with no stack trace and no server path, in development as in production.
 */
const MODES: [string, Record<string, string>][] = [
  ['development', { NODE_ENV: 'development' }],
  ['production', { NODE_ENV: 'production', JWT_SECRET: 'p'.repeat(48) }],
];

describe.each(MODES)('%s configuration', (_mode, env) => {
  let app: TestApp;
  let base: string;
  beforeAll(async () => {
    app = await startTestApp(env);
    base = app.url.replace(/\/graphql$/, '');
  });
  afterAll(() => app.close());

  /** The response is a GraphQL-shaped JSON error with this status and code, and leaks nothing. */
  async function expectJsonError(response: Response, status: number, code: string, message?: RegExp) {
    const text = await response.text();
    expect({ status: response.status, type: response.headers.get('content-type') }).toEqual({ status, type: expect.stringMatching(/^application\/json/) });
    expect(response.headers.get('x-request-id')).toBeTruthy();
    expect(text).not.toMatch(/<html|<pre|\bat \S+ \(|node_modules|\/work\/|\/src\/|\.ts:\d|\.js:\d|stack/i);
    const body = JSON.parse(text) as { errors: { message: string; extensions: Record<string, unknown> }[] };
    expect(body.errors).toHaveLength(1);
    expect(body.errors[0]!.extensions).toEqual({ code });
    if (message) expect(body.errors[0]!.message).toMatch(message);
    return body;
  }

  const post = (body: string | Buffer, headers: Record<string, string> = { 'content-type': 'application/json' }) =>
    fetch(app.url, { method: 'POST', headers, body });

  test('malformed JSON is 400 BAD_REQUEST', async () => {
    await expectJsonError(await post('{"query": "{ viewer { role } }",'), 400, 'BAD_REQUEST', /not valid JSON/);
    await expectJsonError(await post('"just a string"'), 400, 'BAD_REQUEST', /not valid JSON|JSON object/);
  });

  test('a body over 1 MB is 413 PAYLOAD_TOO_LARGE', async () => {
    const huge = JSON.stringify({ query: '{ viewer { role } }', variables: { pad: 'x'.repeat(1_100_000) } });
    await expectJsonError(await post(huge), 413, 'PAYLOAD_TOO_LARGE', /1 MB/);
  });

  test('an unsupported charset, content encoding or content type is 415 UNSUPPORTED_MEDIA_TYPE', async () => {
    const query = JSON.stringify({ query: '{ viewer { role } }' });
    await expectJsonError(await post(query, { 'content-type': 'application/json; charset=latin1' }), 415, 'UNSUPPORTED_MEDIA_TYPE', /charset/);
    await expectJsonError(await post(query, { 'content-type': 'application/json', 'content-encoding': 'compress' }), 415, 'UNSUPPORTED_MEDIA_TYPE', /encoding/);
    await expectJsonError(await post(query, { 'content-type': 'text/plain' }), 415, 'UNSUPPORTED_MEDIA_TYPE', /application\/json/);
    await expectJsonError(
      await post('query=%7B%7D', { 'content-type': 'application/x-www-form-urlencoded' }),
      415,
      'UNSUPPORTED_MEDIA_TYPE',
      /application\/json/,
    );
  });

  test('an unknown path is 404 NOT_FOUND; an unsupported method on /graphql is 405 METHOD_NOT_ALLOWED', async () => {
    await expectJsonError(await fetch(`${base}/no-such-page`), 404, 'NOT_FOUND', /\/graphql/);
    await expectJsonError(await fetch(`${base}/healthz`, { method: 'DELETE' }), 404, 'NOT_FOUND');
    const put = await fetch(app.url, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ viewer { role } }' }),
    });
    expect(put.headers.get('allow')).toBe('GET, POST');
    await expectJsonError(put, 405, 'METHOD_NOT_ALLOWED');
    await expectJsonError(await fetch(app.url, { method: 'DELETE' }), 405, 'METHOD_NOT_ALLOWED');
  });

  test('a well-formed request is still served', async () => {
    const response = await post(JSON.stringify({ query: '{ __typename }' }));
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ data: { __typename: 'Query' } });
  });
});
