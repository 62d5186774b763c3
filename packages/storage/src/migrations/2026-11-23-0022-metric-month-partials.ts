// Monthly partials of the daily summaries (migration 0020): a summary's day partials added up per
// month, so that a quarter reads 3 rows per unit instead of 92, and a cumulative window (every day
// before the period's end) one per month of its history. A month is built from day partials that
// are all held (metric_summary_days) and is held in metric_summary_months; forgetting any of its
// days forgets it (the trigger below), so it is never read stale, whatever forgot the day.
import type { Kysely } from 'kysely';
import { runStatements } from './statements';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations must not depend on the current schema type.
export async function up(db: Kysely<any>): Promise<void> {
  await runStatements(db, [
    `create table metric_summary_months (
      key text not null references metric_summaries (key) on delete cascade,
      month date not null,
      primary key (key, month)
    )`,
    `create table metric_month_partials (
      key text not null references metric_summaries (key) on delete cascade,
      month date not null,
      unit text not null,
      vals numeric[] not null,
      primary key (key, month, unit)
    )`,
    `create function metric_summaries_forget_months() returns trigger language plpgsql as $$
      begin
        delete from metric_summary_months m
          using (select distinct o.key, date_trunc('month', o.day)::date as month from old_rows o) f
          where m.key = f.key and m.month = f.month;
        return null;
      end
    $$`,
    `create trigger metric_summary_days_forget_months after delete on metric_summary_days referencing old table as old_rows for each statement execute function metric_summaries_forget_months()`,
    `create function metric_summaries_forget_all_months() returns trigger language plpgsql as $$
      begin
        delete from metric_summary_months;
        return null;
      end
    $$`,
    `create trigger metric_summary_days_truncate_months after truncate on metric_summary_days for each statement execute function metric_summaries_forget_all_months()`,
  ]);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations must not depend on the current schema type.
export async function down(db: Kysely<any>): Promise<void> {
  await runStatements(db, [
    'drop trigger metric_summary_days_truncate_months on metric_summary_days',
    'drop trigger metric_summary_days_forget_months on metric_summary_days',
    'drop function metric_summaries_forget_all_months()',
    'drop function metric_summaries_forget_months()',
    'drop table metric_month_partials',
    'drop table metric_summary_months',
  ]);
}
