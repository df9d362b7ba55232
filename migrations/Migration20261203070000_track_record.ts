import { Migration } from '@mikro-orm/migrations';

/**
 * The vendor track record of the bid comparison (issue 10, point 8): aggregates of a vendor's
 * finished months on all its contracts, with any merchant.
 *
 * A merchant comparing bids may not read another merchant's contracts, KPIs, inspections, incidents
 * or statements (forced row-level security), so the aggregates come from one narrow definer
 * function owned by `kefu_auth`: `bid_vendor_track_records(uuid[])`. It
 *
 * - answers only for the vendors among its arguments that bid on a requirement of the caller whose
 *   bids the caller may see (the `bid_merchant_read` rule: the caller's requirement, bidding closed);
 *   any other id is left out, as if it did not exist;
 * - returns only counts per vendor — no contract, merchant, date or amount;
 * - reads only finished months: calendar months in Asia/Shanghai that ended before the current one
 *   (the request clock, `app_now()`). Dated facts belong to the month of their date (KPI days,
 *   statement periods), an inspection to the month of its ISO week's Thursday (as its deduction
 *   does), an incident to the month it started in (Asia/Shanghai);
 * - takes many vendors at once, so a comparison makes one call whatever the number of bids.
 *
 * Counts, per vendor:
 * - contracts, contract_months: contracts signed by both parties and their finished calendar months
 *   in service, from the month of the start date to the month of the last day of service (the end
 *   of the transition, else the day before termination takes effect, else — expired or terminated —
 *   the end of the term with its renewals); a contract still running counts up to the last
 *   finished month;
 * - months_with_incident: contract-months in service with at least one counted incident;
 * - kpi_days_measured, kpi_days_met: KPI measurements (one per contract, metric and day);
 * - inspections_scored, inspections_passed: scored inspections and those that passed;
 * - non_exempt_outages (every outage but EXEMPT ones), verified_data_breaches;
 * - statements_issued, statements_issued_on_time: contract-months whose statement was issued, and
 *   those whose first issued version was not late (a revision after a dispute is not a new issuance).
 */
/** The function's result and query (also those of Migration20261204050000_track_record_cached_plan). */
export const TRACK_RECORD_RESULT = `returns table (
  vendor_id uuid,
  contracts integer,
  contract_months integer,
  months_with_incident integer,
  kpi_days_measured integer,
  kpi_days_met integer,
  inspections_scored integer,
  inspections_passed integer,
  non_exempt_outages integer,
  verified_data_breaches integer,
  statements_issued integer,
  statements_issued_on_time integer
)`;
export const TRACK_RECORD_QUERY = `  with cutoff as (
    -- The first day of the current month in Asia/Shanghai, as a date and as an instant.
    select m.month_start::date as month_start, (m.month_start at time zone 'Asia/Shanghai') as instant
    from (select date_trunc('month', app_now() at time zone 'Asia/Shanghai') as month_start) m
  ),
  vendors as (
    select distinct v.id
    from unnest(p_vendor_ids) as v(id)
    where exists (
      select 1 from bid b
      where b.vendor_id = v.id and b.merchant_id = app_current_org() and app_bidding_closed(b.requirement_id))
  ),
  served as (
    select c.id as contract_id, c.vendor_id, s.month::date as month
    from contract c
    join vendors v on v.id = c.vendor_id
    cross join cutoff
    cross join lateral (
      select coalesce(c.transition_ends_on, c.termination_effective_on - 1,
        case when c.status in ('EXPIRED', 'TERMINATED')
          then (c.start_date + make_interval(months => c.term_months + c.renewed_months) - interval '1 day')::date end) as last_day
    ) e
    cross join lateral generate_series(
      date_trunc('month', c.start_date::timestamp),
      least(date_trunc('month', coalesce(e.last_day, cutoff.month_start - 1)::timestamp), cutoff.month_start::timestamp - interval '1 month'),
      interval '1 month') as s(month)
    where c.merchant_signed_at is not null and c.vendor_signed_at is not null
  ),
  service as (
    select s.vendor_id, count(distinct s.contract_id)::int as contracts, count(*)::int as contract_months
    from served s group by s.vendor_id
  ),
  counted_incidents as (
    select i.vendor_id, i.contract_id, i.kind, date_trunc('month', i.started_at at time zone 'Asia/Shanghai')::date as month
    from incident i
    join vendors v on v.id = i.vendor_id
    cross join cutoff
    where i.started_at < cutoff.instant
      and ((i.kind = 'OUTAGE' and i.status <> 'EXEMPT') or (i.kind = 'DATA_BREACH' and i.status = 'VERIFIED'))
  ),
  incidents as (
    select i.vendor_id,
      count(*) filter (where i.kind = 'OUTAGE')::int as outages,
      count(*) filter (where i.kind = 'DATA_BREACH')::int as breaches,
      (select count(*)::int from served s
        where s.vendor_id = i.vendor_id
          and exists (select 1 from counted_incidents x where x.contract_id = s.contract_id and x.month = s.month)) as months
    from counted_incidents i group by i.vendor_id
  ),
  kpis as (
    select k.vendor_id, count(*)::int as measured, count(*) filter (where k.met)::int as met
    from kpi_measurement k
    join vendors v on v.id = k.vendor_id
    cross join cutoff
    where k.day < cutoff.month_start
    group by k.vendor_id
  ),
  inspections as (
    select c.vendor_id, count(*)::int as scored, count(*) filter (where i.result = 'PASSED')::int as passed
    from contract c
    join vendors v on v.id = c.vendor_id
    join inspection i on i.contract_id = c.id
    cross join cutoff
    where i.status = 'SCORED' and i.week_start + 3 < cutoff.month_start
    group by c.vendor_id
  ),
  first_issues as (
    select distinct on (s.contract_id, s.period_start) s.vendor_id, s.issued_late
    from statement s
    join vendors v on v.id = s.vendor_id
    cross join cutoff
    where s.issued_at is not null and s.period_start < cutoff.month_start
    order by s.contract_id, s.period_start, s.version
  ),
  statements as (
    select f.vendor_id, count(*)::int as issued, count(*) filter (where f.issued_late = false)::int as on_time
    from first_issues f group by f.vendor_id
  )
  select v.id,
    coalesce(sv.contracts, 0), coalesce(sv.contract_months, 0), coalesce(i.months, 0),
    coalesce(k.measured, 0), coalesce(k.met, 0),
    coalesce(n.scored, 0), coalesce(n.passed, 0),
    coalesce(i.outages, 0), coalesce(i.breaches, 0),
    coalesce(st.issued, 0), coalesce(st.on_time, 0)
  from vendors v
  left join service sv on sv.vendor_id = v.id
  left join incidents i on i.vendor_id = v.id
  left join kpis k on k.vendor_id = v.id
  left join inspections n on n.vendor_id = v.id
  left join statements st on st.vendor_id = v.id
  order by v.id`;

export class Migration20261203070000_track_record extends Migration {
  override up(): void {
    // The function reads these through policies granted to kefu_auth alone (contract, bid, requirement
    // and statement have theirs already).
    this.addSql(`grant select on kpi_measurement, inspection, incident to kefu_auth;`);
    for (const table of ['kpi_measurement', 'inspection', 'incident']) {
      this.addSql(`create policy ${table}_auth_lookup on ${table} for select to kefu_auth using (true);`);
    }
    // A vendor's KPI days before a month, counted from the index alone.
    this.addSql(`create index kpi_measurement_vendor_day_idx on kpi_measurement (vendor_id, day) include (met);`);
    this.addSql(`
create function bid_vendor_track_records(p_vendor_ids uuid[])
${TRACK_RECORD_RESULT}
language sql stable security definer set search_path = public as $$
${TRACK_RECORD_QUERY}
$$;`);
    this.addSql(`grant create on schema public to kefu_auth;`);
    this.addSql(`alter function bid_vendor_track_records(uuid[]) owner to kefu_auth;`);
    this.addSql(`revoke all on function bid_vendor_track_records(uuid[]) from public;`);
    this.addSql(`grant execute on function bid_vendor_track_records(uuid[]) to kefu_app;`);
    this.addSql(`revoke create on schema public from kefu_auth;`);
  }
}
