// ratings — 好差评 (docs/metrics.md §3 ratings), over ratings attributed to org_unit.
import type { Condition, MetricDefinitionInput } from '../definition';
import { coverage, ELDER_AGE_BANDS, eq, inPeriod, isTrue, oneOf, withDefaults, type Metric } from './shared';

const TABLE = 'ratings';
const rated = inPeriod('rated_at');
const rectifyDue = inPeriod('rectify_due_at');

/** Ratings data covered a unit in P when a rating was given, or a bad one fell due, in P. */
export const RATINGS_COVERAGE = [coverage(TABLE, rated), coverage(TABLE, rectifyDue)];

const count = (name: string, ...where: Condition[]): Metric => ({ name, window: rated, aggregate: { kind: 'count' }, where });
/** 非常满意 100, 满意 75, 基本满意 50, 不满意 25, 非常不满意 0: (level - 1) * 25. */
const points = (name: string, ...where: Condition[]): Metric => ({ name, window: rated, aggregate: { kind: 'sum', column: 'level', plus: -1, times: 25 }, where });

const atLeast = (level: number): Condition => ({ column: 'level', op: '>=', value: level });
const person = eq('rater_type', 'person');
const enterprise = eq('rater_type', 'enterprise');
const elder = oneOf('rater_age_band', ELDER_AGE_BANDS);
const badRealName: Condition[] = [isTrue('real_name'), { column: 'level', op: '<=', value: 2 }];

export const RATINGS_METRICS: MetricDefinitionInput[] = withDefaults({ table: TABLE, coveredBy: RATINGS_COVERAGE }, [
  count('ratings.total'),
  points('ratings.points_sum'),
  count('ratings.good', atLeast(4)),
  count('ratings.satisfied', atLeast(3)),
  count('ratings.person_total', person),
  count('ratings.person_satisfied', person, atLeast(3)),
  count('ratings.enterprise_total', enterprise),
  count('ratings.enterprise_satisfied', enterprise, atLeast(3)),
  count('ratings.elder_total', elder),
  points('ratings.elder_points_sum', elder),
  { name: 'ratings.bad_real_name_due', window: rectifyDue, aggregate: { kind: 'count' }, where: badRealName },
  {
    name: 'ratings.bad_real_name_rectified_on_time',
    window: rectifyDue,
    aggregate: { kind: 'count' },
    where: [...badRealName, { column: 'rectified_at', op: 'not_null' }, { column: 'rectified_at', op: '<=', otherColumn: 'rectify_due_at' }],
  },
]);
