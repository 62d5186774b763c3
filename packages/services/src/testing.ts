// Test helpers: a two-metric catalogue over a small probe table, for tests of evaluation runs
// that need stored facts without the full fact schema.
import type { DB } from '@govperf/storage';
import { sql, type Kysely } from 'kysely';
import { MetricDefinitionSchema } from './metrics/definition';
import type { MetricCatalogue } from './evaluation/run-evaluation';

export const PROBE_CATALOGUE: MetricCatalogue = {
  columns: { probe_cases: new Set(['org_unit', 'completed_at', 'on_time', 'quality_status']) },
  definitions: new Map(
    [
      { name: 'probe.completed', table: 'probe_cases', window: { kind: 'period', column: 'completed_at' }, aggregate: { kind: 'count' } },
      { name: 'probe.on_time', table: 'probe_cases', window: { kind: 'period', column: 'completed_at' }, aggregate: { kind: 'count' }, where: [{ column: 'on_time', op: '=', value: true }] },
    ].map((d) => [d.name, MetricDefinitionSchema.parse(d)] as const),
  ),
};

/** Creates probe_cases with, per entry, `total` cases of `unit` completed at `at`, the first `onTime` of them on time. */
export async function createProbeCases(db: Kysely<DB>, cases: readonly { unit: string; at: string; total: number; onTime: number }[]): Promise<void> {
  await sql`create table probe_cases (org_unit text, completed_at timestamptz, on_time boolean, quality_status text default 'accepted')`.execute(db);
  for (const c of cases) for (let i = 0; i < c.total; i++) await sql`insert into probe_cases values (${c.unit}, ${c.at}, ${i < c.onTime})`.execute(db);
}
