import { entityLoader } from '../../db/batch.js';
import type { RequestContext } from '../../core/request-context.js';
import { Contract } from './contract.entity.js';

/** Contracts by id, one query per batch (row-level security shows a contract to its two parties only). */
export const contractById = (ctx: RequestContext) => ctx.loader('contract.byId', () => entityLoader(ctx.em, Contract, 'id'));

/** The contract of each requirement (at most one: `contract.requirement_id` is unique), one query for a whole page. */
export const contractByRequirement = (ctx: RequestContext) => ctx.loader('contract.byRequirement', () => entityLoader(ctx.em, Contract, 'requirementId'));
