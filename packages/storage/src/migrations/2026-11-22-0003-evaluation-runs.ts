// Evaluation runs, stored immutably: the system version and hash, the input hash, the metric
// values used (so a run can be re-explained and re-verified without the raw facts changing
// underneath it), and every unit × indicator result for the cockpit to read.
import type { Kysely } from 'kysely';
import { runStatements } from './statements';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations must not depend on the current schema type.
export async function up(db: Kysely<any>): Promise<void> {
  await runStatements(db, [
    `create table evaluation_runs (
      id text primary key,
      system_code text not null,
      system_version text not null,
      system_hash text not null,
      period text not null,
      scope_org_unit text not null references org_units (code),
      input_hash text not null,
      status text not null check (status in ('running', 'succeeded', 'failed')),
      error text,
      result jsonb,
      warnings jsonb not null default '[]',
      started_at timestamptz not null default now(),
      finished_at timestamptz,
      published_at timestamptz,
      corrects_run_id text references evaluation_runs (id),
      foreign key (system_code, system_version) references indicator_systems (code, version)
    )`,
    `create index evaluation_runs_lookup on evaluation_runs (system_code, period, scope_org_unit)`,
    `create table evaluation_inputs (
      run_id text not null references evaluation_runs (id),
      unit text not null,
      metric text not null,
      value double precision not null,
      primary key (run_id, unit, metric)
    )`,
    `create table evaluation_unit_results (
      run_id text not null references evaluation_runs (id),
      unit text not null,
      peer_group text not null,
      score double precision,
      score_rounded double precision,
      grade text,
      rank integer,
      vetoed boolean not null,
      vetoes jsonb not null default '[]',
      primary key (run_id, unit)
    )`,
    `create table evaluation_indicator_results (
      run_id text not null references evaluation_runs (id),
      unit text not null,
      indicator text not null,
      value double precision,
      score double precision,
      weight double precision not null,
      contribution double precision,
      light text check (light in ('green', 'yellow', 'red')),
      no_data text,
      primary key (run_id, unit, indicator)
    )`,
    // A stored result is never changed in place: corrections are new runs.
    `create function evaluation_results_immutable() returns trigger language plpgsql as $$
      begin
        raise exception 'evaluation results are immutable; start a corrected run instead';
      end
    $$`,
    // A run row may change once: when it is published. Nothing else, and it is never deleted.
    `create function evaluation_runs_publish_only() returns trigger language plpgsql as $$
      begin
        if tg_op = 'DELETE' then
          raise exception 'evaluation runs are never deleted';
        end if;
        if old.status = 'running' then
          return new;
        end if;
        if old.published_at is not null or (to_jsonb(new) - 'published_at') is distinct from (to_jsonb(old) - 'published_at') then
          raise exception 'evaluation results are immutable; only an unpublished run can be published';
        end if;
        return new;
      end
    $$`,
    `create trigger evaluation_runs_publish_only before update or delete on evaluation_runs for each row execute function evaluation_runs_publish_only()`,
    `create trigger evaluation_inputs_immutable before update or delete on evaluation_inputs for each row execute function evaluation_results_immutable()`,
    `create trigger evaluation_unit_results_immutable before update or delete on evaluation_unit_results for each row execute function evaluation_results_immutable()`,
    `create trigger evaluation_indicator_results_immutable before update or delete on evaluation_indicator_results for each row execute function evaluation_results_immutable()`,
  ]);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see up().
export async function down(db: Kysely<any>): Promise<void> {
  await runStatements(db, [
    'drop table evaluation_indicator_results',
    'drop table evaluation_unit_results',
    'drop table evaluation_inputs',
    'drop table evaluation_runs',
    'drop function evaluation_results_immutable',
    'drop function evaluation_runs_publish_only',
  ]);
}
