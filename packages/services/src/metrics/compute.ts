// Runs the metric plan for one period and returns one value per (unit, metric): the engine's
// metric facts. All aggregation happens in SQL. The plan's statements are independent: on
// PostgreSQL they run concurrently on the pool (PGlite, one connection, runs them in turn).
import { periodRange } from '@govperf/contracts';
import type { MetricFact } from '@govperf/engine';
import { isEmbedded, type DB } from '@govperf/storage';
import { sql, type Kysely } from 'kysely';
import type { CompiledMetricQuery, TableColumns } from './compile';
import type { MetricDefinition } from './definition';
import { compileMetricPlan } from './plan';
import { refreshSummary } from './summary';

export { compileMetricPlan };

export interface ComputeOptions {
  /** Only these units (e.g. a caller's subtree); default all. */
  units?: ReadonlySet<string>;
  /**
   * Read period windows from daily summaries (summary.ts). Default: on PostgreSQL, not on the
   * embedded engine, where a summary's first use (a full read of its table per day column) costs
   * more than the scans it saves at the data sizes it serves, and blocks its one connection
   * (docs/decisions/0009-metric-summaries-on-postgresql.md).
   */
  summaries?: boolean;
}

/** Whether an evaluation on `db` reads daily summaries. */
export const useSummaries = (db: Kysely<DB>, options: ComputeOptions = {}) => options.summaries ?? !isEmbedded(db);

export async function computeMetrics(db: Kysely<DB>, defs: readonly MetricDefinition[], columns: TableColumns, period: string, options: ComputeOptions = {}): Promise<MetricFact[]> {
  const { start, end } = periodRange(period);
  return runMetricQueries(db, compileMetricPlan(defs, columns, start, end, { summaries: useSummaries(db, options) }), options);
}

/**
 * One statement without JIT compilation. PostgreSQL's JIT compiles every expression of a plan
 * whose estimated cost is high, and the plan's scans have hundreds of FILTER expressions: on the
 * provincial benchmark compiling took longer than executing (docs/benchmarks.md). SET LOCAL ends
 * with the statement's own transaction; inside a caller's transaction the statement runs as is.
 */
async function execute(db: Kysely<DB>, compiled: CompiledMetricQuery) {
  if (db.isTransaction) return compiled.query.execute(db);
  return db.transaction().execute(async (trx) => {
    await sql`set local jit = off`.execute(trx);
    return compiled.query.execute(trx);
  });
}

/** Runs compiled metric queries (the plan, or the reference form in tests) and collects their non-null values as facts. */
export async function runMetricQueries(db: Kysely<DB>, queries: readonly CompiledMetricQuery[], options: ComputeOptions = {}): Promise<MetricFact[]> {
  const results = await Promise.all(
    queries.map(async (q) => {
      // Summaries of different tables refresh concurrently; those of one table take turns (its lock).
      await Promise.all((q.summaries ?? []).map((s) => refreshSummary(db, s)));
      return execute(db, q);
    }),
  );
  const facts: MetricFact[] = [];
  queries.forEach((compiled, q) => {
    for (const row of results[q]!.rows) {
      const unit = String(row.unit);
      if (options.units && !options.units.has(unit)) continue;
      compiled.metrics.forEach((metric, i) => {
        const value = row[`m${i}`];
        if (value === null || value === undefined) return;
        facts.push({ unit, metric, value: Number(value) });
      });
    }
  });
  return addUpParts(facts);
}

/** One fact per unit and metric: the parts of a metric (definition.ts, `plus`) come back as facts of one name, whose values add up. */
export function addUpParts(facts: readonly MetricFact[]): MetricFact[] {
  const byKey = new Map<string, MetricFact>();
  for (const fact of facts) {
    const key = `${fact.unit}\u0000${fact.metric}`;
    const seen = byKey.get(key);
    byKey.set(key, seen ? { ...seen, value: seen.value + fact.value } : fact);
  }
  return [...byKey.values()];
}
