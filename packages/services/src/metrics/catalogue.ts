// The platform's metric catalogue: every metric docs/metrics.md defines, as declarative
// definitions over the fact tables. (Definitions arrive with the fact tables.)
import type { MetricCatalogue } from '../evaluation/run-evaluation';

export function defaultMetricCatalogue(): MetricCatalogue {
  return { definitions: new Map(), columns: {} };
}
