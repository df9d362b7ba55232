import type { ModuleDescriptor } from '../../core/module.js';
import { ApiKey } from './api-key.entity.js';
import { ApiKeyResolver, fetchApiKeyNode } from './api-key.resolver.js';
import { API_KEY_TYPE } from './api-key.types.js';

export const apiKeysModule: ModuleDescriptor = {
  name: 'api-keys',
  entities: [ApiKey],
  resolvers: [ApiKeyResolver],
  nodeTypes: { [API_KEY_TYPE]: fetchApiKeyNode },
};
