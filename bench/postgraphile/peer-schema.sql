-- What PostGraphile (bench/postgraphile/server.ts) needs beyond the project's own migrations,
-- applied by bench/all.bench.ts as the owner (the migrations' role) after them, before PostGraphile
-- introspects. Plain SQL functions, SECURITY INVOKER: they run as the request's role (kefu_app), so
-- the same row-level security policies decide what they return. Not part of the product's schema.

-- The project's `viewer { organization }`: the organization of the token (app.org_id).
create or replace function current_organization() returns organization
language sql stable as $$
  select * from organization where id = app_current_org()
$$;
comment on function current_organization() is 'The organization you act for (the project: viewer.organization).';

-- The project's `requirements(filter: { biddableOnly: true })`: OPEN with the deadline ahead
-- (src/modules/requirements/requirement.queries.ts statusCondition(OPEN)). A computed column,
-- made a condition (`condition: { biddable: true }`) by the smart tag in server.mjs; inlinable.
create or replace function requirement_biddable(r requirement) returns boolean
language sql stable as $$
  select r.status = 'OPEN' and r.bid_deadline > now()
$$;
comment on function requirement_biddable(requirement) is 'Open for bids: OPEN and the deadline ahead.';
