import { DomainErrorCode, DomainErrors, domainProblem } from '../../core/domain-error.js';
import type { RequestContext } from '../../core/request-context.js';
import { recordAudit } from '../audit/audit.service.js';
import { ContractStatus, type Contract } from '../contracts/contract.entity.js';
import { effectiveState } from '../contracts/contract-state.js';
import { contractById } from '../contracts/contract.loaders.js';
import { UsageSource, type UsageDayView, type UsageReportCommand, type UsageReportResult } from './usage.model.js';
import { checkUsageReport, monthOf, usageWindow, type UsageWindow } from './usage.rules.js';
import { executeBound } from './usage.sql.js';
import type { SeatCount } from './usage.entity.js';

/** A usage_day row as the statements return it. */
/** How a batch changes one day's record counts (negative for records that leave the day). */
interface DayDelta {
  day: string;
  total: number;
  qualified: number;
}

export interface UsageDayRow {
  day: string;
  reported_qualified_contacts: number | null;
  reported_total_contacts: number | null;
  seats: SeatCount[] | null;
  records_qualified_contacts: number;
  records_total_contacts: number;
}

/**
 * What both parties read of a day: contacts counted from its records when it has any, otherwise the
 * reported aggregate; seats always from the aggregate (records carry none).
 */
export function usageDayView(row: UsageDayRow): UsageDayView {
  const fromRecords = row.records_total_contacts > 0;
  return {
    date: row.day,
    qualifiedContacts: fromRecords ? row.records_qualified_contacts : (row.reported_qualified_contacts ?? 0),
    totalContacts: fromRecords ? row.records_total_contacts : (row.reported_total_contacts ?? 0),
    seats: row.seats ?? [],
    source: fromRecords ? UsageSource.RECORDS : UsageSource.AGGREGATE,
    recordCount: row.records_total_contacts,
  };
}

/** The contract's usage window: its term (renewals due by the clock included), time zone and qualifying minimum (frozen terms, defaults otherwise). */
export function contractUsageWindow(contract: Contract, now: Date): UsageWindow {
  const terms = contract.terms as Partial<Contract['terms']> | undefined;
  return usageWindow(
    {
      startDate: contract.startDate,
      termMonths: contract.termMonths + effectiveState(contract, now).renewedMonths,
      timeZone: terms?.requirement?.timeZone,
      qualifyingMinimumSeconds: terms?.rules?.usage?.qualifyingMinimumSeconds,
    },
    now,
  );
}

const notFound = () => new DomainErrors([domainProblem(DomainErrorCode.NOT_FOUND, ['contractId'], 'No such contract.')]);

/** The path of the first input item in a month, to point a refusal at. */
function firstPathIn(month: string, command: UsageReportCommand, recordMonths: string[]): string[] {
  const dayIndex = (command.days ?? []).findIndex((d) => monthOf(d.date) === month);
  if (dayIndex >= 0) return ['input', 'days', String(dayIndex), 'date'];
  const recordIndex = recordMonths.indexOf(month);
  return recordIndex >= 0 ? ['input', 'records', String(recordIndex), 'startedAt'] : ['input', 'records'];
}

function lockedMonthsError(months: string[], command: UsageReportCommand, recordMonths: string[]): DomainErrors {
  return new DomainErrors(
    months.map((month) =>
      domainProblem(
        DomainErrorCode.INVALID_STATE,
        firstPathIn(`${month}-01`, command, recordMonths),
        `The statement for ${month} is issued: usage of that month can no longer be corrected.`,
      ),
    ),
  );
}

/**
 * A vendor reports usage of one of its ACTIVE contracts: daily aggregates and/or contact records.
 *
 * Set-based and idempotent, in a constant number of statements whatever the batch size: a
 * per-contract advisory lock (parallel batches of one contract queue instead of deadlocking or
 * recounting each other's rows half-written), the month partitions created if missing, one
 * `unnest` upsert of the records keyed by (contract, external id, month) — a re-sent record
 * replaces the stored one, a record re-sent with a start in another month moves there — one upsert
 * of the reported days, then one statement recounting every touched day from its records.
 * A month whose statement is issued (`usage_locked_month`) refuses everything.
 */
export async function reportUsage(ctx: RequestContext, contractId: string | null, command: UsageReportCommand): Promise<UsageReportResult> {
  const viewer = ctx.viewer;
  if (!contractId || viewer.kind !== 'member') throw notFound();
  const contract = await contractById(ctx).load(contractId);
  // Only the contract's vendor reports usage; to anyone else it does not exist.
  if (!contract || contract.vendorId !== viewer.organizationId) throw notFound();
  const now = ctx.clock.now();
  // The status as it stands now, whether or not the lifecycle job has stored it yet.
  const status = effectiveState(contract, now).status;
  if (status !== ContractStatus.ACTIVE) {
    throw new DomainErrors([
      domainProblem(DomainErrorCode.INVALID_STATE, ['contractId'], `Usage is reported for ACTIVE contracts only; this one is ${status}.`),
    ]);
  }
  const window = contractUsageWindow(contract, now);
  const checked = checkUsageReport(command, window, now);
  if (checked.problems.length) throw new DomainErrors(checked.problems);
  const { records, days } = checked;

  const recordMonths = [...new Set(records.months)];
  const months = [...new Set([...recordMonths, ...days.dates.map(monthOf)])].sort();
  await executeBound(ctx, `select pg_advisory_xact_lock(hashtextextended('kefu.usage:' || $1::text, 0))`, [contract.id]);
  const [guard] = await executeBound<{ locked: string[] }>(
    ctx,
    `select usage_ensure_contact_record_partitions($1::date[]) as created,
            array(select to_char(l.month, 'YYYY-MM') from usage_locked_month l where l.contract_id = $2 and l.month = any($3::date[]) order by 1) as locked`,
    [recordMonths, contract.id, months],
  );
  if (guard!.locked.length) throw lockedMonthsError(guard!.locked, command, records.months);

  const touched = new Set<string>(days.dates);
  const deltas: DayDelta[] = [];
  const received = now.toISOString();
  if (records.externalIds.length) {
    // A record re-sent with a start in another month leaves its old month (and that day's count).
    const moved = await executeBound<DayDelta & { month: string; locked: boolean }>(
      ctx,
      `with moved as (
         -- "= any(array)" probes the primary key once per id (a join with unnest may be planned as a
         -- scan of the whole month, which grows with it); the month check then runs on the few found.
         delete from contact_record c
         where c.contract_id = $1 and c.external_id = any($2::text[])
           and c.month <> ($3::date[])[array_position($2::text[], c.external_id)]
         returning c.day, c.month, c.qualified
       )
       select m.day::text as day, to_char(m.month, 'YYYY-MM') as month, -count(*)::int as total, -(count(*) filter (where m.qualified))::int as qualified,
              exists (select 1 from usage_locked_month l where l.contract_id = $1 and l.month = m.month) as locked
       from moved m group by m.day, m.month`,
      [contract.id, records.externalIds, records.months],
    );
    const lockedMoved = [...new Set(moved.filter((m) => m.locked).map((m) => m.month))];
    if (lockedMoved.length) throw lockedMonthsError(lockedMoved, command, records.months);
    deltas.push(...moved);
    for (const day of records.days) touched.add(day);
    // What the batch changes per day, from the rows it inserts or changes and the values they had:
    // the day counts move by these deltas instead of being recounted from every record of the day
    // (which would cost more as the month fills up). The per-contract lock above makes the snapshot
    // of `before` the state this batch replaces.
    const changed = await executeBound<DayDelta>(
      ctx,
      `with i as (
         select * from unnest($4::text[], $5::text[], $6::text[], $7::timestamptz[], $8::int[], $9::date[], $10::date[], $11::bool[])
           as i(external_id, channel, agent_ref, started_at, duration_seconds, day, month, qualified)
       ),
       before as (
         -- The batch's ids as stored (any month; the join with what is written keeps the same month).
         select c.external_id, c.month, c.day, c.qualified from contact_record c
         where c.contract_id = $1 and c.external_id = any($4::text[])
       ),
       written as (
         insert into contact_record (contract_id, vendor_id, month, day, external_id, channel, agent_ref, started_at, duration_seconds, qualified, received_at)
         select $1, $2, i.month, i.day, i.external_id, i.channel, i.agent_ref, i.started_at, i.duration_seconds, i.qualified, $3 from i
         on conflict (contract_id, external_id, month) do update set
           day = excluded.day, channel = excluded.channel, agent_ref = excluded.agent_ref, started_at = excluded.started_at,
           duration_seconds = excluded.duration_seconds, qualified = excluded.qualified, received_at = excluded.received_at
         where (contact_record.day, contact_record.channel, contact_record.agent_ref, contact_record.started_at, contact_record.duration_seconds, contact_record.qualified)
           is distinct from (excluded.day, excluded.channel, excluded.agent_ref, excluded.started_at, excluded.duration_seconds, excluded.qualified)
         returning external_id, month, day, qualified
       ),
       delta as (
         select w.day, 1 as total, case when w.qualified then 1 else 0 end as qualified from written w
         union all
         select b.day, -1, case when b.qualified then -1 else 0 end from before b join written w on w.external_id = b.external_id and w.month = b.month
       )
       select day::text as day, sum(total)::int as total, sum(qualified)::int as qualified from delta group by day`,
      [
        contract.id,
        contract.vendorId,
        received,
        records.externalIds,
        records.channels,
        records.agentRefs,
        records.startedAt,
        records.durations,
        records.days,
        records.months,
        records.qualified,
      ],
    );
    deltas.push(...changed);
  }
  if (days.dates.length) {
    await executeBound(
      ctx,
      `insert into usage_day (contract_id, merchant_id, vendor_id, day, reported_qualified_contacts, reported_total_contacts, seats, updated_at)
       select $1, $2, $3, i.day, i.qualified, i.total, i.seats::jsonb, $4
       from unnest($5::date[], $6::int[], $7::int[], $8::text[]) as i(day, qualified, total, seats)
       on conflict (contract_id, day) do update set
         reported_qualified_contacts = excluded.reported_qualified_contacts, reported_total_contacts = excluded.reported_total_contacts,
         seats = excluded.seats, updated_at = excluded.updated_at`,
      [contract.id, contract.merchantId, contract.vendorId, received, days.dates, days.qualified, days.total, days.seats],
    );
  }
  // Every touched day's record counts moved by the batch's deltas (0 for a day it reports as an aggregate only).
  const byDay = new Map<string, { total: number; qualified: number }>([...touched].map((day) => [day, { total: 0, qualified: 0 }]));
  for (const delta of deltas) {
    const day = byDay.get(delta.day) ?? { total: 0, qualified: 0 };
    day.total += delta.total;
    day.qualified += delta.qualified;
    byDay.set(delta.day, day);
  }
  const rows = await executeBound<UsageDayRow>(
    ctx,
    // Days that have a row move by their deltas; the others are new (the per-contract lock keeps
    // another batch from adding them meanwhile), and a new day's deltas are never negative.
    `with d as (select * from unnest($5::date[], $6::int[], $7::int[]) as d(day, total, qualified)),
     moved as (
       update usage_day u set records_qualified_contacts = u.records_qualified_contacts + d.qualified,
                              records_total_contacts = u.records_total_contacts + d.total, updated_at = $4
       from d where u.contract_id = $1 and u.day = d.day
       returning u.day, u.reported_qualified_contacts, u.reported_total_contacts, u.seats, u.records_qualified_contacts, u.records_total_contacts
     ),
     added as (
       insert into usage_day (contract_id, merchant_id, vendor_id, day, records_qualified_contacts, records_total_contacts, updated_at)
       select $1, $2, $3, d.day, d.qualified, d.total, $4 from d where not exists (select 1 from moved m where m.day = d.day)
       returning day, reported_qualified_contacts, reported_total_contacts, seats, records_qualified_contacts, records_total_contacts
     )
     select day::text as day, reported_qualified_contacts, reported_total_contacts, seats, records_qualified_contacts, records_total_contacts from moved
     union all
     select day::text as day, reported_qualified_contacts, reported_total_contacts, seats, records_qualified_contacts, records_total_contacts from added`,
    [
      contract.id,
      contract.merchantId,
      contract.vendorId,
      received,
      [...byDay.keys()],
      [...byDay.values()].map((d) => d.total),
      [...byDay.values()].map((d) => d.qualified),
    ],
  );
  recordAudit(ctx, {
    action: 'usage.report',
    entityType: 'Contract',
    entityId: contract.id,
    contractId: contract.id,
    after: { records: records.externalIds.length, days: days.dates.length, months: months.map((m) => m.slice(0, 7)) },
  });
  return {
    contractId: contract.id,
    recordsWritten: records.externalIds.length,
    daysReported: days.dates.length,
    days: rows.map(usageDayView).sort((a, b) => a.date.localeCompare(b.date)),
  };
}
