import { Migration } from '@mikro-orm/migrations';
import { TRACK_RECORD_QUERY, TRACK_RECORD_RESULT } from './Migration20261203070000_track_record.js';

/**
 * bid_vendor_track_records, same query, in PL/pgSQL (issue 8). A SQL function that cannot be inlined
 * (it is SECURITY DEFINER) plans its query on every call: about 4 ms of the 6 ms a bid comparison
 * spent in it, for a query that runs in under 2. PL/pgSQL keeps the plan for the session (each
 * pooled connection) and, after five calls, a generic one; app_now() and app_current_org() are
 * still read on every call, so the answer is the same. Owner, grants and signature are unchanged.
 */
export class Migration20261204050000_track_record_cached_plan extends Migration {
  override up(): void {
    this.addSql(`
create or replace function bid_vendor_track_records(p_vendor_ids uuid[])
${TRACK_RECORD_RESULT}
language plpgsql stable security definer set search_path = public as $$
#variable_conflict use_column
begin
  return query
${TRACK_RECORD_QUERY};
end
$$;`);
  }
}
