import type { ModuleDescriptor } from '../../core/module.js';
import { ApiKey } from './api-key.entity.js';
import { ApiKeyResolver } from './api-key.resolver.js';

export const apiKeysModule: ModuleDescriptor = { name: 'api-keys', entities: [ApiKey], resolvers: [ApiKeyResolver] };
