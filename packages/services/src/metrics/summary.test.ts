// Daily summaries (summary.ts) must never let an evaluation read a stale day: every write to a
// fact table forgets the days it touched, and the next evaluation recomputes them. Checked
// against the reference form (compile.ts, which reads the fact rows) after inserts, updates that
// move rows between days, deletes and a truncate, on both engines; and on PostgreSQL, that a
// refresh waits for a writer still in flight rather than recording a day without its rows.
import { periodRange } from '@govperf/contracts';
import type { MetricFact } from '@govperf/engine';
import type { Database, DB } from '@govperf/storage';
import { testEngines } from '@govperf/storage/testing';
import { sql, type Kysely, type RawBuilder } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDemoProvince } from '../demo';
import { defaultMetricCatalogue } from './catalogue';
import { compileMetricQueries } from './compile';
import { computeMetrics, runMetricQueries, useSummaries } from './compute';
import { SUMMARISED_TABLES } from './summary';

const NOW = new Date('2026-03-15T10:00:00+08:00');
const catalogue = defaultMetricCatalogue();
const definitions = [...catalogue.definitions.values()];

const byKey = (facts: MetricFact[]) => new Map(facts.map((f) => [`${f.unit} ${f.metric}`, f.value]));

/** The (unit, metric) values on which the plan and the reference form disagree. */
async function disagreements(db: Kysely<DB>, period: string): Promise<string[]> {
  const { start, end } = periodRange(period);
  const reference = byKey(await runMetricQueries(db, compileMetricQueries(definitions, catalogue.columns, start, end)));
  const planned = byKey(await computeMetrics(db, definitions, catalogue.columns, period, { summaries: true }));
  return [...new Set([...reference.keys(), ...planned.keys()])].filter((k) => reference.get(k) !== planned.get(k)).map((k) => `${k}: reference ${reference.get(k)}, plan ${planned.get(k)}`);
}

const count = async (db: Kysely<DB>, query: ReturnType<typeof sql<{ n: string }>>) => Number((await query.execute(db)).rows[0]!.n);
const summaryDays = (db: Kysely<DB>, table: string) => count(db, sql<{ n: string }>`select count(*) as n from metric_summary_days d join metric_summaries s on s.key = d.key where s.source_table = ${table}`);
const summaryMonths = (db: Kysely<DB>, table: string) => count(db, sql<{ n: string }>`select count(*) as n from metric_summary_months m join metric_summaries s on s.key = m.key where s.source_table = ${table}`);

/** Copies of the rows of `table` that `where` selects, as new records (source id + `suffix`), with some columns set to `set`. */
async function copyRows(db: Kysely<DB>, table: string, where: RawBuilder<unknown>, suffix: string, set: Record<string, string> = {}): Promise<number> {
  const columns = (await sql<{ name: string }>`select column_name as name from information_schema.columns where table_name = ${table} and column_name <> 'id' order by ordinal_position`.execute(db)).rows.map((r) => r.name);
  const values = columns.map((c) => {
    if (c === 'source_id') return sql`source_id || ${suffix}`;
    if (Object.hasOwn(set, c)) return sql`cast(${set[c]} as timestamptz)`;
    return sql.ref(c);
  });
  const result = await sql`insert into ${sql.table(table)} (${sql.join(columns.map((c) => sql.ref(c)))})
    select ${sql.join(values)} from ${sql.table(table)} where ${where} and source_id not like '%-copy%'`.execute(db);
  return Number(result.numAffectedRows ?? 0);
}

/** Copies of every `modulo`-th handling record completed in 2025-Q4, optionally completed at `completedAt`. */
const copyHandlingRecords = (db: Kysely<DB>, modulo: number, suffix: string, completedAt?: string) =>
  copyRows(db, 'handling_records', sql`completed_at >= '2025-10-01T00:00:00+08:00' and completed_at < '2026-01-01T00:00:00+08:00' and id % ${modulo} = 0`, suffix, completedAt ? { completed_at: completedAt } : {});

describe.each(testEngines())('daily summaries on $name', (engine) => {
  let database: Database;
  let dispose: () => Promise<void>;
  let db: Kysely<DB>;
  beforeAll(async () => {
    ({ database, dispose } = await engine.open());
    db = database.db;
    await loadDemoProvince(database, { seed: 5, scale: 0.001, now: NOW });
  }, 300_000);
  afterAll(async () => dispose?.());

  it('is used by default on PostgreSQL, not on the embedded engine', () => {
    expect(useSummaries(db)).toBe(engine.name === 'postgres');
  });

  it('has the triggers that forget summary days on every summarised table', async () => {
    const triggers = await sql<{ t: string; n: string }>`select c.relname as t, count(*) as n from pg_trigger g join pg_class c on c.oid = g.tgrelid where g.tgname like '%\\_summaries\\_%' group by c.relname`.execute(db);
    const found = new Map(triggers.rows.map((r) => [r.t, Number(r.n)]));
    for (const table of SUMMARISED_TABLES) expect(found.get(table), table).toBe(4); // insert, update, delete, truncate
  });

  it('stays exact after inserts, updates that move rows between days, deletes and a truncate', async () => {
    expect(await disagreements(db, '2025-Q4')).toEqual([]);
    const handlingDays = await summaryDays(db, 'handling_records');
    expect(handlingDays).toBeGreaterThan(92); // the quarter's days, by completion and by arrival
    // The quarter's three months are read from month partials, per summary.
    const handlingMonths = await summaryMonths(db, 'handling_records');
    expect(handlingMonths % 3).toBe(0);
    expect(handlingMonths).toBeGreaterThan(0);

    expect(await copyHandlingRecords(db, 7, '-copy7')).toBeGreaterThan(0);
    const forgotten = handlingDays - (await summaryDays(db, 'handling_records'));
    expect(forgotten).toBeGreaterThan(0);
    expect(forgotten).toBeLessThan(handlingDays); // only the days the copies fall on
    // Forgetting a day forgets its month.
    expect(await summaryMonths(db, 'handling_records')).toBeLessThan(handlingMonths);
    await sql`update handling_records set completed_at = completed_at + interval '3 days' where id % 11 = 0 and completed_at >= '2025-10-01T00:00:00+08:00' and completed_at < '2025-12-29T00:00:00+08:00'`.execute(db);
    await sql`update ratings set quality_status = 'rejected', quality_flags = '["concentrated_scores:test"]' where id % 5 = 0`.execute(db);
    await sql`delete from app_events where id % 9 = 0`.execute(db);
    await sql`delete from sharing_calls where id % 4 = 0`.execute(db);
    await sql`truncate mystery_shopper_runs`.execute(db);
    // Registrations before any day the cumulative summary holds: its first day moves back.
    expect(await copyRows(db, 'app_events', sql`event_type = 'register' and id % 3 = 0`, '-copy-early', { occurred_at: '2024-06-01T09:00:00+08:00' })).toBeGreaterThan(0);
    expect(await summaryDays(db, 'mystery_shopper_runs')).toBe(0);

    expect(await disagreements(db, '2025-Q4')).toEqual([]);
    expect(await disagreements(db, '2025')).toEqual([]);
    expect(await disagreements(db, '2025-11')).toEqual([]);
  });

  it('follows a change of the hierarchy in the monthly distinct counts per ancestor', async () => {
    expect(await disagreements(db, '2025-Q4')).toEqual([]);
    // Move a county from its city to another city (closure rows as upsertOrgUnits writes them).
    const county = (
      await sql<{ code: string; parent: string }>`select o.code, o.parent_code as parent from org_units o join app_events e on e.app_org_unit = o.code
        where o.level = 'county' and e.occurred_at >= '2025-10-01T00:00:00+08:00' and e.occurred_at < '2026-01-01T00:00:00+08:00' group by 1, 2 order by count(*) desc, 1 limit 1`.execute(db)
    ).rows[0]!;
    const other = (await sql<{ code: string }>`select code from org_units where level = 'city' and code <> ${county.parent} order by code limit 1`.execute(db)).rows[0]!.code;
    await sql`update org_unit_closure set ancestor_code = ${other} where descendant_code = ${county.code} and ancestor_code = ${county.parent}`.execute(db);
    expect(await disagreements(db, '2025-Q4')).toEqual([]);
    await sql`update org_unit_closure set ancestor_code = ${county.parent} where descendant_code = ${county.code} and ancestor_code = ${other}`.execute(db);
    expect(await disagreements(db, '2025-Q4')).toEqual([]);
  });

  it('would read a stale day if a write did not forget it (the check above can fail)', async () => {
    expect(await disagreements(db, '2025-Q4')).toEqual([]);
    await sql`alter table handling_records disable trigger handling_records_summaries_insert`.execute(db);
    try {
      expect(await copyHandlingRecords(db, 3, '-copy3')).toBeGreaterThan(0);
      expect((await disagreements(db, '2025-Q4')).some((d) => d.includes('handling.completed:'))).toBe(true);
    } finally {
      await sql`alter table handling_records enable trigger handling_records_summaries_insert`.execute(db);
    }
    // Forgetting the quarter's days makes it exact again.
    await sql`delete from metric_summary_days d using metric_summaries s where s.key = d.key and s.source_table = 'handling_records'`.execute(db);
    expect(await disagreements(db, '2025-Q4')).toEqual([]);
  });

  it.runIf(engine.name === 'postgres')('waits for a writer in flight before recording a day', async () => {
    expect(await disagreements(db, '2025-Q4')).toEqual([]);
    // Forget one day, then let a transaction insert into it and hold it open while an evaluation starts.
    await sql`update handling_records set channel = channel where completed_at >= '2025-11-10T00:00:00+08:00' and completed_at < '2025-11-11T00:00:00+08:00'`.execute(db);
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let inserted!: () => void;
    const insertedPromise = new Promise<void>((resolve) => (inserted = resolve));
    const writer = database.db.transaction().execute(async (trx) => {
      expect(await copyHandlingRecords(trx, 13, '-copy-inflight', '2025-11-10T15:00:00+08:00')).toBeGreaterThan(0);
      inserted();
      await held;
    });
    await insertedPromise;
    const evaluation = computeMetrics(db, definitions, catalogue.columns, '2025-Q4', { summaries: true });
    await new Promise((resolve) => setTimeout(resolve, 300));
    release();
    await writer;
    await evaluation;
    expect(await disagreements(db, '2025-Q4')).toEqual([]);
  });
});
