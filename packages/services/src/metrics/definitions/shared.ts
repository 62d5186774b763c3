// Building blocks shared by the catalogue modules (one module per fact prefix, docs/metrics.md §3).
import { ELDER_AGE_BANDS as ELDER } from '@govperf/contracts';
import type { Condition, Coverage, MetricDefinitionInput, MetricWindow } from '../definition';

/** docs/metrics.md: "elder" is the age bands 60-69, 70-79 and 80+. */
export const ELDER_AGE_BANDS: string[] = [...ELDER];

export const inPeriod = (column: string): MetricWindow => ({ kind: 'period', column });

export const eq = (column: string, value: string | number | boolean): Condition => ({ column, op: '=', value });
export const isTrue = (column: string): Condition => eq(column, true);
export const oneOf = (column: string, values: (string | number)[]): Condition => ({ column, op: 'in', values });

/** Rows of `table` placed in the period by `column`: coverage evidence that a source reported for the unit. */
export const coverage = (table: string, window: MetricWindow, unitColumn = 'org_unit'): Coverage => ({ table, unitColumn, window });

/** Definitions of one fact share table, unit column and coverage: only name, window, aggregate and filters vary. */
export type Metric = Omit<MetricDefinitionInput, 'table' | 'unitColumn' | 'coveredBy'> & { table?: string; unitColumn?: string };

export function withDefaults(defaults: Pick<MetricDefinitionInput, 'table'> & Partial<MetricDefinitionInput>, metrics: Metric[]): MetricDefinitionInput[] {
  return metrics.map((m) => ({ ...defaults, ...m }));
}
