// Personal data end to end on every engine: encrypted at rest by ingestion (facts and refused
// records alike), duplicates still recognised, masked when read back unless unmasked.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FACT_TABLE_COLUMNS, type Database } from '@govperf/storage';
import { seedTestOrgTree, testEngines } from '@govperf/storage/testing';
import { explainRun } from '../evaluation/runs';
import { runEvaluation, type MetricCatalogue } from '../evaluation/run-evaluation';
import { registerIndicatorSystem } from '../evaluation/systems';
import { ingestRecords, UnreadableRecord, type IngestContext } from '../ingestion/ingest';
import { MetricDefinitionSchema } from '../metrics/definition';
import { listRejectedRecords } from '../quality/report';
import { createFieldCipher, type FieldCipher } from './cipher';
import { PersonalDataError } from './masking';

const aes = createFieldCipher({ algorithm: 'aes-256-gcm', key: Buffer.alloc(32, 1), keyId: 'k1' });
const sm4 = createFieldCipher({ algorithm: 'sm4', key: Buffer.alloc(32, 2), keyId: 'sm' });
const NOW = () => new Date('2025-12-01T00:00:00+08:00');
const context = (type: string, cipher: FieldCipher | undefined, source = 'hotline-12345'): IngestContext => ({
  type,
  source,
  channel: 'http',
  format: 'json',
  scope: '330000',
  allowedTypes: ['*'],
  now: NOW,
  cipher,
});

// Fictitious contact data (张三 / 11010519491231002X is the example of GB 11643 itself).
const complaint = {
  feedback_id: 'FK-P-1',
  org_unit: '330102',
  kind: 'complaint',
  tier: 'orange',
  received_at: '2025-06-03T09:15:00+08:00',
  status: 'accepted',
  content: '窗口说材料不全，请回电13912345678或发邮件到 zhangsan@example.com',
  contact_name: '张三丰',
  contact_phone: '13812345678',
  contact_id_number: '11010519491231002X',
};

const catalogue: MetricCatalogue = {
  columns: { feedback: new Set(FACT_TABLE_COLUMNS.feedback) },
  definitions: new Map([
    ['fb.complaints', MetricDefinitionSchema.parse({ name: 'fb.complaints', table: 'feedback', window: { kind: 'period', column: 'received_at' }, aggregate: { kind: 'count' } })],
  ]),
};

describe.each(testEngines())('personal data on $name', (engine) => {
  let database: Database;
  let dispose: () => Promise<void>;
  beforeAll(async () => {
    ({ database, dispose } = await engine.open());
    await seedTestOrgTree(database.db);
  });
  afterAll(async () => dispose());

  it('stores the contact fields encrypted, never the phone number; free text stays as sent', async () => {
    const result = await ingestRecords(database.db, context('feedback', aes), [complaint]);
    expect(result).toMatchObject({ accepted: 1, duplicates: 0, rejectedRecords: 0 });
    const found = await sql<{ n: number }>`select count(*)::int as n from feedback where contact_phone like '%1381234%' or contact_name like '%张%' or contact_id_number like '%110105%'`.execute(database.db);
    expect(found.rows[0]!.n).toBe(0);
    const row = await database.db.selectFrom('feedback').select(['contact_name', 'contact_phone', 'contact_id_number', 'content']).where('source_id', '=', 'FK-P-1').executeTakeFirstOrThrow();
    for (const value of [row.contact_name, row.contact_phone, row.contact_id_number]) expect(aes.isEnvelope(value!)).toBe(true);
    expect([aes.decrypt(row.contact_name!), aes.decrypt(row.contact_phone!), aes.decrypt(row.contact_id_number!)]).toEqual(['张三丰', '13812345678', '11010519491231002X']);
    expect(row.content).toBe(complaint.content);
  });

  it.each([
    ['aes-256-gcm', aes],
    ['sm4', sm4],
  ] as const)('counts an identical re-sent record as a duplicate (%s), and a changed contact as a change', async (name, cipher) => {
    const source = `dedupe-${name}`;
    // At another unit than the other tests' records: the samples below are read with one key.
    const record = { ...complaint, org_unit: '330105' };
    expect(await ingestRecords(database.db, context('feedback', cipher, source), [record])).toMatchObject({ accepted: 1, duplicates: 0 });
    expect(await ingestRecords(database.db, context('feedback', cipher, source), [record])).toMatchObject({ accepted: 0, duplicates: 1 });
    expect(await ingestRecords(database.db, context('feedback', cipher, source), [{ ...record, contact_phone: '0571-87654321' }])).toMatchObject({ accepted: 1, duplicates: 0 });
    const stored = await database.db.selectFrom('feedback').select('contact_phone').where('source', '=', source).executeTakeFirstOrThrow();
    expect(cipher.decrypt(stored.contact_phone!)).toBe('0571-87654321');
  });

  it('refuses personal data without a cipher instead of storing it in plaintext; records without any still go in', async () => {
    await expect(ingestRecords(database.db, context('feedback', undefined, 'no-key'), [{ ...complaint, feedback_id: 'FK-P-2' }])).rejects.toThrow(PersonalDataError);
    const stored = await database.db.selectFrom('feedback').select('id').where('source', '=', 'no-key').execute();
    expect(stored).toEqual([]);
    const anonymous = { ...complaint, feedback_id: 'FK-P-3', contact_name: null, contact_phone: null, contact_id_number: null };
    expect(await ingestRecords(database.db, context('feedback', undefined, 'no-key'), [anonymous])).toMatchObject({ accepted: 1 });
    // A refused record with personal data is refused the same way.
    await expect(ingestRecords(database.db, context('feedback', undefined, 'no-key'), [{ ...complaint, status: 'done' }])).rejects.toThrow(/no field cipher was given/);
  });

  it('encrypts manual submissions’ submitted_by', async () => {
    const submission = { submission_id: 'MS-P-1', form_item: 'villages_total', org_unit: '330102', period: '2025-06', value: 3, evidence: [{ name: '名册', note: '村社名册' }], submitted_by: '上城区数据资源管理局 王敏' };
    expect(await ingestRecords(database.db, context('manual-submissions', aes), [submission])).toMatchObject({ accepted: 1 });
    const row = await database.db.selectFrom('manual_submissions').select('submitted_by').where('source_id', '=', 'MS-P-1').executeTakeFirstOrThrow();
    expect(aes.decrypt(row.submitted_by!)).toBe('上城区数据资源管理局 王敏');
  });

  it('keeps refused records with their personal fields encrypted, masked when listed unless unmasked', async () => {
    const bad = { ...complaint, feedback_id: 'FK-P-9', status: 'done', contact_id_number: '110105194912310021' };
    const line = '{"feedback_id":"FK-P-10","contact_phone":"13812345678",';
    const result = await ingestRecords(database.db, context('feedback', aes, 'refused'), [bad, new UnreadableRecord(line, 'line 2 is not valid JSON')]);
    expect(result.rejectedRecords).toBe(2);
    // The reason names the field and the problem, never the value.
    const idProblem = result.rejected.find((r) => r.field === 'contact_id_number')!;
    expect(idProblem.reason).toMatch(/wrong check character \(GB 11643\)/);
    expect(idProblem.reason).not.toContain('110105');

    const atRest = await sql<{ text: string }>`select payload::text as text from rejected_records where batch_id = ${result.batchId} order by record_index`.execute(database.db);
    expect(atRest.rows).toHaveLength(2);
    for (const r of atRest.rows) {
      expect(r.text).not.toContain('1381234');
      expect(r.text).not.toContain('张三丰');
      expect(r.text).not.toContain('11010519491231');
    }

    const [text, record] = await listRejectedRecords(database.db, { batchId: result.batchId }, { cipher: aes });
    expect(record!.payload).toMatchObject({
      feedback_id: 'FK-P-9',
      status: 'done',
      contact_name: '张**',
      contact_phone: '138****5678',
      contact_id_number: '110105********0021',
      content: '窗口说材料不全，请回电139****5678或发邮件到 z***@example.com',
    });
    expect(text!.payload).toBe('{"feedback_id":"FK-P-10","contact_phone":"138****5678",');

    const [fullText, full] = await listRejectedRecords(database.db, { batchId: result.batchId }, { cipher: aes, unmask: true });
    expect(full!.payload).toEqual(bad);
    expect(fullText!.payload).toBe(line);

    // Without the key the values can only be hidden.
    const [, hidden] = await listRejectedRecords(database.db, { batchId: result.batchId });
    expect(hidden!.payload).toMatchObject({ contact_name: '***', contact_phone: '***' });
  });

  it('shows the facts behind a score with personal data masked, or in full when unmasked', async () => {
    expect(
      await registerIndicatorSystem(database.db, {
        format: 'govperf/indicator-system@1',
        code: 'PRIVACY-TEST',
        version: '1',
        name: { zh: '个人信息测试', en: 'Privacy test' },
        indicators: [{ code: 'A1', name: { zh: '投诉量', en: 'Complaints' }, formula: 'fb.complaints', scoring: { method: 'minmax' } }],
      }),
    ).toMatchObject({ outcome: 'created' });
    const { runId } = await runEvaluation(database.db, catalogue, { systemCode: 'PRIVACY-TEST', period: '2025-06', scope: '330100', levels: ['county'] });

    const masked = await explainRun(database.db, runId, '330102', 'A1', '*', catalogue, { cipher: aes });
    const row = masked.samples['fb.complaints']!.find((r) => r.source === 'hotline-12345')!;
    expect(row).toMatchObject({ contact_name: '张**', contact_phone: '138****5678', contact_id_number: '110105********002X', content: '窗口说材料不全，请回电139****5678或发邮件到 z***@example.com' });

    const full = await explainRun(database.db, runId, '330102', 'A1', '*', catalogue, { cipher: aes, unmask: true });
    expect(full.samples['fb.complaints']!.find((r) => r.source === 'hotline-12345')).toMatchObject({ contact_name: '张三丰', contact_phone: '13812345678', content: complaint.content });

    // Callers that pass no cipher (the default) see only that there is a value.
    const keyless = await explainRun(database.db, runId, '330102', 'A1', '*', catalogue);
    expect(keyless.samples['fb.complaints']!.find((r) => r.source === 'hotline-12345')).toMatchObject({ contact_name: '***', contact_phone: '***' });
  });
});
