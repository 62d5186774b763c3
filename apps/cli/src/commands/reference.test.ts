import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { cli } from '../test-cli';

const EXAMPLE = fileURLToPath(new URL('../../../../examples/reference/national-average-example.json', import.meta.url));
const TEMPLATE = fileURLToPath(new URL('../../../../templates/smart-gov-app.yaml', import.meta.url));

describe('govperf reference import on the embedded database', () => {
  const dir = mkdtempSync(join(tmpdir(), 'govperf-reference-'));
  const env = { GOVPERF_DATA_DIR: join(dir, 'data') };

  beforeAll(async () => {
    expect((await cli(env, 'db', 'migrate')).code).toBe(0);
    const registered = await cli(env, 'systems', 'register', TEMPLATE);
    expect(registered.err).toBe('');
  });

  it('imports the example file, then answers a re-import with unchanged rows only', async () => {
    const first = await cli(env, 'reference', 'import', EXAMPLE, '--system', 'CN-SMARTGOV-APP');
    expect({ code: first.code, err: first.err }).toEqual({ code: 0, err: '' });
    expect(JSON.parse(first.out)).toMatchObject({ system: 'CN-SMARTGOV-APP', accepted: 240, created: 240, updated: 0, unchanged: 0, rejected: [] });
    const again = await cli(env, 'reference', 'import', EXAMPLE, '--system', 'CN-SMARTGOV-APP', '--format', 'table');
    expect(again.code).toBe(0);
    expect(again.out).toContain('accepted 接收 240 (new 新增 0, updated 更新 0, unchanged 未变 240), rejected 拒收 0');
  });

  it('reports rejected CSV rows with their line, field and reason', async () => {
    const file = join(dir, 'mixed.csv');
    writeFileSync(
      file,
      [
        'indicator,period,label_zh,label_en,value,source',
        'A1.02,2026-Q1,全国平均,National average,94.1,"某年度报告 / an annual report"',
        'A1,2026-Q1,全国平均,National average,80,"某年度报告 / an annual report"',
        'A1.02,2026-Q5,全国平均,National average,94.1,"某年度报告 / an annual report"',
        'A1.03,2026-Q1,全国平均,National average,,"某年度报告 / an annual report"',
      ].join('\n'),
    );
    const r = await cli(env, 'reference', 'import', file, '--system', 'CN-SMARTGOV-APP');
    expect(r.code).toBe(0);
    const result = JSON.parse(r.out);
    expect(result).toMatchObject({ accepted: 1, updated: 1 });
    expect(result.rejected.map((x: { row: number; field: string }) => [x.row, x.field])).toEqual([[3, 'indicator'], [4, 'period'], [5, 'value']]);
  });

  it('refuses a file without the required columns, an unknown system and other file types', async () => {
    const file = join(dir, 'bad.csv');
    writeFileSync(file, 'indicator,period,value\nA1.02,2026-Q1,90\n');
    const missing = await cli(env, 'reference', 'import', file, '--system', 'CN-SMARTGOV-APP');
    expect(missing.code).toBe(1);
    expect(missing.err).toContain('missing columns label_zh, label_en, source');
    const unknown = await cli(env, 'reference', 'import', EXAMPLE, '--system', 'NOPE');
    expect(unknown.code).toBe(1);
    expect(unknown.err).toContain('NOPE');
    const other = await cli(env, 'reference', 'import', join(dir, 'x.txt'), '--system', 'CN-SMARTGOV-APP');
    expect(other.code).toBe(1);
  });
});
