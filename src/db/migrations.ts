import { Migration20261122000000_foundation } from '../../migrations/Migration20261122000000_foundation.js';
import { Migration20261122010000_marketplace } from '../../migrations/Migration20261122010000_marketplace.js';
import { Migration20261123000000_isolation } from '../../migrations/Migration20261123000000_isolation.js';
import { Migration20261123010000_sessions } from '../../migrations/Migration20261123010000_sessions.js';
import { Migration20261123020000_calendar } from '../../migrations/Migration20261123020000_calendar.js';
import { Migration20261123030000_clock } from '../../migrations/Migration20261123030000_clock.js';
import { Migration20261203000000_contract_lifecycle } from '../../migrations/Migration20261203000000_contract_lifecycle.js';
import { Migration20261203010000_usage } from '../../migrations/Migration20261203010000_usage.js';
import { Migration20261203020000_kpis } from '../../migrations/Migration20261203020000_kpis.js';
import { Migration20261203030000_incidents } from '../../migrations/Migration20261203030000_incidents.js';
import { Migration20261203040000_inspections } from '../../migrations/Migration20261203040000_inspections.js';
import { Migration20261203050000_audit_grants } from '../../migrations/Migration20261203050000_audit_grants.js';
import { Migration20261203060000_statements } from '../../migrations/Migration20261203060000_statements.js';
import { Migration20261203070000_track_record } from '../../migrations/Migration20261203070000_track_record.js';
import { Migration20261203080000_statement_auditors } from '../../migrations/Migration20261203080000_statement_auditors.js';
import { Migration20261204000000_statement_line_guard_plan } from '../../migrations/Migration20261204000000_statement_line_guard_plan.js';
import { Migration20261204010000_statement_versions_locked } from '../../migrations/Migration20261204010000_statement_versions_locked.js';
import { Migration20261204020000_statement_auditor_fast_path } from '../../migrations/Migration20261204020000_statement_auditor_fast_path.js';
import { Migration20261204030000_statement_month_order } from '../../migrations/Migration20261204030000_statement_month_order.js';
import { Migration20261204040000_auditor_evidence_lookup } from '../../migrations/Migration20261204040000_auditor_evidence_lookup.js';
import { Migration20261204050000_track_record_cached_plan } from '../../migrations/Migration20261204050000_track_record_cached_plan.js';
import { Migration20261204060000_sealed_bids_cached_plan } from '../../migrations/Migration20261204060000_sealed_bids_cached_plan.js';

/** Every migration, in order. Listed explicitly so the compiled server and the tests run the same set. */
export const MIGRATIONS = [
  { name: 'Migration20261122000000_foundation', class: Migration20261122000000_foundation },
  { name: 'Migration20261122010000_marketplace', class: Migration20261122010000_marketplace },
  { name: 'Migration20261123000000_isolation', class: Migration20261123000000_isolation },
  { name: 'Migration20261123010000_sessions', class: Migration20261123010000_sessions },
  { name: 'Migration20261123020000_calendar', class: Migration20261123020000_calendar },
  { name: 'Migration20261123030000_clock', class: Migration20261123030000_clock },
  { name: 'Migration20261203000000_contract_lifecycle', class: Migration20261203000000_contract_lifecycle },
  { name: 'Migration20261203010000_usage', class: Migration20261203010000_usage },
  { name: 'Migration20261203020000_kpis', class: Migration20261203020000_kpis },
  { name: 'Migration20261203030000_incidents', class: Migration20261203030000_incidents },
  { name: 'Migration20261203040000_inspections', class: Migration20261203040000_inspections },
  { name: 'Migration20261203050000_audit_grants', class: Migration20261203050000_audit_grants },
  { name: 'Migration20261203060000_statements', class: Migration20261203060000_statements },
  { name: 'Migration20261203070000_track_record', class: Migration20261203070000_track_record },
  { name: 'Migration20261203080000_statement_auditors', class: Migration20261203080000_statement_auditors },
  { name: 'Migration20261204000000_statement_line_guard_plan', class: Migration20261204000000_statement_line_guard_plan },
  { name: 'Migration20261204010000_statement_versions_locked', class: Migration20261204010000_statement_versions_locked },
  { name: 'Migration20261204020000_statement_auditor_fast_path', class: Migration20261204020000_statement_auditor_fast_path },
  { name: 'Migration20261204030000_statement_month_order', class: Migration20261204030000_statement_month_order },
  { name: 'Migration20261204040000_auditor_evidence_lookup', class: Migration20261204040000_auditor_evidence_lookup },
  { name: 'Migration20261204050000_track_record_cached_plan', class: Migration20261204050000_track_record_cached_plan },
  { name: 'Migration20261204060000_sealed_bids_cached_plan', class: Migration20261204060000_sealed_bids_cached_plan },
];
