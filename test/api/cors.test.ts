import { startTestApp, type TestApp } from '../helpers/test-app.js';

/**
 * A shop front end on another origin calls the API from a browser: allowed origins come from
 * CORS_ORIGINS (development also allows localhost; production none unless set); Apollo's CSRF
 * prevention stays on.
 */
const SHOP = 'https://shop.example.com';
const PRODUCTION = { NODE_ENV: 'production', JWT_SECRET: 'p'.repeat(48) };

function preflight(app: TestApp, origin: string, headers = 'authorization, content-type, x-api-key, idempotency-key, apollo-require-preflight, x-request-id') {
  return fetch(app.url, {
    method: 'OPTIONS',
    headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': headers },
  });
}

function post(app: TestApp, origin: string, query = '{ __typename }') {
  return fetch(app.url, { method: 'POST', headers: { origin, 'content-type': 'application/json' }, body: JSON.stringify({ query }) });
}

describe('production with CORS_ORIGINS set', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ ...PRODUCTION, CORS_ORIGINS: `${SHOP}, https://admin.example.com` });
  });
  afterAll(() => app.close());

  test('a preflight from an allowed origin is 204 with the allow headers (credentials, the headers the API reads)', async () => {
    const response = await preflight(app, SHOP);
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe(SHOP);
    expect(response.headers.get('access-control-allow-credentials')).toBe('true');
    expect(response.headers.get('access-control-allow-methods')).toBe('GET,POST');
    const allowed = response.headers.get('access-control-allow-headers')!.toLowerCase().split(',');
    for (const header of ['authorization', 'content-type', 'x-api-key', 'idempotency-key', 'apollo-require-preflight', 'x-request-id'])
      expect(allowed).toContain(header);
    expect(response.headers.get('vary')).toMatch(/origin/i);
  });

  test('the actual request from an allowed origin is answered with the allow-origin and exposes X-Request-Id, Retry-After and Content-Disposition (the file name of an export)', async () => {
    const response = await post(app, SHOP);
    expect(response.status).toBe(200);
    expect(response.headers.get('access-control-allow-origin')).toBe(SHOP);
    expect(response.headers.get('access-control-allow-credentials')).toBe('true');
    expect(response.headers.get('access-control-expose-headers')!.toLowerCase().split(',')).toEqual(['x-request-id', 'retry-after', 'content-disposition']);
    expect(await response.json()).toEqual(expect.objectContaining({ data: { __typename: 'Query' } }));
  });

  test('a disallowed origin gets no allow-origin header: its preflight is 403 in the GraphQL error shape', async () => {
    for (const origin of ['https://evil.example.com', 'http://localhost:3000', 'https://shop.example.com.evil.test']) {
      const response = await preflight(app, origin);
      expect(response.status).toBe(403);
      expect(response.headers.get('access-control-allow-origin')).toBeNull();
      expect(((await response.json()) as any).errors[0].extensions.code).toBe('FORBIDDEN');
      const actual = await post(app, origin);
      expect(actual.headers.get('access-control-allow-origin')).toBeNull();
    }
  });

  test('CSRF prevention still refuses a simple cross-origin GET without the preflight header, even from an allowed origin', async () => {
    for (const origin of [SHOP, 'https://evil.example.com']) {
      const response = await fetch(`${app.url}?query=${encodeURIComponent('{ __typename }')}`, { headers: { origin } });
      expect(response.status).toBe(400);
      const body = (await response.json()) as any;
      expect(body.errors[0].extensions.code).toBe('BAD_REQUEST');
      expect(body.errors[0].message).toMatch(/Cross-Site Request Forgery/);
      expect(body.data).toBeUndefined();
    }
    const withHeader = await fetch(`${app.url}?query=${encodeURIComponent('{ __typename }')}`, {
      headers: { origin: SHOP, 'apollo-require-preflight': 'true' },
    });
    expect(withHeader.status).toBe(200);
  });
});

test('production allows no origin by default, not even localhost', async () => {
  const app = await startTestApp(PRODUCTION);
  try {
    for (const origin of ['http://localhost:3000', SHOP]) {
      const response = await preflight(app, origin);
      expect(response.headers.get('access-control-allow-origin')).toBeNull();
      expect(response.status).toBe(403);
    }
  } finally {
    await app.close();
  }
});

test('development allows localhost origins on any port, and no other origin unless listed', async () => {
  const app = await startTestApp({ NODE_ENV: 'development' });
  try {
    for (const origin of ['http://localhost:5173', 'http://127.0.0.1:8080', 'http://[::1]:3000', 'https://localhost']) {
      const response = await preflight(app, origin);
      expect(response.status).toBe(204);
      expect(response.headers.get('access-control-allow-origin')).toBe(origin);
    }
    for (const origin of [SHOP, 'http://localhost.evil.test', 'null']) {
      expect((await preflight(app, origin)).headers.get('access-control-allow-origin')).toBeNull();
    }
  } finally {
    await app.close();
  }
});
