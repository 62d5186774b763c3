// Loads the demo province into an empty, migrated database: divisions, departments, apps, items
// and their steps, then every fact table in bulk (COPY, CSV built in chunks from generators),
// one ingestion_batches row per table (channel 'demo'), then the admin account and an API token.
import { randomBytes } from 'node:crypto';
import { AppError, FACT_TYPE_NAMES } from '@govperf/contracts';
import { upsertOrgUnits, type Database, type DB, type OrgUnitRow } from '@govperf/storage';
import { sql, type Kysely } from 'kysely';
import { createUser, issueApiToken } from '../identity/credentials';
import type { FieldCipher } from '../privacy/cipher';
import { buildDemoContext, inThread, inWorker, ROWS_PER_CHUNK, type BulkFeed } from './bulk';
import { SERVICE_ITEM_COLUMNS, serviceItemLines, SNAPSHOT_COLUMNS, SNAPSHOT_SOURCE, snapshotLines, STEP_COLUMNS, stepLines } from './catalogue';
import type { DemoContext } from './context';
import { date, text, ts } from './csv';
import { EVENT_COLUMNS } from './events';
import { FEEDBACK_COLUMNS, feedbackLines, MYSTERY_COLUMNS, mysteryLines } from './feedback';
import { loadDemoIntake } from './intake';
import { HANDLING_COLUMNS, HANDLING_SOURCE, planCells, RATING_COLUMNS, RATING_SOURCE } from './handling';
import { MANUAL_COLUMNS, MANUAL_SOURCE, manualLines } from './manual';
import {
  AVAILABILITY_COLUMNS, availabilityLines, buildIncidents, COST_COLUMNS, costLines, INCIDENT_COLUMNS, incidentLines, OPS_SOURCE, RELEASE_COLUMNS,
  releaseLines, SHARING_APPLICATION_COLUMNS, SHARING_CALL_COLUMNS, SHARING_SOURCE, sharingApplicationLines, sharingCallLines, VULNERABILITY_COLUMNS,
  vulnerabilityLines,
} from './operations';
import { departments } from './province';
import { loadRefusedRecords } from './refused';

export { buildDemoContext } from './bulk';


/** What the demo's ingestion token may send: every fact type, master data included (the README loads the samples with it). */
export const DEMO_TOKEN_FACT_TYPES: readonly string[] = [...FACT_TYPE_NAMES];
export interface DemoProgress {
  /** What is being loaded: a table name, or 'credentials'. */
  stage: string;
  /** Rows (or steps) done so far. */
  done: number;
  /** Rows expected (an estimate while loading; equal to `done` when the stage ends). */
  total: number;
}

export interface DemoOptions {
  /** Same seed and `now` → the same data. Default 20260101. */
  seed?: number;
  /** 1 = the default size (≥ 1,000,000 handling records); tests use e.g. 0.002. */
  scale?: number;
  /** The data cover the 12 months before `now`'s month. Default: the real clock. */
  now?: Date;
  onProgress?: (step: DemoProgress) => void;
  /** Encrypts the personal columns at rest, as ingestion does; tests may leave it out. */
  cipher?: FieldCipher;
  /**
   * Where the big tables' CSV is generated: 'worker' (default; a worker thread, overlapping the
   * COPY) or 'main thread'. Both give the same bytes.
   */
  generator?: 'worker' | 'main thread';
}

export interface DemoSummary {
  username: string;
  password: string;
  apiToken: string;
  province: string;
  /** The 12 months of data, oldest first (YYYY-MM). */
  periods: string[];
  /** Rows loaded per table. */
  counts: Record<string, number>;
  seconds: number;
}

export const DEMO_ADMIN = 'admin';
const DEFAULT_SEED = 20260101;

/** Fact type (ingestion_batches.fact_type) and main source of each fact table. */
const FACT_TABLES = {
  handling_records: ['handling-records', HANDLING_SOURCE],
  ratings: ['ratings', RATING_SOURCE],
  app_events: ['events', 'zlb-app'],
  feedback: ['feedback', 'zj-12345'],
  mystery_shopper_runs: ['mystery-shopper-runs', 'tp-mystery'],
  manual_submissions: ['manual-submissions', MANUAL_SOURCE],
  service_item_snapshots: ['service-items', SNAPSHOT_SOURCE],
  ops_availability: ['operations', OPS_SOURCE],
  ops_incidents: ['operations', OPS_SOURCE],
  ops_releases: ['operations', OPS_SOURCE],
  ops_costs: ['operations', 'zj-finance'],
  ops_vulnerabilities: ['operations', OPS_SOURCE],
  sharing_calls: ['operations', SHARING_SOURCE],
  sharing_applications: ['operations', SHARING_SOURCE],
} as const;
type FactTable = keyof typeof FACT_TABLES;

/**
 * Runs a bulk load into `table` the way the PostgreSQL manual recommends ("Populating a
 * Database"): its foreign keys and the indexes that back no constraint are dropped first and
 * re-created afterwards from their catalogue definitions — same names, same definitions — which
 * is about twice as fast as maintaining them row by row. The primary key, unique and check
 * constraints stay. They are restored even when the load fails.
 */
async function withoutSecondaryIndexes<T>(db: Kysely<DB>, table: string, load: () => Promise<T>): Promise<T> {
  const foreignKeys = await sql<{ name: string; definition: string }>`
    select conname as name, pg_get_constraintdef(oid) as definition from pg_constraint
    where conrelid = ${table}::regclass and contype = 'f' order by conname`.execute(db);
  const indexes = await sql<{ name: string; definition: string }>`
    select c.relname as name, pg_get_indexdef(x.indexrelid) as definition
    from pg_index x join pg_class c on c.oid = x.indexrelid
    where x.indrelid = ${table}::regclass and not exists (select 1 from pg_constraint k where k.conindid = x.indexrelid)
    order by c.relname`.execute(db);
  const ident = (name: string) => sql.id(name);
  for (const fk of foreignKeys.rows) await sql`alter table ${ident(table)} drop constraint ${ident(fk.name)}`.execute(db);
  for (const index of indexes.rows) await sql`drop index ${ident(index.name)}`.execute(db);
  try {
    return await load();
  } finally {
    for (const index of indexes.rows) await sql.raw(index.definition).execute(db);
    for (const fk of foreignKeys.rows) await sql`alter table ${ident(table)} add constraint ${ident(fk.name)} ${sql.raw(fk.definition)}`.execute(db);
  }
}

/** Joins lines into CSV chunks, reporting progress after each chunk. */
function* chunked(lines: Iterable<string>, report: (rows: number) => void): Generator<string> {
  let text = '';
  let rows = 0;
  let inChunk = 0;
  for (const line of lines) {
    text += line;
    text += '\n';
    rows++;
    if (++inChunk === ROWS_PER_CHUNK) {
      yield text;
      text = '';
      inChunk = 0;
      report(rows);
    }
  }
  if (inChunk > 0) yield text;
  report(rows);
}

/** The big tables' chunks from a worker thread, or from this thread when none can be started. */
function bulkFeed(ctx: DemoContext, where: DemoOptions['generator']): BulkFeed {
  if (where === 'main thread') return inThread(ctx);
  try {
    return inWorker({ seed: ctx.seed, scale: ctx.scale, now: ctx.now });
  } catch {
    return inThread(ctx);
  }
}

export async function loadDemoProvince(database: Database, options: DemoOptions = {}): Promise<DemoSummary> {
  const started = performance.now();
  const seed = options.seed ?? DEFAULT_SEED;
  const scale = options.scale ?? 1;
  if (!(scale > 0) || !Number.isFinite(scale)) throw new RangeError(`scale must be a positive number, got ${scale}`);
  const now = options.now ?? new Date();
  const progress = options.onProgress ?? (() => {});
  const { db } = database;

  const existing = await db.selectFrom('org_units').select(db.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  if (Number(existing.n) > 0) {
    throw new AppError('conflict', {
      message: {
        zh: '数据库中已有行政区划数据：演示省份只能载入空数据库',
        en: 'the database already has org units: the demo province can only be loaded into an empty database',
      },
    });
  }

  const ctx = buildDemoContext(seed, scale, now);
  // The big tables' generation starts now, ahead of their COPY.
  const feed = bulkFeed(ctx, options.generator);
  try {
    return await fill(database, ctx, feed, progress, options.cipher, started);
  } finally {
    await feed.close();
  }
}

async function fill(database: Database, ctx: DemoContext, feed: BulkFeed, progress: (step: DemoProgress) => void, cipher: FieldCipher | undefined, started: number): Promise<DemoSummary> {
  const { db } = database;
  const { timeline, province, apps } = ctx;
  const counts: Record<string, number> = {};

  // Master data.
  const units: OrgUnitRow[] = [
    { code: province.province.code, name: province.province.name, level: 'province', parentCode: null },
    ...province.cities.map((c) => ({ code: c.code, name: c.name, level: 'city' as const, parentCode: province.province.code })),
    ...province.counties.map((k) => ({ code: k.code, name: k.name, level: 'county' as const, parentCode: k.city })),
    ...province.townships.map((t) => ({ code: t.code, name: t.name, level: 'township' as const, parentCode: t.county })),
  ];
  progress({ stage: 'org_units', done: 0, total: units.length });
  await upsertOrgUnits(db, units);
  counts.org_units = units.length;
  progress({ stage: 'org_units', done: units.length, total: units.length });

  /** Chunks of CSV text; `report` is told the rows produced so far. */
  type Source = (report: (rows: number) => void) => Iterable<string> | AsyncIterable<Uint8Array>;
  const lines = (it: Iterable<string>): Source => (report) => chunked(it, report);
  const copy = async (table: string, columns: readonly string[], source: Source, estimate: number): Promise<number> => {
    progress({ stage: table, done: 0, total: estimate });
    const n = await database.copyCsv(table, columns, source((rows) => progress({ stage: table, done: rows, total: Math.max(estimate, rows) })));
    counts[table] = n;
    progress({ stage: table, done: n, total: n });
    return n;
  };

  const depts = departments(province);
  await copy('departments', ['code', 'name', 'org_unit_code'], lines(depts.map((d) => `${text(d.code)},${text(d.name)},${d.orgUnit}`)), depts.length);
  const month = (i: number | null) => (i === null ? null : timeline.months[i]!);
  await copy(
    'apps',
    ['code', 'name', 'org_unit_code', 'kind', 'in_service_from', 'in_service_to'],
    lines(
      apps.map((a) => {
        const from = month(a.fromMonth);
        const to = month(a.toMonth);
        return `${a.id},${text(a.name)},${a.orgUnit},${a.kind},${from ? date(from.startDay) : ''},${to ? date(to.endDay - 1) : ''}`;
      }),
    ),
    apps.length,
  );
  const itemCount = [...ctx.catalogue.values()].reduce((s, u) => s + u.entries.length, 0);
  await copy('service_items', SERVICE_ITEM_COLUMNS, lines(serviceItemLines(ctx.catalogue)), itemCount);
  await copy('service_item_steps', STEP_COLUMNS, lines(stepLines(ctx.catalogue)), itemCount * 4);

  // One ingestion batch per fact table.
  const batchStart = new Date();
  await db
    .insertInto('ingestion_batches')
    .values(
      Object.entries(FACT_TABLES).map(([table, [factType, source]]) => ({
        id: ctx.batch(table),
        fact_type: factType,
        channel: 'demo' as const,
        source,
        file_name: null,
        started_at: batchStart,
      })),
    )
    .execute();
  const fact = async (table: FactTable, columns: readonly string[], source: Source | Iterable<string>, estimate: number) => {
    const n = await withoutSecondaryIndexes(db, table, () => copy(table, columns, typeof source === 'function' ? source : lines(source), estimate));
    await db.updateTable('ingestion_batches').set({ accepted: n, finished_at: new Date() }).where('id', '=', ctx.batch(table)).execute();
    return n;
  };

  // Handling records, then the ratings, which replay the same cells, then the app events: made by
  // the feed (bulk.ts) while the previous chunks are copied.
  const planned = planCells(ctx).reduce((s, c) => s + c.count, 0);
  await fact('handling_records', HANDLING_COLUMNS, (report) => feed.chunks('handling_records', report), planned);
  // A few handling records refused at ingestion (a required field missing): data completeness (C1.01).
  await loadRefusedRecords(db, ctx.batch('handling_records'));
  await fact('ratings', RATING_COLUMNS, (report) => feed.chunks('ratings', report), Math.round(planned * 0.22));
  await fact('app_events', EVENT_COLUMNS, (report) => feed.chunks('app_events', report), Math.round(650_000 * ctx.scale));
  await fact('feedback', FEEDBACK_COLUMNS, feedbackLines(ctx, ctx.batch('feedback')), Math.round(12_000 * ctx.minor));
  await fact('mystery_shopper_runs', MYSTERY_COLUMNS, mysteryLines(ctx, ctx.batch('mystery_shopper_runs')), Math.round(2_400 * ctx.minor));
  await fact('manual_submissions', MANUAL_COLUMNS, manualLines(ctx, ctx.batch('manual_submissions'), cipher && sealer(cipher)), 102 * 15 * 32);
  await fact('service_item_snapshots', SNAPSHOT_COLUMNS, snapshotLines(ctx.catalogue, timeline.months, ctx.batch('service_item_snapshots'), ts), itemCount * 12);
  const incidents = buildIncidents(ctx);
  await fact('ops_availability', AVAILABILITY_COLUMNS, availabilityLines(ctx, incidents, ctx.batch('ops_availability')), apps.length * 365);
  await fact('ops_incidents', INCIDENT_COLUMNS, incidentLines(ctx, incidents, ctx.batch('ops_incidents')), incidents.length);
  await fact('ops_releases', RELEASE_COLUMNS, releaseLines(ctx, ctx.batch('ops_releases')), apps.length * 20);
  await fact('ops_costs', COST_COLUMNS, costLines(ctx, ctx.batch('ops_costs')), apps.length * 12);
  await fact('ops_vulnerabilities', VULNERABILITY_COLUMNS, vulnerabilityLines(ctx, ctx.batch('ops_vulnerabilities')), apps.length * 7);
  await fact('sharing_calls', SHARING_CALL_COLUMNS, sharingCallLines(ctx, ctx.batch('sharing_calls')), Math.round(120_000 * Math.max(ctx.scale, 0.01)));
  await fact('sharing_applications', SHARING_APPLICATION_COLUMNS, sharingApplicationLines(ctx, ctx.batch('sharing_applications')), Math.round(3_000 * ctx.minor));

  // Fresh statistics for the planner (PGlite runs no autovacuum).
  progress({ stage: 'analyze', done: 0, total: 1 });
  await sql`analyze`.execute(db);
  progress({ stage: 'analyze', done: 1, total: 1 });

  // The feedback loop (issue 6) through the real intake and processing path. Its facts (source
  // govperf-feedback) come on top of the bulk-loaded feedback and ratings rows counted above.
  const intake = await loadDemoIntake(db, ctx, { cipher, onProgress: (done, total) => progress({ stage: 'feedback_intake', done, total }) });
  Object.assign(counts, intake);

  // The demo administrator and an ingestion token for the province (every fact type, named one by
  // one), valid for a year: the kind of token a data operator issues to a provincial data hub.
  progress({ stage: 'credentials', done: 0, total: 2 });
  const password = randomBytes(12).toString('base64url');
  await createUser(db, { username: DEMO_ADMIN, displayName: '演示管理员（绩效管理办公室）', password, role: 'admin', orgUnit: province.province.code });
  const token = await issueApiToken(db, { name: '演示数据采集令牌', factTypes: DEMO_TOKEN_FACT_TYPES, orgUnit: province.province.code, createdBy: DEMO_ADMIN, expiresAt: new Date(Date.now() + 365 * 86_400_000) });
  progress({ stage: 'credentials', done: 2, total: 2 });

  return {
    username: DEMO_ADMIN,
    password,
    apiToken: token.token,
    province: province.province.code,
    periods: timeline.periods,
    counts,
    seconds: Math.round((performance.now() - started) / 100) / 10,
  };
}

/**
 * Personal columns are written encrypted, as ingestion stores them. The encryption is
 * deterministic, so each distinct value (the demo has ~100) is encrypted once. (Encrypting after
 * the COPY took one UPDATE, a scan of the table, per value: ~5 s.)
 */
function sealer(cipher: FieldCipher): (plain: string) => string {
  const sealed = new Map<string, string>();
  return (plain) => {
    let envelope = sealed.get(plain);
    if (envelope === undefined) sealed.set(plain, (envelope = cipher.encrypt(plain)));
    return envelope;
  };
}
