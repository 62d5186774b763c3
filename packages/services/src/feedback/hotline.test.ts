import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '@govperf/storage';
import { seedTestOrgTree, testEngines } from '@govperf/storage/testing';
import { createTextAnalyzer, type TextAnalyzer } from '@govperf/text';
import { systemActor, userActor, type Actor } from '../identity/actor';
import { runDueJobs } from '../jobs/queue';
import { createFieldCipher } from '../privacy/cipher';
import { listRejectedRecords } from '../quality/report';
import ExcelJS from 'exceljs';
import { HALL_APP_ID, HOTLINE_APP_ID, hotlineRowsFromFile, importHotline, submitHallForm, type HotlineInputRow } from './hotline';
import { feedbackHandlers } from './jobs';
import { trackByCode } from './track';

const SAMPLE = fileURLToPath(new URL('../../../../examples/hotline/12345-sample.csv', import.meta.url));
const cipher = createFieldCipher({ algorithm: 'aes-256-gcm', key: Buffer.alloc(32, 9), keyId: 'hotline-test' });

/** The sample file's rows as the CLI hands them over: cells by header, with the file line. */
const sampleRows = (): HotlineInputRow[] =>
  (parse(readFileSync(SAMPLE), { bom: true, columns: true, skip_empty_lines: true }) as Record<string, string>[]).map((record, i) => ({ record, line: i + 2 }));

describe.each(testEngines())('12345 hotline import and hall forms on $name', (engine) => {
  let database: Database;
  let dispose: () => Promise<void>;
  let analyzer: TextAnalyzer;
  const operator = systemActor('hotline-test');
  let hangzhou: Actor;
  let ningbo: Actor;
  const NOW = new Date('2026-11-02T09:00:00+08:00');

  beforeAll(async () => {
    ({ database, dispose } = await engine.open());
    await seedTestOrgTree(database.db);
    analyzer = createTextAnalyzer();
    const user = (username: string, unit: string) => userActor({ username, display_name: username, role: 'department_operator', org_unit_code: unit, department_code: null }, '10.0.0.7');
    hangzhou = user('hz-hall', '330100');
    ningbo = user('nb-hall', '330200');
  });
  afterAll(async () => dispose());

  it('imports the sample file through the intake path, encrypts phones, and processes the rows like any feedback', async () => {
    const rows = sampleRows();
    expect(rows.length).toBe(12);
    const progress: number[] = [];
    const result = await importHotline(database.db, cipher, operator, rows, { now: NOW, fileName: '12345-sample.csv', onProgress: (n) => progress.push(n) });
    expect(result).toMatchObject({ accepted: 12, duplicates: 0, rejected: [] });
    expect(result.receipts).toHaveLength(12);
    expect(progress.at(-1)).toBe(12);

    const stored = await database.db.selectFrom('feedback_submissions').select(['payload', 'submission_id', 'tracking_code']).where('submission_id', '=', 'hl-HZ12345-20261101-0001').executeTakeFirstOrThrow();
    const payload = stored.payload as { appId: string; orgUnit: string; kind: string; context: { occurredAt: string; device: string; pagePath: string }; contact: { name: string; phone: string } };
    expect(payload).toMatchObject({ appId: HOTLINE_APP_ID, orgUnit: '330102', kind: 'complaint', context: { occurredAt: '2026-11-01T08:42:15+08:00', pagePath: '12345/HZ12345-20261101-0001' } });
    expect(payload.context.device).toContain('hotline');
    expect(JSON.stringify(payload)).not.toContain('13812345601');
    expect(cipher.decrypt(payload.contact.phone)).toBe('13812345601');
    // 2026/11/1 9:31 is read as Beijing time.
    const third = await database.db.selectFrom('feedback_submissions').select('payload').where('submission_id', '=', 'hl-HZ12345-20261101-0003').executeTakeFirstOrThrow();
    expect((third.payload as { context: { occurredAt: string } }).context.occurredAt).toBe('2026-11-01T09:31:00+08:00');

    const summary = await runDueJobs(database.db, feedbackHandlers(database.db, { actor: operator, analyzer, now: () => NOW }), () => NOW);
    expect(summary).toMatchObject({ succeeded: 12, failed: 0 });
    const item = await database.db.selectFrom('feedback_items').select(['org_unit', 'tier', 'status']).where('tracking_code', '=', stored.tracking_code).executeTakeFirstOrThrow();
    expect(item.org_unit).toBe('330102');
    expect(item.tier).not.toBeNull();
    expect((await trackByCode(database.db, stored.tracking_code)).status).toBe('pending_review');
  });

  it('answers a re-import with duplicates only and creates nothing', async () => {
    const before = await database.db.selectFrom('feedback_submissions').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const again = await importHotline(database.db, cipher, operator, sampleRows(), { now: NOW });
    expect(again).toMatchObject({ accepted: 0, duplicates: 12, rejected: [] });
    const after = await database.db.selectFrom('feedback_submissions').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
  });

  it('rejects bad rows naming their row and field, keeps them (phone encrypted), and takes the rest', async () => {
    const good = { 工单编号: 'HZ-BAD-0001', 来电时间: '2026-11-01 10:00', 诉求内容: '窗口排队时间太长', 'org_unit': '330105' };
    const rows: HotlineInputRow[] = [
      { record: good, line: 2 },
      { record: { ...good, 工单编号: 'HZ-BAD-0002', 来电时间: '昨天下午' }, line: 3 },
      { record: { ...good, 工单编号: 'HZ-BAD-0003', org_unit: '339999', 联系电话: '13812349999' }, line: 4 },
      { record: { ...good, 工单编号: 'HZ-BAD-0004', 诉求内容: '长'.repeat(2001) }, line: 5 },
      { record: { ...good, 工单编号: '', 联系电话: '12345' }, line: 6 },
      { record: { ...good, 工单编号: 'HZ-BAD-0006', org_unit: '330200' }, line: 7 },
    ];
    const result = await importHotline(database.db, cipher, hangzhou, rows, { now: NOW, source: 'hotline-test-bad' });
    expect(result.accepted).toBe(1);
    expect(result.rejected).toEqual(
      expect.arrayContaining([
        { row: 3, field: '来电时间', reason: expect.stringContaining('date and time') },
        { row: 4, field: '所属区县(行政区划代码)', reason: expect.stringContaining('not a known administrative division') },
        { row: 5, field: '诉求内容', reason: 'is longer than 2000 characters' },
        { row: 6, field: '工单编号', reason: 'is required' },
        { row: 6, field: '联系电话', reason: expect.stringContaining('mobile number') },
        { row: 7, field: '所属区县(行政区划代码)', reason: expect.stringContaining('outside your area') },
      ]),
    );
    const kept = await database.db.selectFrom('rejected_records').selectAll().where('batch_id', '=', result.batchId).orderBy('record_index').execute();
    expect(kept.map((k) => k.record_index)).toEqual([3, 4, 5, 6, 7]);
    expect(kept.every((k) => k.fact_type === 'hotline')).toBe(true);
    expect(JSON.stringify(kept)).not.toContain('13812349999');
    // Found through the quality listing, scoped by the row's division code.
    const listed = await listRejectedRecords(database.db, { batchId: result.batchId, area: '330100' });
    expect(listed.map((r) => r.sourceId)).toContain('HZ-BAD-0002');
    expect(listed.some((r) => r.sourceId === 'HZ-BAD-0006')).toBe(false);
    const batch = await database.db.selectFrom('ingestion_batches').selectAll().where('id', '=', result.batchId).executeTakeFirstOrThrow();
    expect(batch).toMatchObject({ fact_type: 'hotline', accepted: 1, rejected: 5 });
  });

  it('reports an unknown column on every row', async () => {
    const result = await importHotline(database.db, cipher, operator, [{ record: { 工单编号: 'HZ-COL-1', 备注: 'x' } }]);
    expect(result.rejected).toEqual([{ row: 2, field: '备注', reason: expect.stringContaining('unknown column') }]);
  });

  it('stores a hall form like an intake submission, with a rating, scoped to the staff member', async () => {
    const form = { formId: 'hall-form-0001', orgUnit: '330106', window: '3号综合窗口', text: '办理营业执照变更等了两个小时，希望增加窗口', rating: { level: 2, dimensions: { overall: 2, efficiency: 1 } }, contact: { phone: '13700001111' } };
    const receipt = await submitHallForm(database.db, cipher, hangzhou, form, NOW);
    expect(receipt).toMatchObject({ status: 'pending_review', duplicate: false, formId: 'hall-form-0001' });
    expect(receipt.trackingCode).toMatch(/^[0-9A-HJKMNP-TV-Z]{12}$/);
    expect(receipt.ratingTrackingCode).toBeDefined();
    const stored = await database.db.selectFrom('feedback_submissions').select(['payload', 'kind']).where('tracking_code', '=', receipt.trackingCode).executeTakeFirstOrThrow();
    expect(stored.payload).toMatchObject({ appId: HALL_APP_ID, orgUnit: '330106', context: { pagePath: 'hall/3号综合窗口' } });
    expect(JSON.stringify(stored.payload)).not.toContain('13700001111');
    const again = await submitHallForm(database.db, cipher, hangzhou, form, NOW);
    expect(again).toMatchObject({ trackingCode: receipt.trackingCode, duplicate: true });
    await expect(submitHallForm(database.db, cipher, ningbo, { ...form, formId: 'hall-form-0002' }, NOW)).rejects.toMatchObject({ code: 'forbidden' });
    await expect(submitHallForm(database.db, cipher, hangzhou, { ...form, formId: 'hall-form-0003', rating: { level: 5, dimensions: { overall: 5, usability: 5 } } }, NOW)).rejects.toMatchObject({
      code: 'validation_failed', details: [{ path: ['rating', 'dimensions', 'usability'] }],
    });
    // A case rated once at completion: a second form rating it is refused before anything is stored.
    const rated = { ...form, formId: 'hall-form-0004', rating: { level: 5, dimensions: { overall: 5 }, caseId: 'HALL-CASE-1' } };
    await submitHallForm(database.db, cipher, hangzhou, rated, NOW);
    await expect(submitHallForm(database.db, cipher, hangzhou, { ...rated, formId: 'hall-form-0005' }, NOW)).rejects.toMatchObject({ code: 'conflict' });
    expect(await database.db.selectFrom('feedback_submissions').select('id').where('submission_id', '=', 'hall-hall-form-0005').executeTakeFirst()).toBeUndefined();
  });
  it('attributes a hall rating without a case id to the hall unit on the form, not the top of the tree', async () => {
    const form = { formId: 'hall-form-attr-1', orgUnit: '330106', itemCode: undefined, window: '5号窗口', text: '窗口人员态度冷淡，材料讲解不清', rating: { level: 1, dimensions: { overall: 1, attitude: 1 } }, contact: { phone: '13700002222' } };
    const receipt = await submitHallForm(database.db, cipher, hangzhou, form, NOW);
    await runDueJobs(database.db, feedbackHandlers(database.db, { actor: operator, analyzer, now: () => NOW }), () => NOW);
    const rating = await database.db.selectFrom('feedback_submissions').select('id').where('tracking_code', '=', receipt.ratingTrackingCode!).executeTakeFirstOrThrow();
    const fact = await database.db.selectFrom('ratings').select(['org_unit', 'channel', 'handling_id', 'real_name']).where('rating_id', '=', rating.id).executeTakeFirstOrThrow();
    expect(fact).toEqual({ org_unit: '330106', channel: 'hall', handling_id: null, real_name: true });
    const callback = await database.db.selectFrom('feedback_callbacks').select('org_unit').where('rating_id', '=', rating.id).executeTakeFirstOrThrow();
    expect(callback.org_unit).toBe('330106');
    // A public rating of an unknown case still cannot choose its unit: it falls to the top of the tree.
    const { submitRating } = await import('./intake');
    const plain = await submitRating(database.db, { clientId: 'public-client-1', submissionId: 'public-rating-attr-1', caseId: 'UNKNOWN-CASE-9', stage: 'completion', channel: 'offline', level: 4, dimensions: { overall: 4 }, orgUnit: '330106' }).catch((e: unknown) => e);
    expect(plain).toMatchObject({ code: 'validation_failed' });
  });

  it('reads an uploaded CSV or XLSX file into rows keyed by header, and refuses a file without the required columns', async () => {
    const csv = readFileSync(SAMPLE);
    const rows = await hotlineRowsFromFile(csv, 'csv');
    expect(rows.map((r) => ({ ...r, record: Object.fromEntries(Object.entries(r.record).filter(([, v]) => v !== '')) }))).toEqual(
      sampleRows().map((r) => ({ ...r, record: Object.fromEntries(Object.entries(r.record).filter(([, v]) => v !== '')) })),
    );
    const quoted = await hotlineRowsFromFile(Buffer.from('\uFEFF工单编号,来电时间,诉求内容,所属区县\r\n"Q-1","2026-11-01 08:00","含逗号, 和""引号""\n的内容",330102\r\n'), 'csv');
    expect(quoted).toEqual([{ line: 2, record: { 工单编号: 'Q-1', 来电时间: '2026-11-01 08:00', 诉求内容: '含逗号, 和"引号"\n的内容', 所属区县: '330102' } }]);
    await expect(hotlineRowsFromFile(Buffer.from('工单编号,诉求内容\nA,b\n'), 'csv')).rejects.toMatchObject({ code: 'validation_failed', details: [{ path: ['file'] }] });
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('12345');
    sheet.addRow(['工单编号', '来电时间', '诉求内容', '所属区县(行政区划代码)']);
    sheet.addRow(['X-1', new Date(Date.UTC(2026, 10, 1, 9, 30, 0)), '公积金提取网上办理很方便', '330102']);
    const xlsx = await hotlineRowsFromFile(new Uint8Array(await workbook.xlsx.writeBuffer()), 'xlsx');
    expect(xlsx).toEqual([{ line: 2, record: { 工单编号: 'X-1', 来电时间: '2026-11-01 09:30:00', 诉求内容: '公积金提取网上办理很方便', '所属区县(行政区划代码)': '330102' } }]);
    await expect(hotlineRowsFromFile(Buffer.from('not a workbook'), 'xlsx')).rejects.toMatchObject({ code: 'validation_failed' });
  });
});
