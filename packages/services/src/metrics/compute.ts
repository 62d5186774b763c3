// Runs the compiled metric queries for one period and returns one value per (unit, metric):
// the engine's metric facts. All aggregation happens in SQL.
import { periodRange } from '@govperf/contracts';
import type { MetricFact } from '@govperf/engine';
import type { DB } from '@govperf/storage';
import type { Kysely } from 'kysely';
import { compileMetricQueries, type TableColumns } from './compile';
import type { MetricDefinition } from './definition';

export interface ComputeOptions {
  /** Only these units (e.g. a caller's subtree); default all. */
  units?: ReadonlySet<string>;
}

export async function computeMetrics(db: Kysely<DB>, defs: readonly MetricDefinition[], columns: TableColumns, period: string, options: ComputeOptions = {}): Promise<MetricFact[]> {
  const { start, end } = periodRange(period);
  const facts: MetricFact[] = [];
  for (const compiled of compileMetricQueries(defs, columns, start, end)) {
    const { rows } = await compiled.query.execute(db);
    for (const row of rows) {
      const unit = String(row.unit);
      if (options.units && !options.units.has(unit)) continue;
      compiled.metrics.forEach((metric, i) => {
        const value = row[`m${i}`];
        if (value === null || value === undefined) return;
        facts.push({ unit, metric, value: Number(value) });
      });
    }
  }
  return facts;
}
