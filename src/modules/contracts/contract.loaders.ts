import { entityLoader } from '../../db/batch.js';
import type { RequestContext } from '../../server/context.js';
import { Contract } from './contract.entity.js';

export const contractById = (ctx: RequestContext) => ctx.loader('contract.byId', () => entityLoader(ctx.em, Contract, 'id'));
