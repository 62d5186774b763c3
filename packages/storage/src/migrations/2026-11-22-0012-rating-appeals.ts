// Appeals of a 好差评 rating (申诉, issue 6 §2): a department appeals a mistaken (误评) or malicious
// (恶意差评) bad rating of its unit within the window, with grounds and evidence; a reviewer decides
// once. An upheld appeal never deletes the rating: it sets the fact's quality_status to the new
// value 'appealed', which no metric counts (they count 'accepted' only). A trigger keeps the
// status once set, so a re-delivery of the same rating by its source cannot bring it back.
import type { Kysely } from 'kysely';
import { runStatements } from './statements';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations must not depend on the current schema type.
export async function up(db: Kysely<any>): Promise<void> {
  await runStatements(db, [
    // 0002 declared the check inline; PostgreSQL named it <table>_<column>_check.
    `alter table ratings drop constraint ratings_quality_status_check`,
    `alter table ratings add constraint ratings_quality_status_check check (quality_status in ('accepted', 'rejected', 'flagged', 'appealed'))`,
    `create function ratings_keep_appealed() returns trigger language plpgsql as $$
      begin
        new.quality_status := 'appealed';
        return new;
      end $$`,
    `create trigger ratings_appealed_is_final before update of quality_status on ratings for each row
      when (old.quality_status = 'appealed' and new.quality_status is distinct from 'appealed') execute function ratings_keep_appealed()`,
    `create table rating_appeals (
      id text primary key,
      rating_id text not null,
      rating_source text not null,
      rating_source_id text not null,
      org_unit text not null references org_units (code),
      level smallint not null check (level between 1 and 5),
      rated_at timestamptz not null,
      kind text not null check (kind in ('mistaken', 'malicious')),
      grounds text not null,
      evidence jsonb not null default '[]',
      submitted_by text not null,
      submitted_at timestamptz not null,
      deadline timestamptz not null,
      status text not null default 'pending' check (status in ('pending', 'upheld', 'rejected')),
      decision_reason text,
      decided_by text,
      decided_at timestamptz,
      history jsonb not null default '[]',
      check ((status = 'pending') = (decided_at is null))
    )`,
    // One appeal per rating (a decided one is final): the unique index also settles a race.
    `create unique index rating_appeals_one_per_rating on rating_appeals (rating_source, rating_source_id)`,
    `create index rating_appeals_unit on rating_appeals (org_unit, status, submitted_at)`,
  ]);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations must not depend on the current schema type.
export async function down(db: Kysely<any>): Promise<void> {
  await runStatements(db, [
    'drop table rating_appeals',
    'drop trigger ratings_appealed_is_final on ratings',
    'drop function ratings_keep_appealed',
    // Still not counted after the rollback.
    `update ratings set quality_status = 'flagged' where quality_status = 'appealed'`,
    'alter table ratings drop constraint ratings_quality_status_check',
    `alter table ratings add constraint ratings_quality_status_check check (quality_status in ('accepted', 'rejected', 'flagged'))`,
  ]);
}
