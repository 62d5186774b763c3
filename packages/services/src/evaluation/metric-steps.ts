// The metric plan run one statement at a time, reporting after each: the same statements and the
// same facts as computeMetrics, for a run someone is watching (a background run's progress).
import { periodRange } from '@govperf/contracts';
import type { MetricFact } from '@govperf/engine';
import type { DB } from '@govperf/storage';
import type { Kysely } from 'kysely';
import type { TableColumns } from '../metrics/compile';
import { addUpParts, compileMetricPlan, runMetricQueries, useSummaries, type ComputeOptions } from '../metrics/compute';
import type { MetricDefinition } from '../metrics/definition';

/** `step(done, total)`: metrics computed so far out of all of them, after each statement. */
export async function computeMetricsStepwise(
  db: Kysely<DB>,
  defs: readonly MetricDefinition[],
  columns: TableColumns,
  period: string,
  options: ComputeOptions,
  step: (done: number, total: number) => void | Promise<void>,
): Promise<MetricFact[]> {
  const { start, end } = periodRange(period);
  const queries = compileMetricPlan(defs, columns, start, end, { summaries: useSummaries(db, options) });
  const total = queries.reduce((n, q) => n + q.metrics.length, 0);
  let done = 0;
  await step(done, total);
  const facts: MetricFact[] = [];
  for (const query of queries) {
    facts.push(...(await runMetricQueries(db, [query], options)));
    done += query.metrics.length;
    await step(done, total);
  }
  // A metric's parts may come from different statements.
  return addUpParts(facts);
}
