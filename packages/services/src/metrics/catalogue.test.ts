// The metric catalogue against its contract (docs/metrics.md) and the templates, and on stored
// facts: every definition compiles and runs on both engines, and a small hand-made dataset (a
// province, a city, two counties and a city without data) gives the values worked out by hand.
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseIndicatorSystemText } from '@govperf/contracts';
import { compileSystem } from '@govperf/engine';
import { upsertOrgUnits, type Database } from '@govperf/storage';
import { testEngines } from '@govperf/storage/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runEvaluation } from '../evaluation/run-evaluation';
import { registerIndicatorSystem } from '../evaluation/systems';
import { defaultMetricCatalogue } from './catalogue';
import { compileMetricQueries } from './compile';
import { computeMetrics } from './compute';

const root = (path: string) => fileURLToPath(new URL(`../../../../${path}`, import.meta.url));
const catalogue = defaultMetricCatalogue();
const definitions = [...catalogue.definitions.values()];

/** docs/metrics.md §3: metric name → its "additive?" cell. */
function documented(): Map<string, string> {
  const rows = new Map<string, string>();
  for (const line of readFileSync(root('docs/metrics.md'), 'utf8').split('\n')) {
    const m = /^\| `([a-z_]+\.[a-z0-9_]+)` \|(?:[^|]*\|){3} ([^|]*) \|[^|]*\|$/.exec(line);
    if (m) rows.set(m[1]!, m[2]!.trim());
  }
  return rows;
}

const TEMPLATES = readdirSync(root('templates'))
  .filter((f) => f.endsWith('.yaml'))
  .sort()
  .map((file) => {
    const parsed = parseIndicatorSystemText(readFileSync(root(`templates/${file}`), 'utf8'));
    if (!parsed.ok) throw new Error(`${file}: ${parsed.problems.map((p) => p.reason).join('; ')}`);
    return { file, system: parsed.system };
  });

function templateMetrics(): Set<string> {
  expect(TEMPLATES.length).toBeGreaterThanOrEqual(4);
  return new Set(TEMPLATES.flatMap(({ system }) => compileSystem(system).metrics));
}

describe('the metric catalogue', () => {
  it('defines exactly the metrics of docs/metrics.md, which include every metric the templates use', () => {
    const doc = documented();
    expect(doc.size).toBe(165);
    expect([...catalogue.definitions.keys()].sort()).toEqual([...doc.keys()].sort());
    const missing = [...templateMetrics()].filter((m) => !catalogue.definitions.has(m));
    expect(missing).toEqual([]);
  });

  it('rolls up as docs/metrics.md says: additive, distinct or maximum', () => {
    const kind = (aggregate: string) => (aggregate === 'max' ? 'max' : aggregate === 'count' || aggregate === 'sum' ? 'yes' : 'no (distinct)');
    for (const [name, additive] of documented()) expect(kind(catalogue.definitions.get(name)!.aggregate.kind), name).toBe(additive.replace(/\*/g, ''));
  });

  it('counts only accepted records except in quality.*, and manual items only when verified', () => {
    for (const def of definitions) expect(def.acceptedOnly, def.name).toBe(!def.name.startsWith('quality.') && def.table !== 'apps');
    for (const def of definitions.filter((d) => d.name.startsWith('manual.'))) {
      expect(def.where).toContainEqual({ column: 'status', op: '=', value: 'verified' });
      expect(def.noMatch).toBe('no_data');
    }
  });

  it('compiles every definition against the fact-table allow-list, one scan per table, unit column and window', () => {
    const queries = compileMetricQueries(definitions, catalogue.columns, new Date('2025-06-30T16:00:00Z'), new Date('2025-09-30T16:00:00Z'));
    // A metric with parts (handling.overdue) is one metric per part.
    expect([...new Set(queries.flatMap((q) => q.metrics))].sort()).toEqual([...catalogue.definitions.keys()].sort());
    expect(queries.flatMap((q) => q.metrics).filter((m) => m === 'handling.overdue')).toHaveLength(2);
    const queryOf = (metric: string) => queries.findIndex((q) => q.metrics.includes(metric));
    expect(queryOf('handling.completed')).toBe(queryOf('handling.trips_sum'));
    expect(queryOf('ratings.total')).toBe(queryOf('ratings.points_sum'));
    expect(queryOf('quality.records_checked')).toBe(queryOf('quality.sync_delay_minutes_sum'));
    expect(queryOf('manual.villages_total')).toBe(queryOf('manual.cockpit_units'));
    // The 3 distinct metrics alone; the 162 additive ones share 27 scans.
    expect(queries.length).toBe(30);
  });
});

// ---------------------------------------------------------------------------------------------
// On stored facts
// ---------------------------------------------------------------------------------------------

const PROVINCE = '330000';
const CITY = '330100';
const A = '330102'; // 上城区
const B = '330105'; // 拱墅区
const NINGBO = '330200'; // a city without any data
const UNITS = [A, B, CITY, NINGBO, PROVINCE];
const ORG_UNITS = [
  { code: PROVINCE, name: '浙江省', level: 'province' as const, parentCode: null },
  { code: CITY, name: '杭州市', level: 'city' as const, parentCode: PROVINCE },
  { code: A, name: '上城区', level: 'county' as const, parentCode: CITY },
  { code: B, name: '拱墅区', level: 'county' as const, parentCode: CITY },
  { code: NINGBO, name: '宁波市', level: 'city' as const, parentCode: PROVINCE },
];

const t = (local: string) => `2025-${local}:00+08:00`; // t('07-01T09:00') → 2025-07-01T09:00:00+08:00
/** Arrival of every row not ingested in the evaluated periods (quality.* counts only those that are). */
const LATE = '2026-01-05T00:00:00+08:00';

type Row = Record<string, unknown>;
const DEFAULTS: Record<string, Row> = {
  handling_records: {
    item_code: 'I1', department: 'D1', channel: 'hall', item_type: 'promised', high_frequency: false, submitted_at: t('07-01T08:00'), full_online: false,
    materials_required: 0, materials_submitted: 0, materials_reused: 0, materials_cross_region: 0, materials_cross_region_recognised: 0, trips: 0,
    supplement_requests: 0, cross_department_required: false, cross_department: false, applicant_out_of_region: false, cross_region: false,
    instant_approval: false, applicant_type: 'person',
  },
  ratings: { channel: 'app', level: 5, real_name: false, rater_type: 'person' },
  app_events: { app_id: 'zlb', app_org_unit: CITY, event_type: 'page_view', core_function: false },
  feedback: { kind: 'consultation', status: 'accepted', major: false },
  mystery_shopper_runs: { item_code: 'I1', high_frequency: false, steps: 0, task_completed: true, duration_seconds: 60, problems_found: 0, score: 0, double_blind: false, verified: true },
  manual_submissions: { evidence: '[]' },
  service_item_snapshots: {
    item_name: '事项', department: 'D1', in_service: true, item_type: 'promised', high_frequency: false, online_capable: false, full_online: false, app_available: false,
    zero_material: false, instant_approval_enabled: false, approval_steps: 0, elder_mode: false, accessible: false, kiosk_available: false,
    min_necessary_compliant: false, rating_enabled: false, xprov_listed: false, xprov_enabled: false, inprov_listed: false, inprov_enabled: false,
    standardised: false, guide_published: false, guide_complete: false,
  },
  ops_availability: { app_id: 'zlb' },
  ops_incidents: { app_id: 'zlb', level: 3, core_service: false, security: false, confirmed: false },
  ops_releases: { app_id: 'zlb', kind: 'fix' },
  ops_costs: { app_id: 'zlb' },
  ops_vulnerabilities: { app_id: 'zlb' },
  sharing_calls: { interface_id: 'if1', consumer_org_unit: B, success: true, timed_out: false },
  sharing_applications: { consumer_org_unit: B },
};
/** The natural id column of each table (filled with the source_id). */
const ID: Record<string, string | null> = {
  handling_records: 'record_id', ratings: 'rating_id', app_events: 'event_id', feedback: 'feedback_id', mystery_shopper_runs: 'run_id',
  manual_submissions: 'submission_id', service_item_snapshots: null, ops_availability: null, ops_incidents: 'incident_id', ops_releases: 'release_id',
  ops_costs: null, ops_vulnerabilities: 'vuln_id', sharing_calls: 'call_id', sharing_applications: 'application_id',
};

const PERIOD_DAYS: Record<string, [string, string]> = {
  '2025-07': ['2025-07-01', '2025-08-01'], '2025-08': ['2025-08-01', '2025-09-01'], '2025-Q3': ['2025-07-01', '2025-10-01'], '2025': ['2025-01-01', '2026-01-01'],
};

async function seed(database: Database): Promise<void> {
  const db = database.db;
  let n = 0;
  const put = async (table: string, rows: Row[]) => {
    for (const row of rows) {
      const sourceId = `${table}-${++n}`;
      const { flags, ...fields } = row;
      const values: Row = { source: 'test', source_id: sourceId, ingested_at: LATE, quality_flags: JSON.stringify(flags ?? []), ...DEFAULTS[table], ...fields };
      const id = ID[table];
      if (id && values[id] === undefined) values[id] = sourceId;
      if (typeof values.period === 'string') [values.period_start, values.period_end] = PERIOD_DAYS[values.period]!;
      await db.insertInto(table as 'ratings').values(values as never).execute();
    }
  };

  await put('handling_records', [
    // h1 on time, high-frequency and full online (2 h), a startup case; arrived 2 h after completion.
    {
      org_unit: A, submitted_at: t('07-01T09:00'), accepted_at: t('07-01T09:30'), completed_at: t('07-01T11:00'), result: 'approved', high_frequency: true,
      full_online: true, channel: 'app', promised_limit_days: 2, promised_due_at: t('07-03T17:00'), materials_required: 3, materials_submitted: 1,
      elapsed_working_days: 0.2, statutory_limit_days: 5, scenario: 'enterprise_startup', age_band: '60-69', applicant_key: 'k1', ingested_at: t('07-01T13:00'),
    },
    // h2 completed after its promise; booked slot kept; 2 trips and a supplement request.
    {
      org_unit: A, submitted_at: t('07-10T08:00'), accepted_at: t('07-10T10:00'), completed_at: t('07-20T10:00'), result: 'approved', high_frequency: true,
      promised_due_at: t('07-15T17:00'), materials_required: 4, materials_submitted: 4, trips: 2, supplement_requests: 1, elapsed_working_days: 7,
      statutory_limit_days: 10, age_band: '70-79', applicant_key: 'k2', appointment_slot_start: t('07-10T09:30'), appointment_slot_end: t('07-10T10:30'),
    },
    // h3 withdrawn: never counts as completed.
    {
      org_unit: A, submitted_at: t('07-25T09:00'), accepted_at: t('07-25T10:00'), completed_at: t('08-01T10:00'), result: 'withdrawn', high_frequency: true,
      full_online: true, trips: 5, materials_required: 9, age_band: '60-69', applicant_key: 'k3',
    },
    // h4 open at the end, past its promise (overdue); accepted after its booked slot.
    { org_unit: A, submitted_at: t('09-01T08:00'), accepted_at: t('09-01T10:00'), promised_due_at: t('09-10T17:00'), appointment_slot_start: t('09-01T08:00'), appointment_slot_end: t('09-01T09:00') },
    // h5 open at the end, promise after it.
    { org_unit: A, submitted_at: t('09-25T09:00'), accepted_at: t('09-25T10:00'), promised_due_at: t('10-10T17:00') },
    // h6 rejected by the arrival checks: only in quality.* (arrived 2 h after its completed_at).
    {
      org_unit: A, submitted_at: t('08-05T11:00'), accepted_at: t('08-05T10:30'), completed_at: t('08-05T10:00'), result: 'approved', high_frequency: true, trips: 7,
      age_band: '60-69', applicant_key: 'k9', quality_status: 'rejected', flags: ['negative_duration:submitted_at>completed_at'], ingested_at: t('08-05T12:00'),
    },
    // h7 completed in June; an administrative error found in August.
    { org_unit: A, submitted_at: t('06-15T09:00'), accepted_at: t('06-18T10:00'), completed_at: t('06-20T10:00'), result: 'approved', error_found_at: t('08-15T10:00') },
    // h8 completed at the last instant of the quarter (rejected on the merits still counts); applicant k1 again.
    {
      org_unit: B, submitted_at: t('09-29T09:00'), accepted_at: t('09-29T10:00'), completed_at: '2025-09-30T23:59:59+08:00', result: 'rejected', channel: 'web',
      materials_required: 2, trips: 1, statutory_limit_days: 0, elapsed_working_days: 1, age_band: '60-69', applicant_key: 'k1',
    },
    // h9 completed at the first instant of Q4: open at the end of Q3, and past its promise.
    { org_unit: B, submitted_at: t('09-30T09:00'), accepted_at: t('09-30T10:00'), completed_at: '2025-10-01T00:00:00+08:00', result: 'approved', promised_due_at: t('09-30T12:00') },
  ]);

  await put('ratings', [
    { org_unit: A, level: 5, rated_at: t('07-05T09:00'), real_name: true, rater_age_band: '60-69', ingested_at: t('07-05T10:00'), flags: ['late_sync'] },
    { org_unit: A, level: 2, rated_at: t('07-20T10:00'), real_name: true, rectify_due_at: t('08-10T10:00'), rectified_at: t('08-08T10:00') },
    { org_unit: A, level: 1, rater_type: 'enterprise', rated_at: t('06-25T10:00'), real_name: true, rectify_due_at: t('07-16T10:00'), rectified_at: t('07-20T10:00') },
    { org_unit: A, level: 4, rated_at: t('07-20T12:00'), quality_status: 'flagged', flags: ['concentrated_scores'], ingested_at: t('07-21T00:00') },
    { org_unit: B, level: 3, rater_type: 'enterprise', rated_at: t('09-01T10:00'), rater_age_band: '80+' },
  ]);

  const u1 = { user_id: 'u1', user_age_band: '60-69' };
  await put('app_events', [
    { org_unit: A, event_type: 'task_start', task_id: 't1', ...u1, occurred_at: t('07-02T10:00') },
    { org_unit: A, event_type: 'task_finish', task_id: 't1', ...u1, occurred_at: t('07-02T10:05') },
    { org_unit: A, event_type: 'task_finish', task_id: 't2', user_id: 'u2', occurred_at: t('07-03T10:00') }, // no start
    { org_unit: A, event_type: 'task_start', task_id: 't3', user_id: 'u2', occurred_at: t('08-01T10:00') },
    { org_unit: A, event_type: 'task_abandon', task_id: 't3', user_id: 'u2', occurred_at: t('08-01T10:40') },
    { org_unit: B, event_type: 'task_start', task_id: 't4', user_id: 'u3', occurred_at: t('06-30T23:00') },
    { org_unit: B, event_type: 'task_finish', task_id: 't4', user_id: 'u3', occurred_at: t('07-01T00:10') }, // started in June
    { org_unit: A, event_type: 'survey_nps', value: 10, ...u1, occurred_at: t('08-05T10:00') },
    { org_unit: B, event_type: 'survey_nps', value: 5, user_id: 'u3', occurred_at: t('08-06T10:00') },
    { org_unit: A, event_type: 'survey_ui', value: 4, ...u1, occurred_at: t('09-02T10:00') },
    { org_unit: A, event_type: 'api_timing', core_function: true, value: 1500, user_id: 'u2', occurred_at: t('09-03T10:00') },
    { org_unit: B, event_type: 'api_timing', core_function: true, value: 2500, ...u1, occurred_at: t('09-04T10:00') },
    { org_unit: null, event_type: 'register', ...u1, occurred_at: '2024-12-01T10:00:00+08:00' },
    { app_id: 'xapp', app_org_unit: A, org_unit: null, event_type: 'register', ...u1, occurred_at: t('09-15T10:00'), ingested_at: t('09-15T10:30') },
    { app_id: 'xapp', app_org_unit: A, org_unit: null, ...u1, occurred_at: t('09-16T10:00') },
    { org_unit: A, event_type: 'task_start', task_id: 't5', ...u1, occurred_at: t('07-05T10:00'), quality_status: 'rejected' },
    { org_unit: A, event_type: 'task_finish', task_id: 't5', ...u1, occurred_at: t('07-05T10:10') }, // its start was rejected
  ]);

  await put('feedback', [
    {
      org_unit: A, kind: 'complaint', tier: 'orange', received_at: t('07-01T10:00'), first_response_at: t('07-01T10:10'), resolved_at: t('07-01T20:00'),
      resolution: 'resolved', due_at: t('07-02T10:00'),
    },
    { org_unit: A, kind: 'bug', tier: 'yellow', received_at: t('07-10T10:00'), first_response_at: t('07-11T11:00'), due_at: t('07-13T10:00') },
    {
      org_unit: A, kind: 'demand', tier: 'blue', received_at: t('07-01T09:00'), due_at: t('07-10T18:00'), first_response_at: t('07-05T10:00'),
      delivered_at: t('08-01T09:00'), closed_at: t('08-01T09:00'), status: 'online',
    },
    { org_unit: A, kind: 'suggestion', tier: 'blue', received_at: t('08-01T09:00'), due_at: t('08-12T18:00'), first_response_at: t('08-15T10:00'), closed_at: t('08-20T10:00'), status: 'rejected' },
    { org_unit: A, kind: 'complaint', tier: 'red', received_at: t('06-28T10:00'), due_at: t('06-28T12:00'), major: true, major_confirmed_at: t('09-01T10:00') },
    { org_unit: B, kind: 'consultation', received_at: t('08-01T10:00'), ingested_at: t('08-01T09:00') },
  ]);

  await put('mystery_shopper_runs', [
    { org_unit: A, high_frequency: true, score: 80, steps: 6, run_at: t('07-15T10:00') },
    { org_unit: A, verified: false, score: 10, steps: 9, run_at: t('07-16T10:00') },
    { org_unit: A, score: 90, steps: 3, run_at: t('08-01T10:00') },
    { org_unit: B, verified: false, high_frequency: true, score: 50, steps: 4, run_at: t('08-01T10:00') },
  ]);

  await put('ops_availability', [
    { org_unit: A, day: '2025-06-30', scheduled_minutes: 1440, downtime_minutes: 999 },
    { org_unit: A, day: '2025-07-01', scheduled_minutes: 1440, downtime_minutes: 10 },
    { org_unit: A, day: '2025-09-30', scheduled_minutes: 1440, downtime_minutes: 0 },
    { org_unit: A, day: '2025-10-01', scheduled_minutes: 1440, downtime_minutes: 500 },
    { org_unit: B, day: '2025-08-01', scheduled_minutes: 1440, downtime_minutes: 0 },
  ]);
  await put('ops_incidents', [
    { org_unit: A, level: 1, started_at: t('08-01T10:00'), responded_at: t('08-01T10:20'), recovered_at: t('08-01T12:30') },
    { org_unit: A, level: 2, security: true, confirmed: true, started_at: t('09-30T20:00'), responded_at: t('09-30T21:00') },
    { org_unit: A, level: 1, started_at: t('09-30T21:00') }, // not recovered: 180 min to the end of Q3
    { org_unit: A, level: 2, started_at: t('06-30T22:00'), responded_at: t('06-30T22:10'), recovered_at: t('07-01T01:00') },
    { org_unit: A, level: 3, security: true, confirmed: false, started_at: t('08-10T10:00') },
  ]);
  await put('ops_releases', [
    { org_unit: A, kind: 'feature', released_at: t('08-01T10:00') },
    { org_unit: A, kind: 'fix', released_at: t('08-02T10:00') },
  ]);
  await put('ops_costs', [
    { org_unit: A, period: '2025-07', om_cost_yuan: 100, total_cost_yuan: 1000 },
    { org_unit: A, period: '2025-08', om_cost_yuan: 200, total_cost_yuan: 1500 },
    { org_unit: A, period: '2025', om_cost_yuan: 9999, total_cost_yuan: 99999 },
  ]);
  await put('ops_vulnerabilities', [
    { org_unit: A, severity: 'high', reported_at: t('07-01T00:00'), fixed_at: t('07-03T12:00') },
    { org_unit: A, severity: 'low', reported_at: t('07-01T00:00'), fixed_at: t('07-05T00:00') },
    { org_unit: A, severity: 'critical', reported_at: t('09-01T00:00'), fixed_at: t('10-02T00:00') },
  ]);
  const apps: [string, string, string | null, string | null][] = [
    ['app1', A, null, null],
    ['app2', A, '2025-10-01', null],
    ['app3', B, null, '2025-07-01'],
    ['app4', CITY, null, '2025-06-30'],
  ];
  for (const [code, unit, from, to] of apps) {
    await db.insertInto('apps').values({ code, name: code, org_unit_code: unit, in_service_from: from, in_service_to: to } as never).execute();
  }

  const item = (org_unit: string, snapshot_date: string, item_code: string, fields: Row = {}): Row => ({ org_unit, snapshot_date, item_code, ...fields });
  await put('service_item_snapshots', [
    item(A, '2025-06-30', 'x1'),
    item(A, '2025-06-30', 'x2'),
    item(A, '2025-06-30', 'x3'),
    item(A, '2025-09-30', 'it1', {
      high_frequency: true, full_online: true, elder_mode: true, statutory_limit_days: 20, promised_limit_days: 10, approval_steps: 3, xprov_listed: true,
      xprov_enabled: true, item_type: 'immediate',
    }),
    item(A, '2025-09-30', 'it2', { statutory_limit_days: 10, approval_steps: 4, xprov_listed: true }),
    item(A, '2025-09-30', 'it3', { in_service: false, high_frequency: true, full_online: true }),
    item(A, '2025-09-30', 'it4', { high_frequency: true, quality_status: 'rejected' }),
    item(A, '2025-10-01', 'y1'),
    item(A, '2025-10-01', 'y2'),
    item(B, '2025-05-01', 'it5', { statutory_limit_days: 0, promised_limit_days: 0, approval_steps: 2 }),
  ]);

  await put('sharing_calls', [
    { provider_org_unit: A, called_at: t('07-01T10:00'), records_returned: 10, records_disputed: 1 },
    { provider_org_unit: A, called_at: t('07-02T10:00'), success: false, timed_out: true },
    { provider_org_unit: A, called_at: t('07-03T10:00'), records_returned: 5, quality_status: 'rejected' },
    { provider_org_unit: B, consumer_org_unit: A, called_at: t('08-01T10:00'), success: false, records_returned: 3, records_disputed: 2, ingested_at: t('08-01T10:05') },
  ]);
  await put('sharing_applications', [
    { provider_org_unit: A, submitted_at: t('07-01T10:00'), due_at: t('07-04T10:00'), answered_at: t('07-03T10:00') },
    { provider_org_unit: A, submitted_at: t('08-01T10:00'), due_at: t('08-06T10:00') },
  ]);

  const verified = { status: 'verified', verified_by: 'op', verified_at: t('10-10T10:00') };
  await put('manual_submissions', [
    { org_unit: A, form_item: 'villages_total', period: '2025-Q3', value: 10, ...verified, ingested_at: t('07-10T10:00') },
    { org_unit: A, form_item: 'villages_on_egov_network', period: '2025-Q3', value: 8, ...verified },
    { org_unit: A, form_item: 'villages_on_egov_network', period: '2025-Q3', value: 100, status: 'rejected', verified_by: 'op', verified_at: t('10-10T10:00'), rejection_reason: '无佐证' },
    { org_unit: A, form_item: 'villages_total', period: '2025-07', value: 99, ...verified },
    { org_unit: A, form_item: 'cockpit_units', period: '2025-Q3', value: 1, status: 'submitted' },
    { org_unit: B, form_item: 'villages_total', period: '2025-Q3', value: 5, ...verified },
    { org_unit: B, form_item: 'villages_on_egov_network', period: '2025-Q3', value: 4, status: 'submitted' },
  ]);

  // Records ingestion refused (kept raw in rejected_records): in quality.* as arriving records
  // that fail validation, their required fields counted from the payload.
  await database.db.insertInto('ingestion_batches').values({ id: 'b-refused', fact_type: 'handling-records', channel: 'file', source: 'test' }).execute();
  const handling = Object.fromEntries(HANDLING_REQUIRED.map((f) => [f, 'x']));
  const refused = (factType: string, payload: unknown, receivedAt: string, index: number) =>
    database.db
      .insertInto('rejected_records')
      .values({ batch_id: 'b-refused', fact_type: factType, source: 'test', source_id: null, record_index: index, payload: JSON.stringify(payload), errors: '[]', received_at: receivedAt })
      .execute();
  // rr1 上城区: channel and trips absent, materials_reused blank — 19 of 22 required fields.
  await refused('handling-records', { ...handling, org_unit: A, channel: undefined, trips: null, materials_reused: ' ' }, t('08-10T10:00'), 0);
  // rr2 拱墅区: a rating with 3 of its 7 required fields.
  await refused('ratings', { rating_id: 'rr2', org_unit: B, level: '9' }, t('09-01T10:00'), 1);
  // Attributed to no unit: no org unit, an unknown one, an unreadable line; and one that arrived after Q3.
  await refused('handling-records', { ...handling, org_unit: undefined }, t('08-10T10:00'), 2);
  await refused('handling-records', { ...handling, org_unit: '339999' }, t('08-10T10:00'), 3);
  await refused('handling-records', 'a,"broken', t('08-10T10:00'), 4);
  await refused('handling-records', { ...handling, org_unit: A }, LATE, 5);
}

/** The required fields of a handling record (quality.ts), as a refused record's payload names them. */
const HANDLING_REQUIRED = [
  'record_id', 'item_code', 'org_unit', 'department', 'channel', 'item_type', 'high_frequency', 'submitted_at', 'full_online',
  'materials_required', 'materials_submitted', 'materials_reused', 'materials_cross_region', 'materials_cross_region_recognised',
  'trips', 'supplement_requests', 'cross_department_required', 'cross_department', 'applicant_out_of_region', 'cross_region',
  'instant_approval', 'applicant_type',
];

/** Values by hand for 2025-Q3, per unit: 上城区, 拱墅区, 杭州市, 宁波市, 浙江省 (— = no data). */
const _ = undefined;
const Q3: [string, (number | undefined)[]][] = [
  // handling: completed = h1, h2 (上城区), h8 (拱墅区); h3 withdrawn, h6 rejected, h9 in Q4.
  ['handling.completed', [2, 1, 3, _, 3]],
  ['handling.completed_with_promise', [2, 0, 2, _, 2]],
  ['handling.completed_on_time', [1, 0, 1, _, 1]],
  ['handling.open_with_promise_at_end', [2, 1, 3, _, 3]], // h4, h5; h9 (completed at period_end)
  ['handling.overdue', [2, 1, 3, _, 3]], // h2 late + h4 open past promise; h9
  ['handling.hf_online_completed', [1, 0, 1, _, 1]],
  ['handling.hf_online_minutes_sum', [120, 0, 120, _, 120]],
  ['handling.trips_sum', [2, 1, 3, _, 3]],
  ['handling.one_time_completed', [1, 1, 2, _, 2]],
  ['handling.materials_required_sum', [7, 2, 9, _, 9]],
  ['handling.materials_submitted_sum', [5, 0, 5, _, 5]],
  ['handling.statutory_limit_days_sum', [15, 0, 15, _, 15]],
  ['handling.elapsed_days_sum', [7.2, 0, 7.2, _, 7.2]],
  ['handling.startup_completed', [1, 0, 1, _, 1]],
  ['handling.startup_days_sum', [0.2, 0, 0.2, _, 0.2]],
  ['handling.errors_found', [1, 0, 1, _, 1]], // 拱墅区 has handling data in Q3: 0, not no data
  ['handling.noncompliance_found', [0, 0, 0, _, 0]],
  ['handling.appointments_served', [2, 0, 2, _, 2]],
  ['handling.appointments_on_slot', [1, 0, 1, _, 1]],
  ['handling.hf_completed', [2, 0, 2, _, 2]],
  ['handling.hf_approved', [2, 0, 2, _, 2]],
  ['handling.hf_online_channel_completed', [1, 0, 1, _, 1]],
  ['handling.elder_applicants', [2, 1, 2, _, 2]], // {k1, k2}, {k1}: the city counts k1 once
  // ratings: r1, r2 (上城区), r5 (拱墅区); r3 rated in June, r4 flagged.
  ['ratings.total', [2, 1, 3, _, 3]],
  ['ratings.points_sum', [125, 50, 175, _, 175]],
  ['ratings.good', [1, 0, 1, _, 1]],
  ['ratings.satisfied', [1, 1, 2, _, 2]],
  ['ratings.enterprise_satisfied', [0, 1, 1, _, 1]],
  ['ratings.elder_points_sum', [100, 50, 150, _, 150]],
  ['ratings.bad_real_name_due', [2, 0, 2, _, 2]], // r2, r3 fall due in Q3
  ['ratings.bad_real_name_rectified_on_time', [1, 0, 1, _, 1]],
  // events: tasks attributed to the item's unit, users to the app owner (杭州市, and 上城区 for xapp).
  ['events.tasks_started', [2, 0, 2, _, 2]],
  ['events.tasks_finished', [1, 1, 2, _, 2]],
  ['events.tasks_abandoned', [1, 0, 1, _, 1]],
  ['events.nps_promoters', [1, 0, 1, _, 1]],
  ['events.nps_detractors', [0, 1, 1, _, 1]],
  ['events.ui_score_sum', [4, 0, 4, _, 4]],
  ['events.core_responses', [1, 1, 2, _, 2]],
  ['events.core_responses_within_2s', [1, 0, 1, _, 1]],
  ['events.active_users_monthly_avg', [1 / 3, _, 8 / 3, _, 8 / 3]], // 杭州市 Jul 3, Aug 3, Sep {u1, u2} 2
  ['events.elder_active_users_monthly_avg', [1 / 3, _, 1, _, 1]],
  ['events.registered_users', [1, _, 2, _, 2]],
  ['events.elder_registered_users', [1, _, 2, _, 2]],
  // feedback
  ['feedback.complaints', [2, 0, 2, _, 2]],
  ['feedback.complaints_responded_24h', [1, 0, 1, _, 1]],
  ['feedback.complaints_15min_24h', [1, 0, 1, _, 1]],
  ['feedback.complaints_due', [2, 0, 2, _, 2]],
  ['feedback.complaints_resolved', [1, 0, 1, _, 1]],
  ['feedback.major_complaints', [1, 0, 1, _, 1]],
  ['feedback.demands_due', [2, 0, 2, _, 2]],
  ['feedback.demands_responded_on_time', [1, 0, 1, _, 1]],
  ['feedback.demands_delivered', [1, 0, 1, _, 1]],
  ['feedback.demand_cycle_days_sum', [31, 0, 31, _, 31]],
  ['feedback.suggestions_closed', [2, 0, 2, _, 2]],
  ['feedback.suggestions_adopted', [1, 0, 1, _, 1]],
  // mystery: 拱墅区's only run is unverified: 0.
  ['mystery.runs', [2, 0, 2, _, 2]],
  ['mystery.score_sum', [170, 0, 170, _, 170]],
  ['mystery.hf_runs', [1, 0, 1, _, 1]],
  ['mystery.hf_steps_sum', [6, 0, 6, _, 6]],
  // ops: 拱墅区 has only an availability day — enough for 0 incidents; 宁波市 has no ops data.
  ['ops.scheduled_minutes', [2880, 1440, 4320, _, 4320]],
  ['ops.downtime_minutes', [10, 0, 10, _, 10]],
  ['ops.security_incidents', [1, 0, 1, _, 1]],
  ['ops.core_outage_max_minutes', [180, 0, 180, _, 180]], // MAX(150, 180), not a sum
  ['ops.major_incidents', [3, 0, 3, _, 3]],
  ['ops.major_incidents_responded_30min', [1, 0, 1, _, 1]],
  ['ops.major_incidents_recovered', [2, 0, 2, _, 2]],
  ['ops.major_recovery_minutes_sum', [330, 0, 330, _, 330]],
  ['ops.feature_releases', [1, 0, 1, _, 1]],
  ['ops.apps', [1, 1, 2, _, 2]],
  ['ops.om_cost_yuan', [300, 0, 300, _, 300]], // July + August rows; the year's row is not inside Q3
  ['ops.total_cost_yuan', [2500, 0, 2500, _, 2500]],
  ['ops.vulns_fixed', [1, 0, 1, _, 1]],
  ['ops.vuln_response_hours_sum', [60, 0, 60, _, 60]],
  // items: 上城区's snapshot of 09-30 (not 06-30, not 10-01); 拱墅区's of 05-01.
  ['items.in_service', [2, 1, 3, _, 3]],
  ['items.hf_in_service', [1, 0, 1, _, 1]],
  ['items.full_online', [1, 0, 1, _, 1]],
  ['items.immediate', [1, 0, 1, _, 1]],
  ['items.limit_statutory_days_sum', [20, 0, 20, _, 20]],
  ['items.limit_promised_days_sum', [10, 0, 10, _, 10]],
  ['items.approval_steps_sum', [7, 2, 9, _, 9]],
  ['items.hf_elder_mode', [1, 0, 1, _, 1]],
  ['items.xprov_listed', [2, 0, 2, _, 2]],
  ['items.xprov_enabled', [1, 0, 1, _, 1]],
  // sharing, by provider
  ['sharing.calls', [2, 1, 3, _, 3]],
  ['sharing.calls_succeeded', [1, 0, 1, _, 1]],
  ['sharing.calls_timed_out', [1, 0, 1, _, 1]],
  ['sharing.records_returned', [10, 0, 10, _, 10]],
  ['sharing.records_disputed', [1, 2, 3, _, 3]],
  ['sharing.applications', [2, 0, 2, _, 2]],
  ['sharing.applications_answered_on_time', [1, 0, 1, _, 1]],
  // quality: rows that arrived in Q3, all statuses — 上城区 h1, h6, r1, r4, the villages form, xapp's register, the refused rr1;
  // 拱墅区 the consultation, the call, the refused rating rr2 (refused records fail validation; no delay).
  ['quality.records_checked', [7, 3, 10, _, 10]],
  ['quality.records_valid', [5, 2, 7, _, 7]],
  ['quality.required_fields_total', [91, 19, 110, _, 110]], // + 22 (rr1); + 7 (rr2)
  ['quality.required_fields_filled', [88, 15, 103, _, 103]], // + 19; + 3 — completeness (C1.01) 上城区 96.7 %, 拱墅区 78.9 %
  ['quality.sync_delay_minutes_sum', [1050, 5, 1055, _, 1055]], // 120 + 120 + 60 + 720 + 0 + 30; 0 (early) + 5
  ['quality.ratings_checked', [2, 1, 3, _, 3]],
  ['quality.ratings_flagged_brushing', [1, 0, 1, _, 1]],
  // manual: verified submissions for exactly 2025-Q3; no verified cockpit_units anywhere.
  ['manual.villages_total', [10, 5, 15, _, 15]],
  ['manual.villages_on_egov_network', [8, _, 8, _, 8]],
  ['manual.cockpit_units', [_, _, _, _, _]],
];

const round = (x: number | undefined) => (x === undefined ? x : Math.round(x * 1e9) / 1e9);

describe.each(testEngines())('the catalogue on $name', (engine) => {
  describe('on empty tables', () => {
    let database: Database;
    let dispose: () => Promise<void>;
    beforeAll(async () => {
      ({ database, dispose } = await engine.open());
      await upsertOrgUnits(database.db, ORG_UNITS);
    });
    afterAll(async () => dispose());

    it.each(['2025-07', '2025-Q3', '2025'])('runs every query for %s and finds no data', async (period) => {
      expect(await computeMetrics(database.db, definitions, catalogue.columns, period)).toEqual([]);
    });
  });

  describe('on a hand-made dataset', () => {
    let database: Database;
    let dispose: () => Promise<void>;
    beforeAll(async () => {
      ({ database, dispose } = await engine.open());
      await upsertOrgUnits(database.db, ORG_UNITS);
      await seed(database);
    });
    afterAll(async () => dispose());

    const valuesOf = async (period: string) => {
      const facts = await computeMetrics(database.db, definitions, catalogue.columns, period);
      return (metric: string) => UNITS.map((u) => round(facts.find((f) => f.unit === u && f.metric === metric)?.value));
    };

    it('gives the values worked out by hand for 2025-Q3, rolled up to the city and the province', async () => {
      const v = await valuesOf('2025-Q3');
      for (const [metric, expected] of Q3) expect(v(metric), metric).toEqual(expected.map(round));
    });

    it('leaves a unit without any source of a fact without data, never 0', async () => {
      const facts = await computeMetrics(database.db, definitions, catalogue.columns, '2025-Q3');
      expect(facts.filter((f) => f.unit === NINGBO)).toEqual([]);
    });

    it('reads items from the snapshot valid at each period end, and manual items for exactly the period', async () => {
      const july = await valuesOf('2025-07');
      expect(july('items.in_service')).toEqual([3, 1, 4, _, 4]); // 上城区's snapshot of 06-30
      expect(july('manual.villages_total')).toEqual([99, _, 99, _, 99]);
      // Until August xapp (上城区) had not registered anyone nor sent anything: no data; 杭州市's app had u1 since 2024.
      expect(july('events.registered_users')).toEqual([_, _, 1, _, 1]);
      const year = await valuesOf('2025');
      expect(year('manual.villages_total')).toEqual([_, _, _, _, _]);
      expect(year('ops.om_cost_yuan')).toEqual([10299, 0, 10299, _, 10299]);
      const august = await valuesOf('2025-08');
      expect(august('events.active_users_monthly_avg')).toEqual([_, _, 3, _, 3]);
    });

    it.each(TEMPLATES.map((t) => t.file))('evaluates the template %s on the stored facts', async (file) => {
      const { system } = TEMPLATES.find((t) => t.file === file)!;
      const { code } = await registerIndicatorSystem(database.db, system);
      const { result } = await runEvaluation(database.db, catalogue, { systemCode: code, period: '2025-Q3', scope: PROVINCE });
      const unit = (id: string) => result.units.find((u) => u.unit === id)!;
      expect(unit(A).score).not.toBeNull();
      expect(unit(NINGBO).score).toBeNull();
      // ops.security_incidents > 0 vetoes 上城区 and, by roll-up, 杭州市 and 浙江省; 拱墅区 has ops
      // data and no incident (0, checked), 宁波市 none (unchecked, not passed).
      const securityVeto = (id: string) => unit(id).vetoes.filter((v) => v.indicator === 'C3.01' || v.indicator === 'A3.04').length > 0;
      if (file === 'smart-gov-app.yaml' || file === 'local-gov-digital.yaml') {
        expect([A, B, CITY, NINGBO, PROVINCE].map(securityVeto)).toEqual([true, false, true, false, true]);
        expect(unit(B).vetoUnchecked.filter((v) => v.startsWith('C3.01') || v.startsWith('A3.04'))).toEqual([]);
        expect(unit(NINGBO).vetoUnchecked.some((v) => v.startsWith('C3.01') || v.startsWith('A3.04'))).toBe(true);
      }
    });
  });
});
