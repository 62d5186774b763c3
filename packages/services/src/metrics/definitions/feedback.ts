// feedback — 诉求、投诉与建议 (docs/metrics.md §3 feedback), over feedback attributed to org_unit
// (the responsible unit after routing).
import type { Condition, MetricDefinitionInput } from '../definition';
import { coverage, eq, inPeriod, isTrue, oneOf, withDefaults, type Metric } from './shared';

const TABLE = 'feedback';
const received = inPeriod('received_at');
const due = inPeriod('due_at');
const delivered = inPeriod('delivered_at');
const closed = inPeriod('closed_at');
const majorConfirmed = inPeriod('major_confirmed_at');

/** Feedback data covered a unit in P when any of its feedback came in, fell due, was delivered, closed or designated major in P. */
export const FEEDBACK_COVERAGE = [received, due, delivered, closed, majorConfirmed].map((w) => coverage(TABLE, w));

const complaint = oneOf('kind', ['complaint', 'bug']);
const demand = oneOf('kind', ['suggestion', 'demand']);
const within = (column: string, plus: { hours?: number; minutes?: number }): Condition => ({ column, op: '<=', otherColumn: 'received_at', plus });
const count = (name: string, window: Metric['window'], ...where: Condition[]): Metric => ({ name, window, aggregate: { kind: 'count' }, where });

export const FEEDBACK_METRICS: MetricDefinitionInput[] = withDefaults({ table: TABLE, coveredBy: FEEDBACK_COVERAGE }, [
  count('feedback.complaints', received, complaint),
  count('feedback.complaints_responded_24h', received, complaint, within('first_response_at', { hours: 24 })),
  count(
    'feedback.complaints_15min_24h',
    received,
    complaint,
    within('first_response_at', { minutes: 15 }),
    within('resolved_at', { hours: 24 }),
    eq('resolution', 'resolved'),
  ),
  count('feedback.complaints_due', due, complaint),
  count('feedback.complaints_resolved', due, complaint, eq('resolution', 'resolved'), { column: 'resolved_at', op: '<', bound: 'period_end' }),
  count('feedback.major_complaints', majorConfirmed, isTrue('major')),
  count('feedback.demands_due', due, demand),
  count('feedback.demands_responded_on_time', due, demand, { column: 'first_response_at', op: '<=', otherColumn: 'due_at' }),
  count('feedback.demands_delivered', delivered, demand),
  {
    name: 'feedback.demand_cycle_days_sum',
    window: delivered,
    aggregate: { kind: 'sum', elapsed: { from: 'received_at', to: 'delivered_at', unit: 'days' } },
    where: [demand],
  },
  count('feedback.suggestions_closed', closed, demand),
  count('feedback.suggestions_adopted', closed, demand, eq('status', 'online')),
]);
