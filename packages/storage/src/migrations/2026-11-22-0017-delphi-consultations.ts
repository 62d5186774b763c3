// Delphi consultations on weights (德尔菲法专家咨询, issue 5 §4): an organiser opens a consultation
// on a set of criteria, invites experts, and runs rounds; in each open round every invited expert
// keeps one pairwise judgement matrix (resubmitted until the round closes); closing a round stores
// the group result (geometric mean, weights, CR, per-judgement dispersion) so later rounds and the
// convergence across rounds read what the experts saw.
import type { Kysely } from 'kysely';
import { runStatements } from './statements';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations must not depend on the current schema type.
export async function up(db: Kysely<any>): Promise<void> {
  await runStatements(db, [
    `create table delphi_consultations (
      id text primary key,
      title text not null,
      org_unit text not null references org_units (code),
      system_code text,
      node text,
      criteria jsonb not null,
      experts jsonb not null,
      current_round integer not null default 1 check (current_round >= 1),
      round_open boolean not null default true,
      created_by text not null,
      created_at timestamptz not null default now()
    )`,
    `create index delphi_consultations_unit on delphi_consultations (org_unit, created_at)`,
    `create table delphi_rounds (
      consultation_id text not null references delphi_consultations (id) on delete cascade,
      round integer not null check (round >= 1),
      opened_by text not null,
      opened_at timestamptz not null,
      closed_by text,
      closed_at timestamptz,
      result jsonb,
      primary key (consultation_id, round),
      check ((closed_at is null) = (result is null))
    )`,
    `create table delphi_judgements (
      consultation_id text not null,
      round integer not null,
      expert text not null,
      matrix jsonb not null,
      cr double precision not null,
      submitted_at timestamptz not null,
      primary key (consultation_id, round, expert),
      foreign key (consultation_id, round) references delphi_rounds (consultation_id, round) on delete cascade
    )`,
  ]);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations must not depend on the current schema type.
export async function down(db: Kysely<any>): Promise<void> {
  await runStatements(db, ['drop table delphi_judgements', 'drop table delphi_rounds', 'drop table delphi_consultations']);
}
