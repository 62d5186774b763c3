import { mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { readCsv, type CsvRow, type HeaderRule } from './read-csv';

const dir = mkdtempSync(join(tmpdir(), 'govperf-read-csv-'));
const file = (name: string, content: string) => {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
};
const readAll = async (path: string, rule: HeaderRule = { required: ['a'] }) => {
  const rows: CsvRow[] = [];
  for await (const row of readCsv(path, rule)) rows.push(row);
  return rows;
};
const failure = async (path: string, rule?: HeaderRule) => {
  try {
    await readAll(path, rule);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('no error');
};

describe('readCsv', () => {
  it('reports the line each record ends on: empty lines skipped, line breaks inside quoted values counted (as csv-parse does)', async () => {
    const text = 'a,b\n1,2\n\n"x\ny",3\n4,5\n\n6,7';
    const rows = await readAll(file('lines.csv', text));
    expect(rows.map((r) => [r.line, r.record])).toEqual([
      [2, { a: '1', b: '2' }],
      [5, { a: 'x\ny', b: '3' }],
      [6, { a: '4', b: '5' }],
      [8, { a: '6', b: '7' }],
    ]);
    // The reference: csv-parse's own line counter on the same text.
    const reference = parse(text, { columns: true, skip_empty_lines: true, info: true }) as { info: { lines: number } }[];
    expect(rows.map((r) => r.line)).toEqual(reference.map((r) => r.info.lines));
  });

  it('takes a byte order mark, CRLF line breaks and quoted commas and quotes', async () => {
    const rows = await readAll(file('crlf.csv', '\uFEFFa,b\r\n1,"2\r\nz"\r\n"3,""x""",4\r\n'));
    expect(rows.map((r) => [r.line, r.record])).toEqual([
      [3, { a: '1', b: '2\r\nz' }],
      [4, { a: '3,"x"', b: '4' }],
    ]);
  });

  it('keeps Chinese text whole across read chunks, pauses for a slow reader and reports bytes read', async () => {
    const n = 60_000;
    const path = file('big.csv', `a,b\n${Array.from({ length: n }, (_, i) => `${i},浙江省杭州市西湖区文三路${i}号`).join('\n')}\n`);
    let count = 0;
    let lastBytes = 0;
    for await (const row of readCsv(path, { required: ['a', 'b'] })) {
      expect(row.record).toEqual({ a: String(count), b: `浙江省杭州市西湖区文三路${count}号` });
      expect(row.line).toBe(count + 2);
      expect(row.bytes).toBeGreaterThanOrEqual(lastBytes);
      lastBytes = row.bytes;
      if (count % 5_000 === 0) await new Promise((resolve) => setTimeout(resolve, 5));
      count++;
    }
    expect(count).toBe(n);
    expect(lastBytes).toBe(statSync(path).size);
  });

  it('stops at the first broken row with its line and the reason', async () => {
    expect(await failure(file('fields.csv', 'a,b\n1,2\n1,2,3\n'))).toMatch(/fields\.csv: line 3: 3 fields but the header has 2 columns \(a value with a comma needs double quotes\)$/);
    expect(await failure(file('unclosed.csv', 'a,b\n1,2\n1,"2\n3,4\n'))).toMatch(/unclosed\.csv: line 3: a quoted value is not closed/);
    expect(await failure(file('badquote.csv', 'a,b\n1,"2"x,5\n'))).toMatch(/badquote\.csv: line 2: a closing quote is followed by more text/);
  });

  it('checks the header: missing, unknown and repeated columns', async () => {
    expect(await failure(file('missing.csv', 'b\n1\n'), { required: ['a'] })).toMatch(/line 1: missing column a \(the header must name a\)/);
    expect(await failure(file('unknown.csv', 'a,c\n1,2\n'), { required: ['a'], optional: ['b'] })).toMatch(/line 1: unknown column c \(allowed: a, b\)/);
    expect(await failure(file('twice.csv', 'a, a\n1,2\n'), { required: ['a'] })).toMatch(/line 1: column a appears twice/);
  });

  it('reads no further ahead than it parses while the reader is busy (memory stays flat on large files)', async () => {
    const n = 100_000;
    const path = file('ahead.csv', `a,b\n${Array.from({ length: n }, (_, i) => `${i},浙江省杭州市西湖区文三路${i}号`).join('\n')}\n`);
    const size = statSync(path).size;
    let count = 0;
    let afterPause = 0;
    for await (const row of readCsv(path, { required: ['a', 'b'] })) {
      count++;
      if (count === 1) await new Promise((resolve) => setTimeout(resolve, 300));
      if (count === 5_000) afterPause = row.bytes;
    }
    expect(count).toBe(n);
    // Parsed after a long pause of the reader: the file must not have flowed in meanwhile.
    expect(size).toBeGreaterThan(4_000_000);
    expect(afterPause).toBeLessThan(1_000_000);
  });

  it('can be left early without reading the rest of the file', async () => {
    const path = file('early.csv', `a\n${Array.from({ length: 20_000 }, (_, i) => i).join('\n')}\n`);
    for await (const row of readCsv(path, { required: ['a'] })) {
      if (row.record.a === '10') break;
    }
    expect(await readAll(path)).toHaveLength(20_000);
  });
});
