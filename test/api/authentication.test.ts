import { generateKeyPairSync } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { issueToken } from '../../src/auth/jwt.js';
import { MembershipRole } from '../../src/core/roles.js';
import { OrganizationKind } from '../../src/modules/organizations/organization.entity.js';
import { errorCodes, gql } from '../helpers/client.js';
import { createOrg, type TestOrg } from '../helpers/factories.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';

let app: TestApp;
let org: TestOrg;

beforeAll(async () => {
  app = await startTestApp();
  org = await createOrg(app, { kind: OrganizationKind.MERCHANT, roles: [MembershipRole.OWNER] });
});
afterAll(() => app.close());

const VIEWER = '{ viewer { role organization { legalName } } }';

function claims(overrides: Record<string, unknown> = {}) {
  const now = Math.floor(Date.now() / 1000);
  return {
    sub: org.owner.userId,
    sid: org.owner.sessionId,
    org: org.id,
    org_kind: 'MERCHANT',
    role: 'OWNER',
    iss: app.config.jwt.issuer,
    aud: app.config.jwt.audience,
    iat: now,
    exp: now + 600,
    ...overrides,
  };
}

function sign(payload: object, options: jwt.SignOptions = {}, key: string = app.config.jwt.signingKey): string {
  return jwt.sign(payload, key, { algorithm: 'HS256', keyid: app.config.jwt.currentKid, ...options });
}

function unsigned(header: object, payload: object): string {
  const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${part(header)}.${part(payload)}.`;
}

async function expectUnauthenticated(authorization: string) {
  const response = await fetch(app.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization },
    body: JSON.stringify({ query: VIEWER }),
  });
  const body = (await response.json()) as { data?: unknown; errors: { extensions: { code: string } }[] };
  expect(response.status).toBe(401);
  expect(body.errors.map((e) => e.extensions.code)).toEqual(['UNAUTHENTICATED']);
  expect(body.data ?? null).toBeNull();
}

test('a well-formed token is accepted (so each refusal below is about the one thing changed)', async () => {
  const response = await gql(app, VIEWER, {}, { token: sign(claims()) });
  expect(response.data!.viewer).toEqual({ role: 'OWNER', organization: { legalName: org.legalName } });
});

describe('refused with UNAUTHENTICATED', () => {
  test('alg: none', () => expectUnauthenticated(`Bearer ${unsigned({ alg: 'none', typ: 'JWT', kid: app.config.jwt.currentKid }, claims())}`));
  test('another HMAC algorithm than the configured HS256', () => expectUnauthenticated(`Bearer ${sign(claims(), { algorithm: 'HS512' })}`));
  test('RS256 when HS256 is configured', () => {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    return expectUnauthenticated(
      `Bearer ${jwt.sign(claims(), privateKey.export({ type: 'pkcs8', format: 'pem' }), { algorithm: 'RS256', keyid: app.config.jwt.currentKid })}`,
    );
  });
  test('expired beyond the clock tolerance', () => {
    const now = Math.floor(Date.now() / 1000);
    return expectUnauthenticated(`Bearer ${sign(claims({ iat: now - 3600, exp: now - 120 }))}`);
  });
  test('without exp', () => {
    const { exp: _exp, ...rest } = claims();
    return expectUnauthenticated(`Bearer ${sign(rest)}`);
  });
  test('without sid (the session id)', () => {
    const { sid: _sid, ...rest } = claims();
    return expectUnauthenticated(`Bearer ${sign(rest)}`);
  });
  test('a sid that names no session, or another person’s session', async () => {
    await expectUnauthenticated(`Bearer ${sign(claims({ sid: '00000000-0000-4000-8000-000000000000' }))}`);
    const other = await createOrg(app, { kind: OrganizationKind.MERCHANT });
    await expectUnauthenticated(`Bearer ${sign(claims({ sid: other.owner.sessionId }))}`);
  });
  test('wrong issuer', () => expectUnauthenticated(`Bearer ${sign(claims({ iss: 'someone-else' }))}`));
  test('wrong audience', () => expectUnauthenticated(`Bearer ${sign(claims({ aud: 'another-api' }))}`));
  test('tampered payload (signature no longer matches)', () => {
    const [header, , signature] = sign(claims()).split('.');
    const forged = Buffer.from(JSON.stringify(claims({ role: 'OWNER', org: org.id, sub: org.owner.userId, extra: 'x' }))).toString('base64url');
    return expectUnauthenticated(`Bearer ${header}.${forged}.${signature}`);
  });
  test('tampered signature', () => {
    const token = sign(claims());
    const last = token.at(-2) === 'A' ? 'B' : 'A';
    return expectUnauthenticated(`Bearer ${token.slice(0, -2)}${last}${token.at(-1)}`);
  });
  test('unknown kid', () => expectUnauthenticated(`Bearer ${sign(claims(), { keyid: 'k-unknown' })}`));
  test('no kid', () => expectUnauthenticated(`Bearer ${jwt.sign(claims(), app.config.jwt.signingKey, { algorithm: 'HS256' })}`));
  test('claims that name no valid organization or role', () => expectUnauthenticated(`Bearer ${sign(claims({ role: 'SUPERUSER' }))}`));
  test('a malformed Authorization header or token', async () => {
    await expectUnauthenticated('Token abc');
    await expectUnauthenticated('Bearer not.a.jwt');
  });
});

test('key rotation: tokens of the previous key verify by kid; an unknown key does not', async () => {
  const oldSecret = app.config.jwt.signingKey;
  const rotated = await startTestApp({ JWT_KID: 'k2', JWT_SECRET: 'a-brand-new-secret-of-at-least-32-characters', JWT_PREVIOUS_KEYS: `k1=${oldSecret}` });
  try {
    const rotatedOrg = await createOrg(rotated, { kind: OrganizationKind.VENDOR });
    const now = Math.floor(Date.now() / 1000);
    const base = {
      sub: rotatedOrg.owner.userId,
      sid: rotatedOrg.owner.sessionId,
      org: rotatedOrg.id,
      org_kind: 'VENDOR',
      role: 'OWNER',
      iss: rotated.config.jwt.issuer,
      aud: rotated.config.jwt.audience,
      iat: now,
      exp: now + 600,
    };
    const byOldKey = jwt.sign(base, oldSecret, { algorithm: 'HS256', keyid: 'k1' });
    expect((await gql(rotated, VIEWER, {}, { token: byOldKey })).data!.viewer.role).toBe('OWNER');
    // Newly issued tokens carry the new kid.
    expect(jwt.decode(rotatedOrg.owner.token, { complete: true })!.header.kid).toBe('k2');
    expect((await gql(rotated, VIEWER, {}, { token: rotatedOrg.owner.token })).data!.viewer.role).toBe('OWNER');
    const byStranger = jwt.sign(base, 'some-other-secret-that-nobody-configured!!', { algorithm: 'HS256', keyid: 'k3' });
    expect(errorCodes(await gql(rotated, VIEWER, {}, { token: byStranger }))).toEqual(['UNAUTHENTICATED']);
  } finally {
    await rotated.close();
  }
});

test('RS256: issued tokens verify with the public key; the public key used as an HMAC secret (key confusion) is refused', async () => {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const publicPem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
  const rsa = await startTestApp({
    JWT_ALGORITHM: 'RS256',
    JWT_PRIVATE_KEY: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    JWT_PUBLIC_KEY: publicPem,
  });
  try {
    const rsaOrg = await createOrg(rsa, { kind: OrganizationKind.MERCHANT });
    expect(jwt.decode(rsaOrg.owner.token, { complete: true })!.header.alg).toBe('RS256');
    expect((await gql(rsa, VIEWER, {}, { token: rsaOrg.owner.token })).data!.viewer.role).toBe('OWNER');
    const now = Math.floor(Date.now() / 1000);
    const confused = jwt.sign(
      {
        sub: rsaOrg.owner.userId,
        sid: rsaOrg.owner.sessionId,
        org: rsaOrg.id,
        org_kind: 'MERCHANT',
        role: 'OWNER',
        iss: rsa.config.jwt.issuer,
        aud: rsa.config.jwt.audience,
        iat: now,
        exp: now + 600,
      },
      publicPem,
      { algorithm: 'HS256', keyid: rsa.config.jwt.currentKid, allowInsecureKeySizes: true } as jwt.SignOptions,
    );
    expect(errorCodes(await gql(rsa, VIEWER, {}, { token: confused }))).toEqual(['UNAUTHENTICATED']);
  } finally {
    await rsa.close();
  }
});

test('issueToken stamps iss, aud, exp, iat, jti, kid and the claims the server reads', () => {
  const { token, expiresAt } = issueToken(app.config.jwt, {
    userId: org.owner.userId,
    sessionId: org.owner.sessionId,
    organizationId: org.id,
    organizationKind: OrganizationKind.MERCHANT,
    role: MembershipRole.OWNER,
  });
  const decoded = jwt.decode(token, { complete: true })!;
  expect(decoded.header).toMatchObject({ alg: 'HS256', kid: app.config.jwt.currentKid });
  expect(decoded.payload).toMatchObject({
    sub: org.owner.userId,
    sid: org.owner.sessionId,
    org: org.id,
    role: 'OWNER',
    iss: app.config.jwt.issuer,
    aud: app.config.jwt.audience,
    jti: expect.any(String),
  });
  expect(expiresAt.getTime()).toBeGreaterThan(Date.now());
});
