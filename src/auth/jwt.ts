import { createPrivateKey, createPublicKey, createSecretKey, randomUUID, type KeyObject } from 'node:crypto';
import jwt from 'jsonwebtoken';
import type { JwtConfig } from '../config.js';
import { OrganizationKind } from '../core/organization-kind.js';
import { MembershipRole } from '../core/roles.js';
import type { Viewer } from '../core/viewer.js';

export const PLATFORM_ADMIN_ROLE = 'PLATFORM_ADMIN';

export interface TokenSubject {
  userId: string;
  /** The session the token belongs to (`sid`): checked against the database on every request. */
  sessionId: string;
  /** Absent for a platform administrator's token. */
  organizationId?: string;
  organizationKind?: OrganizationKind;
  role: MembershipRole | typeof PLATFORM_ADMIN_ROLE;
}

export interface IssuedToken {
  token: string;
  expiresAt: Date;
}

export class InvalidTokenError extends Error {}

const keyObjects = new Map<string, KeyObject>();

/** jsonwebtoken would convert a key string to a KeyObject on every call: convert each key once. */
function keyObject(algorithm: JwtConfig['algorithm'], key: string, purpose: 'sign' | 'verify'): KeyObject {
  const cacheKey = `${algorithm}:${purpose}:${key}`;
  let object = keyObjects.get(cacheKey);
  if (!object) {
    object = algorithm === 'HS256' ? createSecretKey(Buffer.from(key, 'utf8')) : purpose === 'sign' ? createPrivateKey(key) : createPublicKey(key);
    keyObjects.set(cacheKey, object);
  }
  return object;
}

export function issueToken(config: JwtConfig, subject: TokenSubject, now = Date.now()): IssuedToken {
  const iat = Math.floor(now / 1000);
  const exp = iat + config.ttlSeconds;
  const payload: Record<string, unknown> = { sid: subject.sessionId, role: subject.role, iat, exp };
  if (subject.organizationId) {
    payload.org = subject.organizationId;
    payload.org_kind = subject.organizationKind;
  }
  const token = jwt.sign(payload, keyObject(config.algorithm, config.signingKey, 'sign'), {
    algorithm: config.algorithm,
    keyid: config.currentKid,
    issuer: config.issuer,
    audience: config.audience,
    subject: subject.userId,
    jwtid: randomUUID(),
  });
  return { token, expiresAt: new Date(exp * 1000) };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Verifies a bearer token: the key is chosen by `kid` among the configured ones, and the algorithm,
 * issuer and audience are pinned; `exp` and the session id `sid` are required. Any failure is the
 * same InvalidTokenError. Whether the session still holds (not signed out, same membership and role)
 * is checked by the database in the request's first round trip (see db/tenant-transaction.ts).
 */
export function verifyToken(config: JwtConfig, token: string, now = Date.now()): Viewer {
  let verified = verifiedTokens.get(config);
  if (!verified) verifiedTokens.set(config, (verified = new Map()));
  const known = verified.get(token);
  if (known) {
    if (now < known.expiresAtMs) return known.viewer;
    verified.delete(token);
  }
  const { viewer, expiresAtMs } = verifyTokenAt(config, token, now);
  if (verified.size >= VERIFIED_TOKENS_KEPT) verified.clear();
  verified.set(token, { viewer, expiresAtMs });
  return viewer;
}

/** Tokens kept verified per configuration (a bounded memo; the whole map is dropped when full). */
const VERIFIED_TOKENS_KEPT = 10_000;

/**
 * A token's signature and claims are checked once: its viewer is then kept until the token expires
 * (with the clock tolerance), keyed by the whole token. Every request still checks the session in the
 * database, so signing out or a role change takes effect at once; a new configuration (rotated keys)
 * starts with no verified tokens.
 */
const verifiedTokens = new WeakMap<JwtConfig, Map<string, { viewer: Viewer; expiresAtMs: number }>>();

function verifyTokenAt(config: JwtConfig, token: string, now: number): { viewer: Viewer; expiresAtMs: number } {
  const decoded = jwt.decode(token, { complete: true });
  if (!decoded || typeof decoded.payload === 'string') throw new InvalidTokenError('malformed token');
  const kid = decoded.header.kid;
  const key = kid === undefined ? undefined : config.verificationKeys.get(kid);
  if (!key) throw new InvalidTokenError('unknown key id');
  let claims: jwt.JwtPayload;
  try {
    claims = jwt.verify(token, keyObject(config.algorithm, key, 'verify'), {
      algorithms: [config.algorithm],
      issuer: config.issuer,
      audience: config.audience,
      clockTolerance: config.clockToleranceSeconds,
      clockTimestamp: Math.floor(now / 1000),
      complete: false,
    }) as jwt.JwtPayload;
  } catch (error) {
    throw new InvalidTokenError((error as Error).message);
  }
  if (typeof claims.exp !== 'number') throw new InvalidTokenError('exp is required');
  const expiresAtMs = (claims.exp + config.clockToleranceSeconds) * 1000;
  const userId = claims.sub;
  if (typeof userId !== 'string' || !UUID.test(userId)) throw new InvalidTokenError('bad subject');
  const sessionId = claims.sid;
  if (typeof sessionId !== 'string' || !UUID.test(sessionId)) throw new InvalidTokenError('sid is required');
  if (claims.role === PLATFORM_ADMIN_ROLE && claims.org === undefined) {
    return { viewer: { kind: 'platformAdmin', userId, sessionId }, expiresAtMs };
  }
  const { org, org_kind: orgKind, role } = claims as Record<string, unknown>;
  if (
    typeof org !== 'string' ||
    !UUID.test(org) ||
    !Object.values(OrganizationKind).includes(orgKind as OrganizationKind) ||
    !Object.values(MembershipRole).includes(role as MembershipRole)
  ) {
    throw new InvalidTokenError('bad claims');
  }
  const viewer: Viewer = {
    kind: 'member',
    userId,
    apiKeyId: null,
    sessionId,
    organizationId: org,
    organizationKind: orgKind as OrganizationKind,
    role: role as MembershipRole,
  };
  return { viewer, expiresAtMs };
}
