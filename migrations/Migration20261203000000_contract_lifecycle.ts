import { Migration } from '@mikro-orm/migrations';

/**
 * The contract lifecycle (issue 9, points 1–2): both parties' signatures, activation, renewal and
 * its opt-out, termination (kind, effective date, notice, compensation, transition), amendments
 * (their own table, immutable once binding), breach notices and termination rights. Every new
 * table is readable and writable by the contract's two parties only (forced row-level security);
 * the lifecycle job finds due contracts across tenants through one narrow definer function.
 */
export class Migration20261203000000_contract_lifecycle extends Migration {
  override up(): void {
    this.addSql(`
alter table contract
  add column merchant_signed_at timestamptz,
  add column merchant_signed_by uuid references app_user (id) deferrable initially deferred,
  add column vendor_signed_at timestamptz,
  add column vendor_signed_by uuid references app_user (id) deferrable initially deferred,
  add column activated_at timestamptz,
  add column renewed_months integer not null default 0 check (renewed_months >= 0),
  add column renewal_opt_out_at timestamptz,
  add column renewal_opt_out_by_organization uuid references organization (id) deferrable initially deferred,
  add column renewal_opt_out_by_user uuid references app_user (id) deferrable initially deferred,
  add column termination_kind text check (termination_kind in ('CONVENIENCE', 'FOR_CAUSE')),
  add column termination_effective_on date,
  add column termination_given_at timestamptz,
  add column termination_by_organization uuid references organization (id) deferrable initially deferred,
  add column termination_by_user uuid references app_user (id) deferrable initially deferred,
  add column termination_reason text,
  add column termination_notice_days integer,
  add column termination_compensation numeric(18,2) check (termination_compensation >= 0),
  add column termination_right_id uuid,
  add column transition_ends_on date,
  add constraint contract_signature_whole check ((merchant_signed_at is null) = (merchant_signed_by is null) and (vendor_signed_at is null) = (vendor_signed_by is null)),
  add constraint contract_termination_whole check ((termination_kind is null) = (termination_effective_on is null));`);
    // A signature, an opt-out or a termination once given is never changed or taken back.
    this.addSql(`
create function contract_refuse_lifecycle_rewrite() returns trigger language plpgsql as $$
begin
  if (old.merchant_signed_at is not null and (new.merchant_signed_at, new.merchant_signed_by) is distinct from (old.merchant_signed_at, old.merchant_signed_by))
     or (old.vendor_signed_at is not null and (new.vendor_signed_at, new.vendor_signed_by) is distinct from (old.vendor_signed_at, old.vendor_signed_by))
     or (old.renewal_opt_out_at is not null and new.renewal_opt_out_at is distinct from old.renewal_opt_out_at)
     or (old.termination_kind is not null and (new.termination_kind, new.termination_effective_on, new.termination_given_at, new.termination_by_organization,
           new.termination_reason, new.termination_compensation, new.transition_ends_on)
         is distinct from (old.termination_kind, old.termination_effective_on, old.termination_given_at, old.termination_by_organization,
           old.termination_reason, old.termination_compensation, old.transition_ends_on))
     or new.renewed_months < old.renewed_months then
    raise exception 'signatures, renewal notices and terminations of a contract are never changed once given' using errcode = 'insufficient_privilege';
  end if;
  return new;
end $$;`);
    this.addSql(`create trigger contract_lifecycle_kept before update on contract for each row execute function contract_refuse_lifecycle_rewrite();`);

    this.addSql(`
create table contract_amendment (
  id uuid primary key,
  contract_id uuid not null references contract (id) deferrable initially deferred,
  merchant_id uuid not null references organization (id) deferrable initially deferred,
  vendor_id uuid not null references organization (id) deferrable initially deferred,
  number integer not null check (number >= 1),
  status text not null default 'PROPOSED' check (status in ('PROPOSED', 'BINDING', 'WITHDRAWN')),
  effective_from date not null,
  changes jsonb not null,
  reason text not null,
  proposed_by_organization uuid not null references organization (id) deferrable initially deferred,
  proposed_by_user uuid references app_user (id) deferrable initially deferred,
  proposed_at timestamptz not null,
  merchant_signed_at timestamptz,
  merchant_signed_by uuid references app_user (id) deferrable initially deferred,
  vendor_signed_at timestamptz,
  vendor_signed_by uuid references app_user (id) deferrable initially deferred,
  bound_at timestamptz,
  withdrawn_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (contract_id, number),
  check ((status = 'BINDING') = (bound_at is not null and merchant_signed_at is not null and vendor_signed_at is not null)),
  check ((status = 'WITHDRAWN') = (withdrawn_at is not null))
);`);
    this.addSql(`create index contract_amendment_contract_idx on contract_amendment (contract_id, number);`);
    // A proposal keeps its content; a binding or withdrawn amendment is final; none is ever deleted.
    this.addSql(`
create function contract_amendment_refuse_change() returns trigger language plpgsql as $$
begin
  if tg_op = 'DELETE' then
    raise exception 'amendments are never deleted: withdraw a proposal instead' using errcode = 'insufficient_privilege';
  end if;
  if old.status <> 'PROPOSED' then
    raise exception 'a % amendment cannot be changed', lower(old.status) using errcode = 'insufficient_privilege';
  end if;
  if (new.contract_id, new.merchant_id, new.vendor_id, new.number, new.effective_from, new.changes, new.reason, new.proposed_by_organization, new.proposed_at)
     is distinct from (old.contract_id, old.merchant_id, old.vendor_id, old.number, old.effective_from, old.changes, old.reason, old.proposed_by_organization, old.proposed_at) then
    raise exception 'a proposed amendment is signed or withdrawn, never edited: propose another' using errcode = 'insufficient_privilege';
  end if;
  return new;
end $$;`);
    this.addSql(
      `create trigger contract_amendment_immutable before update or delete on contract_amendment for each row execute function contract_amendment_refuse_change();`,
    );

    this.addSql(`
create table contract_breach_notice (
  id uuid primary key,
  contract_id uuid not null references contract (id) deferrable initially deferred,
  merchant_id uuid not null references organization (id) deferrable initially deferred,
  vendor_id uuid not null references organization (id) deferrable initially deferred,
  notified_by_organization uuid not null references organization (id) deferrable initially deferred,
  notified_by_user uuid references app_user (id) deferrable initially deferred,
  reason text not null,
  notified_at timestamptz not null,
  cure_due_at timestamptz not null,
  cured_at timestamptz,
  cured_by_user uuid references app_user (id) deferrable initially deferred,
  created_at timestamptz not null default now(),
  check (cure_due_at > notified_at)
);`);
    this.addSql(`create index contract_breach_notice_contract_idx on contract_breach_notice (contract_id, notified_at);`);

    this.addSql(`
create table contract_termination_right (
  id uuid primary key,
  contract_id uuid not null references contract (id) deferrable initially deferred,
  merchant_id uuid not null references organization (id) deferrable initially deferred,
  vendor_id uuid not null references organization (id) deferrable initially deferred,
  holder_organization uuid not null references organization (id) deferrable initially deferred,
  source text not null check (source in ('KPI_STREAK', 'INSPECTION_LADDER', 'UNCURED_BREACH')),
  arises_at timestamptz not null,
  evidence jsonb not null,
  breach_notice_id uuid unique references contract_breach_notice (id) deferrable initially deferred,
  created_at timestamptz not null default now(),
  check (holder_organization in (merchant_id, vendor_id))
);`);
    this.addSql(`create index contract_termination_right_contract_idx on contract_termination_right (contract_id, arises_at);`);
    this.addSql(`
create function contract_termination_right_refuse_change() returns trigger language plpgsql as $$
begin
  raise exception 'termination rights are evidence: never changed or deleted' using errcode = 'insufficient_privilege';
end $$;`);
    this.addSql(
      `create trigger contract_termination_right_immutable before update or delete on contract_termination_right for each row execute function contract_termination_right_refuse_change();`,
    );

    this.addSql(`grant select, insert, update on contract_amendment, contract_breach_notice to kefu_app;`);
    this.addSql(`grant select, insert on contract_termination_right to kefu_app;`);
    for (const table of ['contract_amendment', 'contract_breach_notice', 'contract_termination_right']) {
      this.addSql(`alter table ${table} enable row level security;`);
      this.addSql(`alter table ${table} force row level security;`);
      this.addSql(`create policy ${table}_parties on ${table} for all
        using (merchant_id = app_current_org() or vendor_id = app_current_org())
        with check (merchant_id = app_current_org() or vendor_id = app_current_org());`);
    }

    // The lifecycle job finds due contracts across tenants (then acts on each as its merchant).
    this.addSql(`grant select on contract, contract_breach_notice, contract_termination_right to kefu_auth;`);
    for (const table of ['contract', 'contract_breach_notice', 'contract_termination_right']) {
      this.addSql(`create policy ${table}_auth_lookup on ${table} for select to kefu_auth using (true);`);
    }
    this.addSql(`
create function jobs_contracts_due(p_now timestamptz) returns table (id uuid, merchant_id uuid)
language sql stable security definer set search_path = public as $$
  select c.id, c.merchant_id
  from contract c
  cross join lateral (select (p_now at time zone coalesce(c.terms -> 'requirement' ->> 'timeZone', 'Asia/Shanghai'))::date as today) t
  where c.status in ('PENDING_SIGNATURE', 'ACTIVE')
    and ((c.status = 'PENDING_SIGNATURE' and c.merchant_signed_at is not null and c.vendor_signed_at is not null and c.start_date <= t.today)
      or (c.termination_effective_on is not null and c.termination_effective_on <= t.today)
      or (c.status = 'ACTIVE' and (c.start_date + make_interval(months => c.term_months + c.renewed_months))::date <= t.today)
      or exists (
        select 1 from contract_breach_notice n
        where n.contract_id = c.id and n.cured_at is null and n.cure_due_at <= p_now
          and not exists (select 1 from contract_termination_right r where r.breach_notice_id = n.id)))
  order by c.id
$$;`);
    this.addSql(`grant create on schema public to kefu_auth;`);
    this.addSql(`alter function jobs_contracts_due(timestamptz) owner to kefu_auth;`);
    this.addSql(`revoke all on function jobs_contracts_due(timestamptz) from public;`);
    this.addSql(`grant execute on function jobs_contracts_due(timestamptz) to kefu_app;`);
    this.addSql(`revoke create on schema public from kefu_auth;`);
  }
}
