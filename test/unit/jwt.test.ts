import { randomUUID } from 'node:crypto';
import { InvalidTokenError, issueToken, verifyToken } from '../../src/auth/jwt.js';
import { loadConfig } from '../../src/config.js';
import { OrganizationKind } from '../../src/core/organization-kind.js';
import { MembershipRole } from '../../src/core/roles.js';

const subject = () => ({
  userId: randomUUID(),
  sessionId: randomUUID(),
  organizationId: randomUUID(),
  organizationKind: OrganizationKind.MERCHANT,
  role: MembershipRole.OWNER,
});

describe('bearer tokens are verified once, then remembered until they expire', () => {
  const config = loadConfig({}).jwt;
  const issuedAt = Date.UTC(2026, 11, 3, 12, 0, 0);
  const lastValid = issuedAt + (config.ttlSeconds + config.clockToleranceSeconds) * 1000 - 1;

  test('a remembered token still expires at exp (plus the clock tolerance), as a fresh one would', () => {
    const { token } = issueToken(config, subject(), issuedAt);
    expect(verifyToken(config, token, issuedAt).kind).toBe('member');
    expect(verifyToken(config, token, lastValid).kind).toBe('member');
    expect(() => verifyToken(config, token, lastValid + 1000)).toThrow(InvalidTokenError);
    // Never verified before, already expired: refused the same way.
    const other = issueToken(config, subject(), issuedAt).token;
    expect(() => verifyToken(config, other, lastValid + 1000)).toThrow(InvalidTokenError);
  });

  test('a token signed with another key is refused even under the same configuration after a valid one', () => {
    const { token } = issueToken(config, subject(), issuedAt);
    expect(verifyToken(config, token, issuedAt).kind).toBe('member');
    const forged = issueToken({ ...config, signingKey: 'another-secret-of-sufficient-length-0123456789' }, subject(), issuedAt).token;
    expect(() => verifyToken(config, forged, issuedAt)).toThrow(InvalidTokenError);
    const tampered = `${token.slice(0, -2)}${token.endsWith('A') ? 'B' : 'A'}A`;
    expect(() => verifyToken(config, tampered, issuedAt)).toThrow(InvalidTokenError);
  });
});
