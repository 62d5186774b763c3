import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { upsertOrgUnits, type Database } from '@govperf/storage';
import { testEngines } from '@govperf/storage/testing';
import { MetricDefinitionSchema, type MetricDefinitionInput } from './definition';
import { computeMetrics } from './compute';
import { compileMetricQueries, MetricDefinitionError } from './compile';

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

describe.each(testEngines())('metrics in SQL on $name', (engine) => {
  let database: Database;
  let dispose: () => Promise<void>;
  beforeAll(async () => {
    ({ database, dispose } = await engine.open());
    const db = database.db;
    await upsertOrgUnits(db, [
      { code: '330000', name: '浙江省', level: 'province', parentCode: null },
      { code: '330100', name: '杭州市', level: 'city', parentCode: '330000' },
      { code: '330102', name: '上城区', level: 'county', parentCode: '330100' },
      { code: '330105', name: '拱墅区', level: 'county', parentCode: '330100' },
      { code: '330200', name: '宁波市', level: 'city', parentCode: '330000' },
    ]);
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
