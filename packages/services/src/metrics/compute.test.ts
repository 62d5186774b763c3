import { periodRange } from '@govperf/contracts';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '@govperf/storage';
import { seedTestOrgTree, testEngines } from '@govperf/storage/testing';
import { MetricDefinitionSchema, type MetricDefinition, type MetricDefinitionInput } from './definition';
import { computeMetrics, runMetricQueries } from './compute';
import { compileMetricQueries, compileSampleQuery, MetricDefinitionError, type TableColumns } from './compile';

const columns = {
  probe_cases: new Set(['id', 'org_unit', 'completed_at', 'quality_status', 'channel', 'minutes', 'user_id', 'promised_due_at']),
  probe_items: new Set(['org_unit', 'snapshot_date', 'quality_status', 'full_online']),
};

const defs = (list: MetricDefinitionInput[]) => list.map((d) => MetricDefinitionSchema.parse(d));
const period = { kind: 'period' as const, column: 'completed_at' };

const DEFS = defs([
  { name: 'probe.completed', table: 'probe_cases', window: period, aggregate: { kind: 'count' } },
  { name: 'probe.app_completed', table: 'probe_cases', window: period, aggregate: { kind: 'count' }, where: [{ column: 'channel', op: 'in', values: ['app', 'mini'] }] },
  { name: 'probe.on_time', table: 'probe_cases', window: period, aggregate: { kind: 'count' }, where: [{ column: 'completed_at', op: '<=', otherColumn: 'promised_due_at' }] },
  { name: 'probe.minutes_sum', table: 'probe_cases', window: period, aggregate: { kind: 'sum', column: 'minutes' } },
  { name: 'probe.minutes_max', table: 'probe_cases', window: period, aggregate: { kind: 'max', column: 'minutes' } },
  { name: 'probe.users', table: 'probe_cases', window: period, aggregate: { kind: 'count_distinct', column: 'user_id' } },
  { name: 'probe.users_monthly_avg', table: 'probe_cases', window: period, aggregate: { kind: 'monthly_distinct_avg', column: 'user_id' } },
  { name: 'probe.rejected_rows', table: 'probe_cases', window: period, aggregate: { kind: 'count' }, where: [{ column: 'quality_status', op: '=', value: 'rejected' }], acceptedOnly: false },
  { name: 'items.full_online', table: 'probe_items', window: { kind: 'snapshot', column: 'snapshot_date' }, aggregate: { kind: 'count' }, where: [{ column: 'full_online', op: '=', value: true }] },
]);

/** The evaluation plan (computeMetrics) against the reference form, value for value (see plan.test.ts for the catalogue). */
async function expectPlanMatchesReference(db: Database['db'], list: MetricDefinition[], cols: TableColumns, period: string): Promise<void> {
  const { start, end } = periodRange(period);
  const key = (f: { unit: string; metric: string; value: number }) => `${f.unit} ${f.metric} ${f.value}`;
  const reference = (await runMetricQueries(db, compileMetricQueries(list, cols, start, end))).map(key).sort();
  const planned = (await computeMetrics(db, list, cols, period)).map(key).sort();
  expect(planned).toEqual(reference);
}

describe.each(testEngines())('metrics in SQL on $name', (engine) => {
  let database: Database;
  let dispose: () => Promise<void>;
  beforeAll(async () => {
    ({ database, dispose } = await engine.open());
    const db = database.db;
    await seedTestOrgTree(db);
    await sql`create table probe_cases (id int, org_unit text, completed_at timestamptz, quality_status text, channel text, minutes int, user_id text, promised_due_at timestamptz)`.execute(db);
    await sql`create table probe_items (org_unit text, snapshot_date date, quality_status text, full_online boolean)`.execute(db);
    // Period 2025-Q3 = [2025-07-01, 2025-10-01) in UTC+8.
    const rows: [number, string, string, string, string, number, string, string][] = [
      [1, '330102', '2025-07-01T00:00:00+08:00', 'accepted', 'app', 10, 'u1', '2025-07-02T00:00:00+08:00'], // first instant: in
      [2, '330102', '2025-07-15T10:00:00+08:00', 'accepted', 'hall', 30, 'u1', '2025-07-10T00:00:00+08:00'], // late
      [3, '330102', '2025-08-02T10:00:00+08:00', 'accepted', 'mini', 5, 'u2', '2025-08-05T00:00:00+08:00'],
      [4, '330105', '2025-09-30T23:59:59+08:00', 'accepted', 'web', 50, 'u2', '2025-10-05T00:00:00+08:00'], // last instant: in
      [5, '330105', '2025-10-01T00:00:00+08:00', 'accepted', 'app', 99, 'u3', '2025-10-05T00:00:00+08:00'], // next quarter: out
      [6, '330105', '2025-08-01T10:00:00+08:00', 'rejected', 'app', 1000, 'u4', '2025-08-05T00:00:00+08:00'], // rejected: out
      [7, '330100', '2025-09-01T10:00:00+08:00', 'accepted', 'web', 20, 'u5', '2025-09-02T00:00:00+08:00'], // the city's own case
    ];
    for (const r of rows) await sql`insert into probe_cases values (${r[0]}, ${r[1]}, ${r[2]}, ${r[3]}, ${r[4]}, ${r[5]}, ${r[6]}, ${r[7]})`.execute(db);
    const items: [string, string, boolean][] = [
      ['330102', '2025-06-30', true],
      ['330102', '2025-06-30', false],
      ['330102', '2025-09-01', true], // latest before the end: only this snapshot counts
      ['330102', '2025-10-15', true], // after the period: ignored
      ['330105', '2025-05-01', true],
      ['330105', '2025-05-01', true],
    ];
    for (const r of items) await sql`insert into probe_items values (${r[0]}, ${r[1]}, 'accepted', ${r[2]})`.execute(db);
  });
  afterAll(async () => dispose());

  it('computes counts, filtered counts, column comparisons, sums and maxima per unit and rolls them up', async () => {
    const facts = await computeMetrics(database.db, DEFS, columns, '2025-Q3');
    const v = (unit: string, metric: string) => facts.find((f) => f.unit === unit && f.metric === metric)?.value;
    expect([v('330102', 'probe.completed'), v('330105', 'probe.completed'), v('330100', 'probe.completed'), v('330000', 'probe.completed')]).toEqual([3, 1, 5, 5]);
    expect([v('330102', 'probe.app_completed'), v('330105', 'probe.app_completed'), v('330000', 'probe.app_completed')]).toEqual([2, 0, 2]);
    expect([v('330102', 'probe.on_time'), v('330100', 'probe.on_time')]).toEqual([2, 4]);
    expect([v('330102', 'probe.minutes_sum'), v('330000', 'probe.minutes_sum')]).toEqual([45, 115]);
    expect([v('330102', 'probe.minutes_max'), v('330000', 'probe.minutes_max')]).toEqual([30, 50]);
    // Quality metrics see rejected rows; nothing else does.
    expect([v('330105', 'probe.rejected_rows'), v('330000', 'probe.rejected_rows')]).toEqual([1, 1]);
  });

  it('recounts distinct users over each subtree instead of summing the children', async () => {
    const facts = await computeMetrics(database.db, DEFS, columns, '2025-Q3');
    const v = (unit: string, metric: string) => facts.find((f) => f.unit === unit && f.metric === metric)?.value;
    // u2 used services in both districts: the city counts them once (u1, u2, u5), not 2 + 1 + 1.
    expect([v('330102', 'probe.users'), v('330105', 'probe.users'), v('330100', 'probe.users')]).toEqual([2, 1, 3]);
    // Monthly distinct users averaged over July–September: 上城区 {u1} Jul, {u2} Aug, {} Sep → 2/3.
    expect(v('330102', 'probe.users_monthly_avg')).toBeCloseTo(2 / 3, 12);
    // 杭州市: Jul {u1}, Aug {u2}, Sep {u2, u5} → 4/3.
    expect(v('330100', 'probe.users_monthly_avg')).toBeCloseTo(4 / 3, 12);
  });

  it('uses the latest catalogue snapshot before the period ends', async () => {
    const facts = await computeMetrics(database.db, DEFS, columns, '2025-Q3');
    const v = (unit: string) => facts.find((f) => f.unit === unit && f.metric === 'items.full_online')?.value;
    expect([v('330102'), v('330105'), v('330100')]).toEqual([1, 2, 3]);
  });

  it('leaves units without any data absent (no data), never 0', async () => {
    const facts = await computeMetrics(database.db, DEFS, columns, '2025-Q3');
    expect(facts.filter((f) => f.unit === '330200')).toEqual([]);
    const empty = await computeMetrics(database.db, DEFS, columns, '2024-Q1');
    expect(empty.filter((f) => f.metric.startsWith('probe.'))).toEqual([]);
  });

  it('gives the reference form\'s values through the evaluation plan', async () => {
    for (const period of ['2025-Q3', '2025-07', '2025', '2024-Q1']) await expectPlanMatchesReference(database.db, DEFS, columns, period);
  });

  it('restricts results to the caller\'s units', async () => {
    const facts = await computeMetrics(database.db, DEFS, columns, '2025-Q3', { units: new Set(['330105']) });
    expect(new Set(facts.map((f) => f.unit))).toEqual(new Set(['330105']));
  });
});

describe('metric definitions', () => {
  it('refuse unknown tables and columns by name (nothing reaches SQL)', () => {
    const bad = defs([{ name: 'probe.x', table: 'probe_cases', window: period, aggregate: { kind: 'sum', column: 'minutes_typo' } }]);
    expect(() => compileMetricQueries(bad, columns, new Date(), new Date())).toThrow(MetricDefinitionError);
    expect(() => compileMetricQueries(defs([{ name: 'probe.y', table: 'nope', window: period, aggregate: { kind: 'count' } }]), columns, new Date(), new Date())).toThrow('metric probe.y: unknown table "nope"');
    expect(() => MetricDefinitionSchema.parse({ name: 'bad name', table: 't', window: period, aggregate: { kind: 'count' } })).toThrow(/<fact>.<measure>/);
  });
});

// ---------------------------------------------------------------------------------------------
// The constructs the catalogue needs beyond plain counts and sums, each with values worked out by
// hand. Period 2025-Q3 = [2025-07-01, 2025-10-01) in UTC+8 unless a test says otherwise.
// ---------------------------------------------------------------------------------------------

const moreColumns = {
  probe_tickets: new Set(['id', 'org_unit', 'opened_at', 'answered_at', 'closed_at', 'level', 'flags', 'quality_status', 'task', 'kind']),
  probe_days: new Set(['org_unit', 'day', 'minutes', 'quality_status']),
  probe_forms: new Set(['org_unit', 'period', 'period_start', 'period_end', 'item', 'value', 'quality_status', 'submitted_at']),
  probe_apps: new Set(['code', 'owner', 'from_day', 'to_day']),
};

const opened = { kind: 'period' as const, column: 'opened_at' };
const TICKETS = { table: 'probe_tickets', window: opened };
const UNION_PARTS = [
  {
    table: 'probe_tickets',
    columns: {
      org_unit: 'org_unit',
      at: 'opened_at',
      kind: { value: 'ticket' },
      latest: { coalesce: ['closed_at', 'answered_at', 'opened_at'] },
      filled: { filled: ['answered_at', 'closed_at'] },
    },
  },
  {
    table: 'probe_forms',
    columns: { org_unit: 'org_unit', at: 'submitted_at', kind: { value: 'form' }, latest: 'submitted_at', filled: { filled: ['value', 'period'] } },
  },
];
const UNION = { table: 'probe_all', union: UNION_PARTS, window: { kind: 'period' as const, column: 'at' }, acceptedOnly: false };
const villages = [{ column: 'item', op: '=' as const, value: 'villages' }];

const MORE = defs([
  { ...TICKETS, name: 'probe.tickets', aggregate: { kind: 'count' } },
  // Column against column plus an offset.
  { ...TICKETS, name: 'probe.answered_24h', aggregate: { kind: 'count' }, where: [{ column: 'answered_at', op: '<=', otherColumn: 'opened_at', plus: { hours: 24 } }] },
  { ...TICKETS, name: 'probe.answered_15min', aggregate: { kind: 'count' }, where: [{ column: 'answered_at', op: '<=', otherColumn: 'opened_at', plus: { minutes: 15 } }] },
  // Column against a period bound.
  { ...TICKETS, name: 'probe.closed_before_end', aggregate: { kind: 'count' }, where: [{ column: 'closed_at', op: '<', bound: 'period_end' }] },
  // The state at the end of the period: opened before it and not closed before it (any / all).
  {
    table: 'probe_tickets',
    window: { kind: 'until_end', column: 'opened_at' },
    name: 'probe.open_at_end',
    aggregate: { kind: 'count' },
    where: [{ all: [{ column: 'kind', op: '!=', value: 'other' }, { any: [{ column: 'closed_at', op: 'is_null' }, { column: 'closed_at', op: '>=', bound: 'period_end' }] }] }],
  },
  // Two disjoint sets of rows added up (plus): opened in P and closed before its end at level 3 or
  // more, and open at its end (any time opened before) at level 2 or less.
  {
    ...TICKETS,
    name: 'probe.closed_or_open',
    aggregate: { kind: 'count' },
    where: [{ column: 'closed_at', op: '<', bound: 'period_end' }, { column: 'level', op: '>=', value: 3 }],
    plus: [
      {
        window: { kind: 'until_end', column: 'opened_at' },
        where: [{ any: [{ column: 'closed_at', op: 'is_null' }, { column: 'closed_at', op: '>=', bound: 'period_end' }] }, { column: 'level', op: '<=', value: 2 }],
      },
    ],
  },
  // A correlated EXISTS on another row (any time, accepted only).
  {
    ...TICKETS,
    name: 'probe.finished_with_start',
    aggregate: { kind: 'count' },
    where: [
      { column: 'kind', op: '=', value: 'finish' },
      { exists: { table: 'probe_tickets', on: [{ column: 'task', outerColumn: 'task' }], where: [{ column: 'kind', op: '=', value: 'start' }, { column: 'quality_status', op: '=', value: 'accepted' }] } },
    ],
  },
  // The same EXISTS in a cumulative window, sharing its group with probe.open_at_end (which
  // units have a row of the group depends on both filters).
  {
    table: 'probe_tickets',
    window: { kind: 'until_end', column: 'opened_at' },
    name: 'probe.finished_with_start_by_end',
    aggregate: { kind: 'count' },
    where: [
      { column: 'kind', op: '=', value: 'finish' },
      { exists: { table: 'probe_tickets', on: [{ column: 'task', outerColumn: 'task' }], where: [{ column: 'kind', op: '=', value: 'start' }, { column: 'quality_status', op: '=', value: 'accepted' }] } },
    ],
  },
  // Rule names in a JSON array, with or without a detail after ':'.
  { ...TICKETS, name: 'probe.invalid', aggregate: { kind: 'count' }, where: [{ column: 'flags', op: 'has_any', values: ['future_timestamp', 'duplicate'] }] },
  { ...TICKETS, name: 'probe.valid', aggregate: { kind: 'count' }, where: [{ column: 'flags', op: 'has_none', values: ['future_timestamp', 'duplicate'] }] },
  // A linear map of a column: (level - 1) * 25.
  { ...TICKETS, name: 'probe.points_sum', aggregate: { kind: 'sum', column: 'level', plus: -1, times: 25 } },
  { ...TICKETS, name: 'probe.points_max', aggregate: { kind: 'max', column: 'level', plus: -1, times: 25 } },
  // Elapsed time between two timestamps.
  { ...TICKETS, name: 'probe.minutes_sum', aggregate: { kind: 'sum', elapsed: { from: 'opened_at', to: 'closed_at', unit: 'minutes' } } },
  { ...TICKETS, name: 'probe.minutes_clamped_sum', aggregate: { kind: 'sum', elapsed: { from: 'opened_at', to: 'closed_at', unit: 'minutes', atLeastZero: true } } },
  { ...TICKETS, name: 'probe.hours_sum', aggregate: { kind: 'sum', elapsed: { from: 'opened_at', to: 'closed_at', unit: 'hours' } } },
  { ...TICKETS, name: 'probe.days_sum', aggregate: { kind: 'sum', elapsed: { from: 'opened_at', to: 'closed_at', unit: 'days' } } },
  { ...TICKETS, name: 'probe.open_minutes_max', aggregate: { kind: 'max', elapsed: { from: 'opened_at', to: 'closed_at', unit: 'minutes', toIfNull: 'period_end' } } },
  // Coverage: another table's rows make a unit covered (0, not no data).
  { ...TICKETS, name: 'probe.level4', aggregate: { kind: 'count' }, where: [{ column: 'level', op: '=', value: 4 }] },
  {
    ...TICKETS,
    name: 'probe.level4_covered',
    aggregate: { kind: 'count' },
    where: [{ column: 'level', op: '=', value: 4 }],
    coveredBy: [{ table: 'probe_days', window: { kind: 'period_days', column: 'day' } }],
  },
  // Dates, period texts, date ranges.
  { name: 'probe.day_minutes', table: 'probe_days', window: { kind: 'period_days', column: 'day' }, aggregate: { kind: 'sum', column: 'minutes' } },
  { name: 'probe.villages', table: 'probe_forms', window: { kind: 'period_label', column: 'period' }, aggregate: { kind: 'sum', column: 'value' }, where: villages, noMatch: 'no_data' },
  { name: 'probe.villages_zero', table: 'probe_forms', window: { kind: 'period_label', column: 'period' }, aggregate: { kind: 'sum', column: 'value' }, where: villages },
  {
    name: 'probe.cockpits',
    table: 'probe_forms',
    window: { kind: 'period_label', column: 'period' },
    aggregate: { kind: 'count' },
    where: [{ column: 'item', op: '=', value: 'cockpit' }],
    noMatch: 'no_data',
  },
  {
    name: 'probe.villages_within',
    table: 'probe_forms',
    window: { kind: 'within_period', startColumn: 'period_start', endColumn: 'period_end' },
    aggregate: { kind: 'sum', column: 'value' },
    where: villages,
  },
  {
    name: 'probe.apps',
    table: 'probe_apps',
    unitColumn: 'owner',
    window: { kind: 'spans_period', fromColumn: 'from_day', toColumn: 'to_day' },
    aggregate: { kind: 'count' },
    acceptedOnly: false,
  },
  // A union of two tables read as one, with constants, coalesce and filled-counts.
  { ...UNION, name: 'probe.union_rows', aggregate: { kind: 'count' } },
  { ...UNION, name: 'probe.union_tickets', aggregate: { kind: 'count' }, where: [{ column: 'kind', op: '=', value: 'ticket' }] },
  { ...UNION, name: 'probe.union_filled', aggregate: { kind: 'sum', column: 'filled' } },
  { ...UNION, name: 'probe.union_latest_minutes', aggregate: { kind: 'sum', elapsed: { from: 'at', to: 'latest', unit: 'minutes' } } },
]);

describe.each(testEngines())('further metric constructs on $name', (engine) => {
  let database: Database;
  let dispose: () => Promise<void>;
  beforeAll(async () => {
    ({ database, dispose } = await engine.open());
    const db = database.db;
    await seedTestOrgTree(db);
    await sql`create table probe_tickets (id int, org_unit text, opened_at timestamptz, answered_at timestamptz, closed_at timestamptz, level int, flags jsonb, quality_status text, task text, kind text)`.execute(db);
    await sql`create table probe_days (org_unit text, day date, minutes numeric, quality_status text default 'accepted')`.execute(db);
    await sql`create table probe_forms (org_unit text, period text, period_start date, period_end date, item text, value numeric, quality_status text, submitted_at timestamptz)`.execute(db);
    await sql`create table probe_apps (code text, owner text, from_day date, to_day date)`.execute(db);
    const tickets: [number, string, string, string | null, string | null, number, string[], string, string | null, string][] = [
      [1, '330102', '2025-07-01T10:00:00+08:00', '2025-07-01T10:10:00+08:00', '2025-07-01T12:00:00+08:00', 5, [], 'accepted', 'a', 'start'],
      [2, '330102', '2025-07-02T10:00:00+08:00', '2025-07-03T11:00:00+08:00', null, 2, ['late_sync'], 'accepted', 'a', 'finish'],
      [3, '330102', '2025-09-30T22:00:00+08:00', null, null, 1, ['future_timestamp:closed_at'], 'accepted', 'zz', 'finish'],
      [4, '330105', '2025-08-01T00:00:00+08:00', '2025-08-01T00:30:00+08:00', '2025-08-02T12:00:00+08:00', 3, ['duplicate'], 'accepted', 'b', 'finish'],
      [5, '330105', '2025-06-30T00:00:00+08:00', null, '2025-07-01T06:00:00+08:00', 4, [], 'rejected', 'b', 'start'],
      [6, '330105', '2025-06-01T00:00:00+08:00', null, null, 5, [], 'accepted', 'c', 'start'],
      [7, '330102', '2025-07-10T12:00:00+08:00', null, '2025-07-10T11:00:00+08:00', 5, [], 'accepted', null, 'other'],
    ];
    for (const t of tickets) {
      await sql`insert into probe_tickets values (${t[0]}, ${t[1]}, ${t[2]}, ${t[3]}, ${t[4]}, ${t[5]}, ${JSON.stringify(t[6])}, ${t[7]}, ${t[8]}, ${t[9]})`.execute(db);
    }
    const days: [string, string, number][] = [
      ['330102', '2025-06-30', 100],
      ['330102', '2025-07-01', 10], // first day: in
      ['330102', '2025-09-30', 20], // last day: in
      ['330102', '2025-10-01', 1000],
      ['330105', '2025-08-15', 5],
      ['330200', '2025-08-01', 1], // 宁波市: no tickets, but days
    ];
    for (const d of days) await sql`insert into probe_days (org_unit, day, minutes) values (${d[0]}, ${d[1]}, ${d[2]})`.execute(db);
    const forms: [string, string, string, string, string, number, string, string][] = [
      ['330102', '2025-Q3', '2025-07-01', '2025-10-01', 'villages', 10, 'accepted', '2025-07-15T10:00:00+08:00'],
      ['330102', '2025-07', '2025-07-01', '2025-08-01', 'villages', 3, 'accepted', '2025-08-02T10:00:00+08:00'],
      ['330102', '2025-08', '2025-08-01', '2025-09-01', 'villages', 4, 'accepted', '2025-09-02T10:00:00+08:00'],
      ['330105', '2025-Q3', '2025-07-01', '2025-10-01', 'cockpit', 1, 'accepted', '2025-10-05T10:00:00+08:00'],
      ['330102', '2025', '2025-01-01', '2026-01-01', 'villages', 100, 'accepted', '2025-03-01T10:00:00+08:00'],
      ['330105', '2025-Q3', '2025-07-01', '2025-10-01', 'villages', 7, 'rejected', '2025-07-20T10:00:00+08:00'],
    ];
    for (const f of forms) await sql`insert into probe_forms values (${f[0]}, ${f[1]}, ${f[2]}, ${f[3]}, ${f[4]}, ${f[5]}, ${f[6]}, ${f[7]})`.execute(db);
    const apps: [string, string, string | null, string | null][] = [
      ['a1', '330102', null, null],
      ['a2', '330102', '2025-10-01', null], // starts after the quarter
      ['a3', '330105', null, '2025-07-01'], // last day is the quarter's first
      ['a4', '330105', '2025-09-30', '2025-12-31'],
      ['a5', '330105', '2024-01-01', '2025-06-30'], // ended before the quarter
    ];
    for (const a of apps) await sql`insert into probe_apps values (${a[0]}, ${a[1]}, ${a[2]}, ${a[3]})`.execute(db);
  });
  afterAll(async () => dispose());

  const valuesOf = async (period: string) => {
    const facts = await computeMetrics(database.db, MORE, moreColumns, period);
    return (unit: string, metric: string) => facts.find((f) => f.unit === unit && f.metric === metric)?.value;
  };
  const units = ['330102', '330105', '330100', '330200', '330000'];
  const row = (v: (unit: string, metric: string) => number | undefined, metric: string) => units.map((u) => v(u, metric));

  it('compares a column with another column plus an offset, and with the period bounds', async () => {
    const v = await valuesOf('2025-Q3');
    expect(row(v, 'probe.tickets')).toEqual([4, 1, 5, undefined, 5]);
    // 10 min and 30 min answers are within 24 h; 25 h is not; unanswered never is.
    expect(row(v, 'probe.answered_24h')).toEqual([1, 1, 2, undefined, 2]);
    expect(row(v, 'probe.answered_15min')).toEqual([1, 0, 1, undefined, 1]);
    // #1 and #7 (上城区), #4 (拱墅区) closed before 2025-10-01.
    expect(row(v, 'probe.closed_before_end')).toEqual([2, 1, 3, undefined, 3]);
  });

  it('counts the state at the period end over all earlier rows (until_end)', async () => {
    const v = await valuesOf('2025-Q3');
    // Open at the end: #2, #3 (上城区), #6 opened in June (拱墅区); #7 is excluded by kind.
    expect(row(v, 'probe.open_at_end')).toEqual([2, 1, 3, undefined, 3]);
    const june = await valuesOf('2025-06');
    // Before 2025-07-01 only #6 matches (#5 is rejected); 上城区 has no matching row: no data.
    expect(row(june, 'probe.open_at_end')).toEqual([undefined, 1, 1, undefined, 1]);
  });

  it('adds up a metric\'s parts, and samples the rows of each', async () => {
    // Closed before the end at level ≥ 3: #1, #7 (上城区), #4 (拱墅区); open at the end at level ≤ 2: #2, #3 (上城区).
    expect(row(await valuesOf('2025-Q3'), 'probe.closed_or_open')).toEqual([4, 1, 5, undefined, 5]);
    // June: 拱墅区 has rows of both windows (#6) but none counts: 0; 上城区 has none: no data.
    expect(row(await valuesOf('2025-06'), 'probe.closed_or_open')).toEqual([undefined, 0, 0, undefined, 0]);
    const def = MORE.find((d) => d.name === 'probe.closed_or_open')!;
    const { start, end } = periodRange('2025-Q3');
    const { rows } = await compileSampleQuery(def, moreColumns, start, end, '330102').execute(database.db);
    expect(rows.map((r) => r.id)).toEqual([1, 2, 3, 7]);
  });

  it('matches another row with EXISTS, and rule names in a JSON array', async () => {
    const v = await valuesOf('2025-Q3');
    // #2 (task a) has an accepted start (#1); #3 has none; #4's start (#5) was rejected.
    expect(row(v, 'probe.finished_with_start')).toEqual([1, 0, 1, undefined, 1]);
    // future_timestamp:closed_at (#3) and duplicate (#4) are invalid; late_sync (#2) is not.
    expect(row(v, 'probe.invalid')).toEqual([1, 1, 2, undefined, 2]);
    expect(row(v, 'probe.valid')).toEqual([3, 0, 3, undefined, 3]);
  });

  it('sums and maximises a linear map of a column', async () => {
    const v = await valuesOf('2025-Q3');
    // 上城区 levels 5, 2, 1, 5 → 100 + 25 + 0 + 100; 拱墅区 level 3 → 50.
    expect(row(v, 'probe.points_sum')).toEqual([225, 50, 275, undefined, 275]);
    expect(row(v, 'probe.points_max')).toEqual([100, 50, 100, undefined, 100]);
  });

  it('sums elapsed time in minutes, hours and days, clamps at zero, and measures open intervals to the period end', async () => {
    const v = await valuesOf('2025-Q3');
    // 上城区: #1 120 min, #7 −60 min (closed before opened), others open. 拱墅区: #4 36 h.
    expect(row(v, 'probe.minutes_sum')).toEqual([60, 2160, 2220, undefined, 2220]);
    expect(row(v, 'probe.minutes_clamped_sum')).toEqual([120, 2160, 2280, undefined, 2280]);
    expect(row(v, 'probe.hours_sum')).toEqual([1, 36, 37, undefined, 37]);
    expect(v('330102', 'probe.days_sum')).toBeCloseTo(1 / 24, 12);
    expect(v('330105', 'probe.days_sum')).toBeCloseTo(1.5, 12);
    // #2 is open from 2025-07-02 10:00 to the period end 2025-10-01 00:00: 30 + 31 + 30 days from
    // 07-02 00:00, less 10 hours = 90 days 14 hours.
    const open = 90 * 1440 + 14 * 60;
    expect(row(v, 'probe.open_minutes_max')).toEqual([open, 2160, open, undefined, open]);
  });

  it('makes a unit covered by another table\'s rows: 0 instead of no data', async () => {
    const v = await valuesOf('2025-Q3');
    expect(row(v, 'probe.level4')).toEqual([0, 0, 0, undefined, 0]);
    // 宁波市 has no tickets but a day row in the quarter.
    expect(row(v, 'probe.level4_covered')).toEqual([0, 0, 0, 0, 0]);
    expect(row(v, 'probe.day_minutes')).toEqual([30, 5, 35, 1, 36]);
  });

  it('reads period texts exactly, date ranges inside the period, and service spans', async () => {
    const q3 = await valuesOf('2025-Q3');
    // Only 上城区 has an accepted villages form for 2025-Q3; 拱墅区's was rejected: no data, not 0.
    expect(row(q3, 'probe.villages')).toEqual([10, undefined, 10, undefined, 10]);
    expect(row(q3, 'probe.villages_zero')).toEqual([10, 0, 10, undefined, 10]);
    expect(row(q3, 'probe.cockpits')).toEqual([undefined, 1, 1, undefined, 1]);
    // Inside the quarter: the quarter's form and the July and August forms (10 + 3 + 4), not the year's.
    expect(row(q3, 'probe.villages_within')).toEqual([17, 0, 17, undefined, 17]);
    expect(row(q3, 'probe.apps')).toEqual([1, 2, 3, undefined, 3]);
    const july = await valuesOf('2025-07');
    expect([july('330102', 'probe.villages'), july('330102', 'probe.villages_within')]).toEqual([3, 3]);
    const year = await valuesOf('2025');
    expect([year('330102', 'probe.villages'), year('330102', 'probe.villages_within')]).toEqual([100, 117]);
  });

  it('reads several tables as one (union) with constants, coalesce and filled-counts', async () => {
    const v = await valuesOf('2025-Q3');
    // 上城区: tickets #1 #2 #3 #7 + forms of 07-15, 08-02, 09-02; 拱墅区: #4 + the rejected form of 07-20.
    expect(row(v, 'probe.union_rows')).toEqual([7, 2, 9, undefined, 9]);
    expect(row(v, 'probe.union_tickets')).toEqual([4, 1, 5, undefined, 5]);
    // Filled of (answered_at, closed_at): #1 2, #2 1, #3 0, #7 1, #4 2; forms fill both of (value, period).
    expect(row(v, 'probe.union_filled')).toEqual([10, 4, 14, undefined, 14]);
    // Opened → first of closed, answered, opened: #1 120, #2 1500, #3 0, #7 −60; #4 2160; forms 0.
    expect(row(v, 'probe.union_latest_minutes')).toEqual([1560, 2160, 3720, undefined, 3720]);
  });

  it('gives the reference form\'s values through the evaluation plan', async () => {
    for (const period of ['2025-Q3', '2025-06', '2025-07', '2025']) await expectPlanMatchesReference(database.db, MORE, moreColumns, period);
  });

  it('binds values as parameters', async () => {
    const evil = defs([{ ...TICKETS, name: 'probe.evil', aggregate: { kind: 'count' }, where: [{ column: 'kind', op: '=', value: "x' or '1'='1" }] }]);
    const facts = await computeMetrics(database.db, evil, moreColumns, '2025-Q3');
    expect(facts.map((f) => f.value)).toEqual([0, 0, 0, 0]);
  });
});

describe('further metric definitions', () => {
  const start = new Date('2025-06-30T16:00:00Z');
  const end = new Date('2025-09-30T16:00:00Z');
  const compile = (list: MetricDefinitionInput[], s = start, e = end) => () => compileMetricQueries(defs(list), moreColumns, s, e);

  it('check every name in the new constructs against the allow-list', () => {
    const exists = (table: string, column: string) => [{ exists: { table, on: [{ column, outerColumn: 'task' }] } }];
    expect(compile([{ ...TICKETS, name: 'probe.x', aggregate: { kind: 'count' }, where: exists('nope', 'task') }])).toThrow('metric probe.x: unknown table "nope"');
    expect(compile([{ ...TICKETS, name: 'probe.x', aggregate: { kind: 'count' }, where: exists('probe_tickets', 'nope') }])).toThrow('has no column "nope"');
    expect(compile([{ ...TICKETS, name: 'probe.x', aggregate: { kind: 'sum', elapsed: { from: 'opened_at', to: 'nope', unit: 'hours' } } }])).toThrow('has no column "nope"');
    expect(compile([{ ...TICKETS, name: 'probe.x', aggregate: { kind: 'count' }, where: [{ column: 'opened_at', op: '<', otherColumn: 'nope', plus: { hours: 1 } }] }])).toThrow('has no column "nope"');
    expect(compile([{ ...TICKETS, name: 'probe.x', aggregate: { kind: 'count' }, coveredBy: [{ table: 'probe_days', window: { kind: 'period_days', column: 'nope' } }] }])).toThrow(
      'table probe_days has no column "nope"',
    );
    const badPart = [UNION_PARTS[0]!, { table: 'probe_forms', columns: { ...UNION_PARTS[1]!.columns, latest: 'nope' } }];
    expect(compile([{ ...UNION, union: badPart, name: 'probe.x', aggregate: { kind: 'count' } }])).toThrow('table probe_forms has no column "nope"');
    const missing = [UNION_PARTS[0]!, { table: 'probe_forms', columns: { org_unit: 'org_unit', at: 'submitted_at' } }];
    expect(compile([{ ...UNION, union: missing, name: 'probe.x', aggregate: { kind: 'count' } }])).toThrow('every union part maps the same columns');
    expect(compile([{ ...UNION, table: 'probe_days', name: 'probe.x', aggregate: { kind: 'count' } }])).toThrow('is also a table');
    // Quality-checked counting needs the quality_status column.
    expect(compile([{ name: 'probe.x', table: 'probe_apps', unitColumn: 'owner', window: { kind: 'spans_period', fromColumn: 'from_day', toColumn: 'to_day' }, aggregate: { kind: 'count' } }])).toThrow(
      'has no column "quality_status"',
    );
    expect(() => MetricDefinitionSchema.parse({ name: 'probe.x', table: 't', window: opened, aggregate: { kind: 'count' }, where: [{ column: 'a"; drop table x; --', op: 'is_null' }] })).toThrow();
  });

  it('add up parts only for counts and sums of one table', () => {
    const part = { window: { kind: 'until_end' as const, column: 'opened_at' } };
    expect(() => MetricDefinitionSchema.parse({ ...TICKETS, name: 'probe.x', aggregate: { kind: 'max', column: 'level' }, plus: [part] })).toThrow('only a count or sum of one table adds up further parts');
    expect(() => MetricDefinitionSchema.parse({ ...UNION, name: 'probe.x', aggregate: { kind: 'count' }, plus: [part] })).toThrow('only a count or sum of one table adds up further parts');
    expect(compile([{ ...TICKETS, name: 'probe.x', aggregate: { kind: 'count' }, plus: [{ window: { kind: 'until_end', column: 'nope' } }] }])).toThrow('has no column "nope"');
  });

  it('refuse a period text window for a range that is not a month, quarter or year, and no_data for distinct counts', () => {
    const label = [{ name: 'probe.x', table: 'probe_forms', window: { kind: 'period_label' as const, column: 'period' }, aggregate: { kind: 'count' as const } }];
    expect(compile(label)).not.toThrow();
    expect(compile(label, start, new Date('2025-08-31T16:00:00Z'))).toThrow('a period_label window needs a month, quarter or year');
    expect(compile([{ ...TICKETS, name: 'probe.x', aggregate: { kind: 'count_distinct', column: 'task' }, noMatch: 'no_data' }])).toThrow('noMatch "no_data" applies to counts');
  });

  it('share one scan per (table, unit column, window) and keep other windows apart', () => {
    const queries = compileMetricQueries(MORE, moreColumns, start, end);
    const byMetric = (m: string) => queries.findIndex((q) => q.metrics.includes(m));
    expect(byMetric('probe.answered_24h')).toBe(byMetric('probe.points_sum'));
    expect(byMetric('probe.open_at_end')).not.toBe(byMetric('probe.tickets'));
    // Different coverage, different query.
    expect(byMetric('probe.level4_covered')).not.toBe(byMetric('probe.level4'));
    expect(byMetric('probe.union_rows')).toBe(byMetric('probe.union_filled'));
  });
});
