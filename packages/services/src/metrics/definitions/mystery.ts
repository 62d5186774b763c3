// mystery — 神秘顾客 (docs/metrics.md §3 mystery), over verified mystery_shopper_runs attributed to org_unit.
import type { MetricDefinitionInput } from '../definition';
import { inPeriod, isTrue, withDefaults } from './shared';

const runAt = inPeriod('run_at');
const verified = isTrue('verified');
const hf = isTrue('high_frequency');

export const MYSTERY_METRICS: MetricDefinitionInput[] = withDefaults({ table: 'mystery_shopper_runs' }, [
  { name: 'mystery.runs', window: runAt, aggregate: { kind: 'count' }, where: [verified] },
  { name: 'mystery.score_sum', window: runAt, aggregate: { kind: 'sum', column: 'score' }, where: [verified] },
  { name: 'mystery.hf_runs', window: runAt, aggregate: { kind: 'count' }, where: [verified, hf] },
  { name: 'mystery.hf_steps_sum', window: runAt, aggregate: { kind: 'sum', column: 'steps' }, where: [verified, hf] },
]);
