import DataLoader from 'dataloader';
import type { EntityName } from '@mikro-orm/core';
import { entityLoader } from '../../db/batch.js';
import type { RequestContext } from '../../core/request-context.js';
import { defineLoader } from '../../core/loaders.js';
import { Contract, ContractAmendment, ContractBreachNotice, ContractTerminationRight } from './contract.entity.js';

/** Contracts by id, one query per batch (row-level security shows a contract to its two parties only). */
export const contractById = defineLoader('contract.byId', (ctx) => entityLoader(ctx.uow, Contract, 'id'));

/** The contract of each requirement (at most one: `contract.requirement_id` is unique), one query for a whole page. */
export const contractByRequirement = defineLoader('contract.byRequirement', (ctx) => entityLoader(ctx.uow, Contract, 'requirementId'));

/** Rows of a contract's child table grouped by contract, one query for a whole page of contracts (row-level security: the two parties). */
function byContract<T extends { contractId: string }>(ctx: RequestContext, entity: EntityName<T>, orderBy: Record<string, 'asc'>) {
  return new DataLoader<string, T[]>(async (ids) => {
    const rows = await ctx.uow.em.find(entity, { contractId: { $in: [...ids] } } as never, { orderBy: orderBy as never });
    const grouped = new Map<string, T[]>(ids.map((id) => [id, []]));
    for (const row of rows) grouped.get(row.contractId)?.push(row);
    return ids.map((id) => grouped.get(id)!);
  });
}

/** Each contract's amendments, by number. */
export const amendmentsByContract = defineLoader('contract.amendments', (ctx) => byContract(ctx, ContractAmendment, { number: 'asc' }));

export const amendmentById = defineLoader('contract.amendmentById', (ctx) => entityLoader(ctx.uow, ContractAmendment, 'id'));

/** Each contract's breach notices, oldest first. */
export const breachNoticesByContract = defineLoader('contract.breachNotices', (ctx) => byContract(ctx, ContractBreachNotice, { notifiedAt: 'asc' }));

export const breachNoticeById = defineLoader('contract.breachNoticeById', (ctx) => entityLoader(ctx.uow, ContractBreachNotice, 'id'));

/** Each contract's stored termination rights, oldest first. */
export const terminationRightsByContract = defineLoader('contract.terminationRights', (ctx) => byContract(ctx, ContractTerminationRight, { arisesAt: 'asc' }));
