import { entityLoader } from '../../db/batch.js';
import type { RequestContext } from '../../core/request-context.js';
import { ApiKey } from './api-key.entity.js';

export const apiKeyById = (ctx: RequestContext) => ctx.loader('apiKey.byId', () => entityLoader(ctx.em, ApiKey, 'id'));
