import { Arg, Ctx, Extensions, FieldResolver, ID, Mutation, Resolver, Root } from 'type-graphql';
import type { NodeFetcher } from '../../core/module.js';
import type { RequestContext } from '../../core/request-context.js';
import { idOfType } from '../../graphql/global-id.js';
import { mutationResult } from '../../graphql/mutation.js';
import { Permission } from '../../graphql/permission.js';
import { YearMonthScalar } from '../../graphql/scalars.js';
import { contractById } from '../contracts/contract.loaders.js';
import { CONTRACT_TYPE, ContractNode } from '../contracts/contract.types.js';
import { kpiMonthByContract, kpiNoticeById, kpiNoticesByContract } from './kpi.loaders.js';
import { KPI_PERMISSIONS } from './kpi.permissions.js';
import { reportKpiMeasurements } from './kpi.service.js';
import { KpiDayType, KpiMeasurementsReportInput, KpiMeasurementsReportPayload, KpiMonthType, KpiRectificationNoticeNode } from './kpi.types.js';

/** `node(id:)` for a notice: row-level security shows it to the contract's two parties only. */
export const fetchKpiNoticeNode: NodeFetcher = async (ctx, id) => {
  const notice = await kpiNoticeById(ctx).load(id);
  return notice && KpiRectificationNoticeNode.of(notice);
};

@Resolver(() => ContractNode)
export class ContractKpiResolver {
  @FieldResolver(() => KpiMonthType, {
    description:
      'KPI roll-up of a calendar month: per KPI measured, days measured and met, attainment and missed-day streaks, and the weighted score 0–100. Both parties read it.',
  })
  async kpiMonth(
    @Ctx() ctx: RequestContext,
    @Root() contract: ContractNode,
    @Arg('month', () => YearMonthScalar, { description: 'The month, e.g. "2027-01".' }) month: string,
  ): Promise<KpiMonthType> {
    return KpiMonthType.of(month, await kpiMonthByContract(ctx, month).load(contract.rawId));
  }

  @FieldResolver(() => [KpiRectificationNoticeNode], {
    description:
      'Rectification notices opened by KPI streaks, oldest first, with the days that caused them; withdrawn ones stay, marked. Termination rights of 7-day streaks are in terminationRights (source KPI_STREAK, the days in their evidence).',
  })
  async kpiNotices(@Ctx() ctx: RequestContext, @Root() contract: ContractNode): Promise<KpiRectificationNoticeNode[]> {
    const rows = await kpiNoticesByContract(ctx).load(contract.rawId);
    return rows.map((r) => KpiRectificationNoticeNode.of({ id: r.id, metric: r.metric, days: r.days, openedAt: r.opened_at, withdrawnAt: r.withdrawn_at }));
  }
}

@Resolver()
export class KpiResolver {
  @Mutation(() => KpiMeasurementsReportPayload, {
    description:
      'Report daily KPI measurements of an ACTIVE contract (up to 5,000 per call): the vendor’s operations (or an OPERATIONS API key) the metrics its systems measure, the merchant’s inspectors SATISFACTION_RATE and CONVERSION_RATE. Each day is met or missed against the terms in force on it. Idempotent: re-sending a metric’s day replaces it. Streaks are re-evaluated from all stored days: 3 missed measured days in a row open a rectification notice, 7 give the merchant a termination right; a notice whose days are corrected is withdrawn. All or nothing.',
  })
  @Permission(KPI_PERMISSIONS.kpiMeasurementsReport)
  @Extensions({ bulkInput: true })
  async kpiMeasurementsReport(
    @Ctx() ctx: RequestContext,
    @Arg('contractId', () => ID, { description: 'Global ID of the contract.' }) contractId: string,
    @Arg('input', () => KpiMeasurementsReportInput, { description: 'The measurements.' }) input: KpiMeasurementsReportInput,
  ): Promise<KpiMeasurementsReportPayload> {
    return mutationResult(
      ctx,
      () => reportKpiMeasurements(ctx, idOfType(contractId, CONTRACT_TYPE), input),
      async (result) => {
        const contract = result ? await contractById(ctx).load(result.contractId) : null;
        return {
          contract: contract && ContractNode.of(contract, ctx.clock.now()),
          days: result?.days.map(KpiDayType.of) ?? [],
          noticesOpened: result?.noticesOpened ?? 0,
          noticesWithdrawn: result?.noticesWithdrawn ?? 0,
          rightsGranted: result?.rightsGranted ?? 0,
        };
      },
    );
  }
}
