// handling — 办件 (docs/metrics.md §3 handling), over handling_records attributed to org_unit.
import type { Condition, MetricDefinitionInput } from '../definition';
import { coverage, ELDER_AGE_BANDS, eq, inPeriod, isTrue, oneOf, withDefaults, type Metric } from './shared';

const TABLE = 'handling_records';
const completedInPeriod = inPeriod('completed_at');
/** "Completed records": completed_at in P and result != 'withdrawn' (approved, rejected, transferred). */
const notWithdrawn: Condition = { column: 'result', op: '!=', value: 'withdrawn' };
/** The state at the end of P: accepted before it, not completed before it. */
const openAtEnd: Condition = { any: [{ column: 'completed_at', op: 'is_null' }, { column: 'completed_at', op: '>=', bound: 'period_end' }] };
const acceptedBeforeEnd = { kind: 'until_end', column: 'accepted_at' } as const;

/** Handling data covered a unit in P when any of its cases was accepted, completed, or found wrong or non-compliant in P. */
export const HANDLING_COVERAGE = ['completed_at', 'accepted_at', 'error_found_at', 'noncompliance_found_at'].map((c) => coverage(TABLE, inPeriod(c)));

/** Of the completed records: `filters` (count). */
const completed = (name: string, ...filters: Condition[]): Metric => ({ name, window: completedInPeriod, aggregate: { kind: 'count' }, where: [notWithdrawn, ...filters] });
/** Over the completed records with `filters`: SUM(column). */
const completedSum = (name: string, column: string, ...filters: Condition[]): Metric => ({
  name,
  window: completedInPeriod,
  aggregate: { kind: 'sum', column },
  where: [notWithdrawn, ...filters],
});

const hf = isTrue('high_frequency');
const startup = eq('scenario', 'enterprise_startup');
const realEstate = eq('scenario', 'real_estate_registration');
const statutoryLimit: Condition = { column: 'statutory_limit_days', op: '>', value: 0 };

export const HANDLING_METRICS: MetricDefinitionInput[] = withDefaults({ table: TABLE, coveredBy: HANDLING_COVERAGE }, [
  completed('handling.completed'),
  completed('handling.completed_with_promise', { column: 'promised_due_at', op: 'not_null' }),
  completed('handling.completed_on_time', { column: 'promised_due_at', op: 'not_null' }, { column: 'completed_at', op: '<=', otherColumn: 'promised_due_at' }),
  {
    name: 'handling.open_with_promise_at_end',
    window: acceptedBeforeEnd,
    aggregate: { kind: 'count' },
    where: [openAtEnd, { column: 'promised_due_at', op: 'not_null' }],
  },
  {
    // (a) completed in P after the promised deadline, plus (b) open at the end of P and already
    // past it — disjoint (completed before the end, or not). Two parts rather than one filter:
    // (a) then adds up daily summaries, and only (b) reads the cases open at the end.
    ...completed('handling.overdue', { column: 'completed_at', op: '>', otherColumn: 'promised_due_at' }),
    plus: [{ window: acceptedBeforeEnd, where: [openAtEnd, { column: 'promised_due_at', op: '<', bound: 'period_end' }] }],
  },
  completed('handling.hf_online_completed', hf, isTrue('full_online')),
  {
    name: 'handling.hf_online_minutes_sum',
    window: completedInPeriod,
    aggregate: { kind: 'sum', elapsed: { from: 'submitted_at', to: 'completed_at', unit: 'minutes' } },
    where: [notWithdrawn, hf, isTrue('full_online')],
  },
  completed('handling.xdept_required_completed', isTrue('cross_department_required')),
  completed('handling.xdept_collab_completed', isTrue('cross_department_required'), isTrue('cross_department')),
  completed('handling.out_of_region_completed', isTrue('applicant_out_of_region')),
  completed('handling.cross_region_completed', isTrue('applicant_out_of_region'), isTrue('cross_region')),
  completedSum('handling.materials_required_sum', 'materials_required'),
  completedSum('handling.materials_submitted_sum', 'materials_submitted'),
  completedSum('handling.materials_reused_sum', 'materials_reused'),
  completedSum('handling.materials_cross_region_sum', 'materials_cross_region'),
  completedSum('handling.materials_cross_region_recognised_sum', 'materials_cross_region_recognised'),
  completed('handling.one_time_completed', eq('supplement_requests', 0), { column: 'trips', op: '<=', value: 1 }),
  completedSum('handling.trips_sum', 'trips'),
  completed('handling.full_online_completed', isTrue('full_online')),
  completed('handling.hf_completed', hf),
  completed('handling.hf_instant_completed', hf, isTrue('instant_approval')),
  completed('handling.hf_approved', hf, eq('result', 'approved')),
  completed('handling.hf_online_channel_completed', hf, oneOf('channel', ['app', 'web'])),
  { name: 'handling.errors_found', window: inPeriod('error_found_at'), aggregate: { kind: 'count' } },
  { name: 'handling.noncompliance_found', window: inPeriod('noncompliance_found_at'), aggregate: { kind: 'count' } },
  completed('handling.auto_reviewed', oneOf('auto_review', ['passed', 'fallback'])),
  completed('handling.auto_review_passed', eq('auto_review', 'passed')),
  completedSum('handling.statutory_limit_days_sum', 'statutory_limit_days', statutoryLimit),
  completedSum('handling.elapsed_days_sum', 'elapsed_working_days', statutoryLimit),
  {
    name: 'handling.appointments_served',
    window: inPeriod('accepted_at'),
    aggregate: { kind: 'count' },
    where: [{ column: 'appointment_slot_start', op: 'not_null' }],
  },
  {
    name: 'handling.appointments_on_slot',
    window: inPeriod('accepted_at'),
    aggregate: { kind: 'count' },
    where: [
      { column: 'appointment_slot_start', op: 'not_null' },
      { column: 'accepted_at', op: '>=', otherColumn: 'appointment_slot_start' },
      { column: 'accepted_at', op: '<=', otherColumn: 'appointment_slot_end' },
    ],
  },
  completed('handling.startup_completed', startup),
  completedSum('handling.startup_days_sum', 'elapsed_working_days', startup),
  completed('handling.realestate_completed', realEstate),
  completedSum('handling.realestate_days_sum', 'elapsed_working_days', realEstate),
  {
    name: 'handling.elder_applicants',
    window: completedInPeriod,
    aggregate: { kind: 'count_distinct', column: 'applicant_key' },
    where: [notWithdrawn, oneOf('age_band', ELDER_AGE_BANDS)],
  },
]);
