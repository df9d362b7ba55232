import { entityLoader } from '../../db/batch.js';
import { defineLoader } from '../../core/loaders.js';
import { Contract } from './contract.entity.js';

/** Contracts by id, one query per batch (row-level security shows a contract to its two parties only). */
export const contractById = defineLoader('contract.byId', (ctx) => entityLoader(ctx.uow, Contract, 'id'));

/** The contract of each requirement (at most one: `contract.requirement_id` is unique), one query for a whole page. */
export const contractByRequirement = defineLoader('contract.byRequirement', (ctx) => entityLoader(ctx.uow, Contract, 'requirementId'));
