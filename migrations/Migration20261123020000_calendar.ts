import { Migration } from '@mikro-orm/migrations';

/** Inclusive list of ISO dates (local to this migration: a migration never changes with the code). */
function span(from: string, to: string): string[] {
  const days: string[] = [];
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= Date.parse(`${to}T00:00:00Z`); t += 86_400_000) days.push(new Date(t).toISOString().slice(0, 10));
  return days;
}

/** The moved days of the notices already published when the platform started (statutory days are computed by rule). */
const NOTICES = [
  {
    year: 2025,
    reference: '国务院办公厅关于2025年部分节假日安排的通知 (国办发明电〔2024〕12号)',
    publishedOn: '2024-11-12',
    restDays: [
      ...span('2025-02-01', '2025-02-04'),
      '2025-04-05',
      '2025-04-06',
      ...span('2025-05-03', '2025-05-05'),
      '2025-06-01',
      '2025-06-02',
      '2025-10-04',
      '2025-10-05',
      '2025-10-07',
      '2025-10-08',
    ],
    makeUpWorkingDays: ['2025-01-26', '2025-02-08', '2025-04-27', '2025-09-28', '2025-10-11'],
  },
  {
    year: 2026,
    reference: '国务院办公厅关于2026年部分节假日安排的通知',
    publishedOn: null,
    restDays: [
      '2026-01-02',
      '2026-01-03',
      '2026-02-15',
      ...span('2026-02-20', '2026-02-23'),
      '2026-04-04',
      '2026-04-06',
      ...span('2026-05-03', '2026-05-05'),
      '2026-06-20',
      '2026-06-21',
      '2026-09-26',
      '2026-09-27',
      ...span('2026-10-04', '2026-10-07'),
    ],
    makeUpWorkingDays: ['2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10'],
  },
];

/**
 * The holiday calendar: statutory holidays are computed by rule (src/modules/calendar); only the
 * State Council's annual notice is data: its moved rest days (调休) and make-up working days.
 * Public reference data: any signed-in viewer reads it; only platform administrators write it
 * (replacing a year's notice is audited by the application).
 */
export class Migration20261123020000_calendar extends Migration {
  override up(): void {
    this.addSql(`
create table calendar_notice (
  year integer primary key check (year between 2025 and 2100),
  reference text not null check (length(btrim(reference)) between 1 and 300),
  published_on date,
  recorded_by_user_id uuid references app_user (id) deferrable initially deferred,
  recorded_at timestamptz not null default now()
);`);
    this.addSql(`
create table calendar_notice_day (
  date date primary key,
  year integer not null references calendar_notice (year) deferrable initially deferred,
  kind text not null check (kind in ('REST_DAY', 'MAKE_UP_WORKING_DAY')),
  check (extract(year from date)::integer = year)
);`);
    this.addSql(`create index calendar_notice_day_year_idx on calendar_notice_day (year, date);`);

    this.addSql(`grant select, insert, update on calendar_notice to kefu_app;`);
    this.addSql(`grant select, insert, delete on calendar_notice_day to kefu_app;`);
    for (const table of ['calendar_notice', 'calendar_notice_day']) {
      this.addSql(`alter table ${table} enable row level security;`);
      this.addSql(`alter table ${table} force row level security;`);
      this.addSql(`create policy ${table}_read on ${table} for select using (app_current_user() is not null or app_current_org() is not null);`);
      this.addSql(`create policy ${table}_insert on ${table} for insert with check (app_is_platform_admin());`);
    }
    this.addSql(`create policy calendar_notice_update on calendar_notice for update using (app_is_platform_admin()) with check (app_is_platform_admin());`);
    this.addSql(`create policy calendar_notice_day_delete on calendar_notice_day for delete using (app_is_platform_admin());`);

    for (const notice of NOTICES) {
      this.addSql(
        `insert into calendar_notice (year, reference, published_on) values (${notice.year}, '${notice.reference}', ${notice.publishedOn ? `'${notice.publishedOn}'` : 'null'});`,
      );
      const rows = [
        ...notice.restDays.map((d) => `('${d}', ${notice.year}, 'REST_DAY')`),
        ...notice.makeUpWorkingDays.map((d) => `('${d}', ${notice.year}, 'MAKE_UP_WORKING_DAY')`),
      ];
      this.addSql(`insert into calendar_notice_day (date, year, kind) values ${rows.join(', ')};`);
    }
  }
}
