import { Migration } from '@mikro-orm/migrations';

/**
 * Incidents (issue 9, point 6): outages and data breaches of a contract, recorded by either party.
 *
 * - `incident`: one row per incident, with the contract's two parties as tenant keys. Outages have a
 *   start and (once closed) an end, both on whole minutes, and an exemption status; breaches a time
 *   and a verification status. The merchant's decision (exemption, verification) records who and
 *   when. Free text (cause, notes) is masked by the service before it is written.
 * - Row-level security, forced: the contract's two parties read and write their contract's
 *   incidents (inserted only for a contract whose parties they are); nobody deletes one.
 */
export class Migration20261203030000_incidents extends Migration {
  override up(): void {
    this.addSql(`
create table incident (
  id uuid primary key,
  contract_id uuid not null references contract (id) deferrable initially deferred,
  merchant_id uuid not null references organization (id) deferrable initially deferred,
  vendor_id uuid not null references organization (id) deferrable initially deferred,
  kind text not null check (kind in ('OUTAGE', 'DATA_BREACH')),
  status text not null,
  started_at timestamptz not null,
  ended_at timestamptz,
  cause text not null check (length(cause) between 1 and 2000),
  reported_by_organization uuid not null references organization (id) deferrable initially deferred,
  reported_by_user uuid references app_user (id) deferrable initially deferred,
  reported_by_api_key uuid,
  reported_at timestamptz not null,
  closed_at timestamptz,
  closed_by_organization uuid references organization (id) deferrable initially deferred,
  exemption_grounds text check (exemption_grounds in ('PLANNED_WITH_NOTICE', 'OUTSIDE_VENDOR')),
  exemption_proposed_at timestamptz,
  exemption_proposed_by_user uuid references app_user (id) deferrable initially deferred,
  exemption_proposal_note text check (length(exemption_proposal_note) between 1 and 2000),
  decided_at timestamptz,
  decided_by_user uuid references app_user (id) deferrable initially deferred,
  decision_note text check (length(decision_note) between 1 and 2000),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check (reported_by_organization in (merchant_id, vendor_id)),
  check (closed_by_organization in (merchant_id, vendor_id)),
  check ((kind = 'OUTAGE' and status in ('NOT_EXEMPT', 'EXEMPTION_PROPOSED', 'EXEMPT', 'EXEMPTION_REJECTED'))
      or (kind = 'DATA_BREACH' and status in ('REPORTED', 'VERIFIED', 'DISMISSED'))),
  check (ended_at is null or (kind = 'OUTAGE' and ended_at > started_at)),
  check (kind = 'DATA_BREACH' or (extract(second from started_at) = 0 and (ended_at is null or extract(second from ended_at) = 0))),
  check ((status = 'EXEMPT') <= (exemption_grounds is not null)),
  check ((status in ('EXEMPT', 'EXEMPTION_REJECTED', 'VERIFIED', 'DISMISSED')) = (decided_at is not null))
);`);
    this.addSql(`create index incident_contract_idx on incident (contract_id, started_at desc, id desc);`);
    this.addSql(`create index incident_contract_kind_idx on incident (contract_id, kind, started_at desc, id desc);`);
    this.addSql(`create index incident_merchant_idx on incident (merchant_id);`);
    this.addSql(`create index incident_vendor_idx on incident (vendor_id);`);

    this.addSql(`grant select, insert, update on incident to kefu_app;`);
    this.addSql(`alter table incident enable row level security;`);
    this.addSql(`alter table incident force row level security;`);
    this.addSql(`create policy incident_parties_read on incident for select
      using (merchant_id = app_current_org() or vendor_id = app_current_org());`);
    this.addSql(`create policy incident_parties_insert on incident for insert
      with check ((merchant_id = app_current_org() or vendor_id = app_current_org())
        and exists (select 1 from contract c where c.id = contract_id and c.merchant_id = incident.merchant_id and c.vendor_id = incident.vendor_id));`);
    this.addSql(`create policy incident_parties_update on incident for update
      using (merchant_id = app_current_org() or vendor_id = app_current_org())
      with check (merchant_id = app_current_org() or vendor_id = app_current_org());`);
  }
}
