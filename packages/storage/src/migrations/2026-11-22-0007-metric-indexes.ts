// Indexes for the metric plan (services/metrics/plan.ts). events.tasks_finished counts a
// task_finish only when its task has an accepted task_start (at any time): the plan reads that
// as a semi-join whose inner side is every accepted start. Restricting the partial index on task
// starts to accepted ones makes that side an index-only scan instead of a second read of the
// whole app_events table; it serves the per-row EXISTS of the reference form just as well, so it
// replaces the index on all task starts.
import type { Kysely } from 'kysely';
import { runStatements } from './statements';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations must not depend on the current schema type.
export async function up(db: Kysely<any>): Promise<void> {
  await runStatements(db, [
    `create index app_events_accepted_task_starts on app_events (task_id) where event_type = 'task_start' and quality_status = 'accepted'`,
    'drop index app_events_task_starts',
  ]);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations must not depend on the current schema type.
export async function down(db: Kysely<any>): Promise<void> {
  await runStatements(db, [
    `create index app_events_task_starts on app_events (task_id) where event_type = 'task_start'`,
    'drop index app_events_accepted_task_starts',
  ]);
}
