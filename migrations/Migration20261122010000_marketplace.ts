import { Migration } from '@mikro-orm/migrations';

/**
 * The marketplace: requirements, invitations, questions, sealed bids with revisions, contracts and
 * idempotency keys. Every row carries `merchant_id`, the tenant key of the requirement that
 * started it. Bids are sealed in the database itself: the merchant's policy admits a bid row only
 * once the requirement's deadline has passed; before that, a definer function gives the count.
 */
export class Migration20261122010000_marketplace extends Migration {
  override up(): void {
    this.addSql(`
create table requirement (
  id uuid primary key,
  merchant_id uuid not null references organization (id) deferrable initially deferred,
  status text not null default 'DRAFT' check (status in ('DRAFT', 'OPEN', 'EVALUATING', 'AWARDED', 'CANCELLED')),
  title text not null,
  description text not null default '',
  service_scopes text[] not null,
  channels text[] not null,
  service_hours jsonb not null,
  seats_required integer not null check (seats_required > 0),
  expected_monthly_volume integer not null check (expected_monthly_volume >= 0),
  peak_plans jsonb not null default '[]',
  kpi_targets jsonb not null default '[]',
  term_start date not null,
  term_months integer not null check (term_months between 1 and 120),
  budget_min numeric(18,2),
  budget_max numeric(18,2),
  required_certifications text[] not null default '{}',
  bid_deadline timestamptz not null,
  visibility text not null check (visibility in ('PUBLIC', 'INVITED')),
  time_zone text not null default 'Asia/Shanghai',
  published_at timestamptz,
  cancelled_at timestamptz,
  cancel_reason text,
  awarded_at timestamptz,
  created_by_user_id uuid,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);`);
    this.addSql(`create index requirement_merchant_idx on requirement (merchant_id, created_at, id);`);
    this.addSql(`create index requirement_open_idx on requirement (status, bid_deadline) where status <> 'DRAFT';`);

    this.addSql(`
create table requirement_invitation (
  requirement_id uuid not null references requirement (id) deferrable initially deferred,
  vendor_id uuid not null references organization (id) deferrable initially deferred,
  merchant_id uuid not null references organization (id) deferrable initially deferred,
  created_at timestamptz not null default now(),
  primary key (requirement_id, vendor_id)
);`);
    this.addSql(`create index requirement_invitation_vendor_idx on requirement_invitation (vendor_id);`);

    this.addSql(`
create table requirement_question (
  id uuid primary key,
  requirement_id uuid not null references requirement (id) deferrable initially deferred,
  merchant_id uuid not null references organization (id) deferrable initially deferred,
  asked_by_vendor_id uuid not null references organization (id) deferrable initially deferred,
  question text not null,
  answer text,
  answered_at timestamptz,
  created_at timestamptz not null default now()
);`);
    this.addSql(`create index requirement_question_req_idx on requirement_question (requirement_id, created_at, id);`);

    this.addSql(`
create table bid (
  id uuid primary key,
  requirement_id uuid not null references requirement (id) deferrable initially deferred,
  merchant_id uuid not null references organization (id) deferrable initially deferred,
  vendor_id uuid not null references organization (id) deferrable initially deferred,
  status text not null default 'SUBMITTED' check (status in ('SUBMITTED', 'WITHDRAWN', 'SHORTLISTED', 'REJECTED', 'ACCEPTED')),
  revision integer not null default 1,
  total_contract_value numeric(18,2) not null,
  submitted_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (requirement_id, vendor_id)
);`);
    this.addSql(`create index bid_requirement_idx on bid (requirement_id, submitted_at, id);`);
    this.addSql(`create unique index bid_one_accepted on bid (requirement_id) where status = 'ACCEPTED';`);

    this.addSql(`
create table bid_revision (
  id uuid primary key,
  bid_id uuid not null references bid (id) deferrable initially deferred,
  merchant_id uuid not null references organization (id) deferrable initially deferred,
  vendor_id uuid not null references organization (id) deferrable initially deferred,
  revision integer not null,
  staffing jsonb not null,
  pricing jsonb not null,
  kpi_commitments jsonb not null default '[]',
  notes text,
  created_by_user_id uuid,
  created_at timestamptz not null default now(),
  unique (bid_id, revision)
);`);

    this.addSql(`
create table contract (
  id uuid primary key,
  merchant_id uuid not null references organization (id) deferrable initially deferred,
  vendor_id uuid not null references organization (id) deferrable initially deferred,
  requirement_id uuid not null unique references requirement (id) deferrable initially deferred,
  bid_id uuid not null unique references bid (id) deferrable initially deferred,
  status text not null default 'PENDING_SIGNATURE' check (status in ('PENDING_SIGNATURE', 'ACTIVE', 'EXPIRED', 'TERMINATED')),
  start_date date not null,
  term_months integer not null,
  terms jsonb not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);`);
    // The accepted terms are frozen: later changes go through amendments, never through an update.
    this.addSql(`
create function contract_refuse_term_change() returns trigger language plpgsql as $$
begin
  if (new.terms, new.start_date, new.term_months, new.merchant_id, new.vendor_id, new.requirement_id, new.bid_id)
     is distinct from (old.terms, old.start_date, old.term_months, old.merchant_id, old.vendor_id, old.requirement_id, old.bid_id) then
    raise exception 'contract terms are frozen: change them with an amendment' using errcode = 'insufficient_privilege';
  end if;
  return new;
end $$;`);
    this.addSql(`
create trigger contract_terms_frozen before update on contract
for each row execute function contract_refuse_term_change();`);
    this.addSql(`
create function contract_refuse_delete() returns trigger language plpgsql as $$
begin
  raise exception 'contracts are never deleted: terminate them instead' using errcode = 'insufficient_privilege';
end $$;`);
    this.addSql(`create trigger contract_no_delete before delete on contract for each row execute function contract_refuse_delete();`);
    this.addSql(`create index contract_merchant_idx on contract (merchant_id, created_at, id);`);
    this.addSql(`create index contract_vendor_idx on contract (vendor_id, created_at, id);`);

    this.addSql(`
create table idempotency_key (
  organization_id uuid not null references organization (id) deferrable initially deferred,
  key text not null check (length(key) between 1 and 200),
  operation text not null,
  request_hash text not null,
  result jsonb,
  created_at timestamptz not null default now(),
  primary key (organization_id, key)
);`);
    this.addSql(`create index idempotency_key_created_idx on idempotency_key (created_at);`);

    this.addSql(`grant select, insert, update on requirement, requirement_question, bid, contract to kefu_app;`);
    this.addSql(`grant select, insert, delete on requirement_invitation to kefu_app;`);
    this.addSql(`grant select, insert on bid_revision to kefu_app;`);
    this.addSql(`grant select, insert, update, delete on idempotency_key to kefu_app;`);

    for (const table of ['requirement', 'requirement_invitation', 'requirement_question', 'bid', 'bid_revision', 'contract', 'idempotency_key']) {
      this.addSql(`alter table ${table} enable row level security;`);
      this.addSql(`alter table ${table} force row level security;`);
    }

    // Whether the viewer (a vendor) may see a requirement: published, and public or inviting it.
    this.addSql(`
create function app_vendor_sees_requirement(p_requirement_id uuid) returns boolean
language sql stable security definer set search_path = public as $$
  select exists (
    select 1 from requirement r
    where r.id = p_requirement_id and r.status <> 'DRAFT'
      and (r.visibility = 'PUBLIC' or exists (select 1 from requirement_invitation i where i.requirement_id = r.id and i.vendor_id = app_current_org()))
  )
$$;`);
    // The merchant sees bids only once bidding has closed (deadline passed, whatever the job did).
    this.addSql(`
create function app_bidding_closed(p_requirement_id uuid) returns boolean
language sql stable security definer set search_path = public as $$
  select exists (select 1 from requirement r where r.id = p_requirement_id and (r.bid_deadline <= now() or r.status in ('AWARDED', 'CANCELLED')))
$$;`);
    // Before the deadline the merchant may know how many bids there are, nothing else.
    this.addSql(`
create function requirement_bid_count(p_requirement_id uuid) returns integer
language sql stable security definer set search_path = public as $$
  select count(*)::int from bid b
  where b.requirement_id = p_requirement_id and b.status <> 'WITHDRAWN'
    and b.merchant_id = app_current_org()
$$;`);
    // The deadline job finds due requirements across tenants, then closes each as its merchant.
    this.addSql(`
create function jobs_requirements_past_deadline() returns table (id uuid, merchant_id uuid)
language sql stable security definer set search_path = public as $$
  select r.id, r.merchant_id from requirement r where r.status = 'OPEN' and r.bid_deadline <= now()
$$;`);

    // Idempotency keys are kept a week (the promise is at least 24 hours), then purged by a job.
    this.addSql(`
create function jobs_purge_idempotency_keys(p_older_than interval) returns integer
language sql volatile security definer set search_path = public as $$
  with purged as (delete from idempotency_key where created_at < now() - p_older_than returning 1)
  select count(*)::int from purged
$$;`);

    this.addSql(`create policy requirement_merchant on requirement for all
      using (merchant_id = app_current_org()) with check (merchant_id = app_current_org());`);
    this.addSql(`create policy requirement_vendor_read on requirement for select
      using (status <> 'DRAFT' and (visibility = 'PUBLIC' or exists (
        select 1 from requirement_invitation i where i.requirement_id = requirement.id and i.vendor_id = app_current_org()))
        and exists (select 1 from organization o where o.id = app_current_org() and o.kind = 'VENDOR'));`);

    this.addSql(`create policy requirement_invitation_merchant on requirement_invitation for all
      using (merchant_id = app_current_org()) with check (merchant_id = app_current_org());`);
    this.addSql(`create policy requirement_invitation_vendor_read on requirement_invitation for select using (vendor_id = app_current_org());`);

    this.addSql(`create policy requirement_question_merchant on requirement_question for all
      using (merchant_id = app_current_org()) with check (merchant_id = app_current_org());`);
    this.addSql(`create policy requirement_question_vendor_read on requirement_question for select
      using (app_vendor_sees_requirement(requirement_id));`);
    this.addSql(`create policy requirement_question_vendor_ask on requirement_question for insert
      with check (asked_by_vendor_id = app_current_org() and app_vendor_sees_requirement(requirement_id));`);

    this.addSql(`create policy bid_vendor on bid for all
      using (vendor_id = app_current_org()) with check (vendor_id = app_current_org());`);
    this.addSql(`create policy bid_merchant_read on bid for select
      using (merchant_id = app_current_org() and app_bidding_closed(requirement_id));`);
    this.addSql(`create policy bid_merchant_decide on bid for update
      using (merchant_id = app_current_org() and app_bidding_closed(requirement_id));`);

    this.addSql(`create policy bid_revision_vendor on bid_revision for all
      using (vendor_id = app_current_org()) with check (vendor_id = app_current_org());`);
    this.addSql(`create policy bid_revision_merchant_read on bid_revision for select
      using (merchant_id = app_current_org() and app_bidding_closed((select b.requirement_id from bid b where b.id = bid_id)));`);

    this.addSql(`create policy contract_parties_read on contract for select
      using (merchant_id = app_current_org() or vendor_id = app_current_org());`);
    this.addSql(`create policy contract_merchant_write on contract for insert with check (merchant_id = app_current_org());`);
    this.addSql(`create policy contract_parties_update on contract for update
      using (merchant_id = app_current_org() or vendor_id = app_current_org());`);

    this.addSql(`create policy idempotency_key_own on idempotency_key for all
      using (organization_id = app_current_org()) with check (organization_id = app_current_org());`);

    // Definer functions run as kefu_auth, reading through policies granted to it alone.
    for (const table of ['requirement', 'requirement_invitation', 'bid']) {
      this.addSql(`grant select on ${table} to kefu_auth;`);
      this.addSql(`create policy ${table}_auth_lookup on ${table} for select to kefu_auth using (true);`);
    }
    this.addSql(`grant select, delete on idempotency_key to kefu_auth;`);
    this.addSql(`create policy idempotency_key_purge on idempotency_key for all to kefu_auth using (true);`);
    this.addSql(`grant create on schema public to kefu_auth;`);
    for (const fn of [
      'app_vendor_sees_requirement(uuid)',
      'app_bidding_closed(uuid)',
      'requirement_bid_count(uuid)',
      'jobs_requirements_past_deadline()',
      'jobs_purge_idempotency_keys(interval)',
    ]) {
      this.addSql(`alter function ${fn} owner to kefu_auth;`);
      this.addSql(`revoke all on function ${fn} from public;`);
      this.addSql(`grant execute on function ${fn} to kefu_app;`);
    }
    this.addSql(`revoke create on schema public from kefu_auth;`);
  }
}
