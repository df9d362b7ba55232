import { Arg, Ctx, Extensions, FieldResolver, ID, Mutation, Resolver, Root } from 'type-graphql';
import { idOfType } from '../../graphql/global-id.js';
import { mutationResult } from '../../graphql/mutation.js';
import { Permission } from '../../graphql/permission.js';
import { YearMonthScalar } from '../../graphql/scalars.js';
import type { RequestContext } from '../../core/request-context.js';
import { contractById } from '../contracts/contract.loaders.js';
import { CONTRACT_TYPE, ContractNode } from '../contracts/contract.types.js';
import { usageDaysByContract } from './usage.loaders.js';
import { USAGE_PERMISSIONS } from './usage.permissions.js';
import { reportUsage, usageDayView } from './usage.service.js';
import { UsageDayType, UsageMonthType, UsageReportInput, UsageReportPayload } from './usage.types.js';

@Resolver(() => ContractNode)
export class ContractUsageResolver {
  @FieldResolver(() => UsageMonthType, {
    description:
      'Usage in a calendar month (days in the contract’s time zone): qualified and total contacts and active seats per day, and the month’s totals. Both parties read it; contact records themselves stay with the vendor.',
  })
  async usage(
    @Ctx() ctx: RequestContext,
    @Root() contract: ContractNode,
    @Arg('month', () => YearMonthScalar, { description: 'The month, e.g. "2027-01".' }) month: string,
  ): Promise<UsageMonthType> {
    const rows = await usageDaysByContract(ctx, month).load(contract.rawId);
    return UsageMonthType.of(month, rows.map(usageDayView));
  }
}

@Resolver()
export class UsageResolver {
  @Mutation(() => UsageReportPayload, {
    description:
      'Vendors’ operations (or a call-centre system’s OPERATIONS API key): report usage of an ACTIVE contract — daily aggregates and/or up to 10,000 contact records per call. Idempotent: re-sending a record (same externalId) or a day replaces it. A day with records takes its contacts from them; a day without keeps the aggregate. Months whose statement is issued are refused. All or nothing.',
  })
  @Permission(USAGE_PERMISSIONS.usageReport)
  @Extensions({ bulkInput: true })
  async usageReport(
    @Ctx() ctx: RequestContext,
    @Arg('contractId', () => ID, { description: 'Global ID of the contract.' }) contractId: string,
    @Arg('input', () => UsageReportInput, { description: 'The days and/or records.' }) input: UsageReportInput,
  ): Promise<UsageReportPayload> {
    return mutationResult(
      ctx,
      () => reportUsage(ctx, idOfType(contractId, CONTRACT_TYPE), input),
      async (result) => {
        const contract = result ? await contractById(ctx).load(result.contractId) : null;
        return {
          contract: contract && ContractNode.of(contract, ctx.clock.now()),
          recordsWritten: result?.recordsWritten ?? 0,
          daysReported: result?.daysReported ?? 0,
          days: result?.days.map(UsageDayType.of) ?? [],
        };
      },
    );
  }
}
