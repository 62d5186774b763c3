// Indexes for the two reads of fact rows the evaluation plan still makes once daily summaries
// hold everything else (services/src/metrics/plan.ts, summary.ts), at 10 M handling records:
//
// - The cases open at the end of a period (completed_at null or on/after the end): their window
//   depends on the period's end, so no daily summary holds them, and counting them read the whole
//   table. The metric SQL tests them as coalesce(completed_at, 'infinity') >= end (sql.ts); this
//   index on that expression, with the columns the open-case metrics read, answers them from the
//   index alone (0.85 s → 0.09 s at demo scale 10, where records lie in the table by unit, not by
//   time). On the expression rather than on completed_at itself: with a plain index PostgreSQL
//   read a quarter's completed records (a third of the table) through the index instead of
//   scanning in parallel, 2.6× slower.
// - Finished tasks (events.tasks_finished): the accepted task_finish events of the period, joined
//   to their starts (migration 0007's index). A partial index on them replaces a scan of every
//   app event (1.2 s → 0.6 s for the statement).
import type { Kysely } from 'kysely';
import { runStatements } from './statements';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations must not depend on the current schema type.
export async function up(db: Kysely<any>): Promise<void> {
  await runStatements(db, [
    `create index handling_records_open_at on handling_records ((coalesce(completed_at, 'infinity'::timestamptz)))
      include (org_unit, accepted_at, promised_due_at, quality_status, completed_at)`,
    `create index app_events_accepted_task_finishes on app_events (occurred_at) include (task_id, org_unit)
      where event_type = 'task_finish' and quality_status = 'accepted'`,
  ]);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations must not depend on the current schema type.
export async function down(db: Kysely<any>): Promise<void> {
  await runStatements(db, ['drop index app_events_accepted_task_finishes', 'drop index handling_records_open_at']);
}
