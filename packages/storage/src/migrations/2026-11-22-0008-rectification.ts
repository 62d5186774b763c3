// The rectification ledger (问题台账, issue 7): tasks generated from a published evaluation run
// (three response levels), carried through plan → do → check → act, with an append-only history
// of every step. A task is unique per origin run, level, unit and subject, so generating the
// responses of a run twice creates nothing new.
import type { Kysely } from 'kysely';
import { runStatements } from './statements';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations must not depend on the current schema type.
export async function up(db: Kysely<any>): Promise<void> {
  await runStatements(db, [
    `create table rectification_tasks (
      id text primary key,
      origin_run_id text not null references evaluation_runs (id),
      system_code text not null,
      origin_period text not null,
      level smallint not null check (level in (1, 2, 3)),
      kind text not null check (kind in ('special_plan', 'optimisation', 'user_review')),
      org_unit text not null references org_units (code),
      subject text not null,
      indicator text,
      tag text,
      item_code text,
      reason jsonb not null,
      baseline_value double precision,
      baseline_score double precision,
      target double precision,
      direction text check (direction in ('benefit', 'cost')),
      status text not null default 'open' check (status in ('open', 'in_progress', 'checking', 'closed')),
      plan jsonb,
      progress_percent smallint not null default 0 check (progress_percent between 0 and 100),
      due_at timestamptz not null,
      last_value double precision,
      last_run_id text references evaluation_runs (id),
      last_period text,
      reopen_count integer not null default 0,
      supervised_at timestamptz,
      escalation_level smallint not null default 0,
      escalated_to text references org_units (code),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      closed_at timestamptz,
      closed_by_run_id text references evaluation_runs (id),
      unique (origin_run_id, level, org_unit, subject)
    )`,
    `create index rectification_tasks_unit on rectification_tasks (org_unit, status)`,
    `create index rectification_tasks_open_by_system on rectification_tasks (system_code, org_unit) where status <> 'closed'`,
    `create index rectification_tasks_due on rectification_tasks (due_at) where status <> 'closed'`,
    `create table rectification_events (
      id bigserial primary key,
      task_id text not null references rectification_tasks (id),
      at timestamptz not null default now(),
      actor text not null,
      kind text not null check (kind in ('created', 'planned', 'progress', 'submitted', 'remeasured', 'closed', 'reopened', 'supervised', 'escalated')),
      details jsonb not null default '{}'
    )`,
    `create index rectification_events_task on rectification_events (task_id, id)`,
    `create function rectification_events_append_only() returns trigger language plpgsql as $$
      begin
        raise exception 'rectification_events is append-only: % refused', tg_op using errcode = 'insufficient_privilege';
      end $$`,
    `create trigger rectification_events_no_update before update or delete on rectification_events for each row execute function rectification_events_append_only()`,
  ]);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations must not depend on the current schema type.
export async function down(db: Kysely<any>): Promise<void> {
  await runStatements(db, ['drop table rectification_events', 'drop function rectification_events_append_only', 'drop table rectification_tasks']);
}
