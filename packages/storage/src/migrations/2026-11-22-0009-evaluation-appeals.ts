// Appeals against a published evaluation result (申诉, issue 7 §4): submitted by the evaluated
// unit within the appeal window with its evidence, decided by a reviewer with a recorded reason.
// An upheld appeal never changes the published run: it produces a corrected run
// (evaluation_runs.corrects_run_id), which is published in its turn.
import type { Kysely } from 'kysely';
import { runStatements } from './statements';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations must not depend on the current schema type.
export async function up(db: Kysely<any>): Promise<void> {
  await runStatements(db, [
    `create table evaluation_appeals (
      id text primary key,
      run_id text not null references evaluation_runs (id),
      org_unit text not null references org_units (code),
      indicator text,
      grounds text not null,
      evidence jsonb not null default '[]',
      submitted_by text not null,
      submitted_at timestamptz not null,
      status text not null default 'pending' check (status in ('pending', 'upheld', 'rejected')),
      decision_reason text,
      decided_by text,
      decided_at timestamptz,
      corrected_run_id text references evaluation_runs (id),
      check ((status = 'pending') = (decided_at is null))
    )`,
    `create index evaluation_appeals_run on evaluation_appeals (run_id, org_unit)`,
    `create index evaluation_appeals_pending on evaluation_appeals (submitted_at) where status = 'pending'`,
  ]);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations must not depend on the current schema type.
export async function down(db: Kysely<any>): Promise<void> {
  await runStatements(db, ['drop table evaluation_appeals']);
}
