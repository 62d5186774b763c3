// Reference values (issue 5 §2): published benchmarks such as the national average (全国平均) of an
// indicator in a period, on the indicator's raw scale, with the citation of where the figure comes
// from. They are drawn beside a unit's result (radar), never used in scoring or ranking.
import type { Kysely } from 'kysely';
import { runStatements } from './statements';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations must not depend on the current schema type.
export async function up(db: Kysely<any>): Promise<void> {
  await runStatements(db, [
    `create table reference_values (
      system_code text not null,
      indicator_code text not null,
      period text not null,
      reference text not null check (reference ~ '^[a-z][a-z0-9-]{0,63}$'),
      label_zh text not null,
      label_en text not null,
      value double precision not null,
      source text not null check (length(source) > 0),
      imported_at timestamptz not null default now(),
      imported_by text not null,
      primary key (system_code, indicator_code, period, reference)
    )`,
    `create index reference_values_period on reference_values (system_code, period)`,
  ]);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations must not depend on the current schema type.
export async function down(db: Kysely<any>): Promise<void> {
  await runStatements(db, ['drop table reference_values']);
}
