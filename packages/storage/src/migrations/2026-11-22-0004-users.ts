// Staff accounts, minimal for now (the access-control issue adds roles and sessions): the
// demo's admin and the owner of each API token.
import type { Kysely } from 'kysely';
import { runStatements } from './statements';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations must not depend on the current schema type.
export async function up(db: Kysely<any>): Promise<void> {
  await runStatements(db, [
    `create table users (
      username text primary key check (username ~ '^[a-z0-9_.-]{3,64}$'),
      display_name text not null,
      password_hash text not null,
      role text not null check (role in ('admin', 'expert', 'data_operator', 'department_operator', 'evaluator', 'auditor')),
      org_unit_code text not null references org_units (code),
      created_at timestamptz not null default now(),
      disabled_at timestamptz
    )`,
    `alter table api_tokens add column created_by text references users (username)`,
  ]);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see up().
export async function down(db: Kysely<any>): Promise<void> {
  await runStatements(db, ['alter table api_tokens drop column created_by', 'drop table users']);
}
