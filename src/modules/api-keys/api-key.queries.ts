import type { KeysetOrder, KeysetPage, KeysetWindow } from '../../core/page-window.js';
import type { RequestContext } from '../../core/request-context.js';
import { keysetPage } from '../../db/keyset.js';
import { sql } from '../../db/sql.js';
import { ApiKey } from './api-key.entity.js';

/** Oldest first (ties in id order). */
export const API_KEY_LIST_ORDER: KeysetOrder = {
  name: 'apiKey.OLDEST',
  keys: [
    { column: 'created_at', type: 'timestamptz' },
    { column: 'id', type: 'uuid' },
  ],
};

/** An organization's API keys, oldest first (the resolver checks who may see them: seesApiKeysOf). */
export function listApiKeys(ctx: RequestContext, organizationId: string, window: KeysetWindow): Promise<KeysetPage<ApiKey>> {
  return keysetPage(ctx.uow, ApiKey, 'api_key', sql`t.organization_id = ${organizationId}`, window);
}
