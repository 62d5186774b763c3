import { readFileSync } from 'node:fs';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Database } from '@govperf/storage';
import { testEngines } from '@govperf/storage/testing';
import { createFieldCipher } from '../privacy/cipher';
import { copyCsvOf, ingestRecords, type IngestContext } from './ingest';

const example = (type: string): Record<string, unknown>[] => JSON.parse(readFileSync(new URL(`../../../../examples/ingest/${type}.json`, import.meta.url), 'utf8'));
const MASTER = ['org-units', 'departments', 'apps', 'service-items'];
const FACTS = ['handling-records', 'ratings', 'events', 'feedback', 'manual-submissions', 'mystery-shopper-runs', 'operations'];
// The examples are dated mid-2025; "now" a little later keeps them out of the future check.
const NOW = () => new Date('2025-12-01T00:00:00+08:00');
// The examples carry personal data (feedback contacts, who submitted a form): it is encrypted at ingest.
const cipher = createFieldCipher({ algorithm: 'aes-256-gcm', key: Buffer.alloc(32, 5), keyId: 'test' });
const context = (type: string, extra: Partial<IngestContext> = {}): IngestContext => ({ type, source: 'test-system', channel: 'http', format: 'json', scope: '330000', allowedTypes: ['*'], now: NOW, cipher, ...extra });

describe.each(testEngines())('ingestion on $name', (engine) => {
  let database: Database;
  let dispose: () => Promise<void>;
  beforeAll(async () => {
    ({ database, dispose } = await engine.open());
  });
  afterAll(async () => dispose());

  it('accepts the master data and every example fact type', async () => {
    for (const type of [...MASTER, ...FACTS]) {
      const records = example(type);
      const result = await ingestRecords(database.db, context(type), records);
      expect({ type, rejected: result.rejected }).toEqual({ type, rejected: [] });
      expect({ type, accepted: result.accepted }).toEqual({ type, accepted: records.length });
    }
    const closure = await database.db.selectFrom('org_unit_closure').select('descendant_code').where('ancestor_code', '=', '330000').execute();
    expect(closure.length).toBe(example('org-units').length);
  });

  it('derives working-day deadlines at ingest', async () => {
    const row = await database.db.selectFrom('handling_records').select(['accepted_at', 'promised_limit_days', 'promised_due_at']).where('promised_limit_days', '>', 0).orderBy('id').executeTakeFirstOrThrow();
    expect(row.promised_due_at).not.toBeNull();
    expect(new Date(row.promised_due_at as Date).getTime()).toBeGreaterThan(new Date(row.accepted_at as Date).getTime());
  });

  it('is idempotent: the same records again are duplicates, a changed one replaces the stored row', async () => {
    const records = example('handling-records');
    const again = await ingestRecords(database.db, context('handling-records'), records);
    expect(again).toMatchObject({ accepted: 0, duplicates: records.length, rejectedRecords: 0 });
    const changed = records.map((r, i) => (i === 0 ? { ...r, trips: 2 } : r));
    const third = await ingestRecords(database.db, context('handling-records'), changed);
    expect(third).toMatchObject({ accepted: 1, duplicates: records.length - 1 });
    const count = await sql<{ n: number }>`select count(*) as n from handling_records`.execute(database.db);
    expect(count.rows[0]!.n).toBe(records.length);
    const first = records[0]!;
    const stored = await database.db.selectFrom('handling_records').select('trips').where('source_id', '=', String(first.source_id ?? first.record_id)).executeTakeFirstOrThrow();
    expect(stored.trips).toBe(2);
  });

  it('rejects bad records with the field and reason, keeps them, and still accepts the good ones', async () => {
    const good = { ...example('ratings')[0]!, rating_id: 'R-NEW-1', source_id: 'R-NEW-1' };
    const bad = [
      { ...good, rating_id: 'R-BAD-1', source_id: 'R-BAD-1', level: 9 },
      { ...good, rating_id: 'R-BAD-2', source_id: 'R-BAD-2', colour: 'red' },
      { ...good, rating_id: 'R-BAD-3', source_id: 'R-BAD-3', org_unit: '999999' },
      { ...good, rating_id: 'R-BAD-4', source_id: 'R-BAD-4', item_code: 'NO-SUCH-ITEM' },
      'not an object',
    ];
    const result = await ingestRecords(database.db, context('ratings'), [good, ...bad]);
    expect(result.accepted).toBe(1);
    expect(result.rejectedRecords).toBe(5);
    const byIndex = (i: number) => result.rejected.filter((r) => r.index === i);
    expect(byIndex(1)[0]).toMatchObject({ field: 'level' });
    expect(byIndex(2)[0]).toMatchObject({ field: 'colour' });
    expect(byIndex(3)[0]).toEqual({ index: 3, field: 'org_unit', reason: 'unknown org unit code 999999 (load the org units first)' });
    expect(byIndex(4)[0]).toEqual({ index: 4, field: 'item_code', reason: 'unknown service item NO-SUCH-ITEM' });
    expect(byIndex(5)).toHaveLength(1);
    const kept = await database.db.selectFrom('rejected_records').select(['record_index', 'source_id', 'payload', 'errors']).where('batch_id', '=', result.batchId).orderBy('record_index').execute();
    expect(kept.map((k) => k.record_index)).toEqual([1, 2, 3, 4, 5]);
    expect(kept[0]!.payload).toMatchObject({ level: 9 });
    expect(kept[0]!.source_id).toBe('R-BAD-1');
  });

  it('stores impossible records with quality status rejected, never scored', async () => {
    const base = example('handling-records')[0]!;
    const negative = { ...base, record_id: 'NEG-1', source_id: 'NEG-1', completed_at: '2025-07-01T08:00:00+08:00', submitted_at: '2025-07-03T09:00:00+08:00', accepted_at: '2025-07-03T09:00:01+08:00' };
    const future = { ...base, record_id: 'FUT-1', source_id: 'FUT-1', submitted_at: '2026-03-01T09:00:00+08:00', accepted_at: null, completed_at: null };
    const result = await ingestRecords(database.db, context('handling-records'), [negative, future]);
    expect(result).toMatchObject({ accepted: 2, qualityRejected: 2 });
    const rows = await database.db.selectFrom('handling_records').select(['source_id', 'quality_status', 'quality_flags']).where('source_id', 'in', ['NEG-1', 'FUT-1']).orderBy('source_id').execute();
    expect(rows.map((r) => [r.source_id, r.quality_status])).toEqual([
      ['FUT-1', 'rejected'],
      ['NEG-1', 'rejected'],
    ]);
    expect(rows[0]!.quality_flags).toEqual(['future_timestamp:submitted_at']);
    expect(rows[1]!.quality_flags).toEqual(expect.arrayContaining(['negative_duration:submitted_at>completed_at']));
  });

  it('keeps a caller inside its subtree and its fact types', async () => {
    const record = example('handling-records')[0]!;
    const outside = await ingestRecords(database.db, context('handling-records', { scope: '330100' }), [{ ...record, record_id: 'OUT-1', source_id: 'OUT-1', org_unit: '330000' }]);
    expect(outside.rejected[0]).toMatchObject({ field: 'org_unit', reason: expect.stringMatching(/outside the caller's area 330100/) });
    await expect(ingestRecords(database.db, context('ratings', { allowedTypes: ['events'] }), [])).rejects.toMatchObject({ code: 'forbidden' });
    await expect(ingestRecords(database.db, context('weather'), [])).rejects.toMatchObject({ code: 'not_found' });
  });

  it('stores texts COPY must quote exactly as sent (CSV and JSON alike), and finds them unchanged when re-sent', async () => {
    const base = example('handling-records')[0]!;
    const texts = ['dept,"quoted"', 'line 1\nline 2\r\nline 3', 'back\\slash', '\\.', 'N', 'NULL', '  inner  spaces  kept  '];
    const records = texts.map((text, i) => ({ ...base, record_id: `COPY-${i}`, source_id: `COPY-${i}`, department: text, scenario: text.trim(), applicant_key: null }));
    const first = await ingestRecords(database.db, context('handling-records'), records);
    expect(first).toMatchObject({ accepted: texts.length, duplicates: 0, rejectedRecords: 0 });
    const stored = await database.db.selectFrom('handling_records').select(['source_id', 'department', 'scenario', 'applicant_key']).where('source_id', 'like', 'COPY-%').orderBy('source_id').execute();
    expect(stored).toEqual(texts.map((text, i) => ({ source_id: `COPY-${i}`, department: text.trim(), scenario: text.trim(), applicant_key: null })));
    // The same records as CSV cells: the fast path and COPY give the very rows stored.
    const cells = records.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, v === null || v === undefined ? '' : String(v)])));
    const again = await ingestRecords(database.db, context('handling-records', { format: 'csv' }), cells);
    expect(again).toMatchObject({ accepted: 0, duplicates: texts.length, rejectedRecords: 0 });
  });

  it('records each batch with its counts', async () => {
    const result = await ingestRecords(database.db, context('events'), example('events'));
    const batch = await database.db.selectFrom('ingestion_batches').selectAll().where('id', '=', result.batchId).executeTakeFirstOrThrow();
    expect(batch).toMatchObject({ fact_type: 'events', channel: 'http', source: 'test-system', accepted: 0, duplicates: example('events').length, rejected: 0 });
    expect(batch.finished_at).toBeInstanceOf(Date);
  });
});

describe('copyCsvOf: rows as COPY CSV text', () => {
  const types = new Map([
    ['a', 'text'],
    ['b', 'integer'],
    ['c', 'boolean'],
    ['d', 'timestamp with time zone'],
    ['e', 'jsonb'],
  ]);
  it('writes null unquoted and empty text quoted, quotes what CSV needs, and reads values as JSON would', () => {
    const rows = [
      { a: '', b: 1, c: true, d: new Date('2025-01-02T03:04:05Z'), e: '["x"]' },
      { a: null, b: Number.NaN, c: false, d: undefined, e: null },
      { a: 'a,"b"\n\\.', b: 2.5, c: null, d: '2025-01-02T11:04:05+08:00', e: '{"k":"v, w"}' },
    ];
    expect(copyCsvOf(rows, ['a', 'b', 'c', 'd', 'e'], types)).toBe(
      '"",1,t,2025-01-02T03:04:05.000Z,"[""x""]"\n' + ',,f,,\n' + '"a,""b""\n\\.",2.5,,2025-01-02T11:04:05+08:00,"{""k"":""v, w""}"\n',
    );
  });
  it('leaves to the JSON record set what COPY text cannot carry', () => {
    expect(copyCsvOf([{ a: ['x'] }], ['a'], types)).toBeNull();
    expect(copyCsvOf([{ a: 'x' }], ['a'], new Map([['a', 'text[]']]))).toBeNull();
  });
});
