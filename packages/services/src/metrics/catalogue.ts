// The platform's metric catalogue: every metric docs/metrics.md defines, as declarative
// definitions over the fact tables (one module per fact prefix in ./definitions), compiled to SQL
// by compile.ts against the column allow-list of the fact tables (FACT_TABLE_COLUMNS) and of the
// app catalogue (ops.apps).
import { FACT_TABLE_COLUMNS } from '@govperf/storage';
import type { MetricCatalogue } from '../evaluation/run-evaluation';
import type { TableColumns } from './compile';
import { MetricDefinitionSchema, type MetricDefinition, type MetricDefinitionInput } from './definition';
import { EVENTS_METRICS } from './definitions/events';
import { FEEDBACK_METRICS } from './definitions/feedback';
import { HANDLING_METRICS } from './definitions/handling';
import { ITEMS_METRICS } from './definitions/items';
import { MANUAL_METRICS } from './definitions/manual';
import { MYSTERY_METRICS } from './definitions/mystery';
import { OPS_METRICS } from './definitions/ops';
import { QUALITY_METRICS } from './definitions/quality';
import { RATINGS_METRICS } from './definitions/ratings';
import { SHARING_METRICS } from './definitions/sharing';

/** Every definition, in the order of docs/metrics.md §3. */
export const METRIC_DEFINITIONS: readonly MetricDefinitionInput[] = [
  ...HANDLING_METRICS,
  ...RATINGS_METRICS,
  ...EVENTS_METRICS,
  ...FEEDBACK_METRICS,
  ...MYSTERY_METRICS,
  ...OPS_METRICS,
  ...ITEMS_METRICS,
  ...SHARING_METRICS,
  ...QUALITY_METRICS,
  ...MANUAL_METRICS,
];

/** The tables and columns definitions may name: the fact tables, the app catalogue, and the records ingestion refused (quality.*). */
export function catalogueColumns(): TableColumns {
  const columns: Record<string, ReadonlySet<string>> = {};
  for (const [table, names] of Object.entries(FACT_TABLE_COLUMNS)) columns[table] = new Set(names);
  columns.apps = new Set(['code', 'name', 'org_unit_code', 'kind', 'in_service_from', 'in_service_to']);
  columns.rejected_records = new Set(['id', 'batch_id', 'fact_type', 'source', 'source_id', 'record_index', 'payload', 'errors', 'received_at']);
  return columns;
}

export function defaultMetricCatalogue(): MetricCatalogue {
  const definitions = new Map<string, MetricDefinition>();
  for (const input of METRIC_DEFINITIONS) {
    const def = MetricDefinitionSchema.parse(input);
    if (definitions.has(def.name)) throw new Error(`metric ${def.name} is defined twice`);
    definitions.set(def.name, def);
  }
  return { definitions, columns: catalogueColumns() };
}
