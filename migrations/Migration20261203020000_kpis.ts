import { Migration } from '@mikro-orm/migrations';

/**
 * KPIs (issue 9, points 4 and 5): daily measurements of a contract's KPIs and the rectification
 * notices their streaks open.
 *
 * - `kpi_measurement`: one row per contract, metric and day (in the contract's time zone); re-sending
 *   replaces. Each row keeps the definition it was judged against (comparator, target, unit, weight
 *   of the terms in force on that day) and whether the day was met: a check constraint holds `met`
 *   to the comparison, so a row can never say "met" for a value that misses its target. Both parties
 *   read; the vendor writes the metrics it measures, the merchant the ones measured on its side
 *   (SATISFACTION_RATE, CONVERSION_RATE: its own surveys and orders) — enforced here too.
 * - `kpi_rectification_notice`: a KPI missed on N consecutive measured days (default 3) opens one;
 *   `days` are the days that caused it. A notice whose causing days are later corrected (one of them
 *   now met) is withdrawn — `withdrawn_at` set, never deleted; nothing else of a notice changes.
 *
 * Termination rights of a 7-day streak live in `contract_termination_right` (source KPI_STREAK).
 */
export class Migration20261203020000_kpis extends Migration {
  override up(): void {
    this.addSql(`
create table kpi_measurement (
  contract_id uuid not null references contract (id) deferrable initially deferred,
  merchant_id uuid not null references organization (id) deferrable initially deferred,
  vendor_id uuid not null references organization (id) deferrable initially deferred,
  metric text not null check (metric ~ '^[A-Z][A-Z_]{1,49}$'),
  day date not null,
  value numeric(14,2) not null check (value >= 0),
  comparator text not null check (comparator in ('AT_MOST', 'AT_LEAST')),
  target numeric(14,2) not null,
  unit text not null,
  weight numeric(10,4) not null check (weight >= 0),
  met boolean not null,
  reported_by_organization uuid not null,
  reported_at timestamptz not null,
  primary key (contract_id, metric, day),
  check (met = case comparator when 'AT_MOST' then value <= target else value >= target end),
  check (reported_by_organization in (merchant_id, vendor_id))
);`);
    this.addSql(`create index kpi_measurement_merchant_idx on kpi_measurement (merchant_id);`);
    this.addSql(`create index kpi_measurement_vendor_idx on kpi_measurement (vendor_id);`);
    this.addSql(`create index kpi_measurement_contract_day_idx on kpi_measurement (contract_id, day);`);

    this.addSql(`
create table kpi_rectification_notice (
  id uuid primary key,
  contract_id uuid not null references contract (id) deferrable initially deferred,
  merchant_id uuid not null references organization (id) deferrable initially deferred,
  vendor_id uuid not null references organization (id) deferrable initially deferred,
  metric text not null,
  days date[] not null check (cardinality(days) >= 1),
  opened_at timestamptz not null,
  withdrawn_at timestamptz,
  check (withdrawn_at is null or withdrawn_at >= opened_at)
);`);
    this.addSql(`create index kpi_rectification_notice_contract_idx on kpi_rectification_notice (contract_id, opened_at);`);
    this.addSql(`create unique index kpi_rectification_notice_standing on kpi_rectification_notice (contract_id, metric, days) where withdrawn_at is null;`);
    this.addSql(`
create function kpi_rectification_notice_refuse_change() returns trigger language plpgsql as $$
begin
  if tg_op = 'DELETE' or old.withdrawn_at is not null
     or (new.id, new.contract_id, new.merchant_id, new.vendor_id, new.metric, new.days, new.opened_at)
        is distinct from (old.id, old.contract_id, old.merchant_id, old.vendor_id, old.metric, old.days, old.opened_at) then
    raise exception 'a KPI rectification notice is evidence: only withdrawn, once, never changed or deleted' using errcode = 'insufficient_privilege';
  end if;
  return new;
end $$;`);
    this.addSql(
      `create trigger kpi_rectification_notice_kept before update or delete on kpi_rectification_notice for each row execute function kpi_rectification_notice_refuse_change();`,
    );

    this.addSql(`grant select, insert, update on kpi_measurement, kpi_rectification_notice to kefu_app;`);
    for (const table of ['kpi_measurement', 'kpi_rectification_notice']) {
      this.addSql(`alter table ${table} enable row level security;`);
      this.addSql(`alter table ${table} force row level security;`);
    }
    const merchantMetrics = `('SATISFACTION_RATE', 'CONVERSION_RATE')`;
    const reporter = `((vendor_id = app_current_org() and metric not in ${merchantMetrics}) or (merchant_id = app_current_org() and metric in ${merchantMetrics}))`;
    this.addSql(`create policy kpi_measurement_parties_read on kpi_measurement for select
      using (merchant_id = app_current_org() or vendor_id = app_current_org());`);
    this.addSql(`create policy kpi_measurement_reporter_insert on kpi_measurement for insert
      with check (${reporter} and reported_by_organization = app_current_org()
        and exists (select 1 from contract c where c.id = contract_id and c.vendor_id = kpi_measurement.vendor_id and c.merchant_id = kpi_measurement.merchant_id));`);
    this.addSql(`create policy kpi_measurement_reporter_update on kpi_measurement for update
      using (${reporter}) with check (${reporter} and reported_by_organization = app_current_org());`);
    // Notices: either party's report may open or withdraw one (a merchant-measured KPI's streak too).
    this.addSql(`create policy kpi_rectification_notice_parties on kpi_rectification_notice for all
      using (merchant_id = app_current_org() or vendor_id = app_current_org())
      with check ((merchant_id = app_current_org() or vendor_id = app_current_org())
        and exists (select 1 from contract c where c.id = contract_id and c.vendor_id = kpi_rectification_notice.vendor_id and c.merchant_id = kpi_rectification_notice.merchant_id));`);
  }
}
