import { Migration } from '@mikro-orm/migrations';

/**
 * The trigger that refuses changes to the lines of a statement that is not DRAFT looks the
 * statement up once per line. PL/pgSQL keeps that lookup's plan for the life of the connection,
 * and a plan made while the table was small is a sequential scan (evaluating the row-level
 * security filter on every row): kept while a month's generation fills the table, each line cost
 * a scan of every statement — quadratic, ~2 ms a line at 2,000 statements. Planned for each call
 * instead, with the statement's id, it is an index scan once the table has more than a few pages.
 */
export class Migration20261204000000_statement_line_guard_plan extends Migration {
  override up(): void {
    this.addSql(`alter function statement_line_refuse_change() set plan_cache_mode = force_custom_plan;`);
  }
}
