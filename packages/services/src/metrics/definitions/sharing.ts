// sharing — 数据共享交换 (docs/metrics.md §3 sharing): calls and applications attributed to
// provider_org_unit (the unit responsible for the interface or the data).
import type { MetricDefinitionInput } from '../definition';
import { coverage, inPeriod, isTrue, withDefaults } from './shared';

const called = inPeriod('called_at');
const submitted = inPeriod('submitted_at');
const UNIT = 'provider_org_unit';

/** Sharing data covered a provider in P when any of its interfaces was called or any application to it was submitted in P. */
export const SHARING_COVERAGE = [coverage('sharing_calls', called, UNIT), coverage('sharing_applications', submitted, UNIT)];

export const SHARING_METRICS: MetricDefinitionInput[] = withDefaults({ table: 'sharing_calls', unitColumn: UNIT, coveredBy: SHARING_COVERAGE }, [
  { name: 'sharing.calls', window: called, aggregate: { kind: 'count' } },
  { name: 'sharing.calls_succeeded', window: called, aggregate: { kind: 'count' }, where: [isTrue('success')] },
  { name: 'sharing.calls_timed_out', window: called, aggregate: { kind: 'count' }, where: [isTrue('timed_out')] },
  { name: 'sharing.records_returned', window: called, aggregate: { kind: 'sum', column: 'records_returned' }, where: [isTrue('success')] },
  { name: 'sharing.records_disputed', window: called, aggregate: { kind: 'sum', column: 'records_disputed' } },
  { table: 'sharing_applications', name: 'sharing.applications', window: submitted, aggregate: { kind: 'count' } },
  {
    table: 'sharing_applications',
    name: 'sharing.applications_answered_on_time',
    window: submitted,
    aggregate: { kind: 'count' },
    where: [{ column: 'answered_at', op: '<=', otherColumn: 'due_at' }],
  },
]);
