// The progress of evaluation runs started in the background (POST /api/evaluations with
// "async": true): one row per run id, updated as the run moves through its stages. The run itself
// is still written once, immutably, to evaluation_runs when it succeeds; this table is what a
// console follows meanwhile, and where a failed background run leaves its error. A row left
// 'running' by a process that died is marked failed once it has not moved for a while.
import type { Kysely } from 'kysely';
import { runStatements } from './statements';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations must not depend on the current schema type.
export async function up(db: Kysely<any>): Promise<void> {
  await runStatements(db, [
    `create table evaluation_run_progress (
      run_id text primary key,
      system_code text not null,
      period text not null,
      scope_org_unit text not null references org_units (code),
      requested_by text not null,
      status text not null check (status in ('running', 'succeeded', 'failed')),
      stage text not null check (stage in ('queued', 'metrics', 'scoring', 'storing', 'done', 'failed')),
      done integer not null default 0 check (done >= 0),
      total integer not null default 0 check (total >= 0),
      error text,
      started_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      finished_at timestamptz
    )`,
    `create index evaluation_run_progress_running on evaluation_run_progress (updated_at) where status = 'running'`,
  ]);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see up().
export async function down(db: Kysely<any>): Promise<void> {
  await runStatements(db, ['drop table evaluation_run_progress']);
}
