import { randomBytes } from 'node:crypto';
import { issueToken, PLATFORM_ADMIN_ROLE } from '../../src/auth/jwt.js';
import { hashPassword } from '../../src/auth/passwords.js';
import type { MembershipRole } from '../../src/core/roles.js';
import { newId } from '../../src/db/base.js';
import { toGlobalId } from '../../src/graphql/global-id.js';
import { creditCodeCheckCharacter } from '../../src/modules/organizations/credit-code.js';
import type { OrganizationKind } from '../../src/modules/organizations/organization.entity.js';
import type { TestApp } from './test-app.js';

export const TEST_PASSWORD = 'test-password-1';
let passwordHash: Promise<string> | undefined;

export interface TestMember {
  userId: string;
  email: string;
  role: MembershipRole;
  membershipId: string;
  /** The session behind `token` (a row of auth_session, as login would open). */
  sessionId: string;
  token: string;
}

export interface TestOrg {
  id: string;
  globalId: string;
  kind: OrganizationKind;
  legalName: string;
  owner: TestMember;
  members: TestMember[];
  member: (role: MembershipRole) => TestMember;
}

const ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';

/** A random code that passes the GB 32100-2015 check. */
export function validCreditCode(): string {
  let body = '91' + String(100000 + Math.floor(Math.random() * 800000));
  for (let i = 0; i < 9; i++) body += ALPHABET[Math.floor(Math.random() * ALPHABET.length)];
  return body + creditCodeCheckCharacter(body);
}

function unique(): string {
  return randomBytes(4).toString('hex');
}

/** Inserts an organization with one member per role (as the superuser, bypassing RLS) and signs each in. */
export async function createOrg(
  app: TestApp,
  options: { kind: OrganizationKind; roles?: MembershipRole[]; verified?: boolean; legalName?: string },
): Promise<TestOrg> {
  passwordHash ??= hashPassword(TEST_PASSWORD);
  const hash = await passwordHash;
  const id = newId();
  const legalName = options.legalName ?? `Test ${options.kind.toLowerCase()} ${unique()} Co., Ltd.`;
  await app.sql.query(`insert into organization (id, kind, legal_name, credit_code, verification_status, verified_at) values ($1, $2, $3, $4, $5, $6)`, [
    id,
    options.kind,
    legalName,
    validCreditCode(),
    options.verified === false ? 'PENDING' : 'VERIFIED',
    options.verified === false ? null : new Date(),
  ]);
  await app.sql.query('insert into organization_private (organization_id, contact_name, contact_email) values ($1, $2, $3)', [
    id,
    'Contact Person',
    `contact-${unique()}@example.test`,
  ]);
  if (options.kind === 'VENDOR') await app.sql.query('insert into vendor_profile (organization_id, seat_capacity) values ($1, 100)', [id]);
  const roles = options.roles ?? (['OWNER'] as MembershipRole[]);
  const members: TestMember[] = [];
  for (const role of roles) {
    const userId = newId();
    const membershipId = newId();
    const email = `${role.toLowerCase()}-${unique()}@example.test`;
    await app.sql.query('insert into app_user (id, email, display_name, password_hash) values ($1, $2, $3, $4)', [userId, email, `${role} person`, hash]);
    await app.sql.query('insert into membership (id, organization_id, user_id, role) values ($1, $2, $3, $4)', [membershipId, id, userId, role]);
    const sessionId = await createSession(app, { userId, organizationId: id, membershipId });
    const { token } = issueToken(app.config.jwt, { userId, sessionId, organizationId: id, organizationKind: options.kind, role });
    members.push({ userId, email, role, membershipId, sessionId, token });
  }
  const member = (role: MembershipRole) => {
    const found = members.find((m) => m.role === role);
    if (!found) throw new Error(`no ${role} in this test organization`);
    return found;
  };
  return { id, globalId: toGlobalId('Organization', id), kind: options.kind, legalName, owner: members[0]!, members, member };
}

/** A session row as login would open it (as the superuser); its id goes into tokens as `sid`. */
export async function createSession(app: TestApp, options: { userId: string; organizationId?: string; membershipId?: string }): Promise<string> {
  const sessionId = newId();
  await app.sql.query(
    `insert into auth_session (id, user_id, organization_id, membership_id, expires_at) values ($1, $2, $3, $4, now() + make_interval(secs => $5))`,
    [sessionId, options.userId, options.organizationId ?? null, options.membershipId ?? null, app.config.jwt.refreshTtlSeconds],
  );
  return sessionId;
}

export async function createPlatformAdmin(app: TestApp): Promise<{ userId: string; email: string; sessionId: string; token: string }> {
  passwordHash ??= hashPassword(TEST_PASSWORD);
  const userId = newId();
  const email = `admin-${unique()}@example.test`;
  await app.sql.query('insert into app_user (id, email, display_name, password_hash, is_platform_admin) values ($1, $2, $3, $4, true)', [
    userId,
    email,
    'Admin',
    await passwordHash,
  ]);
  const sessionId = await createSession(app, { userId });
  return { userId, email, sessionId, token: issueToken(app.config.jwt, { userId, sessionId, role: PLATFORM_ADMIN_ROLE }).token };
}
