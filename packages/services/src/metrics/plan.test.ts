// The evaluation plan (plan.ts) must give exactly the values of the reference form (compile.ts,
// one query per group of definitions, the straightforward statement of each metric): every
// metric of the catalogue, every unit, several periods, on the demo province — a realistic
// dataset with rejected and flagged records, cumulative windows, snapshots, manual forms,
// coverage from other tables, distinct counts and the quality union — on both engines.
import { periodRange } from '@govperf/contracts';
import type { MetricFact } from '@govperf/engine';
import type { Database } from '@govperf/storage';
import { testEngines } from '@govperf/storage/testing';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDemoProvince } from '../demo';
import { defaultMetricCatalogue } from './catalogue';
import { compileMetricQueries } from './compile';
import { computeMetrics, runMetricQueries } from './compute';
import { compileMetricPlan } from './plan';

const NOW = new Date('2026-03-15T10:00:00+08:00');
const catalogue = defaultMetricCatalogue();
const definitions = [...catalogue.definitions.values()];
/** A month, a quarter, the year, and a quarter the data cover only in part (and that ends after the data). */
const PERIODS = ['2025-11', '2025-Q4', '2025', '2026-Q1'];

const byKey = (facts: MetricFact[]) => new Map(facts.map((f) => [`${f.unit} ${f.metric}`, f.value]));

describe.each(testEngines())('the evaluation plan on $name', (engine) => {
  let database: Database;
  let dispose: () => Promise<void>;
  beforeAll(async () => {
    ({ database, dispose } = await engine.open());
    await loadDemoProvince(database, { seed: 11, scale: 0.002, now: NOW });
    // Rule names with details, a name that is only a prefix of a rule, and several rules at once,
    // on some rows of each table the quality metrics test them on.
    const flags = ['["future_timestamp:completed_at"]', '["late_sync","duplicate:r-1"]', '["negative_durationx"]', '["concentrated_scores:burst"]', '["concentrated_scores_x"]'];
    for (const table of ['handling_records', 'ratings', 'app_events']) {
      for (const [i, value] of flags.entries()) {
        await sql`update ${sql.table(table)} set quality_flags = cast(${value} as jsonb) where id % 97 = ${i}`.execute(database.db);
      }
    }
    // Records ingestion refused (quality.* reads their payload): fields absent, null or blank, a
    // unit per fact type, an unknown unit, an unreadable line, arrivals across the periods.
    const units = (await sql<{ code: string }>`select code from org_units where parent_code is not null order by code limit 7`.execute(database.db)).rows.map((r) => r.code);
    await sql`insert into ingestion_batches (id, fact_type, channel, source) values ('b-refused', 'handling-records', 'file', 'test')`.execute(database.db);
    const types: [string, string][] = [['handling-records', 'org_unit'], ['ratings', 'org_unit'], ['events', 'app_org_unit'], ['feedback', 'org_unit'], ['mystery-shopper-runs', 'org_unit'], ['manual-submissions', 'org_unit'], ['service-items', 'org_unit'], ['operations', 'org_unit']];
    for (let i = 0; i < 60; i++) {
      const [type, unitField] = types[i % types.length]!;
      const payload = i % 13 === 12 ? 'a,"broken' : { [unitField]: i % 11 === 10 ? '999999' : units[i % units.length], record_id: i % 3 ? `r${i}` : '', rating_id: i % 2 ? null : 'x', level: '9', channel: 'app', item_code: ' ', event_id: 'e', status: 'open', form_item: 'f' };
      const receivedAt = new Date(Date.UTC(2025, 9, 1) + i * 4 * 86_400_000);
      await sql`insert into rejected_records (batch_id, fact_type, source, record_index, payload, errors, received_at) values ('b-refused', ${type}, 'test', ${i}, cast(${JSON.stringify(payload)} as jsonb), '[]', ${receivedAt})`.execute(database.db);
    }
  }, 300_000);
  afterAll(async () => dispose?.());

  it.each(PERIODS)('gives the reference values for every metric and unit in %s', async (period) => {
    const { start, end } = periodRange(period);
    const reference = await runMetricQueries(database.db, compileMetricQueries(definitions, catalogue.columns, start, end));
    const expected = byKey(reference);
    // Both forms of the plan: with the daily summaries (summary.ts) and reading the fact rows.
    for (const summaries of [true, false]) {
      const planned = await computeMetrics(database.db, definitions, catalogue.columns, period, { summaries });
      const actual = byKey(planned);
      expect(planned.length).toBe(actual.size); // one value per unit and metric
      const differences = [...new Set([...expected.keys(), ...actual.keys()])].filter((k) => expected.get(k) !== actual.get(k));
      expect(differences.map((k) => `${k}: reference ${expected.get(k)}, plan ${actual.get(k)} (summaries ${summaries})`)).toEqual([]);
    }

    // Not a trivial agreement: over 10,000 values, and nearly every metric is non-zero somewhere.
    if (period !== '2026-Q1') {
      expect(expected.size).toBeGreaterThan(10_000);
      const nonZero = new Set(reference.filter((f) => f.value !== 0).map((f) => f.metric));
      expect(nonZero.size).toBeGreaterThan(150);
      for (const metric of ['events.active_users_monthly_avg', 'handling.elder_applicants', 'handling.overdue', 'handling.open_with_promise_at_end', 'quality.records_valid', 'quality.sync_delay_minutes_sum', 'events.tasks_finished']) {
        expect(nonZero.has(metric), metric).toBe(true);
      }
    }
    // The refused records make completeness (C1.01) less than 100 % somewhere.
    expect([...expected].some(([k, total]) => k.endsWith(' quality.required_fields_total') && expected.get(k.replace('_total', '_filled'))! < total!)).toBe(true);
  });

  it('finds the demo\'s refused records: data completeness (C1.01) below 100 % and different between counties', async () => {
    const demo = await sql<{ n: string }>`select count(*) as n from rejected_records where batch_id <> 'b-refused' and fact_type = 'handling-records'`.execute(database.db);
    expect(Number(demo.rows[0]!.n)).toBeGreaterThan(0);
    const values = byKey(await computeMetrics(database.db, definitions.filter((d) => d.name.startsWith('quality.required_fields')), catalogue.columns, '2025-Q4'));
    const counties = (await sql<{ code: string }>`select code from org_units where level = 'county'`.execute(database.db)).rows.map((r) => r.code);
    const completeness = counties
      .filter((c) => values.has(`${c} quality.required_fields_total`))
      .map((c) => values.get(`${c} quality.required_fields_filled`)! / values.get(`${c} quality.required_fields_total`)!);
    expect(completeness.length).toBeGreaterThan(10);
    expect(Math.min(...completeness)).toBeLessThan(1);
    expect(new Set(completeness).size).toBeGreaterThan(3);
  });

  it('reads each fact table once for the additive metrics', () => {
    const { start, end } = periodRange('2025-Q4');
    const queries = compileMetricPlan(definitions, catalogue.columns, start, end);
    // One statement for the 161 additive metrics read in shared scans (162 partials: overdue has two parts), one for the metric whose
    // filter reads other rows (tasks finished with a start), one per family of distinct metrics
    // (elder applicants; monthly active users and elder monthly active users share theirs).
    expect(queries.map((q) => q.metrics)).toEqual([expect.any(Array), ['events.tasks_finished'], ['handling.elder_applicants'], ['events.active_users_monthly_avg', 'events.elder_active_users_monthly_avg']]);
    expect(queries[0]!.metrics).toHaveLength(162);
    const text = queries[0]!.query.compile(database.db).sql;
    // The cases open at the end of the period (their filters depend on its bounds) read the
    // handling records once; every other window of the big tables is read from daily summaries
    // (summary.ts), the registered users (a cumulative window) from a summary of every day before the end.
    expect(text.match(/from "handling_records" f\b/g)?.length).toBe(1);
    for (const table of ['app_events', 'ratings', 'sharing_calls', 'mystery_shopper_runs']) expect(text, table).not.toContain(`from "${table}" f`);
    const summarised = new Set(queries[0]!.summaries!.map((s) => `${s.table}.${s.dayColumn}${s.startDay === null ? ' (cumulative)' : ''}`));
    for (const source of ['handling_records.completed_at', 'handling_records.ingested_at', 'ratings.rated_at', 'app_events.occurred_at', 'app_events.occurred_at (cumulative)', 'sharing_calls.called_at', 'rejected_records.received_at', 'feedback.received_at']) {
      expect(summarised.has(source), source).toBe(true);
    }
    // Monthly active users: whole months per ancestor.
    expect(queries[3]!.summaries!.map((s) => [s.table, s.byAncestor])).toEqual([['app_events', true]]);
  });
});
