// events — APP 埋点 (docs/metrics.md §3 events), over app_events. Task and survey metrics are
// attributed to org_unit (the service item's unit), user metrics to app_org_unit (the app owner).
import type { Condition, MetricDefinitionInput } from '../definition';
import { coverage, ELDER_AGE_BANDS, eq, inPeriod, isTrue, oneOf, withDefaults, type Metric } from './shared';

const TABLE = 'app_events';
const occurred = inPeriod('occurred_at');
const type = (eventType: string) => eq('event_type', eventType);
const count = (name: string, ...where: Condition[]): Metric => ({ name, window: occurred, aggregate: { kind: 'count' }, where });
const elder = oneOf('user_age_band', ELDER_AGE_BANDS);

/** A task_finish counts when its task has an (accepted) task_start, whenever that was. */
const hasStart: Condition = {
  exists: { table: TABLE, on: [{ column: 'task_id', outerColumn: 'task_id' }], where: [type('task_start'), eq('quality_status', 'accepted')] },
};

const TASKS: MetricDefinitionInput[] = withDefaults({ table: TABLE, unitColumn: 'org_unit' }, [
  count('events.tasks_started', type('task_start')),
  count('events.tasks_finished', type('task_finish'), hasStart),
  count('events.tasks_abandoned', type('task_abandon')),
  count('events.ui_ratings', type('survey_ui')),
  { name: 'events.ui_score_sum', window: occurred, aggregate: { kind: 'sum', column: 'value' }, where: [type('survey_ui')] },
  count('events.nps_responses', type('survey_nps')),
  count('events.nps_promoters', type('survey_nps'), { column: 'value', op: '>=', value: 9 }),
  count('events.nps_detractors', type('survey_nps'), { column: 'value', op: '<=', value: 6 }),
  count('events.core_responses', type('api_timing'), isTrue('core_function')),
  count('events.core_responses_within_2s', type('api_timing'), isTrue('core_function'), { column: 'value', op: '<=', value: 2000 }),
]);

/** An app covered its owner unit in P when it sent any event in P (registrations are cumulative). */
const APP_COVERAGE = [coverage(TABLE, occurred, 'app_org_unit')];
const registered = (name: string, ...where: Condition[]): Metric => ({
  name,
  window: { kind: 'until_end', column: 'occurred_at' },
  aggregate: { kind: 'count' },
  where: [type('register'), ...where],
});

const USERS: MetricDefinitionInput[] = withDefaults({ table: TABLE, unitColumn: 'app_org_unit', coveredBy: APP_COVERAGE }, [
  { name: 'events.active_users_monthly_avg', window: occurred, aggregate: { kind: 'monthly_distinct_avg', column: 'user_id' } },
  registered('events.registered_users'),
  { name: 'events.elder_active_users_monthly_avg', window: occurred, aggregate: { kind: 'monthly_distinct_avg', column: 'user_id' }, where: [elder] },
  registered('events.elder_registered_users', elder),
]);

export const EVENTS_METRICS: MetricDefinitionInput[] = [...TASKS, ...USERS];
