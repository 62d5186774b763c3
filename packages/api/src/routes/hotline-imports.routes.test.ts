// 12345-hotline upload over HTTP: the sample CSV as a multipart upload and as a raw text/csv body,
// XLSX, re-imports as duplicates, rows outside the caller's area rejected with the reason, the
// size limit (413 naming it), unsupported types (415), and feedback.manage only.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFieldCipher, createServices, createUser } from '@govperf/services';
import { PROBE_CATALOGUE } from '@govperf/services/testing';
import type { Database } from '@govperf/storage';
import { seedTestOrgTree, testEngines } from '@govperf/storage/testing';
import { createApp } from '../app';
import { SESSION_COOKIE } from '../authentication';
import { signIn, type Credential } from '../test-client';
import { HOTLINE_UPLOAD_LIMIT_MB } from './hotline-imports.routes';

const SAMPLE = fileURLToPath(new URL('../../../../examples/hotline/12345-sample.csv', import.meta.url));
const PASSWORD = 'hotline routes 2026';

describe.each(testEngines().slice(0, 1))('hotline import route on $name', (engine) => {
  let database: Database;
  let dispose: () => Promise<void>;
  let app: ReturnType<typeof createApp>;
  let province: Credential & { kind: 'session' };
  let ningbo: Credential & { kind: 'session' };
  let operator: Credential & { kind: 'session' };

  const upload = (credential: Credential & { kind: 'session' }, body: string | Uint8Array | FormData, headers: Record<string, string> = {}) =>
    app.request('/api/feedback/hotline-imports', { method: 'POST', headers: { cookie: `${SESSION_COOKIE}=${credential.cookie}`, 'x-csrf-token': credential.csrf, ...headers }, body });

  beforeAll(async () => {
    ({ database, dispose } = await engine.open());
    await seedTestOrgTree(database.db);
    const services = createServices(database, PROBE_CATALOGUE, createFieldCipher({ algorithm: 'aes-256-gcm', key: Buffer.alloc(32, 6), keyId: 'hl-routes' }));
    app = createApp({ version: 'test', startedAt: new Date(), services, logger: { error: () => {}, warn: () => {} } });
    await createUser(database.db, { username: 'zj-eval', displayName: '浙江省', password: PASSWORD, role: 'evaluator', orgUnit: '330000' });
    await createUser(database.db, { username: 'nb-eval', displayName: '宁波市', password: PASSWORD, role: 'evaluator', orgUnit: '330200' });
    await createUser(database.db, { username: 'sc-op', displayName: '上城区', password: PASSWORD, role: 'department_operator', orgUnit: '330102' });
    province = await signIn(app, 'zj-eval', PASSWORD);
    ningbo = await signIn(app, 'nb-eval', PASSWORD);
    operator = await signIn(app, 'sc-op', PASSWORD);
  });
  afterAll(async () => dispose());

  it('imports the sample file uploaded as multipart, then answers a re-import (raw text/csv) with duplicates only', async () => {
    const form = new FormData();
    form.set('file', new Blob([readFileSync(SAMPLE)], { type: 'text/csv' }), '12345-sample.csv');
    const first = await upload(province, form);
    expect(first.status).toBe(200);
    const result = (await first.json()) as { accepted: number; duplicates: number; rejected: unknown[]; batchId: string };
    expect(result).toMatchObject({ accepted: 12, duplicates: 0, rejected: [] });
    const batch = await database.db.selectFrom('ingestion_batches').select(['file_name', 'accepted']).where('id', '=', result.batchId).executeTakeFirstOrThrow();
    expect(batch).toEqual({ file_name: '12345-sample.csv', accepted: 12 });
    const again = await upload(province, readFileSync(SAMPLE), { 'content-type': 'text/csv; charset=utf-8' });
    expect(await again.json()).toMatchObject({ accepted: 0, duplicates: 12, rejected: [] });
  });

  it('rejects rows for units outside the caller’s area with the row, field and reason', async () => {
    const res = await upload(ningbo, readFileSync(SAMPLE), { 'content-type': 'text/csv' });
    expect(res.status).toBe(200);
    const result = (await res.json()) as { accepted: number; rejected: { row: number; field: string; reason: string }[] };
    expect(result.accepted).toBe(0);
    expect(result.rejected).toHaveLength(12);
    expect(result.rejected[0]).toEqual({ row: 2, field: '所属区县(行政区划代码)', reason: expect.stringContaining('outside your area 330200') });
  });

  it('reads an XLSX upload', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('工单');
    sheet.addRow(['工单编号', '来电时间', '诉求类型', '诉求内容', '所属区县(行政区划代码)']);
    sheet.addRow(['NB-XLSX-1', '2026-11-03 10:00:00', '建议', '建议延长不动产登记窗口的午间服务时间', '330200']);
    const res = await upload(ningbo, Buffer.from(await workbook.xlsx.writeBuffer()), { 'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' });
    expect(await res.json()).toMatchObject({ accepted: 1, duplicates: 0, rejected: [] });
  });

  it('refuses a file above the limit with 413 naming it, other types with 415, a file without its columns with 400, and callers without feedback.manage', async () => {
    const big = Buffer.alloc(HOTLINE_UPLOAD_LIMIT_MB * 1024 * 1024 + 10, 0x41);
    const tooLarge = await upload(province, big, { 'content-type': 'text/csv' });
    expect(tooLarge.status).toBe(413);
    const body = (await tooLarge.json()) as { error: { message: string; details: { limitMb: number } } };
    expect(JSON.stringify(body)).toContain(`${HOTLINE_UPLOAD_LIMIT_MB} MB`);
    expect((await upload(province, 'hello', { 'content-type': 'text/plain' })).status).toBe(415);
    const noColumns = await upload(province, '工单编号,诉求内容\nA-1,测试\n', { 'content-type': 'text/csv' });
    expect(noColumns.status).toBe(400);
    expect(await noColumns.text()).toContain('所属区县');
    expect((await upload(operator, readFileSync(SAMPLE), { 'content-type': 'text/csv' })).status).toBe(403);
  });
});
