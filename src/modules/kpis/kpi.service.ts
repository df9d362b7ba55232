import { DomainErrorCode, DomainErrors, domainProblem } from '../../core/domain-error.js';
import type { RequestContext } from '../../core/request-context.js';
import { newId } from '../../db/base.js';
import { recordAudit } from '../audit/audit.service.js';
import { ContractStatus } from '../contracts/contract.entity.js';
import { amendmentsByContract, contractById } from '../contracts/contract.loaders.js';
import { ContractParty, TerminationRightSource } from '../contracts/contract.model.js';
import { grantTerminationRight, partyOf } from '../contracts/contract-lifecycle.service.js';
import { contractToday, effectiveState } from '../contracts/contract-state.js';
import { termsOn } from '../contracts/terms-on.js';
import { contractUsageWindow } from '../usage/usage.service.js';
import { executeBound } from '../usage/usage.sql.js';
import {
  KpiReporter,
  type KpiComparatorEnum,
  type KpiDayView,
  type KpiDefinition,
  type KpiMeasurementsReportCommand,
  type KpiMeasurementsReportResult,
} from './kpi.model.js';
import { DEFAULT_KPI_STREAKS, checkMeasurements, evaluateStreaks, kpiDefinitions, type MeasuredDay, type StoredStreakEvidence } from './kpi.rules.js';

/** A kpi_measurement row as the statements return it. */
export interface KpiMeasurementRow {
  metric: string;
  day: string;
  value: string;
  comparator: string;
  target: string;
  unit: string;
  weight: string;
  met: boolean;
}

export function kpiDayView(row: KpiMeasurementRow): KpiDayView {
  return {
    metric: row.metric,
    date: row.day,
    value: row.value,
    comparator: row.comparator as KpiComparatorEnum,
    target: row.target,
    unit: row.unit,
    weight: row.weight,
    met: row.met,
  };
}

const notFound = () => new DomainErrors([domainProblem(DomainErrorCode.NOT_FOUND, ['contractId'], 'No such contract.')]);

/**
 * A party reports daily KPI measurements of one of its ACTIVE contracts: the vendor the metrics its
 * systems measure, the merchant SATISFACTION_RATE and CONVERSION_RATE (kpi.model.ts).
 *
 * Each day is judged against the KPI definition of the terms in force on that day and stored with
 * it; re-sending a (metric, day) replaces it. Set-based, in a constant number of statements whatever
 * the batch size: a per-contract advisory lock (batches of one contract queue, so streaks are
 * evaluated on what is committed), one `unnest` upsert, then the streaks of every KPI touched are
 * re-evaluated from all its stored days — late measurements and corrections included — opening
 * the notices and rights now due and withdrawing notices whose causing days were corrected.
 */
export async function reportKpiMeasurements(
  ctx: RequestContext,
  contractId: string | null,
  command: KpiMeasurementsReportCommand,
): Promise<KpiMeasurementsReportResult> {
  const viewer = ctx.viewer;
  if (!contractId || viewer.kind !== 'member') throw notFound();
  const contract = await contractById(ctx).load(contractId);
  const party = contract && partyOf(contract, viewer.organizationId);
  if (!contract || !party) throw notFound();
  const now = ctx.clock.now();
  const status = effectiveState(contract, now).status;
  if (status !== ContractStatus.ACTIVE) {
    throw new DomainErrors([
      domainProblem(DomainErrorCode.INVALID_STATE, ['contractId'], `KPIs are reported for ACTIVE contracts only; this one is ${status}.`),
    ]);
  }
  const amendments = await amendmentsByContract(ctx).load(contract.id);
  const definitions = new Map<string, Map<string, KpiDefinition>>();
  const definitionsOn = (day: string) => {
    let found = definitions.get(day);
    if (!found) definitions.set(day, (found = kpiDefinitions(termsOn(contract, amendments, day).terms)));
    return found;
  };
  const window = contractUsageWindow(contract, now);
  const reporter = party === ContractParty.MERCHANT ? KpiReporter.MERCHANT : KpiReporter.VENDOR;
  const { problems, columns } = checkMeasurements(command.measurements, reporter, window, definitionsOn);
  if (problems.length) throw new DomainErrors(problems);

  await executeBound(ctx, `select pg_advisory_xact_lock(hashtextextended('kefu.kpi:' || $1::text, 0))`, [contract.id]);
  const reportedAt = now.toISOString();
  await executeBound(
    ctx,
    `insert into kpi_measurement (contract_id, merchant_id, vendor_id, metric, day, value, comparator, target, unit, weight, met, reported_by_organization, reported_at)
     select $1, $2, $3, i.metric, i.day, i.value, i.comparator, i.target, i.unit, i.weight, i.met, $4, $5
     from unnest($6::text[], $7::date[], $8::numeric[], $9::text[], $10::numeric[], $11::text[], $12::numeric[], $13::bool[])
       as i(metric, day, value, comparator, target, unit, weight, met)
     on conflict (contract_id, metric, day) do update set
       value = excluded.value, comparator = excluded.comparator, target = excluded.target, unit = excluded.unit, weight = excluded.weight,
       met = excluded.met, reported_by_organization = excluded.reported_by_organization, reported_at = excluded.reported_at
     where (kpi_measurement.value, kpi_measurement.comparator, kpi_measurement.target, kpi_measurement.unit, kpi_measurement.weight, kpi_measurement.met)
       is distinct from (excluded.value, excluded.comparator, excluded.target, excluded.unit, excluded.weight, excluded.met)`,
    [
      contract.id,
      contract.merchantId,
      contract.vendorId,
      viewer.organizationId,
      reportedAt,
      columns.metrics,
      columns.days,
      columns.values,
      columns.comparators,
      columns.targets,
      columns.units,
      columns.weights,
      columns.met,
    ],
  );

  // Streaks of every KPI touched, from all its stored days.
  const metrics = [...new Set(columns.metrics)].sort();
  const rows = await executeBound<KpiMeasurementRow>(
    ctx,
    `select metric, day::text as day, value::text as value, comparator, target::text as target, unit, weight::text as weight, met
     from kpi_measurement where contract_id = $1 and metric = any($2::text[]) order by metric, day`,
    [contract.id, metrics],
  );
  const evidence = await executeBound<{ kind: 'notice' | 'right'; id: string; metric: string; days: string[] }>(
    ctx,
    `select 'notice' as kind, n.id, n.metric, n.days::text[] as days
     from kpi_rectification_notice n where n.contract_id = $1 and n.metric = any($2::text[]) and n.withdrawn_at is null
     union all
     select 'right', r.id, r.evidence ->> 'metric', array(select jsonb_array_elements_text(r.evidence -> 'days'))
     from contract_termination_right r where r.contract_id = $1 and r.source = $3 and r.evidence ->> 'metric' = any($2::text[])`,
    [contract.id, metrics, TerminationRightSource.KPI_STREAK],
  );
  const rules = termsOn(contract, amendments, contractToday(contract, now)).terms.rules as { kpiStreaks?: typeof DEFAULT_KPI_STREAKS };
  const thresholds = rules.kpiStreaks ?? DEFAULT_KPI_STREAKS;
  const toOpen: { id: string; metric: string; days: string[] }[] = [];
  const toWithdraw: { id: string; metric: string }[] = [];
  let rightsGranted = 0;
  for (const metric of metrics) {
    const days: MeasuredDay[] = rows.filter((r) => r.metric === metric);
    const of = (kind: 'notice' | 'right'): StoredStreakEvidence[] => evidence.filter((e) => e.kind === kind && e.metric === metric);
    const evaluation = evaluateStreaks(days, of('notice'), of('right'), thresholds);
    for (const id of evaluation.withdraw) toWithdraw.push({ id, metric });
    for (const causing of evaluation.open) toOpen.push({ id: newId(), metric, days: causing });
    for (const causing of evaluation.grant) {
      grantTerminationRight(ctx, contract, {
        holderOrganization: contract.merchantId,
        source: TerminationRightSource.KPI_STREAK,
        evidence: { metric, days: causing, rule: `${thresholds.terminationRightAfterDays} consecutive measured days missed` },
      });
      rightsGranted += 1;
    }
  }
  if (toWithdraw.length) {
    await executeBound(
      ctx, // Never before it opened, even if replicas' clocks disagree.
      `update kpi_rectification_notice set withdrawn_at = greatest($2::timestamptz, opened_at) where id = any($1::uuid[]) and withdrawn_at is null`,
      [toWithdraw.map((n) => n.id), reportedAt],
    );
  }
  if (toOpen.length) {
    await executeBound(
      ctx,
      `insert into kpi_rectification_notice (id, contract_id, merchant_id, vendor_id, metric, days, opened_at)
       select i.id, $1, $2, $3, i.metric, i.days::date[], $4 from unnest($5::uuid[], $6::text[], $7::text[]) as i(id, metric, days)`,
      [
        contract.id,
        contract.merchantId,
        contract.vendorId,
        reportedAt,
        toOpen.map((n) => n.id),
        toOpen.map((n) => n.metric),
        toOpen.map((n) => `{${n.days.join(',')}}`),
      ],
    );
  }
  for (const notice of toWithdraw) {
    recordAudit(ctx, {
      action: 'kpi.notice.withdraw',
      entityType: 'KpiRectificationNotice',
      entityId: notice.id,
      contractId: contract.id,
      after: { metric: notice.metric, withdrawnAt: now },
    });
  }
  for (const notice of toOpen) {
    recordAudit(ctx, {
      action: 'kpi.notice.open',
      entityType: 'KpiRectificationNotice',
      entityId: notice.id,
      contractId: contract.id,
      after: { contractId: contract.id, metric: notice.metric, days: notice.days },
    });
  }
  recordAudit(ctx, {
    action: 'kpi.measurements.report',
    entityType: 'Contract',
    entityId: contract.id,
    contractId: contract.id,
    after: { measurements: columns.metrics.length, metrics, from: [...columns.days].sort()[0], to: [...columns.days].sort().at(-1) },
  });
  const reported = new Set(columns.metrics.map((m, i) => `${m}|${columns.days[i]}`));
  return {
    contractId: contract.id,
    days: rows.filter((r) => reported.has(`${r.metric}|${r.day}`)).map(kpiDayView),
    noticesOpened: toOpen.length,
    noticesWithdrawn: toWithdraw.length,
    rightsGranted,
  };
}
