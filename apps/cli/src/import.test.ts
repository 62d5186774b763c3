import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ExcelJS from 'exceljs';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FACT_TYPES, type FactTypeName } from '@govperf/contracts';
import { testEngines } from '@govperf/storage/testing';
import { cli } from './test-cli';

const example = (type: string): Record<string, unknown>[] => JSON.parse(readFileSync(new URL(`../../../examples/ingest/${type}.json`, import.meta.url), 'utf8'));
const cell = (v: unknown) => (v === null || v === undefined ? '' : typeof v === 'string' && /[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : String(v));
const toCsv = (type: FactTypeName, records: Record<string, unknown>[]) => {
  const columns = FACT_TYPES[type].columns.filter((c) => records.some((r) => c in r));
  return `${[columns.join(','), ...records.map((r) => columns.map((c) => cell(r[c])).join(','))].join('\n')}\n`;
};
const MASTER: FactTypeName[] = ['org-units', 'departments', 'apps', 'service-items'];

describe('govperf import on the embedded database', () => {
  const dir = mkdtempSync(join(tmpdir(), 'govperf-import-'));
  const env = { GOVPERF_DATA_DIR: join(dir, 'data') };
  const file = (name: string, content: string) => {
    const path = join(dir, name);
    writeFileSync(path, content);
    return path;
  };
  beforeAll(async () => {
    expect((await cli(env, 'db', 'migrate')).code).toBe(0);
  });

  it('says to migrate first on a database without the schema', async () => {
    const r = await cli({ GOVPERF_DATA_DIR: join(dir, 'empty') }, 'import', 'org-units', file('u.csv', 'code,name,level,parent_code\n'));
    expect(r.err).toMatch(/needs \d+ migration\(s\); run `govperf db migrate` first/);
  });

  it('imports master data and facts from CSV; a re-run only finds duplicates', async () => {
    for (const type of MASTER) {
      const r = await cli(env, 'import', type, file(`${type}.csv`, toCsv(type, example(type))));
      expect({ type, err: r.err, code: r.code }).toEqual({ type, err: '', code: 0 });
      expect(JSON.parse(r.out)).toMatchObject({ accepted: example(type).length, rejected: [] });
    }
    const handling = file('handling.csv', toCsv('handling-records', example('handling-records')));
    expect(JSON.parse((await cli(env, 'import', 'handling-records', handling)).out)).toMatchObject({ accepted: 5, duplicates: 0 });
    expect(JSON.parse((await cli(env, 'import', 'handling-records', handling)).out)).toMatchObject({ accepted: 0, duplicates: 5 });
  });

  it('reports bad rows with their file line, field and reason, and imports the rest', async () => {
    const rows: Record<string, unknown>[] = example('ratings').map((r, i) => ({ ...r, rating_id: `CSV-${i}`, source_id: `CSV-${i}` }));
    rows[1] = { ...rows[1]!, level: 7 };
    rows[2] = { ...rows[2]!, comment: '多行\n评论, 带逗号' };
    rows[3] = { ...rows[3]!, org_unit: '999999' };
    const r = await cli(env, 'import', 'ratings', file('ratings.csv', toCsv('ratings', rows)));
    const result = JSON.parse(r.out);
    expect(result.accepted).toBe(rows.length - 2);
    // The multi-line comment in row 3 shifts the line of row 4 by one.
    expect(result.rejected.map((x: { line: number; field: string }) => [x.line, x.field])).toEqual([
      [3, 'level'],
      [6, 'org_unit'],
    ]);
  });

  it('imports an XLSX workbook through the same rules', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('办件');
    const records: Record<string, unknown>[] = example('handling-records').map((r, i) => ({ ...r, record_id: `XLSX-${i}`, source_id: `XLSX-${i}` }));
    const columns = FACT_TYPES['handling-records'].columns.filter((c) => c in records[0]!);
    sheet.addRow(columns);
    for (const rec of records) sheet.addRow(columns.map((c) => (rec[c] === null || rec[c] === undefined ? null : typeof rec[c] === 'boolean' ? String(rec[c]) : rec[c])));
    const path = join(dir, 'handling.xlsx');
    await workbook.xlsx.writeFile(path);
    const r = await cli(env, 'import', 'handling-records', path);
    expect(r.err).toBe('');
    expect(JSON.parse(r.out)).toMatchObject({ accepted: records.length, rejected: [] });
  });

  it('names unknown types, unknown columns and unsupported files', async () => {
    expect((await cli(env, 'import', 'weather', file('w.csv', 'a\n'))).err).toMatch(/unknown type "weather"/);
    expect((await cli(env, 'import', 'ratings', file('x.csv', 'rating_id,colour\n1,red\n'))).err).toMatch(/line 1: unknown column colour/);
    expect((await cli(env, 'import', 'ratings', file('x.json', '[]'))).err).toMatch(/expected a \.csv or \.xlsx file/);
  });
});

// A killed import keeps what it committed; re-running it adds exactly the rest. PostgreSQL lets
// the test watch the table while the importer runs in another process.
const postgres = testEngines().find((e) => e.name === 'postgres');
describe.skipIf(!postgres)('an import killed half-way and re-run', () => {
  const bin = fileURLToPath(new URL('../bin/govperf.mjs', import.meta.url));
  let url: string;
  let dispose: () => Promise<void>;
  beforeAll(async () => {
    const opened = await postgres!.open();
    dispose = opened.dispose;
    const names = await opened.database.db.selectNoFrom((eb) => eb.fn<string>('current_database', []).as('name')).executeTakeFirstOrThrow();
     
    const admin = new URL(process.env.GOVPERF_TEST_POSTGRES_URL!);
    admin.pathname = `/${names.name}`;
    url = admin.toString();
    await opened.database.close();
  });
  afterAll(async () => dispose());

  it('leaves exactly the right rows: no loss, no duplicates', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'govperf-kill-'));
    const env = { DATABASE_URL: url };
    for (const type of MASTER) {
      const path = join(dir, `${type}.csv`);
      writeFileSync(path, toCsv(type, example(type)));
      expect((await cli(env, 'import', type, path)).code).toBe(0);
    }
    const base = example('handling-records')[0]!;
    const total = 30_000;
    const rows = Array.from({ length: total }, (_, i) => ({ ...base, record_id: `K${String(i).padStart(6, '0')}`, source_id: undefined }));
    const path = join(dir, 'big.csv');
    writeFileSync(path, toCsv('handling-records', rows));

    const client = new pg.Client({ connectionString: url });
    await client.connect();
    const count = async () => Number((await client.query('select count(*) as n from handling_records')).rows[0].n);
    const child = spawn('node', [bin, 'import', 'handling-records', path], { env: { ...process.env, DATABASE_URL: url }, stdio: 'ignore' });
    const deadline = Date.now() + 60_000;
    while ((await count()) < 3000 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
    const afterKill = await count();
    expect(afterKill).toBeGreaterThanOrEqual(3000);
    expect(afterKill).toBeLessThan(total);

    const rerun = await cli(env, 'import', 'handling-records', path);
    expect(rerun.code).toBe(0);
    const result = JSON.parse(rerun.out);
    expect(result.accepted + result.duplicates).toBe(total);
    expect(result.duplicates).toBe(afterKill);
    expect(await count()).toBe(total);
    const distinct = await client.query('select count(distinct source_id) as n from handling_records');
    expect(Number(distinct.rows[0].n)).toBe(total);
    await client.end();
  }, 120_000);
});
