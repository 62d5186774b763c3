// ops — 运维 (docs/metrics.md §3 ops): availability, incidents, releases, costs and
// vulnerabilities attributed to org_unit; ops.apps from the app catalogue (apps, owner unit).
import type { MetricDefinitionInput, MetricWindow } from '../definition';
import { coverage, eq, inPeriod, isTrue, oneOf } from './shared';

const day: MetricWindow = { kind: 'period_days', column: 'day' };
const started = inPeriod('started_at');
const recovered = inPeriod('recovered_at');
const released = inPeriod('released_at');
const fixed = inPeriod('fixed_at');
const costPeriod: MetricWindow = { kind: 'within_period', startColumn: 'period_start', endColumn: 'period_end' };

/**
 * Operations data covered a unit in P when any ops record of it falls in P (availability days,
 * incidents, releases, costs, vulnerabilities). Then "no incident" is 0 — and the security veto
 * can see it — while a unit without any operations data has no data (docs/metrics.md §1).
 */
export const OPS_COVERAGE = [
  coverage('ops_availability', day),
  coverage('ops_incidents', started),
  coverage('ops_incidents', recovered),
  coverage('ops_releases', released),
  coverage('ops_costs', costPeriod),
  coverage('ops_vulnerabilities', fixed),
];

const major = oneOf('level', [1, 2]);
const highSeverity = oneOf('severity', ['high', 'critical']);

export const OPS_METRICS: MetricDefinitionInput[] = (
  [
    { name: 'ops.scheduled_minutes', table: 'ops_availability', window: day, aggregate: { kind: 'sum', column: 'scheduled_minutes' } },
    { name: 'ops.downtime_minutes', table: 'ops_availability', window: day, aggregate: { kind: 'sum', column: 'downtime_minutes' } },
    { name: 'ops.security_incidents', table: 'ops_incidents', window: started, aggregate: { kind: 'count' }, where: [isTrue('security'), isTrue('confirmed')] },
    {
      // Not yet recovered: counted up to the period end. 0 when ops data exist and there was no level-1 outage.
      name: 'ops.core_outage_max_minutes',
      table: 'ops_incidents',
      window: started,
      aggregate: { kind: 'max', elapsed: { from: 'started_at', to: 'recovered_at', unit: 'minutes', toIfNull: 'period_end' } },
      where: [eq('level', 1)],
    },
    { name: 'ops.major_incidents', table: 'ops_incidents', window: started, aggregate: { kind: 'count' }, where: [major] },
    {
      name: 'ops.major_incidents_responded_30min',
      table: 'ops_incidents',
      window: started,
      aggregate: { kind: 'count' },
      where: [major, { column: 'responded_at', op: '<=', otherColumn: 'started_at', plus: { minutes: 30 } }],
    },
    { name: 'ops.major_incidents_recovered', table: 'ops_incidents', window: recovered, aggregate: { kind: 'count' }, where: [major] },
    {
      name: 'ops.major_recovery_minutes_sum',
      table: 'ops_incidents',
      window: recovered,
      aggregate: { kind: 'sum', elapsed: { from: 'started_at', to: 'recovered_at', unit: 'minutes' } },
      where: [major],
    },
    { name: 'ops.feature_releases', table: 'ops_releases', window: released, aggregate: { kind: 'count' }, where: [eq('kind', 'feature')] },
    {
      // The app catalogue is master data: no quality status; in service on at least one day of P.
      name: 'ops.apps',
      table: 'apps',
      unitColumn: 'org_unit_code',
      window: { kind: 'spans_period', fromColumn: 'in_service_from', toColumn: 'in_service_to' },
      aggregate: { kind: 'count' },
      acceptedOnly: false,
    },
    { name: 'ops.om_cost_yuan', table: 'ops_costs', window: costPeriod, aggregate: { kind: 'sum', column: 'om_cost_yuan' } },
    { name: 'ops.total_cost_yuan', table: 'ops_costs', window: costPeriod, aggregate: { kind: 'sum', column: 'total_cost_yuan' } },
    { name: 'ops.vulns_fixed', table: 'ops_vulnerabilities', window: fixed, aggregate: { kind: 'count' }, where: [highSeverity] },
    {
      name: 'ops.vuln_response_hours_sum',
      table: 'ops_vulnerabilities',
      window: fixed,
      aggregate: { kind: 'sum', elapsed: { from: 'reported_at', to: 'fixed_at', unit: 'hours' } },
      where: [highSeverity],
    },
  ] satisfies MetricDefinitionInput[]
).map((m) => ({ ...m, coveredBy: OPS_COVERAGE }));
