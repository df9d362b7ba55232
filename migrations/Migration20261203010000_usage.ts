import { Migration } from '@mikro-orm/migrations';

/**
 * Usage evidence (issue 9, point 3): the days a vendor reports for a contract and the contact
 * records it sends in bulk, from which those days' contacts are derived.
 *
 * - `usage_day`: one row per contract and day (in the contract's time zone). It keeps what the vendor
 *   reported as an aggregate (`reported_*`, `seats`) apart from what the contact records of that day
 *   count (`records_*`, recomputed from `contact_record` on every batch). A day with at least one
 *   record takes its contacts from the records; a day without records keeps the aggregate; active
 *   seats always come from the aggregate (records carry none).
 * - `contact_record`: partitioned by range on `month` (the first day of the record's month in the
 *   contract's time zone), one partition per month, created on demand before a batch is written by
 *   `usage_ensure_contact_record_partitions` (and ahead of time by the partitions job). Each
 *   partition gets the parent's policy, forced, and the read grant: querying a partition directly is
 *   as tenant-scoped as querying through the parent. The key (contract, external id, month) makes a
 *   re-sent record replace the stored one; a record re-sent with a start in another month moves.
 *   Readable by the vendor only: agent references and external ids are never shown to the merchant.
 * - `usage_locked_month`: months of a contract whose statement is issued (written by statements);
 *   usage for them is refused.
 */
export class Migration20261203010000_usage extends Migration {
  override up(): void {
    this.addSql(`
create table usage_day (
  contract_id uuid not null references contract (id) deferrable initially deferred,
  merchant_id uuid not null references organization (id) deferrable initially deferred,
  vendor_id uuid not null references organization (id) deferrable initially deferred,
  day date not null,
  reported_qualified_contacts integer check (reported_qualified_contacts >= 0),
  reported_total_contacts integer check (reported_total_contacts >= 0),
  seats jsonb,
  records_qualified_contacts integer not null default 0 check (records_qualified_contacts >= 0),
  records_total_contacts integer not null default 0 check (records_total_contacts >= 0),
  updated_at timestamptz not null default now(),
  primary key (contract_id, day),
  check ((reported_qualified_contacts is null) = (reported_total_contacts is null)),
  check (reported_qualified_contacts <= reported_total_contacts),
  check (records_qualified_contacts <= records_total_contacts)
);`);
    this.addSql(`create index usage_day_merchant_idx on usage_day (merchant_id);`);
    this.addSql(`create index usage_day_vendor_idx on usage_day (vendor_id);`);

    this.addSql(`
create table contact_record (
  contract_id uuid not null,
  vendor_id uuid not null,
  month date not null,
  day date not null,
  external_id text not null check (length(external_id) between 1 and 100),
  channel text not null check (channel in ('PHONE', 'ONLINE_CHAT', 'EMAIL', 'SOCIAL', 'TICKET')),
  agent_ref text not null check (length(agent_ref) between 1 and 100),
  started_at timestamptz not null,
  duration_seconds integer not null check (duration_seconds between 0 and 86400),
  qualified boolean not null,
  received_at timestamptz not null,
  primary key (contract_id, external_id, month),
  check (date_trunc('month', day)::date = month)
) partition by range (month);`);
    this.addSql(`create index contact_record_day_idx on contact_record (contract_id, day) include (qualified);`);

    this.addSql(`
create table usage_locked_month (
  contract_id uuid not null references contract (id) deferrable initially deferred,
  merchant_id uuid not null references organization (id) deferrable initially deferred,
  vendor_id uuid not null references organization (id) deferrable initially deferred,
  month date not null check (extract(day from month) = 1),
  locked_at timestamptz not null default now(),
  primary key (contract_id, month)
);`);

    this.addSql(`grant select, insert, update on usage_day to kefu_app;`);
    this.addSql(`grant select, insert, update, delete on contact_record to kefu_app;`);
    this.addSql(`grant select on usage_locked_month to kefu_app;`);
    for (const table of ['usage_day', 'contact_record', 'usage_locked_month']) {
      this.addSql(`alter table ${table} enable row level security;`);
      this.addSql(`alter table ${table} force row level security;`);
    }
    // Both parties read the days; only the contract's vendor writes them.
    this.addSql(`create policy usage_day_parties_read on usage_day for select
      using (merchant_id = app_current_org() or vendor_id = app_current_org());`);
    this.addSql(`create policy usage_day_vendor_insert on usage_day for insert
      with check (vendor_id = app_current_org()
        and exists (select 1 from contract c where c.id = contract_id and c.vendor_id = usage_day.vendor_id and c.merchant_id = usage_day.merchant_id));`);
    this.addSql(`create policy usage_day_vendor_update on usage_day for update
      using (vendor_id = app_current_org()) with check (vendor_id = app_current_org());`);
    // Contact records: the vendor alone.
    this.addSql(`create policy contact_record_vendor on contact_record for all
      using (vendor_id = app_current_org()) with check (vendor_id = app_current_org());`);
    this.addSql(`create policy usage_locked_month_parties_read on usage_locked_month for select
      using (merchant_id = app_current_org() or vendor_id = app_current_org());`);

    // Creates the missing monthly partitions of contact_record (as the tables' owner), each with the
    // parent's policy, forced, and the application's read grant. A partition created meanwhile by a
    // concurrent transaction is taken as there.
    this.addSql(`
create function usage_ensure_contact_record_partitions(p_months date[]) returns integer
language plpgsql volatile security definer set search_path = public, pg_temp as $$
declare
  m date;
  part text;
  created integer := 0;
begin
  for m in select distinct date_trunc('month', x)::date from unnest(p_months) x where x is not null order by 1 loop
    part := 'contact_record_' || to_char(m, 'YYYY_MM');
    continue when to_regclass(part) is not null;
    begin
      execute format('create table %I partition of contact_record for values from (%L) to (%L)', part, m, (m + interval '1 month')::date);
      execute format('alter table %I enable row level security', part);
      execute format('alter table %I force row level security', part);
      execute format('create policy contact_record_vendor on %I for all using (vendor_id = app_current_org()) with check (vendor_id = app_current_org())', part);
      execute format('grant select on %I to kefu_app', part);
      created := created + 1;
    exception when duplicate_table or unique_violation or invalid_object_definition then
      null;
    end;
  end loop;
  return created;
end $$;`);
    this.addSql(`revoke all on function usage_ensure_contact_record_partitions(date[]) from public;`);
    this.addSql(`grant execute on function usage_ensure_contact_record_partitions(date[]) to kefu_app;`);
  }
}
