import type { ModuleDescriptor } from '../../core/module.js';
import { purgeIdempotencyKeysJob } from './purge-idempotency-keys.job.js';
import { IdempotencyKey } from './idempotency-key.entity.js';

export const idempotencyModule: ModuleDescriptor = { name: 'idempotency', entities: [IdempotencyKey], resolvers: [], jobs: [purgeIdempotencyKeysJob] };
