import { entityLoader } from '../../db/batch.js';
import { defineLoader } from '../../core/loaders.js';
import { ApiKey } from './api-key.entity.js';

export const apiKeyById = defineLoader('apiKey.byId', (ctx) => entityLoader(ctx.uow, ApiKey, 'id'));
