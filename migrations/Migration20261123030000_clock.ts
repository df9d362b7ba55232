import { Migration } from '@mikro-orm/migrations';

/**
 * One "now" per request for the rules the database enforces too. Each request's set-up puts the
 * request clock's instant in `app.now`; `app_now()` reads it (the database's own `now()` when a
 * connection has not set it: migrations, jobs' look-ups). The sealing of bids — a rule the API
 * applies as well — reads it, so both sides agree on the deadline, and tests move the request clock
 * instead of rewriting deadlines. Authentication times (token expiry, sessions, login throttling)
 * stay on the real clock.
 */
export class Migration20261123030000_clock extends Migration {
  override up(): void {
    this.addSql(`
create function app_now() returns timestamptz language sql stable as
$$ select coalesce(nullif(current_setting('app.now', true), '')::timestamptz, now()) $$;`);
    this.addSql(`grant execute on function app_now() to kefu_app, kefu_auth;`);
    this.addSql(`
create or replace function app_bidding_closed(p_requirement_id uuid) returns boolean
language sql stable security definer set search_path = public as $$
  select exists (
    select 1 from requirement r
    where r.id = p_requirement_id and r.status <> 'DRAFT'
      and not (r.status = 'CANCELLED' and (r.cancelled_at is null or r.cancelled_at < r.bid_deadline))
      and (r.status = 'AWARDED' or r.bid_deadline <= app_now())
  )
$$;`);
  }
}
