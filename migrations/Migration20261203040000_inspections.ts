import { Migration } from '@mikro-orm/migrations';

/**
 * Quality inspections (issue 9, point 7): the merchant's scorecards, its inspections of a week of
 * the vendor's contacts (the sample and its scores), and the rectifications failed inspections open.
 *
 * - `inspection_scorecard`: versions of a contract's scorecard (criteria with weights and critical
 *   flags, pass mark, weekly sample size); the latest is in force and is copied into each inspection.
 * - `inspection`: one inspection of an ISO week, its sampling (RANDOM with the seed and the algorithm,
 *   or ENTERED by the inspector), its status (DRAFT → SCORED), result, score and its place on the
 *   escalation ladder (failure number, deduction percent and month, termination right).
 * - `inspection_sample`: the sampled contacts — external id, channel, start, duration, never the agent
 *   reference — and their scores.
 * - `inspection_rectification`: one per failed inspection, answered by the vendor, decided by the
 *   merchant.
 *
 * All four are readable by the contract's two parties only (forced row-level security). Contact
 * records are the vendor's alone; the merchant reaches the few an inspection needs through two narrow
 * definer functions owned by kefu_auth, which check that the caller is the contract's merchant and
 * return only the week's population size and the records at chosen positions (or with entered ids).
 */
export class Migration20261203040000_inspections extends Migration {
  override up(): void {
    this.addSql(`
create table inspection_scorecard (
  id uuid primary key,
  contract_id uuid not null references contract (id) deferrable initially deferred,
  merchant_id uuid not null references organization (id) deferrable initially deferred,
  vendor_id uuid not null references organization (id) deferrable initially deferred,
  version integer not null check (version >= 1),
  criteria jsonb not null,
  pass_mark numeric(5,2) not null check (pass_mark between 0 and 100),
  weekly_sample_size integer not null check (weekly_sample_size between 1 and 500),
  created_by_user uuid references app_user (id) deferrable initially deferred,
  created_at timestamptz not null,
  unique (contract_id, version)
);`);

    this.addSql(`
create table inspection (
  id uuid primary key,
  contract_id uuid not null references contract (id) deferrable initially deferred,
  merchant_id uuid not null references organization (id) deferrable initially deferred,
  vendor_id uuid not null references organization (id) deferrable initially deferred,
  number integer not null check (number >= 1),
  week text not null check (week ~ '^[0-9]{4}-W[0-9]{2}$'),
  week_start date not null,
  week_end date not null check (week_end = week_start + 6),
  status text not null default 'DRAFT' check (status in ('DRAFT', 'SCORED')),
  result text check (result in ('PASSED', 'FAILED')),
  scorecard jsonb not null,
  sample_method text not null check (sample_method in ('RANDOM', 'ENTERED')),
  seed integer check (seed >= 0),
  algorithm text,
  population integer check (population >= 0),
  score numeric(5,2) check (score between 0 and 100),
  failure_number integer check (failure_number >= 1),
  deduction_percent numeric(5,2) check (deduction_percent between 0 and 100),
  deduction_month date check (extract(day from deduction_month) = 1),
  termination_right_id uuid references contract_termination_right (id) deferrable initially deferred,
  created_by_user uuid references app_user (id) deferrable initially deferred,
  created_at timestamptz not null,
  scored_at timestamptz,
  scored_by_user uuid references app_user (id) deferrable initially deferred,
  unique (contract_id, number),
  check ((sample_method = 'RANDOM') = (seed is not null and algorithm is not null and population is not null)),
  check ((status = 'SCORED') = (result is not null and score is not null and scored_at is not null)),
  check ((result = 'FAILED') = (failure_number is not null)),
  check ((deduction_percent is null) = (deduction_month is null))
);`);
    this.addSql(`create index inspection_contract_idx on inspection (contract_id, number);`);

    this.addSql(`
create table inspection_sample (
  inspection_id uuid not null references inspection (id) deferrable initially deferred,
  position integer not null check (position >= 1),
  contract_id uuid not null references contract (id) deferrable initially deferred,
  merchant_id uuid not null references organization (id) deferrable initially deferred,
  vendor_id uuid not null references organization (id) deferrable initially deferred,
  external_id text not null,
  population_position integer,
  channel text not null,
  started_at timestamptz not null,
  duration_seconds integer not null,
  scores jsonb,
  critical_violation boolean,
  score numeric(5,2) check (score between 0 and 100),
  note text,
  primary key (inspection_id, position),
  unique (inspection_id, external_id)
);`);

    this.addSql(`
create table inspection_rectification (
  id uuid primary key,
  inspection_id uuid not null unique references inspection (id) deferrable initially deferred,
  contract_id uuid not null references contract (id) deferrable initially deferred,
  merchant_id uuid not null references organization (id) deferrable initially deferred,
  vendor_id uuid not null references organization (id) deferrable initially deferred,
  status text not null default 'OPEN' check (status in ('OPEN', 'ANSWERED', 'ACCEPTED')),
  round integer not null default 1 check (round >= 1),
  opened_at timestamptz not null,
  due_at timestamptz not null check (due_at > opened_at),
  overdue_flagged_at timestamptz,
  answer text,
  answered_at timestamptz,
  answered_by_user uuid references app_user (id) deferrable initially deferred,
  decided_at timestamptz,
  decided_by_user uuid references app_user (id) deferrable initially deferred,
  history jsonb not null default '[]',
  check ((status = 'OPEN') = (answer is null))
);`);
    this.addSql(`create index inspection_rectification_due_idx on inspection_rectification (due_at) where status = 'OPEN' and overdue_flagged_at is null;`);

    this.addSql(`grant select, insert on inspection_scorecard, inspection_sample to kefu_app;`);
    this.addSql(`grant update on inspection_sample to kefu_app;`);
    this.addSql(`grant select, insert, update on inspection, inspection_rectification to kefu_app;`);
    for (const table of ['inspection_scorecard', 'inspection', 'inspection_sample', 'inspection_rectification']) {
      this.addSql(`alter table ${table} enable row level security;`);
      this.addSql(`alter table ${table} force row level security;`);
      this.addSql(`create policy ${table}_parties_read on ${table} for select
        using (merchant_id = app_current_org() or vendor_id = app_current_org());`);
    }
    // The merchant inspects: it alone writes scorecards, inspections and their samples (for its own contracts).
    for (const table of ['inspection_scorecard', 'inspection', 'inspection_sample']) {
      this.addSql(`create policy ${table}_merchant_insert on ${table} for insert
        with check (merchant_id = app_current_org()
          and exists (select 1 from contract c where c.id = contract_id and c.merchant_id = ${table}.merchant_id and c.vendor_id = ${table}.vendor_id));`);
    }
    for (const table of ['inspection', 'inspection_sample']) {
      this.addSql(`create policy ${table}_merchant_update on ${table} for update
        using (merchant_id = app_current_org()) with check (merchant_id = app_current_org());`);
    }
    // A rectification is opened by the merchant; both parties move it (the vendor answers, the merchant decides).
    this.addSql(`create policy inspection_rectification_merchant_insert on inspection_rectification for insert
      with check (merchant_id = app_current_org()
        and exists (select 1 from contract c where c.id = contract_id and c.merchant_id = inspection_rectification.merchant_id and c.vendor_id = inspection_rectification.vendor_id));`);
    this.addSql(`create policy inspection_rectification_parties_update on inspection_rectification for update
      using (merchant_id = app_current_org() or vendor_id = app_current_org())
      with check (merchant_id = app_current_org() or vendor_id = app_current_org());`);

    // Definer functions (owned by kefu_auth): the overdue job's finder across tenants, and the merchant's
    // narrow view of the week's contact records for a draw.
    this.addSql(`grant select on contact_record, inspection_rectification to kefu_auth;`);
    for (const table of ['contact_record', 'inspection_rectification']) {
      this.addSql(`create policy ${table}_auth_lookup on ${table} for select to kefu_auth using (true);`);
    }
    this.addSql(`
create function jobs_inspection_rectifications_overdue(p_now timestamptz) returns table (id uuid, merchant_id uuid)
language sql stable security definer set search_path = public as $$
  select r.id, r.merchant_id from inspection_rectification r
  where r.status = 'OPEN' and r.overdue_flagged_at is null and r.due_at <= p_now
  order by r.due_at, r.id
$$;`);
    // How many contact records the contract has in the week (days in the contract's time zone), for the
    // contract's merchant only (anyone else: null). A week is at most 7 days.
    this.addSql(`
create function inspection_week_population(p_contract uuid, p_from date, p_to date) returns integer
language sql stable security definer set search_path = public as $$
  select count(*)::int from contact_record r
  where r.contract_id = p_contract and r.day between p_from and p_to and p_to - p_from between 0 and 6
    and r.month between date_trunc('month', p_from)::date and date_trunc('month', p_to)::date
    and exists (select 1 from contract c where c.id = p_contract and c.merchant_id = app_current_org())
$$;`);
    // The records of the week at 1-based positions of the order (started_at, external_id), or with the
    // given external ids: what an inspection needs — never the agent reference. The merchant only.
    this.addSql(`
create function inspection_week_records(p_contract uuid, p_from date, p_to date, p_positions integer[], p_external_ids text[])
returns table (population_position integer, external_id text, channel text, started_at timestamptz, duration_seconds integer)
language sql stable security definer set search_path = public as $$
  select w.n, w.external_id, w.channel, w.started_at, w.duration_seconds
  from (
    select (row_number() over (order by r.started_at, r.external_id))::int as n, r.external_id, r.channel, r.started_at, r.duration_seconds
    from contact_record r
    where r.contract_id = p_contract and r.day between p_from and p_to and p_to - p_from between 0 and 6
      and r.month between date_trunc('month', p_from)::date and date_trunc('month', p_to)::date
      and exists (select 1 from contract c where c.id = p_contract and c.merchant_id = app_current_org())
  ) w
  where w.n = any(coalesce(p_positions, '{}')) or w.external_id = any(coalesce(p_external_ids, '{}'))
  order by w.n
$$;`);
    this.addSql(`grant create on schema public to kefu_auth;`);
    for (const fn of [
      'jobs_inspection_rectifications_overdue(timestamptz)',
      'inspection_week_population(uuid, date, date)',
      'inspection_week_records(uuid, date, date, integer[], text[])',
    ]) {
      this.addSql(`alter function ${fn} owner to kefu_auth;`);
      this.addSql(`revoke all on function ${fn} from public;`);
      this.addSql(`grant execute on function ${fn} to kefu_app;`);
    }
    this.addSql(`revoke create on schema public from kefu_auth;`);
  }
}
