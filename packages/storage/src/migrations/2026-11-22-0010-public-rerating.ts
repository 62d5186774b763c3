// Citizens' re-rating of a closed rectification task on the public portal (issue 7 §5). One per
// person per task: the person is their mainland mobile number, stored only as the deterministic
// field-cipher envelope (docs/data-model.md §7.1) — equal numbers give equal envelopes, so the
// unique constraint below holds on the encrypted value and the number itself is never stored.
import type { Kysely } from 'kysely';
import { runStatements } from './statements';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations must not depend on the current schema type.
export async function up(db: Kysely<any>): Promise<void> {
  await runStatements(db, [
    `create table rectification_reratings (
      id bigint generated always as identity primary key,
      task_id text not null references rectification_tasks (id),
      level smallint not null check (level between 1 and 5),
      phone text not null,
      comment text check (char_length(comment) <= 500),
      rated_at timestamptz not null default now(),
      unique (task_id, phone)
    )`,
    `create index rectification_reratings_task on rectification_reratings (task_id)`,
  ]);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations must not depend on the current schema type.
export async function down(db: Kysely<any>): Promise<void> {
  await runStatements(db, ['drop table rectification_reratings']);
}
