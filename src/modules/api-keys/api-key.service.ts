import { createHash, randomBytes } from 'node:crypto';
import type { MikroORM } from '@mikro-orm/postgresql';
import { MembershipRole, roleAllowedForKind } from '../../core/roles.js';
import type { Viewer } from '../../core/viewer.js';
import { DomainErrorCode, DomainErrors, domainProblem } from '../../core/domain-error.js';
import type { RequestContext } from '../../core/request-context.js';
import { OrganizationKind } from '../organizations/organization.entity.js';
import { recordAudit } from '../audit/audit.service.js';
import { ApiKey } from './api-key.entity.js';
import { invariant } from '../../core/invariant.js';

/** The longest API key name. */
export const API_KEY_NAME_MAX_LENGTH = 100;

/** Secrets look like `kefu_<prefix>_<random>`; the prefix identifies a key in lists, the hash authenticates it. */
const SECRET_PATTERN = /^kefu_([A-Za-z0-9]{8})_([A-Za-z0-9_-]{43})$/;

export function hashApiKeySecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

function newSecret(): { secret: string; prefix: string } {
  const prefix = randomBytes(6).toString('base64url').replace(/[-_]/g, 'x').slice(0, 8);
  return { prefix, secret: `kefu_${prefix}_${randomBytes(32).toString('base64url')}` };
}

export interface CreatedApiKey {
  apiKey: ApiKey;
  /** Shown once, never stored. */
  secret: string;
}

export async function createApiKey(ctx: RequestContext, input: { name: string; role: MembershipRole }): Promise<CreatedApiKey> {
  const viewer = ctx.viewer;
  invariant(viewer.kind === 'member', 'API keys belong to an organization');
  const name = input.name.trim();
  if (name.length < 1 || name.length > API_KEY_NAME_MAX_LENGTH) {
    throw new DomainErrors([domainProblem(DomainErrorCode.INVALID, ['input', 'name'], `Name must have 1 to ${API_KEY_NAME_MAX_LENGTH} characters.`)]);
  }
  if (input.role === MembershipRole.OWNER || !roleAllowedForKind(input.role, viewer.organizationKind)) {
    throw new DomainErrors([
      domainProblem(DomainErrorCode.INVALID, ['input', 'role'], `An API key may hold any role of a ${viewer.organizationKind} organization except OWNER.`),
    ]);
  }
  const { secret, prefix } = newSecret();
  const apiKey = Object.assign(new ApiKey(), {
    organizationId: viewer.organizationId,
    name,
    role: input.role,
    prefix,
    secretHash: hashApiKeySecret(secret),
    createdByUserId: viewer.userId,
  });
  ctx.uow.em.persist(apiKey);
  recordAudit(ctx, { action: 'apiKey.create', entityType: 'ApiKey', entityId: apiKey.id, after: { name, role: input.role, prefix } });
  return { apiKey, secret };
}

export async function revokeApiKey(ctx: RequestContext, apiKeyId: string | null): Promise<ApiKey> {
  const viewer = ctx.viewer;
  const apiKey = apiKeyId ? await ctx.uow.em.findOne(ApiKey, { id: apiKeyId }) : null;
  if (!apiKey || viewer.kind !== 'member' || apiKey.organizationId !== viewer.organizationId) {
    throw new DomainErrors([domainProblem(DomainErrorCode.NOT_FOUND, ['id'], 'No such API key.')]);
  }
  if (apiKey.revokedAt) throw new DomainErrors([domainProblem(DomainErrorCode.INVALID_STATE, ['id'], 'This API key is already revoked.')]);
  apiKey.revokedAt = ctx.clock.now();
  recordAudit(ctx, { action: 'apiKey.revoke', entityType: 'ApiKey', entityId: apiKey.id, before: { revokedAt: null }, after: { revokedAt: apiKey.revokedAt } });
  return apiKey;
}

interface ApiKeyRow {
  id: string;
  organization_id: string;
  role: MembershipRole;
  revoked_at: Date | null;
  organization_kind: OrganizationKind;
}

/**
 * Resolves an `X-Api-Key` secret to a viewer, before any tenant is known, through the narrow
 * SECURITY DEFINER look-up. Unknown, malformed and revoked keys all answer null.
 */
export async function viewerForApiKey(orm: MikroORM, secret: string): Promise<Viewer | null> {
  if (!SECRET_PATTERN.test(secret)) return null;
  const [row] = await orm.em
    .getConnection()
    .execute<ApiKeyRow[]>('select k.*, auth_organization_kind(k.organization_id) as organization_kind from auth_api_key(?) k', [hashApiKeySecret(secret)]);
  if (!row || row.revoked_at) return null;
  return {
    kind: 'member',
    userId: null,
    apiKeyId: row.id,
    sessionId: null,
    organizationId: row.organization_id,
    organizationKind: row.organization_kind,
    role: row.role,
  };
}

/** Whether the viewer may see an organization's API keys: its owners, signed in as people. */
export function seesApiKeysOf(ctx: RequestContext, organizationId: string): boolean {
  const viewer = ctx.viewer;
  return viewer.kind === 'member' && viewer.organizationId === organizationId && viewer.role === MembershipRole.OWNER && viewer.userId !== null;
}
