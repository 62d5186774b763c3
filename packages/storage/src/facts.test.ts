import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FACT_TYPES, FACT_TYPE_NAMES, type FactRecord, type FactTypeName } from '@govperf/contracts';
import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from './database';
import { FACT_TABLES, FACT_TABLE_COLUMNS, insertChunkSize, toRow, type TableRow } from './facts';
import { MIGRATIONS } from './migrations';
import type { DB } from './schema';
import type { FactTableName } from './schema/facts';
import { testEngines } from './testing';

const root = join(import.meta.dirname, '../../..');
function records<T extends FactTypeName>(type: T): FactRecord<T>[] {
  const raw: unknown[] = JSON.parse(readFileSync(join(root, 'examples/ingest', `${type}.json`), 'utf8'));
  return raw.map((r) => FACT_TYPES[type].schema.parse(r) as FactRecord<T>);
}

async function insert(db: Kysely<DB>, rows: readonly TableRow[]): Promise<void> {
  for (const { table, row } of rows) await db.insertInto(table).values(row as never).execute();
}

const FACT_TYPES_STORED = FACT_TYPE_NAMES.filter((t) => !['org-units', 'departments', 'apps'].includes(t));
const context = { source: 'example', batchId: null };

describe.each(testEngines())('fact tables on $name', (engine) => {
  let database: Database;
  let dispose: () => Promise<void>;
  beforeAll(async () => {
    ({ database, dispose } = await engine.open());
  });
  afterAll(async () => dispose());

  it('has exactly the columns FACT_TABLE_COLUMNS lists, in order', async () => {
    for (const [table, columns] of Object.entries(FACT_TABLE_COLUMNS)) {
      const r = await sql<{ column_name: string }>`select column_name from information_schema.columns where table_schema = current_schema() and table_name = ${table} order by ordinal_position`.execute(database.db);
      expect(r.rows.map((c) => c.column_name), table).toEqual(columns);
    }
  });

  it('stores every field of every record type in a column (nothing is silently dropped)', () => {
    const renamed: Record<string, string> = { release_kind: 'kind' };
    for (const type of FACT_TYPES_STORED) {
      const stored = new Set(FACT_TABLES[type].tables.flatMap((t) => t.columns));
      const fields = FACT_TYPES[type].columns.filter((c) => !(type === 'operations' && c === 'kind'));
      for (const field of fields) expect(stored.has(renamed[field] ?? field), `${type}.${field}`).toBe(true);
    }
  });

  it('inserts every example record of every type through toRow and reads it back', async () => {
    const db = database.db;
    // Master data first, parents before children (upsertOrgUnits does this for any order).
    await insert(db, records('org-units').map((r) => toRow('org-units', r, context)));
    await insert(db, records('departments').map((r) => toRow('departments', r, context)));
    await insert(db, records('apps').map((r) => toRow('apps', r, context)));
    for (const type of FACT_TYPES_STORED) await insert(db, records(type).map((r) => FACT_TABLES[type].toRow(r as never, context)));

    const counts: Record<string, number> = {};
    for (const table of Object.keys(FACT_TABLE_COLUMNS) as FactTableName[]) {
      const r = await sql<{ n: number }>`select count(*) as n from ${sql.table(table)}`.execute(db);
      counts[table] = r.rows[0]!.n;
    }
    expect(counts).toEqual({
      handling_records: 5, ratings: 4, app_events: 9, feedback: 4, mystery_shopper_runs: 3, manual_submissions: 4, service_item_snapshots: 6,
      ops_availability: 2, ops_incidents: 1, ops_releases: 2, ops_costs: 1, ops_vulnerabilities: 1, sharing_calls: 1, sharing_applications: 1,
    });

    const handling = await db.selectFrom('handling_records').selectAll().where('source_id', '=', 'SC2025071500388').executeTakeFirstOrThrow();
    expect(handling).toMatchObject({ source: 'example', record_id: 'SC2025071500388', quality_status: 'accepted', quality_flags: [], trips: 1, age_band: '60-69', promised_due_at: null });
    expect(handling.submitted_at.toISOString()).toBe('2025-07-15T02:03:00.000Z');
    expect(handling.ingested_at).toBeInstanceOf(Date);

    const release = await db.selectFrom('ops_releases').select(['kind', 'version']).where('source_id', '=', 'REL-sc-qyfw-2.4.0').executeTakeFirstOrThrow();
    expect(release).toEqual({ kind: 'feature', version: '2.4.0' });
    const cost = await db.selectFrom('ops_costs').select(['period', 'om_cost_yuan']).select(sql<string>`period_start::text`.as('start')).select(sql<string>`period_end::text`.as('end')).executeTakeFirstOrThrow();
    expect(cost).toEqual({ period: '2025-Q3', om_cost_yuan: 186000, start: '2025-07-01', end: '2025-10-01' });
    const manual = await db.selectFrom('manual_submissions').selectAll().where('form_item', '=', 'cockpit_units').executeTakeFirstOrThrow();
    expect(manual).toMatchObject({ status: 'submitted', value: 1, verified_by: null, evidence: [{ name: '数据驾驶舱截图.png' }, { name: '现场核查记录' }] });
    const call = await db.selectFrom('sharing_calls').select(['latency_ms', 'called_at']).executeTakeFirstOrThrow();
    expect(call.latency_ms).toBe(182);
    expect(call.called_at.toISOString()).toBe('2025-07-03T01:14:21.355Z');
    const app = await db.selectFrom('apps').select(['code', 'kind', 'in_service_to']).where('code', '=', 'xh-zwfw').executeTakeFirstOrThrow();
    expect(app.kind).toBe('web');
    expect(app.in_service_to).toBeInstanceOf(Date);
  });

  it('stores the derived fields the ingestion service passes, and the batch and quality status', async () => {
    const db = database.db;
    const batch = { id: 'batch-derived', fact_type: 'ratings', channel: 'file' as const, source: 'hcp' };
    await db.insertInto('ingestion_batches').values(batch).execute();
    const [, , bad] = records('ratings');
    await insert(db, [toRow('ratings', bad!, { source: 'hcp', batchId: batch.id, qualityStatus: 'flagged', qualityFlags: ['concentrated_scores'] }, { rectify_due_at: '2025-09-02T00:00:00+08:00' })]);
    const row = await db.selectFrom('ratings').selectAll().where('source', '=', 'hcp').executeTakeFirstOrThrow();
    expect(row).toMatchObject({ batch_id: 'batch-derived', quality_status: 'flagged', quality_flags: ['concentrated_scores'], level: 2 });
    expect(row.rectify_due_at?.toISOString()).toBe('2025-09-01T16:00:00.000Z');

    const [handling] = records('handling-records');
    await insert(db, [toRow('handling-records', handling!, { source: 'hcp' }, { promised_due_at: '2025-07-04T00:00:00+08:00', elapsed_working_days: 0.01 })]);
    const h = await db.selectFrom('handling_records').select(['elapsed_working_days', 'promised_due_at']).where('source', '=', 'hcp').executeTakeFirstOrThrow();
    expect(h.elapsed_working_days).toBe(0.01);
    const application = records('operations').find((r) => r.kind === 'sharing_application')!;
    await insert(db, [toRow('operations', application, { source: 'hcp' }, { due_at: '2025-10-09T00:00:00+08:00' })]);
    const a = await db.selectFrom('sharing_applications').select('due_at').where('source', '=', 'hcp').executeTakeFirstOrThrow();
    expect(a.due_at?.toISOString()).toBe('2025-10-08T16:00:00.000Z');
  });

  it('refuses a second record with the same (source, source_id), in every fact table; another source may reuse the id', async () => {
    const db = database.db;
    for (const type of FACT_TYPES_STORED) {
      const [first] = records(type);
      const row = FACT_TABLES[type].toRow(first as never, context);
      await expect(insert(db, [row]), type).rejects.toThrow(/duplicate key|unique/i);
    }
    const [first] = records('handling-records');
    await insert(db, [toRow('handling-records', first!, { source: 'another-system' })]);
    // The ingestion service's idempotent path: on conflict, nothing (or an update).
    const again = await db.insertInto('handling_records').values(toRow('handling-records', first!, context).row as never).onConflict((oc) => oc.columns(['source', 'source_id']).doNothing()).executeTakeFirst();
    expect(Number(again.numInsertedOrUpdatedRows ?? 0)).toBe(0);
  });

  it('checks statuses, enums, codes and the verification workflow in the database too', async () => {
    const db = database.db;
    const [record] = records('handling-records');
    const row = (changes: Record<string, unknown>) => ({ ...toRow('handling-records', record!, { source: 'checks' }).row, source_id: `c-${Math.random()}`, ...changes });
    await expect(db.insertInto('handling_records').values(row({ quality_status: 'ok' }) as never).execute()).rejects.toThrow(/check constraint/);
    await expect(db.insertInto('handling_records').values(row({ channel: 'fax' }) as never).execute()).rejects.toThrow(/check constraint/);
    await expect(db.insertInto('handling_records').values(row({ org_unit: '33A102' }) as never).execute()).rejects.toThrow(/check constraint/);
    await expect(db.insertInto('handling_records').values(row({ batch_id: 'no-such-batch' }) as never).execute()).rejects.toThrow(/foreign key/);
    // Facts may arrive before their org unit's master data.
    await db.insertInto('handling_records').values(row({ org_unit: '330299' }) as never).execute();

    const [submission] = records('manual-submissions');
    const m = toRow('manual-submissions', submission!, { source: 'checks' });
    await insert(db, [m]);
    const where = (q: Kysely<DB>) => q.updateTable('manual_submissions').where('source', '=', 'checks');
    await expect(where(db).set({ status: 'verified' }).execute()).rejects.toThrow(/check constraint/);
    await expect(where(db).set({ status: 'rejected', verified_by: '数据运营中心 张华', verified_at: '2025-10-10T10:00:00+08:00' }).execute()).rejects.toThrow(/check constraint/);
    await where(db).set({ status: 'verified', verified_by: '数据运营中心 张华', verified_at: '2025-10-10T10:00:00+08:00' }).execute();
    const verified = await db.selectFrom('manual_submissions').select(['status', 'verified_by']).where('source', '=', 'checks').executeTakeFirstOrThrow();
    expect(verified).toEqual({ status: 'verified', verified_by: '数据运营中心 张华' });
  });

  it('inserts 10,000 handling records in multi-row batches without COPY', async () => {
    const db = database.db;
    const [template] = records('handling-records');
    const size = insertChunkSize('handling_records');
    expect(size).toBeGreaterThanOrEqual(500);
    const started = Date.now();
    for (let offset = 0; offset < 10_000; offset += size) {
      const rows = [];
      for (let i = offset; i < Math.min(offset + size, 10_000); i++) {
        const record = { ...template!, source_id: `bulk-${i}`, record_id: `bulk-${i}`, org_unit: i % 2 === 0 ? '330102' : '330106', trips: i % 3 };
        rows.push(toRow('handling-records', record, { source: 'bulk' }).row);
      }
      await db.insertInto('handling_records').values(rows as never).execute();
    }
    const elapsed = Date.now() - started;
    const r = await sql<{ n: number; trips: number }>`select count(*) as n, sum(trips) as trips from handling_records where source = 'bulk'`.execute(db);
    expect(r.rows[0]).toEqual({ n: 10_000, trips: 9_999 });
    expect(elapsed).toBeLessThan(60_000);
  });

  it('migrates down and up again', async () => {
    const migration = MIGRATIONS['2026-11-22-0002-facts']!;
    const { database: fresh, dispose: close } = await engine.open();
    try {
      await migration.down!(fresh.db);
      const left = await sql<{ n: number }>`select count(*) as n from information_schema.tables where table_schema = current_schema() and table_name in (${sql.join(Object.keys(FACT_TABLE_COLUMNS))})`.execute(fresh.db);
      expect(left.rows[0]!.n).toBe(0);
      const appColumns = await sql<{ column_name: string }>`select column_name from information_schema.columns where table_schema = current_schema() and table_name = 'apps'`.execute(fresh.db);
      expect(appColumns.rows.map((c) => c.column_name)).not.toContain('in_service_from');
      await migration.up(fresh.db);
    } finally {
      await close();
    }
  });
});
