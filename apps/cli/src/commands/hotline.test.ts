import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { embeddedDirectory } from '@govperf/server';
import { openDatabase } from '@govperf/storage';
import { seedTestOrgTree } from '@govperf/storage/testing';
import { cli } from '../test-cli';

const SAMPLE = fileURLToPath(new URL('../../../../examples/hotline/12345-sample.csv', import.meta.url));

async function migratedDirectory(prefix: string): Promise<Record<string, string>> {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  // The embedded database makes its own data key, so the sample's phone numbers are stored encrypted.
  const env = { GOVPERF_DATA_DIR: join(dir, 'data') };
  expect((await cli(env, 'db', 'migrate')).code).toBe(0);
  const database = await openDatabase({ kind: 'embedded', dataDir: embeddedDirectory({ dataDir: env.GOVPERF_DATA_DIR }) });
  try {
    await seedTestOrgTree(database.db);
  } finally {
    await database.close();
  }
  return env;
}

describe('govperf feedback import-hotline on the embedded database', () => {
  const dir = mkdtempSync(join(tmpdir(), 'govperf-hotline-files-'));
  let env: Record<string, string>;

  beforeAll(async () => {
    env = await migratedDirectory('govperf-hotline-');
  });

  it('imports the sample CSV, then answers a re-import with duplicates only', async () => {
    const first = await cli(env, 'feedback', 'import-hotline', SAMPLE);
    expect(first.err).toBe('');
    expect(first.code).toBe(0);
    expect(JSON.parse(first.out)).toMatchObject({ accepted: 12, duplicates: 0, rejected: [] });
    const again = await cli(env, 'feedback', 'import-hotline', SAMPLE, '--format', 'table');
    expect(again.code).toBe(0);
    expect(again.out).toContain('accepted 接收 0, duplicates 重复 12, rejected 拒收 0');
    // Stored as work orders waiting for processing.
    const processed = JSON.parse((await cli(env, 'feedback', 'process', '--format', 'json')).out);
    expect(processed).toMatchObject({ succeeded: 12, failed: 0 });
  });

  it('imports an XLSX version of the sample the same way (time cells as Beijing time)', async () => {
    const rows = parse(readFileSync(SAMPLE), { bom: true, skip_empty_lines: true }) as string[][];
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('12345');
    const [header, ...data] = rows;
    sheet.addRow(header!);
    for (const row of data) {
      // Excel keeps wall-clock times: a real date cell for the well-formed times, text otherwise.
      const m = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/.exec(row[1]!);
      const time = m ? new Date(Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!)) : row[1]!;
      sheet.addRow([row[0], time, ...row.slice(2)]);
    }
    const xlsx = join(dir, '12345-sample.xlsx');
    await workbook.xlsx.writeFile(xlsx);
    const fresh = await migratedDirectory('govperf-hotline-xlsx-');
    const result = await cli(fresh, 'feedback', 'import-hotline', xlsx);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.out)).toMatchObject({ accepted: 12, duplicates: 0, rejected: [] });
    // The same tickets as the CSV: importing the CSV afterwards finds them all.
    const csv = await cli(fresh, 'feedback', 'import-hotline', SAMPLE);
    expect(JSON.parse(csv.out)).toMatchObject({ accepted: 0, duplicates: 12 });
  });

  it('rejects a bad row naming its line and field, and a file without the required columns', async () => {
    const bad = join(dir, 'bad.csv');
    writeFileSync(bad, 'ticket_id,called_at,content,org_unit\nEN-0001,2026-11-03 10:00,"Cannot upload files on the portal",330102\nEN-0002,not a time,"Queue too long",330102\n');
    const result = await cli(env, 'feedback', 'import-hotline', bad);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.out)).toMatchObject({ accepted: 1, rejected: [{ row: 3, field: '来电时间', reason: expect.stringContaining('date and time') }] });
    const missing = join(dir, 'missing.csv');
    writeFileSync(missing, '工单编号,诉求内容\nX-1,你好\n');
    const refused = await cli(env, 'feedback', 'import-hotline', missing);
    expect(refused.code).not.toBe(0);
    expect(refused.err).toContain('来电时间');
  });
});
