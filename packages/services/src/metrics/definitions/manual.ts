// manual — 人工填报 (docs/metrics.md §1 "Manual metrics", §3 manual): manual.<item> = SUM(value) of the
// verified submissions of form item <item> for exactly the evaluated period (data-model.md §6.3),
// attributed to org_unit. Each form item is its own source: a unit without a verified submission
// of the item has no data, not 0.
import { MANUAL_FORM_ITEMS } from '@govperf/contracts';
import type { MetricDefinitionInput } from '../definition';
import { eq } from './shared';

export const MANUAL_METRICS: MetricDefinitionInput[] = Object.keys(MANUAL_FORM_ITEMS).map((item) => ({
  name: `manual.${item}`,
  table: 'manual_submissions',
  window: { kind: 'period_label', column: 'period' },
  aggregate: { kind: 'sum', column: 'value' },
  where: [eq('form_item', item), eq('status', 'verified')],
  noMatch: 'no_data',
}));
