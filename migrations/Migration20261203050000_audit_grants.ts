import { Migration } from '@mikro-orm/migrations';

/**
 * Audit grants (issue 10, point 6): a merchant grants an audit firm read access to all of its
 * contracts or some, optionally for a date range, and revokes it.
 *
 * - `audit_grant`: one row per grant; `contract_ids` null means every contract of the merchant (those
 *   made later too), `valid_from` / `valid_to` (inclusive, null = open) bound the days of the facts and
 *   events covered. A grant is never edited or deleted: only revoked, once (trigger). The merchant
 *   reads and writes its own grants, the audit firm reads those given to it (forced row-level
 *   security).
 * - `app_audit_covers(contract, day)`: whether the viewer's organization is the audit firm of an
 *   unrevoked grant from the contract's merchant that covers the contract and (when `day` is given)
 *   the day. A definer function owned by kefu_auth (it reads grants and contracts whoever calls), the
 *   one rule every auditor policy calls, per row: the statements' too (`app_audit_covers(contract_id,
 *   period_start)`). `app_holds_audit_grant()` (whether the viewer holds any unrevoked grant) guards
 *   the policies below as a once-per-statement InitPlan, so that nobody but an auditor pays a call per
 *   row.
 * - What an auditor reads of a granted contract (SELECT policies for kefu_app only — kefu_auth reads
 *   contracts inside the function, and a policy applying to it would call the function from itself):
 *   the contract row (terms as awarded, signatures, renewal, termination), its BINDING amendments (the
 *   terms in force on any day), and the evidence statements are computed from, for the days of the
 *   grant: usage days, KPI measurements, incidents (by their start or end day in Asia/Shanghai),
 *   inspections (by their week's first or last day) and their sampled contacts. Nothing else of the
 *   merchant: no requirement, bid, question, contact record, proposed or withdrawn amendment, breach
 *   notice, termination right, KPI notice, scorecard or rectification.
 * - `audit_event.contract_id`: the contract an event is about (set by the application for every
 *   contract-scoped action; backfilled here from the entity of earlier events). An auditor reads the
 *   events of a covered contract that occurred on a covered day (Asia/Shanghai), whichever party's
 *   log holds them.
 */
export class Migration20261203050000_audit_grants extends Migration {
  override up(): void {
    this.addSql(`
create table audit_grant (
  id uuid primary key,
  merchant_id uuid not null references organization (id) deferrable initially deferred,
  audit_firm_id uuid not null references organization (id) deferrable initially deferred,
  contract_ids uuid[] check (contract_ids is null or (cardinality(contract_ids) between 1 and 100 and array_position(contract_ids, null) is null)),
  valid_from date,
  valid_to date,
  created_at timestamptz not null default now(),
  created_by uuid not null references app_user (id) deferrable initially deferred,
  revoked_at timestamptz,
  revoked_by uuid references app_user (id) deferrable initially deferred,
  check (merchant_id <> audit_firm_id),
  check (valid_from is null or valid_to is null or valid_from <= valid_to),
  check ((revoked_at is null) = (revoked_by is null)),
  check (revoked_at is null or revoked_at >= created_at)
);`);
    // app_audit_covers and app_holds_audit_grant: the firm's unrevoked grants, by merchant.
    this.addSql(`create index audit_grant_firm_active_idx on audit_grant (audit_firm_id, merchant_id) where revoked_at is null;`);
    // The lists: a merchant's grants, a firm's grants, newest first.
    this.addSql(`create index audit_grant_merchant_idx on audit_grant (merchant_id, created_at desc, id);`);
    this.addSql(`create index audit_grant_firm_idx on audit_grant (audit_firm_id, created_at desc, id);`);

    // A grant is evidence of who could read what, when: never deleted, and only revoked, once.
    this.addSql(`
create function audit_grant_refuse_change() returns trigger language plpgsql as $$
begin
  if tg_op = 'DELETE' then
    raise exception 'audit grants are never deleted: revoke them instead' using errcode = 'insufficient_privilege';
  end if;
  if old.revoked_at is not null
     or (new.id, new.merchant_id, new.audit_firm_id, new.contract_ids, new.valid_from, new.valid_to, new.created_at, new.created_by)
        is distinct from (old.id, old.merchant_id, old.audit_firm_id, old.contract_ids, old.valid_from, old.valid_to, old.created_at, old.created_by) then
    raise exception 'an audit grant is never changed: only revoked, once' using errcode = 'insufficient_privilege';
  end if;
  return new;
end $$;`);
    this.addSql(`create trigger audit_grant_kept before update or delete on audit_grant for each row execute function audit_grant_refuse_change();`);

    this.addSql(`grant select, insert, update on audit_grant to kefu_app;`);
    this.addSql(`alter table audit_grant enable row level security;`);
    this.addSql(`alter table audit_grant force row level security;`);
    this.addSql(`create policy audit_grant_merchant on audit_grant for all
      using (merchant_id = app_current_org())
      with check (merchant_id = app_current_org()
        and exists (select 1 from organization o where o.id = audit_firm_id and o.kind = 'AUDIT_FIRM'));`);
    this.addSql(`create policy audit_grant_firm_read on audit_grant for select using (audit_firm_id = app_current_org());`);
    this.addSql(`grant select on audit_grant to kefu_auth;`);
    this.addSql(`create policy audit_grant_auth_lookup on audit_grant for select to kefu_auth using (true);`);

    // The rule. Tables are schema-qualified and no SET clause is used (a SET costs a settings
    // save/restore on every call): the temporary schema is never searched for functions or operators,
    // and the relations named are qualified. Mirrored by grantCovers (audit-grant.rules.ts).
    this.addSql(`
create function app_audit_covers(p_contract_id uuid, p_on date) returns boolean
language sql stable security definer as $$
  select exists (
    select 1
    from public.contract c
    join public.audit_grant g on g.merchant_id = c.merchant_id
    where c.id = p_contract_id
      and g.audit_firm_id = public.app_current_org()
      and g.revoked_at is null
      and (g.contract_ids is null or p_contract_id = any (g.contract_ids))
      and (p_on is null or ((g.valid_from is null or g.valid_from <= p_on) and (g.valid_to is null or p_on <= g.valid_to)))
  )
$$;`);
    this.addSql(`
create function app_holds_audit_grant() returns boolean
language sql stable security definer as $$
  select exists (select 1 from public.audit_grant g where g.audit_firm_id = public.app_current_org() and g.revoked_at is null)
$$;`);
    this.addSql(`grant create on schema public to kefu_auth;`);
    for (const fn of ['app_audit_covers(uuid, date)', 'app_holds_audit_grant()']) {
      this.addSql(`alter function ${fn} owner to kefu_auth;`);
      this.addSql(`revoke all on function ${fn} from public;`);
      this.addSql(`grant execute on function ${fn} to kefu_app;`);
    }
    this.addSql(`revoke create on schema public from kefu_auth;`);

    // What an auditor reads. `(select app_holds_audit_grant())` is computed once per statement.
    const auditor = (table: string, covered: string) =>
      this.addSql(`create policy ${table}_auditor_read on ${table} for select to kefu_app
        using ((select app_holds_audit_grant()) and (${covered}));`);
    const localDay = (column: string) => `(${column} at time zone 'Asia/Shanghai')::date`;
    auditor('contract', `app_audit_covers(id, null)`);
    auditor('contract_amendment', `status = 'BINDING' and app_audit_covers(contract_id, null)`);
    auditor('usage_day', `app_audit_covers(contract_id, day)`);
    auditor('kpi_measurement', `app_audit_covers(contract_id, day)`);
    auditor(
      'incident',
      `app_audit_covers(contract_id, ${localDay('started_at')}) or (ended_at is not null and app_audit_covers(contract_id, ${localDay('ended_at')}))`,
    );
    auditor('inspection', `app_audit_covers(contract_id, week_start) or app_audit_covers(contract_id, week_end)`);
    // A sampled contact goes with its inspection (read through the inspection's own policies).
    auditor('inspection_sample', `exists (select 1 from inspection i where i.id = inspection_sample.inspection_id)`);

    // The contract an audit event is about.
    this.addSql(
      `alter table audit_event add column contract_id uuid constraint audit_event_contract_fk references contract (id) deferrable initially deferred;`,
    );
    this.addSql(`create index audit_event_contract_idx on audit_event (contract_id, id) where contract_id is not null;`);
    auditor('audit_event', `contract_id is not null and app_audit_covers(contract_id, ${localDay('occurred_at')})`);

    // Backfill: the events written before this migration, by their entity. The log refuses UPDATE for
    // everyone (trigger): it is lifted for this one statement, inside this migration's transaction
    // (which holds the table locked meanwhile). Forced row-level security would hide every row from a
    // table owner that is not a superuser: it is unforced for the same span. The new references are
    // checked at once (ALTER TABLE refuses a table with checks pending), then deferred again.
    const sources = [
      ['Contract', 'contract', 'id'],
      ['ContractAmendment', 'contract_amendment', 'contract_id'],
      ['ContractBreachNotice', 'contract_breach_notice', 'contract_id'],
      ['ContractTerminationRight', 'contract_termination_right', 'contract_id'],
      ['KpiRectificationNotice', 'kpi_rectification_notice', 'contract_id'],
      ['Incident', 'incident', 'contract_id'],
      ['InspectionScorecard', 'inspection_scorecard', 'contract_id'],
      ['Inspection', 'inspection', 'contract_id'],
      ['InspectionRectification', 'inspection_rectification', 'contract_id'],
    ] as const;
    const tables = ['audit_event', ...sources.map(([, table]) => table)];
    for (const table of tables) this.addSql(`alter table ${table} no force row level security;`);
    this.addSql(`alter table audit_event disable trigger audit_event_append_only;`);
    this.addSql(`
update audit_event e set contract_id = s.contract_id
from (${sources.map(([type, table, column]) => `select '${type}'::text as entity_type, id::text as entity_id, ${column} as contract_id from ${table}`).join('\n      union all ')}) s
where e.entity_type = s.entity_type and e.entity_id = s.entity_id and e.contract_id is null;`);
    this.addSql(`set constraints audit_event_contract_fk immediate;`);
    this.addSql(`alter table audit_event enable trigger audit_event_append_only;`);
    for (const table of tables) this.addSql(`alter table ${table} force row level security;`);
    this.addSql(`set constraints audit_event_contract_fk deferred;`);
  }
}
