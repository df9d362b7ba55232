import type { IncomingMessage } from 'node:http';
import { directGraphqlPost, parseJsonBody, takesDirectPath } from '../../src/server/direct-graphql-post.js';

const LIMIT = 1024 * 1024;

function request(method: string, url: string, headers: Record<string, string>): IncomingMessage {
  return { method, url, headers } as unknown as IncomingMessage;
}

const json = { 'content-type': 'application/json', 'content-length': '27' };

describe('takesDirectPath: which requests are served beside Express', () => {
  test.each<[string, string, Record<string, string>]>([
    ['POST', '/graphql', json],
    ['POST', '/graphql?x=1', json],
    ['POST', '/graphql', { ...json, 'content-type': 'application/json; charset=utf-8' }],
    ['POST', '/graphql', { ...json, 'content-type': 'Application/JSON;charset="UTF-8"' }],
    ['POST', '/graphql', { ...json, 'content-length': String(LIMIT) }],
    ['POST', '/graphql', { ...json, 'content-length': '0' }],
  ])('%s %s %j: direct', (method, url, headers) => {
    expect(takesDirectPath(request(method, url, headers), LIMIT)).toBe(true);
  });

  test.each<[string, string, Record<string, string>]>([
    ['GET', '/graphql', json],
    ['OPTIONS', '/graphql', json],
    ['POST', '/graphql/', json],
    ['POST', '/graphqlx', json],
    ['POST', '/GRAPHQL', json],
    ['POST', '/', json],
    ['POST', '/graphql', { 'content-length': '27' }],
    ['POST', '/graphql', { ...json, 'content-type': 'text/plain' }],
    ['POST', '/graphql', { ...json, 'content-type': 'application/json; charset=latin1' }],
    ['POST', '/graphql', { ...json, 'content-type': 'application/json; foo=bar' }],
    ['POST', '/graphql', { ...json, 'content-type': 'application/jsonx' }],
    ['POST', '/graphql', { ...json, 'content-encoding': 'gzip' }],
    ['POST', '/graphql', { ...json, 'content-encoding': 'identity' }],
    ['POST', '/graphql', { 'content-type': 'application/json', 'transfer-encoding': 'chunked' }],
    ['POST', '/graphql', { ...json, 'content-length': String(LIMIT + 1) }],
    ['POST', '/graphql', { ...json, 'content-length': '1e3' }],
    ['POST', '/graphql', { ...json, 'content-length': '-1' }],
  ])('%s %s %j: through Express', (method, url, headers) => {
    expect(takesDirectPath(request(method, url, headers), LIMIT)).toBe(false);
  });
});

describe('parseJsonBody reads as express.json does (strict)', () => {
  test('objects and arrays, with whitespace and a byte-order mark', () => {
    expect(parseJsonBody(Buffer.from(' \n{"query":"{ a }"}'))).toEqual({ value: { query: '{ a }' } });
    expect(parseJsonBody(Buffer.from('[1]'))).toEqual({ value: [1] });
    expect(parseJsonBody(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{}')]))).toEqual({ value: {} });
    expect(parseJsonBody(Buffer.from('{"s":"中文"}'))).toEqual({ value: { s: '中文' } });
  });

  test('an empty body is an empty object', () => {
    expect(parseJsonBody(Buffer.alloc(0))).toEqual({ value: {} });
  });

  test('anything else is not JSON for the API', () => {
    for (const text of ['"a string"', '42', 'null', 'true', ' ', '{"a":', '{a:1}', 'x{}']) expect(parseJsonBody(Buffer.from(text))).toBeUndefined();
  });
});

describe('directGraphqlPost: failures go to the error handler, as in Express', () => {
  test('a prepare step that throws, or one that passes an error on, reaches onError; nothing later runs', () => {
    const seen: unknown[] = [];
    let handled = 0;
    const serve = (prepare: Parameters<typeof directGraphqlPost>[0]['prepare']) =>
      directGraphqlPost({
        prepare,
        handle: async () => {
          handled += 1;
        },
        onError: (error) => seen.push(error),
      })(request('POST', '/graphql', json), {} as never);
    const thrown = new Error('thrown');
    const passed = new Error('passed on');
    serve([
      () => {
        throw thrown;
      },
    ]);
    serve([(_req, _res, next) => next(passed)]);
    // cors passes null for an origin it does not allow: not an error, the chain goes on (here to a throw).
    serve([
      (_req, _res, next) => next(null),
      () => {
        throw thrown;
      },
    ]);
    expect(seen).toEqual([thrown, passed, thrown]);
    expect(handled).toBe(0);
  });
});
