// Daily partial aggregates of the metric plan (services/metrics/summary.ts), so that evaluating
// a period reads one row per unit and day instead of every fact row of the period.
//
// - metric_summaries: one row per summary (a fact table read by one day column, with a list of
//   partial aggregates; the key is a hash of their SQL). A summary `by_ancestor` holds values per
//   ancestor unit (distinct counts, which do not add up over units), so it also depends on the
//   org-unit hierarchy: any write to org_unit_closure forgets all its days. A cumulative summary
//   (every day before the period's end) records the first day of its table in first_day; a write
//   of an earlier day moves it back, so the next evaluation computes the days in between.
// - metric_summary_days: the days a summary holds and that are still exact. A day without a row
//   here is recomputed from the fact rows before it is read.
// - metric_day_partials: the partials, one row per summary, day and unit.
//
// Every write to a fact table forgets the days it touched (statement-level triggers with
// transition tables: the days of the old and new rows in each day column a summary of that table
// uses). A table no summary reads costs one lookup in metric_summaries per statement.
import type { Kysely } from 'kysely';
import { runStatements } from './statements';

/** The tables a summary may read: the fact tables and the records ingestion refused. */
const TABLES = [
  'handling_records',
  'ratings',
  'app_events',
  'feedback',
  'mystery_shopper_runs',
  'manual_submissions',
  'service_item_snapshots',
  'ops_availability',
  'ops_incidents',
  'ops_releases',
  'ops_costs',
  'ops_vulnerabilities',
  'sharing_calls',
  'sharing_applications',
  'rejected_records',
];

const forget = (rows: 'new_rows' | 'old_rows') => `
      execute format(
        'delete from metric_summary_days d using metric_summaries s
          where s.key = d.key and s.source_table = $1 and s.day_column = $2
            and d.day in (select distinct (r.%I at time zone ''Asia/Shanghai'')::date from ${rows} r)',
        day_column) using tg_table_name, day_column;`;

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations must not depend on the current schema type.
export async function up(db: Kysely<any>): Promise<void> {
  await runStatements(db, [
    `create table metric_summaries (
      key text primary key,
      source_table text not null,
      day_column text not null,
      by_ancestor boolean not null default false,
      first_day date,
      created_at timestamptz not null default now()
    )`,
    `create index metric_summaries_source on metric_summaries (source_table, day_column)`,
    `create table metric_summary_days (
      key text not null references metric_summaries (key) on delete cascade,
      day date not null,
      primary key (key, day)
    )`,
    `create table metric_day_partials (
      key text not null references metric_summaries (key) on delete cascade,
      day date not null,
      unit text not null,
      vals numeric[] not null,
      primary key (key, day, unit)
    )`,
    `create function metric_summaries_forget() returns trigger language plpgsql as $$
      declare
        day_column text;
      begin
        for day_column in select distinct s.day_column from metric_summaries s where s.source_table = tg_table_name loop
          if tg_op in ('INSERT', 'UPDATE') then ${forget('new_rows')}
            execute format(
              'update metric_summaries s set first_day = m.day
                from (select min((r.%I at time zone ''Asia/Shanghai'')::date) as day from new_rows r) m
                where s.source_table = $1 and s.day_column = $2 and s.first_day > m.day',
              day_column) using tg_table_name, day_column;
          end if;
          if tg_op in ('UPDATE', 'DELETE') then ${forget('old_rows')}
          end if;
        end loop;
        return null;
      end
    $$`,
    `create function metric_summaries_forget_all() returns trigger language plpgsql as $$
      begin
        delete from metric_summary_days d using metric_summaries s where s.key = d.key and s.source_table = tg_table_name;
        return null;
      end
    $$`,
    `create function metric_summaries_forget_ancestors() returns trigger language plpgsql as $$
      begin
        delete from metric_summary_days d using metric_summaries s where s.key = d.key and s.by_ancestor;
        return null;
      end
    $$`,
    `create trigger org_unit_closure_summaries after insert or update or delete or truncate on org_unit_closure for each statement execute function metric_summaries_forget_ancestors()`,
    ...TABLES.flatMap((t) => [
      `create trigger ${t}_summaries_insert after insert on ${t} referencing new table as new_rows for each statement execute function metric_summaries_forget()`,
      `create trigger ${t}_summaries_update after update on ${t} referencing old table as old_rows new table as new_rows for each statement execute function metric_summaries_forget()`,
      `create trigger ${t}_summaries_delete after delete on ${t} referencing old table as old_rows for each statement execute function metric_summaries_forget()`,
      `create trigger ${t}_summaries_truncate after truncate on ${t} for each statement execute function metric_summaries_forget_all()`,
    ]),
  ]);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations must not depend on the current schema type.
export async function down(db: Kysely<any>): Promise<void> {
  await runStatements(db, [
    ...TABLES.flatMap((t) => ['insert', 'update', 'delete', 'truncate'].map((op) => `drop trigger ${t}_summaries_${op} on ${t}`)),
    'drop trigger org_unit_closure_summaries on org_unit_closure',
    'drop function metric_summaries_forget_ancestors()',
    'drop function metric_summaries_forget_all()',
    'drop function metric_summaries_forget()',
    'drop table metric_day_partials',
    'drop table metric_summary_days',
    'drop table metric_summaries',
  ]);
}
