// Drafts and publishing of indicator-system versions (issue 5 §4): the editor saves each change as
// a new draft version; publishing makes it the version evaluations use when none is named. The
// content hash stays the identity of a version. Versions stored before this migration were
// registered from the command line and used as they were, so they become published. A published
// (or retired) version's document, hash and names never change: a trigger refuses it.
import type { Kysely } from 'kysely';
import { runStatements } from './statements';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations must not depend on the current schema type.
export async function up(db: Kysely<any>): Promise<void> {
  await runStatements(db, [
    `alter table indicator_systems add column status text not null default 'published' check (status in ('draft', 'published', 'retired'))`,
    `alter table indicator_systems add column published_at timestamptz`,
    `alter table indicator_systems add column published_by text`,
    `alter table indicator_systems add column created_by text`,
    `update indicator_systems set published_at = created_at where status = 'published'`,
    `alter table indicator_systems add constraint indicator_systems_published_check check ((status = 'draft') = (published_at is null))`,
    // New rows are drafts unless the caller says otherwise (the command line registers published).
    `alter table indicator_systems alter column status set default 'draft'`,
    `create function indicator_systems_published_immutable() returns trigger language plpgsql as $$
      begin
        if old.status <> 'draft' and (new.document::text is distinct from old.document::text or new.hash <> old.hash or new.name_zh <> old.name_zh or new.name_en <> old.name_en) then
          raise exception 'indicator system % version % is published and cannot change', old.code, old.version;
        end if;
        if old.status <> 'draft' and new.status = 'draft' then
          raise exception 'indicator system % version % is published and cannot return to draft', old.code, old.version;
        end if;
        return new;
      end $$`,
    `create trigger indicator_systems_published_immutable before update on indicator_systems for each row execute function indicator_systems_published_immutable()`,
    `create index indicator_systems_latest_published on indicator_systems (code, status, published_at)`,
  ]);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations must not depend on the current schema type.
export async function down(db: Kysely<any>): Promise<void> {
  await runStatements(db, [
    'drop index indicator_systems_latest_published',
    'drop trigger indicator_systems_published_immutable on indicator_systems',
    'drop function indicator_systems_published_immutable',
    'alter table indicator_systems drop constraint indicator_systems_published_check',
    'alter table indicator_systems drop column created_by',
    'alter table indicator_systems drop column published_by',
    'alter table indicator_systems drop column published_at',
    'alter table indicator_systems drop column status',
  ]);
}
