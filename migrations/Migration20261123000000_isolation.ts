import { Migration } from '@mikro-orm/migrations';

/**
 * Isolation fixes (issue 6), enforced by the database itself:
 * - a requirement cancelled before its deadline keeps its bids sealed for good;
 * - a platform administrator reads what verification needs, not members or their users;
 * - questions are readable only by the requirement's merchant and by signed-in vendors that may see
 *   the requirement, and who asked lives in its own table that only the asking vendor reads;
 * - bids keep the merchant's rejection reason (shown to the vendor) and when it was decided.
 */
export class Migration20261123000000_isolation extends Migration {
  override up(): void {
    // 1. Sealed bids. Bidding is closed (bids unsealed for the merchant) once AWARDED or once the
    // deadline has passed, except that a requirement cancelled before its deadline stays sealed
    // forever. Mirrored by `bidsUnsealed` in src/modules/requirements/requirement-state.ts.
    this.addSql(`
create or replace function app_bidding_closed(p_requirement_id uuid) returns boolean
language sql stable security definer set search_path = public as $$
  select exists (
    select 1 from requirement r
    where r.id = p_requirement_id and r.status <> 'DRAFT'
      and not (r.status = 'CANCELLED' and (r.cancelled_at is null or r.cancelled_at < r.bid_deadline))
      and (r.status = 'AWARDED' or r.bid_deadline <= now())
  )
$$;`);

    // 2. Platform administrators: no members (and, as app_user_read follows memberships, no users)
    // of other organizations. They keep the organization directory, the registration contact
    // (organization_private) and their own audit events.
    this.addSql(`drop policy membership_read on membership;`);
    this.addSql(`create policy membership_read on membership for select
      using (organization_id = app_current_org() or user_id = app_current_user());`);

    // 3. Questions. A vendor sees a requirement only when the viewer's organization is a vendor.
    this.addSql(`
create or replace function app_vendor_sees_requirement(p_requirement_id uuid) returns boolean
language sql stable security definer set search_path = public as $$
  select exists (
    select 1 from requirement r
    join organization o on o.id = app_current_org() and o.kind = 'VENDOR'
    where r.id = p_requirement_id and r.status <> 'DRAFT'
      and (r.visibility = 'PUBLIC' or exists (select 1 from requirement_invitation i where i.requirement_id = r.id and i.vendor_id = o.id))
  )
$$;`);
    // Who asked moves to its own table, readable by the asking vendor alone.
    this.addSql(`
create table requirement_question_asker (
  question_id uuid primary key references requirement_question (id) deferrable initially deferred,
  vendor_id uuid not null references organization (id) deferrable initially deferred
);`);
    this.addSql(`create index requirement_question_asker_vendor_idx on requirement_question_asker (vendor_id);`);
    this.addSql(`insert into requirement_question_asker (question_id, vendor_id) select id, asked_by_vendor_id from requirement_question;`);
    this.addSql(`drop policy requirement_question_vendor_ask on requirement_question;`);
    this.addSql(`alter table requirement_question drop column asked_by_vendor_id;`);
    this.addSql(`create policy requirement_question_vendor_ask on requirement_question for insert
      with check (app_vendor_sees_requirement(requirement_id)
        and exists (select 1 from requirement r where r.id = requirement_id and r.merchant_id = requirement_question.merchant_id));`);
    this.addSql(`grant select, insert on requirement_question_asker to kefu_app;`);
    this.addSql(`alter table requirement_question_asker enable row level security;`);
    this.addSql(`alter table requirement_question_asker force row level security;`);
    this.addSql(`create policy requirement_question_asker_own on requirement_question_asker for all
      using (vendor_id = app_current_org()) with check (vendor_id = app_current_org());`);

    // 16. Reasons reach the vendor: the rejection reason is kept on the bid, with when it was decided.
    this.addSql(`alter table bid add column rejection_reason text check (rejection_reason is null or length(rejection_reason) between 1 and 1000);`);
    this.addSql(`alter table bid add column decided_at timestamptz;`);
    // Decisions taken before this migration: their reason and time are in the audit log.
    this.addSql(`
update bid set
  rejection_reason = (select left(nullif(trim(e.changes->'reason'->>'after'), ''), 1000) from audit_event e
                      where e.entity_type = 'Bid' and e.entity_id = bid.id::text and e.action = 'bid.reject' order by e.id desc limit 1),
  decided_at = (select e.occurred_at from audit_event e
                where e.entity_type = 'Bid' and e.entity_id = bid.id::text and e.action in ('bid.shortlist', 'bid.reject', 'bid.accept') order by e.id desc limit 1)
where status in ('SHORTLISTED', 'REJECTED', 'ACCEPTED');`);

    // The replaced definer functions run as kefu_auth, which reads requirement, requirement_invitation
    // and organization through the look-up policies of the earlier migrations. CREATE OR REPLACE keeps
    // owner and grants; they are stated again so this migration does not depend on it.
    this.addSql(`grant create on schema public to kefu_auth;`);
    for (const fn of ['app_bidding_closed(uuid)', 'app_vendor_sees_requirement(uuid)']) {
      this.addSql(`alter function ${fn} owner to kefu_auth;`);
      this.addSql(`revoke all on function ${fn} from public;`);
      this.addSql(`grant execute on function ${fn} to kefu_app;`);
    }
    this.addSql(`revoke create on schema public from kefu_auth;`);
  }
}
