import { Migration } from '@mikro-orm/migrations';

/**
 * Monthly statements (issue 10): one statement per contract and calendar month, in versions.
 *
 * - `statement`: a version of a contract's statement of a month, its status (DRAFT → ISSUED →
 *   CONFIRMED | DEEMED_CONFIRMED | DISPUTED → SUPERSEDED; PAID), its amounts (to the cent), its
 *   deadlines and who did what when. At most one version of a contract-month is not SUPERSEDED.
 * - `statement_line`: the lines of a version, each with its evidence (what it was computed from).
 * - `statement_dispute`: the merchant's reasons, per disputed line.
 * - `statement_payment`: payments of a statement (date, amount); a payment after the due date carries
 *   a late-payment fee onto a later statement of the contract (`fee_statement_id` once issued there).
 *
 * Immutability: once a version leaves DRAFT its amounts and lines cannot change — triggers refuse it
 * for every role, the application's included; corrections only through a new version. Forced
 * row-level security: the contract's two parties read them; only the vendor writes lines and
 * amounts; the merchant writes its decisions (through the statement's status columns) and disputes.
 */
export class Migration20261203060000_statements extends Migration {
  override up(): void {
    this.addSql(`
create table statement (
  id uuid primary key,
  contract_id uuid not null references contract (id) deferrable initially deferred,
  merchant_id uuid not null references organization (id) deferrable initially deferred,
  vendor_id uuid not null references organization (id) deferrable initially deferred,
  period_start date not null check (extract(day from period_start) = 1),
  version integer not null check (version >= 1),
  revision_of uuid references statement (id) deferrable initially deferred,
  status text not null check (status in ('DRAFT', 'ISSUED', 'CONFIRMED', 'DEEMED_CONFIRMED', 'DISPUTED', 'SUPERSEDED', 'PAID')),
  service_charges numeric(14,2) not null,
  deductions numeric(14,2) not null check (deductions <= 0 and -deductions <= service_charges),
  subtotal numeric(14,2) not null,
  vat_rate numeric(6,4) not null,
  vat numeric(14,2) not null,
  fees numeric(14,2) not null check (fees >= 0),
  total numeric(14,2) not null,
  investigation_report_required boolean not null default false,
  inputs jsonb not null,
  generated_at timestamptz not null,
  generated_by_user uuid references app_user (id) deferrable initially deferred,
  issue_deadline date not null,
  due_date date not null,
  issued_at timestamptz,
  issued_by_user uuid references app_user (id) deferrable initially deferred,
  issued_late boolean,
  deemed_confirmation_on date,
  deemed_confirmation_at timestamptz,
  deemed_confirmation_note text,
  confirmed_at timestamptz,
  confirmed_by_user uuid references app_user (id) deferrable initially deferred,
  disputed_at timestamptz,
  disputed_by_user uuid references app_user (id) deferrable initially deferred,
  superseded_at timestamptz,
  paid_at timestamptz,
  amount_paid numeric(14,2) not null default 0 check (amount_paid >= 0),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (contract_id, period_start, version),
  check (subtotal = service_charges + deductions),
  check (total = subtotal + vat + fees),
  check ((status = 'DRAFT') = (issued_at is null)),
  check ((status = 'DEEMED_CONFIRMED') <= (confirmed_at is not null)),
  check ((status = 'SUPERSEDED') = (superseded_at is not null)),
  check ((status = 'PAID') = (paid_at is not null))
);`);
    // One version of a contract-month in force; a disputed one stands beside its revision until that is issued.
    this.addSql(`create unique index statement_current_idx on statement (contract_id, period_start) where status not in ('SUPERSEDED', 'DISPUTED');`);
    this.addSql(`create index statement_merchant_month_idx on statement (merchant_id, period_start, id);`);
    this.addSql(`create index statement_vendor_month_idx on statement (vendor_id, period_start, id);`);
    this.addSql(`create index statement_contract_idx on statement (contract_id, period_start desc, version desc);`);
    this.addSql(`create index statement_issued_idx on statement (deemed_confirmation_at) where status = 'ISSUED';`);

    this.addSql(`
create table statement_line (
  statement_id uuid not null references statement (id) deferrable initially deferred,
  position integer not null check (position >= 1),
  contract_id uuid not null,
  merchant_id uuid not null,
  vendor_id uuid not null,
  section text not null check (section in ('SERVICE_CHARGE', 'DEDUCTION', 'FEE')),
  kind text not null,
  description text not null,
  quantity numeric(18,6),
  unit_price numeric(14,2),
  percent numeric(9,4),
  amount numeric(14,2) not null,
  evidence jsonb not null,
  primary key (statement_id, position),
  check (amount = round(amount, 2)),
  check (section <> 'FEE' or amount >= 0)
);`);

    this.addSql(`
create table statement_dispute (
  statement_id uuid not null references statement (id) deferrable initially deferred,
  position integer not null,
  merchant_id uuid not null,
  vendor_id uuid not null,
  reason text not null check (length(reason) between 3 and 2000),
  disputed_at timestamptz not null,
  primary key (statement_id, position),
  foreign key (statement_id, position) references statement_line (statement_id, position) deferrable initially deferred
);`);

    this.addSql(`
create table statement_payment (
  id uuid primary key,
  statement_id uuid not null references statement (id) deferrable initially deferred,
  contract_id uuid not null,
  merchant_id uuid not null,
  vendor_id uuid not null,
  paid_on date not null,
  amount numeric(14,2) not null check (amount > 0),
  reference text check (length(reference) between 1 and 200),
  recorded_by_organization uuid not null,
  recorded_by_user uuid references app_user (id) deferrable initially deferred,
  recorded_at timestamptz not null,
  due_date date not null,
  fee_statement_id uuid references statement (id) deferrable initially deferred
);`);
    this.addSql(`create index statement_payment_statement_idx on statement_payment (statement_id, paid_on, id);`);
    this.addSql(`create index statement_payment_late_idx on statement_payment (contract_id, paid_on) where paid_on > due_date;`);

    // Issued amounts never change, for any role: only the workflow columns move.
    this.addSql(`
create function statement_refuse_amount_change() returns trigger language plpgsql as $$
begin
  if tg_op = 'DELETE' then
    if old.status <> 'DRAFT' then
      raise exception 'statement % is %: an issued statement is never deleted', old.id, old.status using errcode = 'insufficient_privilege';
    end if;
    return old;
  end if;
  if old.status <> 'DRAFT' and (
       new.contract_id, new.merchant_id, new.vendor_id, new.period_start, new.version, new.revision_of,
       new.service_charges, new.deductions, new.subtotal, new.vat_rate, new.vat, new.fees, new.total,
       new.investigation_report_required, new.inputs, new.generated_at, new.issue_deadline, new.due_date,
       new.issued_at, new.issued_by_user, new.issued_late, new.deemed_confirmation_at
     ) is distinct from (
       old.contract_id, old.merchant_id, old.vendor_id, old.period_start, old.version, old.revision_of,
       old.service_charges, old.deductions, old.subtotal, old.vat_rate, old.vat, old.fees, old.total,
       old.investigation_report_required, old.inputs, old.generated_at, old.issue_deadline, old.due_date,
       old.issued_at, old.issued_by_user, old.issued_late, old.deemed_confirmation_at
     ) then
    raise exception 'statement % is %: its amounts cannot change; issue a new version', old.id, old.status using errcode = 'insufficient_privilege';
  end if;
  if old.status <> 'DRAFT' and new.status = 'DRAFT' then
    raise exception 'statement % is %: it cannot return to DRAFT', old.id, old.status using errcode = 'insufficient_privilege';
  end if;
  return new;
end $$;`);
    this.addSql(`create trigger statement_immutable before update or delete on statement for each row execute function statement_refuse_amount_change();`);
    this.addSql(`
create function statement_line_refuse_change() returns trigger language plpgsql as $$
declare
  v_status text;
begin
  select status into v_status from statement where id = coalesce(new.statement_id, old.statement_id);
  if v_status is distinct from 'DRAFT' then
    raise exception 'statement % is %: its lines cannot change; issue a new version', coalesce(new.statement_id, old.statement_id), v_status
      using errcode = 'insufficient_privilege';
  end if;
  return coalesce(new, old);
end $$;`);
    this.addSql(
      `create trigger statement_line_immutable before insert or update or delete on statement_line for each row execute function statement_line_refuse_change();`,
    );
    this.addSql(`
create function statement_no_truncate() returns trigger language plpgsql as $$
begin
  raise exception '% cannot be truncated', tg_table_name using errcode = 'insufficient_privilege';
end $$;`);
    for (const table of ['statement', 'statement_line']) {
      this.addSql(`create trigger ${table}_no_truncate before truncate on ${table} for each statement execute function statement_no_truncate();`);
    }

    this.addSql(`grant select, insert, update, delete on statement, statement_line to kefu_app;`);
    this.addSql(`grant select, insert on statement_dispute to kefu_app;`);
    this.addSql(`grant select, insert, update on statement_payment to kefu_app;`);
    this.addSql(`grant insert, delete on usage_locked_month to kefu_app;`);
    for (const table of ['statement', 'statement_line', 'statement_dispute', 'statement_payment']) {
      this.addSql(`alter table ${table} enable row level security;`);
      this.addSql(`alter table ${table} force row level security;`);
      this.addSql(`create policy ${table}_parties_read on ${table} for select using (merchant_id = app_current_org() or vendor_id = app_current_org());`);
    }
    // The vendor drafts and issues (and regenerates drafts); the merchant's decisions move the status.
    this.addSql(`create policy statement_vendor_insert on statement for insert
      with check (vendor_id = app_current_org()
        and exists (select 1 from contract c where c.id = contract_id and c.vendor_id = statement.vendor_id and c.merchant_id = statement.merchant_id));`);
    this.addSql(`create policy statement_parties_update on statement for update
      using (merchant_id = app_current_org() or vendor_id = app_current_org())
      with check (merchant_id = app_current_org() or vendor_id = app_current_org());`);
    this.addSql(`create policy statement_vendor_delete on statement for delete using (vendor_id = app_current_org() and status = 'DRAFT');`);
    this.addSql(`create policy statement_line_vendor_write on statement_line for all
      using (vendor_id = app_current_org())
      with check (vendor_id = app_current_org()
        and exists (select 1 from statement s where s.id = statement_id and s.vendor_id = statement_line.vendor_id and s.contract_id = statement_line.contract_id));`);
    this.addSql(`create policy statement_dispute_merchant_insert on statement_dispute for insert
      with check (merchant_id = app_current_org()
        and exists (select 1 from statement s where s.id = statement_id and s.merchant_id = statement_dispute.merchant_id));`);
    this.addSql(`create policy statement_payment_parties_insert on statement_payment for insert
      with check ((merchant_id = app_current_org() or vendor_id = app_current_org())
        and exists (select 1 from statement s where s.id = statement_id and s.merchant_id = statement_payment.merchant_id
          and s.vendor_id = statement_payment.vendor_id and s.contract_id = statement_payment.contract_id));`);
    this.addSql(`create policy statement_payment_vendor_update on statement_payment for update
      using (vendor_id = app_current_org()) with check (vendor_id = app_current_org());`);
    // Issuing locks the month's usage; a dispute unlocks it for corrections until the revision is issued.
    this.addSql(`create policy usage_locked_month_vendor_write on usage_locked_month for insert
      with check (vendor_id = app_current_org()
        and exists (select 1 from contract c where c.id = contract_id and c.vendor_id = usage_locked_month.vendor_id and c.merchant_id = usage_locked_month.merchant_id));`);
    this.addSql(`create policy usage_locked_month_parties_delete on usage_locked_month for delete
      using (merchant_id = app_current_org() or vendor_id = app_current_org());`);

    // The generation job finds the contracts in service during a month across tenants, and the
    // deemed-confirmation job the issued statements whose deadline has passed (narrow definer functions).
    this.addSql(`grant create on schema public to kefu_auth;`);
    this.addSql(`
create function jobs_contracts_in_service(p_month_start date, p_month_end date)
returns table (id uuid, merchant_id uuid, vendor_id uuid)
language sql stable security definer set search_path = public as $$
  select c.id, c.merchant_id, c.vendor_id
  from contract c
  where c.merchant_signed_at is not null and c.vendor_signed_at is not null
    and c.start_date <= p_month_end
    -- Generous: a renewal the lifecycle job has not stored yet still bills; the service decides the days.
    and (c.status = 'ACTIVE' or coalesce(c.transition_ends_on,
                 (c.start_date + make_interval(months => c.term_months + c.renewed_months) - interval '1 day')::date) >= p_month_start)
  order by c.vendor_id, c.id
$$;`);
    this.addSql(`alter function jobs_contracts_in_service(date, date) owner to kefu_auth;`);
    this.addSql(`revoke all on function jobs_contracts_in_service(date, date) from public;`);
    this.addSql(`grant execute on function jobs_contracts_in_service(date, date) to kefu_app;`);
    this.addSql(`
create function jobs_statements_deemed_due(p_now timestamptz) returns table (id uuid, merchant_id uuid)
language sql stable security definer set search_path = public as $$
  select s.id, s.merchant_id from statement s
  where s.status = 'ISSUED' and s.deemed_confirmation_at <= p_now
  order by s.id
$$;`);
    this.addSql(`alter function jobs_statements_deemed_due(timestamptz) owner to kefu_auth;`);
    this.addSql(`revoke all on function jobs_statements_deemed_due(timestamptz) from public;`);
    this.addSql(`grant execute on function jobs_statements_deemed_due(timestamptz) to kefu_app;`);
    this.addSql(`revoke create on schema public from kefu_auth;`);
    this.addSql(`grant select on statement to kefu_auth;`);
    this.addSql(`create policy statement_auth_lookup on statement for select to kefu_auth using (true);`);
  }
}
