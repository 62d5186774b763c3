import { createHash } from 'node:crypto';
import { workingDayDeadline, workingDaysElapsed } from '@govperf/engine';
import type { Database } from '@govperf/storage';
import { testEngines } from '@govperf/storage/testing';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authenticateToken, verifyPassword } from '../identity/credentials';
import { buildDemoContext, BULK_TABLES, inThread, inWorker, ROWS_PER_CHUNK, type BulkFeed } from './bulk';
import { CsvWriter, text } from './csv';
import { demoPeriods, loadDemoProvince, type DemoSummary } from './index';
import { DEMO_TOKEN_FACT_TYPES } from './load';

const NOW = new Date('2026-03-15T10:00:00+08:00');
const SCALE = 0.002;
const SEED = 7;
const LOAD_TIMEOUT = 300_000;

const FACT_TABLES = [
  'handling_records', 'ratings', 'app_events', 'feedback', 'mystery_shopper_runs', 'manual_submissions', 'service_item_snapshots',
  'ops_availability', 'ops_incidents', 'ops_releases', 'ops_costs', 'ops_vulnerabilities', 'sharing_calls', 'sharing_applications',
] as const;

/** A few numeric columns per table whose sums must not change between loads with the same seed. */
const SUMS: Record<(typeof FACT_TABLES)[number], string> = {
  handling_records: 'sum(materials_required) + sum(trips) + sum(coalesce(elapsed_working_days, 0)) + sum(extract(epoch from submitted_at))',
  ratings: 'sum(level) + sum(extract(epoch from rated_at))',
  app_events: 'sum(coalesce(value, 0)) + sum(extract(epoch from occurred_at))',
  feedback: 'sum(extract(epoch from received_at)) + sum(extract(epoch from coalesce(resolved_at, received_at)))',
  mystery_shopper_runs: 'sum(steps) + sum(score) + sum(duration_seconds)',
  manual_submissions: 'sum(value)',
  service_item_snapshots: 'sum(approval_steps) + sum(coalesce(promised_limit_days, 0))',
  ops_availability: 'sum(scheduled_minutes) + sum(downtime_minutes)',
  ops_incidents: 'sum(level) + sum(extract(epoch from started_at))',
  ops_releases: 'sum(extract(epoch from released_at))',
  ops_costs: 'sum(om_cost_yuan) + sum(total_cost_yuan)',
  ops_vulnerabilities: 'sum(extract(epoch from reported_at))',
  sharing_calls: 'sum(coalesce(latency_ms, 0)) + sum(records_returned)',
  sharing_applications: 'sum(extract(epoch from submitted_at))',
};

async function tableFingerprints(database: Database): Promise<Record<string, { count: number; sum: number; hash: string }>> {
  const out: Record<string, { count: number; sum: number; hash: string }> = {};
  for (const table of FACT_TABLES) {
    const { rows } = await sql<{ count: number; sum: number; hash: string }>`
      select count(*) as count, ${sql.raw(SUMS[table])} as sum,
        md5(string_agg((to_jsonb(t) - 'id')::text, '|' order by t.source, t.source_id) filter (where t.source <> 'govperf-feedback')) as hash
      from ${sql.table(table)} t`.execute(database.db);
    out[table] = { count: Number(rows[0]!.count), sum: Number(rows[0]!.sum), hash: rows[0]!.hash };
  }
  for (const table of ['org_units', 'departments', 'apps', 'service_items', 'service_item_steps']) {
    const { rows } = await sql<{ count: number; hash: string }>`
      select count(*) as count, md5(string_agg((to_jsonb(t) - 'created_at' - 'updated_at')::text, '|' order by (to_jsonb(t) - 'created_at' - 'updated_at')::text)) as hash
      from ${sql.table(table)} t`.execute(database.db);
    out[table] = { count: Number(rows[0]!.count), sum: 0, hash: rows[0]!.hash };
  }
  return out;
}

describe('demo periods', () => {
  it('are the 12 months before the month of now, in Beijing time', () => {
    expect(demoPeriods(NOW)).toEqual(['2025-03', '2025-04', '2025-05', '2025-06', '2025-07', '2025-08', '2025-09', '2025-10', '2025-11', '2025-12', '2026-01', '2026-02']);
    // 2026-01-01 00:30 in Beijing is still 2025-12-31 in UTC: the window is 2025's twelve months.
    expect(demoPeriods(new Date('2025-12-31T16:30:00Z'))).toEqual(Array.from({ length: 12 }, (_, i) => `2025-${String(i + 1).padStart(2, '0')}`));
  });
});

describe('CSV text for COPY', () => {
  it('quotes only what needs quoting and keeps NULL apart from the empty string', () => {
    expect(text(null)).toBe('');
    expect(text('')).toBe('""');
    expect(text('人脸识别总是失败')).toBe('人脸识别总是失败');
    expect(text('点"提交"没反应，怎么办')).toBe('"点""提交""没反应，怎么办"');
    expect(text('a,b')).toBe('"a,b"');
    expect(text('第一次\n第二次')).toBe('"第一次\n第二次"');
  });

  it('writes timestamps in Beijing time, whole numbers and booleans', () => {
    const w = new CsvWriter(16);
    w.d(Date.parse('2025-08-01T01:20:05Z')).i(0).i(1234567).n(-2.5).n(null).b(true).b(false).t('字体太小,老人看不清').t('适老化');
    w.end();
    expect(w.take()).toBe('2025-08-01T09:20:05+08:00,0,1234567,-2.5,,t,f,"字体太小,老人看不清",适老化\n');
  });
});

describe('the big tables generated in a worker thread', () => {
  /** Per table: rows reported, chunk count, the largest chunk's rows, and a digest of the bytes. */
  async function drain(feed: BulkFeed) {
    const out: Record<string, { rows: number; chunks: number; maxRows: number; digest: string }> = {};
    try {
      for (const table of BULK_TABLES) {
        const hash = createHash('sha256');
        let rows = 0;
        let chunks = 0;
        let maxRows = 0;
        for await (const chunk of feed.chunks(table, (n) => (rows = n))) {
          hash.update(chunk);
          chunks++;
          maxRows = Math.max(maxRows, Buffer.from(chunk).toString('utf8').split('\n').length - 1);
        }
        out[table] = { rows, chunks, maxRows, digest: hash.digest('hex') };
      }
    } finally {
      await feed.close();
    }
    return out;
  }

  it('gives the main thread\'s bytes, table by table, in bounded chunks', { timeout: 60_000 }, async () => {
    const worker = await drain(inWorker({ seed: SEED, scale: 0.025, now: NOW.getTime() }));
    const here = await drain(inThread(buildDemoContext(SEED, 0.025, NOW)));
    expect(worker).toEqual(here);
    expect(worker.handling_records!.chunks).toBeGreaterThan(1);
    for (const table of BULK_TABLES) {
      expect(worker[table]!.rows, table).toBeGreaterThan(0);
      // A chunk closes once it holds ROWS_PER_CHUNK rows, after the (unit, month) cell that filled it.
      expect(worker[table]!.maxRows, table).toBeLessThan(2 * ROWS_PER_CHUNK);
    }
  });

  it('stops the worker when closed half-way, and reports a worker that fails', { timeout: 60_000 }, async () => {
    const feed = inWorker({ seed: SEED, scale: 0.01, now: NOW.getTime(), queuedBytes: 1 });
    for await (const chunk of feed.chunks('handling_records', () => {})) {
      expect(chunk.byteLength).toBeGreaterThan(0);
      break;
    }
    await feed.close();
    // An invalid clock: the worker's generators throw, and the COPY side hears of it.
    const broken = inWorker({ seed: SEED, scale: 0.01, now: Number.NaN });
    try {
      await expect(drain(broken)).rejects.toThrow(/demo data worker/);
    } finally {
      await broken.close();
    }
  });
});

describe.each(testEngines())('demo province on $name', (engine) => {
  let database: Database;
  let dispose: () => Promise<void>;
  let summary: DemoSummary;
  const stages = new Set<string>();

  beforeAll(async () => {
    ({ database, dispose } = await engine.open());
    summary = await loadDemoProvince(database, { seed: SEED, scale: SCALE, now: NOW, onProgress: (p) => stages.add(p.stage) });
  }, LOAD_TIMEOUT);
  afterAll(async () => dispose?.());

  it('fills every fact table, reports what it loaded and its progress', async () => {
    for (const table of FACT_TABLES) {
      // The feedback loop's own facts (source govperf-feedback, written by the live intake) come on top of the bulk load.
      const { rows } = await sql<{ n: number }>`select count(*) as n from ${sql.table(table)} where source <> 'govperf-feedback'`.execute(database.db);
      expect(Number(rows[0]!.n), table).toBeGreaterThan(0);
      expect(summary.counts[table], table).toBe(Number(rows[0]!.n));
      expect(stages.has(table), table).toBe(true);
    }
    expect(stages.has('credentials')).toBe(true);
    expect(summary.counts.handling_records).toBeGreaterThanOrEqual(Math.round(1_000_000 * SCALE));
    expect(summary.province).toBe('330000');
    expect(summary.seconds).toBeGreaterThan(0);
  });

  it('builds 浙江省 with its 11 cities, 90 counties and their townships', async () => {
    const levels = await database.db.selectFrom('org_units').select(['level', database.db.fn.countAll<number>().as('n')]).groupBy('level').execute();
    const byLevel = Object.fromEntries(levels.map((l) => [l.level, Number(l.n)]));
    expect(byLevel).toMatchObject({ province: 1, city: 11, county: 90, township: 1387 });
    const hangzhou = await database.db.selectFrom('org_units').select(['name', 'parent_code']).where('code', '=', '330100').executeTakeFirstOrThrow();
    expect(hangzhou).toEqual({ name: '杭州市', parent_code: '330000' });
    const subtree = await database.db.selectFrom('org_unit_closure').select(database.db.fn.countAll<number>().as('n')).where('ancestor_code', '=', '330000').executeTakeFirstOrThrow();
    expect(Number(subtree.n)).toBe(1 + 11 + 90 + 1387);
    // Every fact's unit exists (attribution is not a foreign key, so check it here).
    const orphans = await sql<{ n: number }>`
      select count(*) as n from handling_records h where not exists (select 1 from org_units u where u.code = h.org_unit)`.execute(database.db);
    expect(Number(orphans.rows[0]!.n)).toBe(0);
  });

  it('covers the 12 months before now, and nothing after now but the injected future timestamps', async () => {
    expect(summary.periods).toEqual(demoPeriods(NOW));
    const { rows } = await sql<{ first: Date; last: Date; future_ok: number }>`
      select min(submitted_at) as first, max(submitted_at) as last,
        count(*) filter (where completed_at > ${NOW} and quality_status = 'accepted') as future_ok
      from handling_records`.execute(database.db);
    expect(new Date(rows[0]!.first).getTime()).toBeGreaterThanOrEqual(Date.parse('2025-03-01T00:00:00+08:00'));
    expect(new Date(rows[0]!.last).getTime()).toBeLessThan(Date.parse('2026-03-01T00:00:00+08:00'));
    expect(Number(rows[0]!.future_ok)).toBe(0);
  });

  it('marks the injected data-quality problems', async () => {
    const { rows } = await sql<{ status: string; flags: string; n: number }>`
      select quality_status as status, quality_flags::text as flags, count(*) as n from (
        select quality_status, quality_flags from handling_records
        union all select quality_status, quality_flags from ratings
        union all select quality_status, quality_flags from app_events
      ) q where quality_status <> 'accepted' or quality_flags <> '[]'::jsonb
      group by 1, 2`.execute(database.db);
    const found = rows.map((r) => `${r.status} ${r.flags}`);
    expect(found).toContain('flagged ["concentrated_scores"]');
    expect(found.some((f) => f.startsWith('rejected '))).toBe(true);
    expect(found).toContain('accepted ["late_sync"]');
    for (const r of rows) if (r.status !== 'accepted') expect(r.flags, r.status).not.toBe('[]');
    // The 刷分 burst: identical five-star ratings from one counter device, held out of the metrics.
    const burst = await sql<{ levels: number; n: number }>`
      select count(distinct level) as levels, count(*) as n from ratings where quality_status = 'flagged'`.execute(database.db);
    expect(Number(burst.rows[0]!.levels)).toBe(1);
    expect(Number(burst.rows[0]!.n)).toBeGreaterThanOrEqual(12);
  });

  it('keeps accepted rows plausible: the implausible ones are exactly those the checks rejected', async () => {
    const { rows } = await sql<Record<string, number>>`
      select
        (select count(*) from handling_records where quality_status = 'accepted'
           and (completed_at < accepted_at or accepted_at < submitted_at or completed_at > ${NOW} or submitted_at < ${new Date('2025-03-01T00:00:00+08:00')})) as handling,
        (select count(*) from handling_records where quality_status = 'rejected' and quality_flags ? 'negative_duration' and not (completed_at < accepted_at)) as negative,
        (select count(*) from handling_records where quality_status = 'rejected' and quality_flags ? 'future_timestamp' and not (completed_at > ${NOW})) as future,
        (select count(*) from ratings r join handling_records h on h.source_id = r.handling_id where r.rated_at <= h.completed_at) as ratings,
        (select count(*) from ratings where quality_status = 'accepted' and (rectified_at < rated_at or rated_at > ${NOW})) as rectified,
        (select count(*) from feedback where quality_status = 'accepted' and (first_response_at < received_at or resolved_at < received_at or received_at > ${NOW})) as feedback,
        (select count(*) from app_events where quality_status = 'accepted' and occurred_at > ${NOW}) as events,
        (select count(*) from ops_incidents where recovered_at < started_at or responded_at < started_at) as incidents,
        (select count(*) from ops_vulnerabilities where fixed_at < reported_at) as vulnerabilities,
        (select count(*) from sharing_applications where answered_at < submitted_at) as applications,
        (select count(*) from (select ingested_at, source from handling_records union all select ingested_at, source from ratings union all select ingested_at, source from app_events
           union all select ingested_at, source from feedback union all select ingested_at, source from manual_submissions) i where ingested_at > ${NOW}
           -- the feedback loop's facts are written by the live services, stamped with the database clock
           and source <> 'govperf-feedback') as arrivals`.execute(database.db);
    expect(Object.fromEntries(Object.entries(rows[0]!).map(([k, v]) => [k, Number(v)]))).toEqual({
      handling: 0, negative: 0, future: 0, ratings: 0, rectified: 0, feedback: 0, events: 0, incidents: 0, vulnerabilities: 0, applications: 0, arrivals: 0,
    });
  });

  it('fills the derived fields as the ingestion service does (national working-day calendar)', async () => {
    const cases = await database.db
      .selectFrom('handling_records')
      .select(['accepted_at', 'completed_at', 'promised_limit_days', 'promised_due_at', 'elapsed_working_days'])
      .where('accepted_at', 'is not', null)
      .where('quality_status', '=', 'accepted')
      .orderBy('source_id')
      .limit(300)
      .execute();
    expect(cases.length).toBeGreaterThan(100);
    for (const c of cases) {
      const accepted = new Date(c.accepted_at!);
      expect(c.promised_due_at === null ? null : new Date(c.promised_due_at).getTime()).toBe(c.promised_limit_days === null ? null : workingDayDeadline(accepted, c.promised_limit_days).getTime());
      expect(c.elapsed_working_days === null ? null : Number(c.elapsed_working_days)).toBe(c.completed_at === null ? null : workingDaysElapsed(accepted, new Date(c.completed_at)));
    }
    const bad = await database.db.selectFrom('ratings').select(['rated_at', 'rectify_due_at', 'level']).where('quality_status', '=', 'accepted').limit(500).execute();
    for (const r of bad) {
      expect(r.rectify_due_at === null ? null : new Date(r.rectify_due_at).getTime()).toBe(r.level <= 2 ? workingDayDeadline(new Date(r.rated_at), 15).getTime() : null);
    }
    const blue = await database.db.selectFrom('feedback').select(['received_at', 'due_at']).where('tier', '=', 'blue').where('quality_status', '=', 'accepted').limit(50).execute();
    expect(blue.length).toBeGreaterThan(0);
    for (const f of blue) expect(new Date(f.due_at!).getTime()).toBe(workingDayDeadline(new Date(f.received_at), 7).getTime());
    const apps = await database.db.selectFrom('sharing_applications').select(['submitted_at', 'response_limit_days', 'due_at']).limit(50).execute();
    for (const a of apps) expect(new Date(a.due_at!).getTime()).toBe(workingDayDeadline(new Date(a.submitted_at), a.response_limit_days ?? 3).getTime());
  });

  it('records one demo ingestion batch per fact table', async () => {
    const batches = await database.db.selectFrom('ingestion_batches').selectAll().orderBy('id').execute();
    expect(batches).toHaveLength(FACT_TABLES.length);
    for (const b of batches) {
      expect(b.channel).toBe('demo');
      expect(b.finished_at).not.toBeNull();
      const table = b.id.replace(`demo-${SEED}-`, '') as (typeof FACT_TABLES)[number];
      expect(b.accepted, table).toBe(summary.counts[table]);
    }
    const { rows } = await sql<{ n: number }>`select count(*) as n from handling_records where batch_id is distinct from ${`demo-${SEED}-handling_records`}`.execute(database.db);
    expect(Number(rows[0]!.n)).toBe(0);
  });

  it('restores the indexes and foreign keys it drops for the bulk load', async () => {
    const catalogue = async (db: Database) => {
      const indexes = await sql<{ t: string; d: string }>`
        select tablename as t, indexdef as d from pg_indexes where schemaname = current_schema() order by 1, 2`.execute(db.db);
      const constraints = await sql<{ t: string; d: string }>`
        select conrelid::regclass::text as t, conname || ' ' || pg_get_constraintdef(oid) as d from pg_constraint
        where connamespace = current_schema()::regnamespace order by 1, 2`.execute(db.db);
      return { indexes: indexes.rows, constraints: constraints.rows };
    };
    const fresh = await engine.open();
    try {
      expect(await catalogue(database)).toEqual(await catalogue(fresh.database));
    } finally {
      await fresh.dispose();
    }
  });

  it('issues working credentials: the admin account and a province-wide ingestion token', async () => {
    const principal = await authenticateToken(database.db, summary.apiToken);
    expect(principal).toMatchObject({ orgUnit: '330000', factTypes: DEMO_TOKEN_FACT_TYPES });
    expect(principal.factTypes).toContain('handling-records');
    expect(principal.factTypes).not.toContain('*');
    expect(principal.expiresAt!.getTime()).toBeGreaterThan(Date.now() + 360 * 86_400_000);
    const admin = await database.db.selectFrom('users').selectAll().where('username', '=', summary.username).executeTakeFirstOrThrow();
    expect(admin).toMatchObject({ username: 'admin', role: 'admin', org_unit_code: '330000' });
    expect(await verifyPassword(summary.password, admin.password_hash)).toBe(true);
    expect(await verifyPassword(`${summary.password}x`, admin.password_hash)).toBe(false);
  });

  it('works the feedback loop through the real intake: work orders along the tracker, callbacks, demands and a pending appeal', async () => {
    const db = database.db;
    const count = async (table: 'feedback_items' | 'feedback_callbacks' | 'feedback_demands' | 'rating_appeals') => Number((await db.selectFrom(table).select(db.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
    expect(await count('feedback_items')).toBeGreaterThanOrEqual(40);
    expect(await count('feedback_items')).toBe(summary.counts.work_orders);
    expect(await count('feedback_callbacks')).toBeGreaterThan(0);
    expect(await count('feedback_demands')).toBeGreaterThan(0);
    expect(await count('rating_appeals')).toBe(1);
    // Every submission was processed by the real job handlers: routed to a county, with a tier and an SLA deadline.
    const unprocessed = await db.selectFrom('feedback_items').select('id').where((eb) => eb.or([eb('org_unit', 'is', null), eb('tier', 'is', null), eb('due_at', 'is', null)])).execute();
    expect(unprocessed).toEqual([]);
    const byStatus = Object.fromEntries((await db.selectFrom('feedback_items').select(['status', db.fn.countAll<number>().as('n')]).groupBy('status').execute()).map((r) => [r.status, Number(r.n)]));
    for (const status of ['pending_review', 'accepted', 'developing', 'rejected']) expect(byStatus[status] ?? 0, status).toBeGreaterThan(0);
    const rejected = await db.selectFrom('feedback_items').select('status_reason').where('status', '=', 'rejected').execute();
    expect(rejected.every((r) => (r.status_reason ?? '').length > 2)).toBe(true);
    const events = Object.fromEntries((await db.selectFrom('feedback_item_events').select(['kind', db.fn.countAll<number>().as('n')]).groupBy('kind').execute()).map((r) => [r.kind, Number(r.n)]));
    expect(events.transferred ?? 0).toBeGreaterThan(0);
    expect(events.paused).toBe(1);
    // Some orders are open past their deadline (for the overdue list).
    const overdue = await db.selectFrom('feedback_items').select('id').where('status', 'not in', ['online', 'rejected']).where('due_at', '<', NOW).execute();
    expect(overdue.length).toBeGreaterThan(0);
    // Real-name 差评: callbacks with the rated case's county; the facts carry the rating.
    const callbacks = await db.selectFrom('feedback_callbacks').select(['org_unit', 'status']).execute();
    expect(callbacks.some((c) => c.status === 'open')).toBe(true);
    expect(callbacks.every((c) => c.org_unit.length >= 6 && c.org_unit !== '330000')).toBe(true);
    const appeal = await db.selectFrom('rating_appeals').select(['status', 'submitted_by']).executeTakeFirstOrThrow();
    expect(appeal).toEqual({ status: 'pending', submitted_by: 'demo-county-staff' });
    expect(stages.has('feedback_intake')).toBe(true);
  });

  it('refuses to load into a database that already has org units', async () => {
    await expect(loadDemoProvince(database, { seed: SEED, scale: SCALE, now: NOW })).rejects.toThrow(/already has org units/);
  });

  it(
    'is deterministic: the same seed and now give the same data, the big tables made in a worker or in this thread',
    { timeout: LOAD_TIMEOUT },
    async () => {
      const other = await engine.open();
      try {
        const again = await loadDemoProvince(other.database, { seed: SEED, scale: SCALE, now: NOW, generator: 'main thread' });
        expect(again.counts).toEqual(summary.counts);
        expect(again.password).not.toBe(summary.password);
        const [a, b] = [await tableFingerprints(database), await tableFingerprints(other.database)];
        expect(b).toEqual(a);
      } finally {
        await other.dispose();
      }
    },
  );
});
