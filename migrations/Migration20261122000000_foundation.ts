import { Migration } from '@mikro-orm/migrations';

/**
 * Organizations, people, API keys and the audit log, with row-level security.
 *
 * The connecting (owner) role runs migrations; every request switches to the application role
 * `kefu_app` (no BYPASSRLS, not owner), and policies read the viewer from transaction-local
 * settings (`app.org_id`, `app.user_id`, `app.role`, `app.platform_admin`).
 * Cross-tenant look-ups that must happen before anyone is authenticated (login, API keys,
 * invitations) go through narrow SECURITY DEFINER functions instead of widening a policy.
 */
export class Migration20261122000000_foundation extends Migration {
  override up(): void {
    this.addSql(`
do $$ begin
  if not exists (select 1 from pg_roles where rolname = 'kefu_app') then
    create role kefu_app nologin nosuperuser nobypassrls noinherit;
  end if;
end $$;`);
    this.addSql(`do $$ begin execute format('grant kefu_app to %I', current_user); end $$;`);
    this.addSql(`grant usage on schema public to kefu_app;`);

    this.addSql(`
create function app_current_org() returns uuid language sql stable as
$$ select nullif(current_setting('app.org_id', true), '')::uuid $$;`);
    this.addSql(`
create function app_current_user() returns uuid language sql stable as
$$ select nullif(current_setting('app.user_id', true), '')::uuid $$;`);
    this.addSql(`
create function app_is_platform_admin() returns boolean language sql stable as
$$ select coalesce(current_setting('app.platform_admin', true), '') = 'on' $$;`);

    this.addSql(`
create table organization (
  id uuid primary key,
  kind text not null check (kind in ('MERCHANT', 'VENDOR', 'AUDIT_FIRM')),
  legal_name text not null check (length(legal_name) between 2 and 200),
  credit_code char(18) not null unique,
  verification_status text not null default 'PENDING' check (verification_status in ('PENDING', 'VERIFIED', 'REJECTED')),
  verification_note text,
  verified_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);`);
    this.addSql(`create index organization_created_idx on organization (created_at, id);`);

    this.addSql(`
create table organization_private (
  organization_id uuid primary key references organization (id),
  contact_name text,
  contact_email text,
  contact_phone text,
  address text,
  updated_at timestamptz not null default now()
);`);

    this.addSql(`
create table vendor_profile (
  organization_id uuid primary key references organization (id),
  seat_capacity integer not null default 0 check (seat_capacity >= 0),
  channels text[] not null default '{}',
  languages text[] not null default '{}',
  certifications text[] not null default '{}',
  service_regions text[] not null default '{}',
  description text,
  updated_at timestamptz not null default now()
);`);

    this.addSql(`
create table app_user (
  id uuid primary key,
  email text not null,
  display_name text not null,
  password_hash text,
  is_platform_admin boolean not null default false,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);`);
    this.addSql(`create unique index app_user_email_uniq on app_user (lower(email));`);

    this.addSql(`
create table membership (
  id uuid primary key,
  organization_id uuid not null references organization (id),
  user_id uuid not null references app_user (id),
  role text not null check (role in ('OWNER', 'PROCUREMENT', 'INSPECTOR', 'FINANCE', 'VIEWER', 'SALES', 'OPERATIONS', 'AUDITOR')),
  invitation_token_hash text unique,
  invitation_expires_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (organization_id, user_id)
);`);
    this.addSql(`create index membership_org_idx on membership (organization_id, created_at, id);`);
    this.addSql(`create index membership_user_idx on membership (user_id);`);

    this.addSql(`
create table api_key (
  id uuid primary key,
  organization_id uuid not null references organization (id),
  name text not null check (length(name) between 1 and 100),
  role text not null,
  prefix text not null unique,
  secret_hash text not null unique,
  created_by_user_id uuid references app_user (id),
  created_at timestamptz not null default now(),
  revoked_at timestamptz
);`);
    this.addSql(`create index api_key_org_idx on api_key (organization_id, created_at, id);`);

    this.addSql(`
create table audit_event (
  id bigint generated always as identity primary key,
  occurred_at timestamptz not null default clock_timestamp(),
  organization_id uuid references organization (id),
  actor_user_id uuid,
  actor_api_key_id uuid,
  action text not null,
  entity_type text not null,
  entity_id text not null,
  changes jsonb not null default '{}',
  request_id text
);`);
    this.addSql(`create index audit_event_org_idx on audit_event (organization_id, id);`);
    this.addSql(`create index audit_event_entity_idx on audit_event (entity_type, entity_id);`);

    // The audit log is append-only for everyone, the owner included.
    this.addSql(`
create function audit_event_refuse_change() returns trigger language plpgsql as $$
begin
  raise exception 'audit_event is append-only: % refused', tg_op using errcode = 'insufficient_privilege';
end $$;`);
    this.addSql(`
create trigger audit_event_append_only before update or delete on audit_event
for each row execute function audit_event_refuse_change();`);
    this.addSql(`
create trigger audit_event_no_truncate before truncate on audit_event
for each statement execute function audit_event_refuse_change();`);

    // Privileges of the application role.
    this.addSql(`grant select, insert, update on organization, organization_private, vendor_profile, app_user to kefu_app;`);
    this.addSql(`grant select, insert, update, delete on membership to kefu_app;`);
    this.addSql(`grant select, insert, update on api_key to kefu_app;`);
    this.addSql(`grant select, insert on audit_event to kefu_app;`);

    // Row-level security, enabled and forced on every table.
    for (const table of ['organization', 'organization_private', 'vendor_profile', 'app_user', 'membership', 'api_key', 'audit_event']) {
      this.addSql(`alter table ${table} enable row level security;`);
      this.addSql(`alter table ${table} force row level security;`);
    }

    // Organizations form the marketplace directory: any signed-in viewer sees the public columns.
    this.addSql(`create policy organization_read on organization for select using (app_current_user() is not null or app_current_org() is not null);`);
    this.addSql(`create policy organization_insert on organization for insert with check (id = app_current_org());`);
    this.addSql(`create policy organization_update on organization for update using (id = app_current_org() or app_is_platform_admin());`);

    this.addSql(`create policy organization_private_own on organization_private for all
      using (organization_id = app_current_org() or app_is_platform_admin())
      with check (organization_id = app_current_org());`);

    this.addSql(`create policy vendor_profile_read on vendor_profile for select using (app_current_user() is not null or app_current_org() is not null);`);
    this.addSql(`create policy vendor_profile_insert on vendor_profile for insert with check (organization_id = app_current_org());`);
    this.addSql(`create policy vendor_profile_update on vendor_profile for update using (organization_id = app_current_org());`);

    this.addSql(`create policy membership_read on membership for select
      using (organization_id = app_current_org() or user_id = app_current_user() or app_is_platform_admin());`);
    this.addSql(`create policy membership_insert on membership for insert with check (organization_id = app_current_org());`);
    this.addSql(`create policy membership_update on membership for update using (organization_id = app_current_org());`);
    this.addSql(`create policy membership_delete on membership for delete using (organization_id = app_current_org());`);

    // A user is visible to themself and through the memberships the viewer may see.
    this.addSql(`create policy app_user_read on app_user for select
      using (id = app_current_user() or exists (select 1 from membership m where m.user_id = app_user.id));`);
    this.addSql(`create policy app_user_insert on app_user for insert with check (app_current_org() is not null);`);
    this.addSql(`create policy app_user_update on app_user for update using (id = app_current_user());`);

    this.addSql(`create policy api_key_own on api_key for all
      using (organization_id = app_current_org()) with check (organization_id = app_current_org());`);

    this.addSql(`create policy audit_event_read on audit_event for select
      using (organization_id = app_current_org() or (app_is_platform_admin() and actor_user_id = app_current_user()));`);
    this.addSql(`create policy audit_event_insert on audit_event for insert
      with check (organization_id is not distinct from app_current_org() or app_is_platform_admin());`);

    // Narrow pre-authentication look-ups (run as the owner, which is not subject to the policies).
    this.addSql(`
create function auth_login_candidates(p_email text)
returns table (user_id uuid, password_hash text, is_platform_admin boolean, display_name text,
               organization_id uuid, organization_name text, organization_kind text, role text)
language sql stable security definer set search_path = public as $$
  select u.id, u.password_hash, u.is_platform_admin, u.display_name, o.id, o.legal_name, o.kind, m.role
  from app_user u
  left join membership m on m.user_id = u.id and m.invitation_token_hash is null
  left join organization o on o.id = m.organization_id
  where lower(u.email) = lower(p_email)
  order by o.legal_name
$$;`);
    this.addSql(`
create function auth_user_id_by_email(p_email text) returns uuid
language sql stable security definer set search_path = public as $$
  select id from app_user where lower(email) = lower(p_email)
$$;`);
    this.addSql(`
create function auth_api_key(p_secret_hash text)
returns table (id uuid, organization_id uuid, role text, revoked_at timestamptz)
language sql stable security definer set search_path = public as $$
  select k.id, k.organization_id, k.role, k.revoked_at from api_key k where k.secret_hash = p_secret_hash
$$;`);
    this.addSql(`
create function auth_organization_kind(p_organization_id uuid) returns text
language sql stable security definer set search_path = public as $$
  select kind from organization where id = p_organization_id
$$;`);
    this.addSql(`
create function auth_invitation(p_token_hash text)
returns table (membership_id uuid, user_id uuid, organization_id uuid, role text, expires_at timestamptz, has_password boolean)
language sql stable security definer set search_path = public as $$
  select m.id, m.user_id, m.organization_id, m.role, m.invitation_expires_at, u.password_hash is not null
  from membership m join app_user u on u.id = m.user_id where m.invitation_token_hash = p_token_hash
$$;`);
    for (const fn of ['auth_login_candidates(text)', 'auth_user_id_by_email(text)', 'auth_api_key(text)', 'auth_organization_kind(uuid)', 'auth_invitation(text)']) {
      this.addSql(`revoke all on function ${fn} from public;`);
      this.addSql(`grant execute on function ${fn} to kefu_app;`);
    }
  }
}
