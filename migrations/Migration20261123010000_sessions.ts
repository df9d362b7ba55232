import { Migration } from '@mikro-orm/migrations';

/**
 * Sessions behind bearer tokens, refresh tokens, and login throttling.
 *
 * - `auth_session`: one per sign-in (login, registration, operator CLI). Every access token names its
 *   session (`sid`); the request's first round trip checks it with `auth_session_check`, which raises
 *   SQLSTATE KF401 when the session is revoked or expired, the membership is gone or not accepted,
 *   or the role differs (for platform administrators: no longer one). So a role change, a removal or
 *   a logout takes effect on the next request.
 * - `auth_refresh_token`: hashed, single-use refresh tokens of a session (its "family"). Presenting
 *   one that was already used revokes the session: the thief's and the owner's tokens all stop.
 * - `login_throttle`: login-attempt counters per account (hashed normalized e-mail) and per client
 *   address (hashed), in a fixed window, shared by every replica.
 *
 * The application role has no privilege on these tables: it goes through the narrow SECURITY DEFINER
 * functions below, owned by `kefu_auth`, which alone has policies on them.
 */
export class Migration20261123010000_sessions extends Migration {
  override up(): void {
    this.addSql(`
create table auth_session (
  id uuid primary key,
  user_id uuid not null references app_user (id) deferrable initially deferred,
  organization_id uuid references organization (id) deferrable initially deferred,
  -- The membership signed in to (null for a platform administrator). Not a foreign key: removing a
  -- member deletes the membership, which ends the session; re-inviting creates another membership.
  membership_id uuid,
  created_at timestamptz not null default now(),
  refreshed_at timestamptz,
  expires_at timestamptz not null,
  revoked_at timestamptz,
  revoked_reason text check (revoked_reason in ('LOGOUT', 'REFRESH_REUSE', 'ACCESS_ENDED')),
  check ((organization_id is null) = (membership_id is null))
);`);
    this.addSql(`create index auth_session_user_idx on auth_session (user_id);`);
    this.addSql(`create index auth_session_expires_idx on auth_session (expires_at);`);

    this.addSql(`
create table auth_refresh_token (
  token_hash text primary key,
  session_id uuid not null references auth_session (id) on delete cascade deferrable initially deferred,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  used_at timestamptz
);`);
    this.addSql(`create index auth_refresh_token_session_idx on auth_refresh_token (session_id);`);

    this.addSql(`
create table login_throttle (
  subject_kind text not null check (subject_kind in ('ACCOUNT', 'ADDRESS')),
  subject_hash text not null,
  window_started_at timestamptz not null,
  failures integer not null default 0 check (failures >= 0),
  primary key (subject_kind, subject_hash)
);`);
    this.addSql(`create index login_throttle_window_idx on login_throttle (window_started_at);`);

    for (const table of ['auth_session', 'auth_refresh_token', 'login_throttle']) {
      this.addSql(`alter table ${table} enable row level security;`);
      this.addSql(`alter table ${table} force row level security;`);
      this.addSql(`grant select, insert, update, delete on ${table} to kefu_auth;`);
      this.addSql(`create policy ${table}_auth on ${table} for all to kefu_auth using (true) with check (true);`);
    }

    // Opens a session for a person who has just proven who they are (password, registration, operator).
    this.addSql(`
create function auth_session_open(p_session uuid, p_user uuid, p_organization uuid, p_refresh_hash text, p_ttl_seconds integer)
returns timestamptz
language plpgsql volatile security definer set search_path = public as $$
declare
  v_membership uuid;
  v_expires timestamptz := now() + make_interval(secs => p_ttl_seconds);
begin
  if p_organization is null then
    if not exists (select 1 from app_user u where u.id = p_user and u.is_platform_admin) then
      raise exception 'not a platform administrator' using errcode = 'KF403';
    end if;
  else
    select m.id into v_membership from membership m
    where m.user_id = p_user and m.organization_id = p_organization and m.invitation_token_hash is null;
    if v_membership is null then
      raise exception 'no accepted membership' using errcode = 'KF403';
    end if;
  end if;
  insert into auth_session (id, user_id, organization_id, membership_id, expires_at)
  values (p_session, p_user, p_organization, v_membership, v_expires);
  if p_refresh_hash is not null then
    insert into auth_refresh_token (token_hash, session_id, expires_at) values (p_refresh_hash, p_session, v_expires);
  end if;
  return v_expires;
end $$;`);

    // Called in every authenticated request's first round trip (with BEGIN and the tenant settings).
    this.addSql(`
create function auth_session_check(p_session text, p_user text, p_organization text, p_role text)
returns boolean
language plpgsql stable security definer set search_path = public as $$
begin
  perform 1 from auth_session s
  where s.id = p_session::uuid and s.user_id = p_user::uuid and s.revoked_at is null and s.expires_at > now()
    and case
      when s.membership_id is null then
        p_organization = '' and p_role = 'PLATFORM_ADMIN'
        and exists (select 1 from app_user u where u.id = s.user_id and u.is_platform_admin)
      else
        s.organization_id = nullif(p_organization, '')::uuid
        and exists (select 1 from membership m
                    where m.id = s.membership_id and m.user_id = s.user_id and m.organization_id = s.organization_id
                      and m.role = p_role and m.invitation_token_hash is null)
    end;
  if not found then
    raise exception 'session ended' using errcode = 'KF401',
      hint = 'The session was signed out, or the membership or role changed: refresh the token or sign in again.';
  end if;
  return true;
end $$;`);

    // Rotates a refresh token; a used one presented again revokes its whole family (the session).
    this.addSql(`
create function auth_session_refresh(p_token_hash text, p_new_hash text, p_ttl_seconds integer)
returns table (outcome text, session_id uuid, user_id uuid, organization_id uuid, organization_kind text, role text, expires_at timestamptz)
language plpgsql volatile security definer set search_path = public as $$
#variable_conflict use_column
declare
  t record;
  s record;
  v_role text;
  v_kind text;
  v_expires timestamptz := now() + make_interval(secs => p_ttl_seconds);
begin
  select rt.session_id, rt.expires_at, rt.used_at into t from auth_refresh_token rt where rt.token_hash = p_token_hash for update;
  if not found then
    return query select 'INVALID'::text, null::uuid, null::uuid, null::uuid, null::text, null::text, null::timestamptz;
    return;
  end if;
  select a.* into s from auth_session a where a.id = t.session_id for update;
  if t.used_at is not null then
    update auth_session a set revoked_at = coalesce(a.revoked_at, now()), revoked_reason = coalesce(a.revoked_reason, 'REFRESH_REUSE') where a.id = s.id;
    return query select 'REUSED'::text, s.id, s.user_id, s.organization_id, null::text, null::text, null::timestamptz;
    return;
  end if;
  if s.revoked_at is not null or s.expires_at <= now() or t.expires_at <= now() then
    return query select 'INVALID'::text, s.id, s.user_id, s.organization_id, null::text, null::text, null::timestamptz;
    return;
  end if;
  update auth_refresh_token rt set used_at = now() where rt.token_hash = p_token_hash;
  if s.membership_id is null then
    if exists (select 1 from app_user u where u.id = s.user_id and u.is_platform_admin) then
      v_role := 'PLATFORM_ADMIN';
    end if;
  else
    select m.role, o.kind into v_role, v_kind
    from membership m join organization o on o.id = m.organization_id
    where m.id = s.membership_id and m.user_id = s.user_id and m.organization_id = s.organization_id and m.invitation_token_hash is null;
  end if;
  if v_role is null then
    update auth_session a set revoked_at = now(), revoked_reason = 'ACCESS_ENDED' where a.id = s.id;
    return query select 'ENDED'::text, s.id, s.user_id, s.organization_id, null::text, null::text, null::timestamptz;
    return;
  end if;
  insert into auth_refresh_token (token_hash, session_id, expires_at) values (p_new_hash, s.id, v_expires);
  update auth_session a set expires_at = v_expires, refreshed_at = now() where a.id = s.id;
  return query select 'OK'::text, s.id, s.user_id, s.organization_id, v_kind, v_role, v_expires;
end $$;`);

    this.addSql(`
create function auth_session_revoke(p_session uuid, p_user uuid) returns boolean
language sql volatile security definer set search_path = public as $$
  with revoked as (
    update auth_session set revoked_at = now(), revoked_reason = 'LOGOUT'
    where id = p_session and user_id = p_user and revoked_at is null returning 1)
  select exists (select 1 from revoked)
$$;`);

    // Login throttling, per account and per client address, in a fixed window. An attempt counts when
    // it starts (so a burst of parallel guesses cannot slip past the limit) and is forgiven when the
    // password proves right; while either counter is at its limit every attempt, even with the right
    // password, is refused until the window ends. The rows stay locked until the request commits, so
    // concurrent attempts on one account or from one address are counted one after the other.
    // Returns the seconds to wait, or null when the attempt may proceed (and has been counted).
    this.addSql(`
create function auth_login_attempt(p_email text, p_address text, p_account_limit integer, p_address_limit integer, p_window_seconds integer)
returns integer
language plpgsql volatile security definer set search_path = public as $$
declare
  v_window interval := make_interval(secs => p_window_seconds);
  v_account text := encode(sha256(convert_to(lower(btrim(p_email)), 'UTF8')), 'hex');
  v_address text := encode(sha256(convert_to(p_address, 'UTF8')), 'hex');
  v_blocked_window timestamptz;
begin
  insert into login_throttle as t (subject_kind, subject_hash, window_started_at, failures)
  values ('ACCOUNT', v_account, now(), 0), ('ADDRESS', v_address, now(), 0)
  on conflict (subject_kind, subject_hash) do update set
    window_started_at = case when t.window_started_at <= now() - v_window then now() else t.window_started_at end,
    failures = case when t.window_started_at <= now() - v_window then 0 else t.failures end;
  select max(t.window_started_at) into v_blocked_window
  from login_throttle t
  where (t.subject_kind = 'ACCOUNT' and t.subject_hash = v_account and t.failures >= p_account_limit)
     or (t.subject_kind = 'ADDRESS' and t.subject_hash = v_address and t.failures >= p_address_limit);
  if v_blocked_window is not null then
    return greatest(1, ceil(extract(epoch from v_blocked_window + v_window - now())))::int;
  end if;
  update login_throttle t set failures = t.failures + 1
  where (t.subject_kind = 'ACCOUNT' and t.subject_hash = v_account) or (t.subject_kind = 'ADDRESS' and t.subject_hash = v_address);
  return null;
end $$;`);
    // The password was right: the account starts afresh, and the address is forgiven this attempt.
    this.addSql(`
create function auth_login_succeeded(p_email text, p_address text) returns void
language sql volatile security definer set search_path = public as $$
  delete from login_throttle where subject_kind = 'ACCOUNT' and subject_hash = encode(sha256(convert_to(lower(btrim(p_email)), 'UTF8')), 'hex');
  update login_throttle set failures = greatest(failures - 1, 0)
  where subject_kind = 'ADDRESS' and subject_hash = encode(sha256(convert_to(p_address, 'UTF8')), 'hex');
$$;`);

    // Daily clean-up: throttle windows long over, sessions ended more than a week ago.
    this.addSql(`
create function jobs_purge_auth_state(p_older_than interval) returns integer
language sql volatile security definer set search_path = public as $$
  with throttles as (delete from login_throttle where window_started_at < now() - p_older_than returning 1),
       sessions as (delete from auth_session where coalesce(revoked_at, expires_at) < now() - p_older_than returning 1)
  select ((select count(*) from throttles) + (select count(*) from sessions))::int
$$;`);

    this.addSql(`grant create on schema public to kefu_auth;`);
    for (const fn of [
      'auth_session_open(uuid, uuid, uuid, text, integer)',
      'auth_session_check(text, text, text, text)',
      'auth_session_refresh(text, text, integer)',
      'auth_session_revoke(uuid, uuid)',
      'auth_login_attempt(text, text, integer, integer, integer)',
      'auth_login_succeeded(text, text)',
      'jobs_purge_auth_state(interval)',
    ]) {
      this.addSql(`alter function ${fn} owner to kefu_auth;`);
      this.addSql(`revoke all on function ${fn} from public;`);
      this.addSql(`grant execute on function ${fn} to kefu_app;`);
    }
    this.addSql(`revoke create on schema public from kefu_auth;`);
  }
}
