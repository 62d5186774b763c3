// A PostgreSQL-backed job queue for scheduled work (daily quality checks, periodic evaluations).
// One job per (kind, key), so scheduling the same work twice is harmless.
import type { Kysely } from 'kysely';
import { runStatements } from './statements';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations must not depend on the current schema type.
export async function up(db: Kysely<any>): Promise<void> {
  await runStatements(db, [
    `create table jobs (
      id bigint generated always as identity primary key,
      kind text not null,
      key text not null,
      payload jsonb not null default '{}',
      run_at timestamptz not null,
      status text not null default 'queued' check (status in ('queued', 'running', 'succeeded', 'failed')),
      attempts integer not null default 0,
      max_attempts integer not null default 5 check (max_attempts >= 1),
      last_error text,
      locked_at timestamptz,
      finished_at timestamptz,
      created_at timestamptz not null default now(),
      unique (kind, key)
    )`,
    `create index jobs_due on jobs (status, run_at)`,
  ]);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see up().
export async function down(db: Kysely<any>): Promise<void> {
  await runStatements(db, ['drop table jobs']);
}
