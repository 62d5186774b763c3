// items — 事项目录 (docs/metrics.md §3 items): the items in service in each unit's latest catalogue
// snapshot taken on or before the period's last day, attributed to the implementing org_unit.
import type { Condition, MetricDefinitionInput } from '../definition';
import { eq, isTrue, withDefaults, type Metric } from './shared';

const snapshot = { kind: 'snapshot', column: 'snapshot_date' } as const;
const inService = isTrue('in_service');
const count = (name: string, ...flags: (string | Condition)[]): Metric => ({
  name,
  window: snapshot,
  aggregate: { kind: 'count' },
  where: [inService, ...flags.map((f) => (typeof f === 'string' ? isTrue(f) : f))],
});
/** Items with a statutory limit and a promised limit (the limit-reduction cohort). */
const withLimits: Condition[] = [inService, { column: 'statutory_limit_days', op: '>', value: 0 }, { column: 'promised_limit_days', op: 'not_null' }];

export const ITEMS_METRICS: MetricDefinitionInput[] = withDefaults({ table: 'service_item_snapshots' }, [
  count('items.in_service'),
  count('items.hf_in_service', 'high_frequency'),
  count('items.online_capable', 'online_capable'),
  count('items.hf_online_capable', 'high_frequency', 'online_capable'),
  count('items.full_online', 'full_online'),
  count('items.hf_app_available', 'high_frequency', 'app_available'),
  count('items.zero_material', 'zero_material'),
  count('items.immediate', eq('item_type', 'immediate')),
  count('items.instant_enabled', 'instant_approval_enabled'),
  { name: 'items.limit_statutory_days_sum', window: snapshot, aggregate: { kind: 'sum', column: 'statutory_limit_days' }, where: withLimits },
  { name: 'items.limit_promised_days_sum', window: snapshot, aggregate: { kind: 'sum', column: 'promised_limit_days' }, where: withLimits },
  { name: 'items.approval_steps_sum', window: snapshot, aggregate: { kind: 'sum', column: 'approval_steps' }, where: [inService] },
  count('items.hf_elder_mode', 'high_frequency', 'elder_mode'),
  count('items.hf_accessible', 'high_frequency', 'accessible'),
  count('items.hf_kiosk_available', 'high_frequency', 'kiosk_available'),
  count('items.hf_min_necessary_compliant', 'high_frequency', 'min_necessary_compliant'),
  count('items.rating_enabled', 'rating_enabled'),
  count('items.xprov_listed', 'xprov_listed'),
  count('items.xprov_enabled', 'xprov_listed', 'xprov_enabled'),
  count('items.hf_xprov_listed', 'high_frequency', 'xprov_listed'),
  count('items.hf_xprov_enabled', 'high_frequency', 'xprov_listed', 'xprov_enabled'),
  count('items.inprov_listed', 'inprov_listed'),
  count('items.inprov_enabled', 'inprov_listed', 'inprov_enabled'),
  count('items.standardised', 'standardised'),
  count('items.guide_published', 'guide_published', 'guide_complete'),
]);
