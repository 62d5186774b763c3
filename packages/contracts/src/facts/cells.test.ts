// The CSV fast path must be invisible: for any row, parseCsv answers exactly what the CSV schema
// answers (the same record, or the same issues), and normaliseTimestamp's hand-written forms
// exactly what the general parser returns.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { z } from 'zod';
import { generalTimestamp, normaliseTimestamp } from './fields';
import { FACT_TYPES, FACT_TYPE_NAMES, type FactTypeName } from './index';

const root = join(import.meta.dirname, '../../../..');
const example = (type: FactTypeName): Record<string, unknown>[] => JSON.parse(readFileSync(join(root, 'examples/ingest', `${type}.json`), 'utf8'));

/** A record as the CSV row a spreadsheet export writes. */
function toCells(record: Record<string, unknown>, columns: readonly string[]): Record<string, string> {
  const row: Record<string, string> = {};
  for (const column of columns) {
    const value = record[column];
    row[column] = value === undefined || value === null ? '' : typeof value === 'object' ? JSON.stringify(value) : String(value);
  }
  return row;
}

/** The fast path's answer is the schema's: the same record, or the same issues. */
function expectSameAnswer(fast: z.ZodSafeParseResult<unknown>, general: z.ZodSafeParseResult<unknown>): void {
  expect(fast.success).toBe(general.success);
  if (fast.success && general.success) expect(fast.data).toStrictEqual(general.data);
  if (!fast.success && !general.success) expect(fast.error.issues).toStrictEqual(general.error.issues);
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** Timestamps near the fast forms: every field at and past its limits, every separator and suffix. */
const timestampText = fc
  .record({
    year: fc.oneof(fc.constantFrom(0, 1, 99, 1900, 1999, 2000, 2023, 2024, 2025, 2100, 9999), fc.integer({ min: 0, max: 9999 })),
    month: fc.integer({ min: 0, max: 13 }),
    day: fc.oneof(fc.constantFrom(1, 28, 29, 30, 31), fc.integer({ min: 0, max: 32 })),
    hour: fc.oneof(fc.constantFrom(0, 15, 16, 23, 24), fc.integer({ min: 0, max: 25 })),
    minute: fc.constantFrom(0, 1, 59, 60),
    second: fc.constantFrom(0, 30, 59, 60),
    separator: fc.constantFrom('T', ' ', 't', '_', ''),
    seconds: fc.constantFrom(true, true, true, false),
    fraction: fc.constantFrom('', '', '', '.5', '.123456', '.1234567'),
    suffix: fc.constantFrom('', '', 'Z', 'Z', '+08:00', '+08:00', 'z', '+0800', '+00:00', '-05:30', '+14:00', '+15:00', '-08:00'),
    around: fc.constantFrom('', '', '', ' ', '\t', '\uFEFF'),
    yearWidth: fc.constantFrom(4, 4, 4, 3, 5),
  })
  .map(
    (t) =>
      `${t.around}${pad(t.year, t.yearWidth)}-${pad(t.month)}-${pad(t.day)}${t.separator}${pad(t.hour)}:${pad(t.minute)}` +
      `${t.seconds ? `:${pad(t.second)}` : ''}${t.fraction}${t.suffix}${t.around}`,
  );

describe('normaliseTimestamp: the hand-written forms', () => {
  it('answers exactly as the general parser on generated timestamps', () => {
    fc.assert(
      fc.property(timestampText, (text) => {
        expect(normaliseTimestamp(text)).toBe(generalTimestamp(text));
      }),
      { numRuns: 20_000 },
    );
  });

  it.each([
    ['2024-02-29T10:00:00+08:00', '2024-02-29T10:00:00+08:00'],
    ['2023-02-29T10:00:00+08:00', null],
    ['2100-02-29 10:00:00', null],
    ['2000-02-29 10:00:00', '2000-02-29T10:00:00+08:00'],
    ['2025-07-15 10:03:00', '2025-07-15T10:03:00+08:00'],
    ['2025-07-15T10:03:00', '2025-07-15T10:03:00+08:00'],
    ['2025-07-15 24:00:00', null],
    ['2025-07-15 23:59:60', null],
    ['2025-06-03T01:15:00Z', '2025-06-03T09:15:00+08:00'],
    ['2025-06-03T16:00:00Z', '2025-06-04T00:00:00+08:00'],
    ['2024-02-28T16:00:00Z', '2024-02-29T00:00:00+08:00'],
    ['2025-02-28T23:59:59Z', '2025-03-01T07:59:59+08:00'],
    ['2025-12-31T16:00:00Z', '2026-01-01T00:00:00+08:00'],
    ['9999-12-31T20:00:00Z', '10000-01-01T04:00:00+08:00'],
    ['2025-06-03T09:15:00+09:00', '2025-06-03T08:15:00+08:00'],
    ['2025-06-03T09:15:00.25+08:00', '2025-06-03T09:15:00.25+08:00'],
    [' 2025-06-03T09:15:00+08:00', '2025-06-03T09:15:00+08:00'],
    ['\uFEFF2025-06-03T09:15:00+08:00', '2025-06-03T09:15:00+08:00'],
    ['2025-6-03T09:15:00+08:00', null],
  ])('%s → %s', (text, expected) => {
    expect(normaliseTimestamp(text)).toBe(expected);
    expect(generalTimestamp(text)).toBe(expected);
  });
});

/** Cells a real export may hold, valid or not for some column. */
const oddCell = fc.oneof(
  fc.constantFrom('', ' ', '\t', 'x', ' x ', '  padded  ', 'null', '\uFEFFx', 'a,b', 'say "hi"', 'line\nbreak'),
  fc.constantFrom('0', '1', '007', '1.0', '1.5', '1e3', '-0', '-1', '+1', '.5', '2147483647', '2147483648', '99999999999999999', 'NaN', 'Infinity', ' 3 '),
  fc.constantFrom('true', 'false', 'TRUE', 'False', 'Y', 'n', '是', '否', 'yes', 'no', ' true '),
  fc.constantFrom('app', ' app', 'hall', 'immediate', 'person', 'enterprise', '60-69', '80+', 'approved', 'passed'),
  fc.constantFrom('330102', '330102 ', '33010', '330102001', '330102001001', '2025', '2025-Q3', '2025-07', '2025-13', '2025-07-15', '2025-02-30', ' 2025-07-15 '),
  timestampText,
  fc.string({ maxLength: 12 }),
);

const CASES: { type: FactTypeName; rows: Record<string, string>[] }[] = FACT_TYPE_NAMES.map((type) => ({ type, rows: example(type).map((r) => toCells(r, FACT_TYPES[type].columns)) }));

/** A copy of `base` with the columns at the given positions changed or removed, and perhaps one unknown key added. */
function mutate<V>(base: Record<string, V>, columns: readonly string[], changes: [number, V][], removed: number[], extra: [string, V] | undefined): Record<string, V> {
  const out = { ...base };
  for (const [at, value] of changes) out[columns[at % columns.length]!] = value;
  for (const at of removed) delete out[columns[at % columns.length]!];
  if (extra) out[extra[0]] = extra[1];
  return out;
}

/** One example row with some cells replaced, some removed and perhaps an unknown column. */
const mutatedRow = fc
  .record({
    which: fc.nat(),
    changes: fc.array(fc.tuple(fc.nat(), oddCell), { maxLength: 4 }),
    removed: fc.array(fc.nat(), { maxLength: 2 }),
    extra: fc.option(fc.tuple(fc.constantFrom('colour', 'remark', '__proto__x'), fc.constantFrom('', '  ', 'red')), { nil: undefined }),
  })
  .chain((m) => fc.constantFrom(...CASES).map((c) => ({ ...m, type: c.type, rows: c.rows })))
  .map(({ type, rows, which, changes, removed, extra }) => {
    return { type, row: mutate(rows[which % rows.length]!, FACT_TYPES[type].columns, changes, removed, extra) };
  });

describe('parseCsv: the fast path against the CSV schema', () => {
  afterEach(() => vi.restoreAllMocks());

  it('gives exactly the same records and issues on every example row of every type', () => {
    for (const { type, rows } of CASES) {
      for (const row of rows) expect({ type, result: FACT_TYPES[type].parseCsv(row) }).toStrictEqual({ type, result: FACT_TYPES[type].csvSchema.safeParse(row) });
    }
  });

  it('gives exactly the same records and issues on generated rows (odd cells, blanks, missing and unknown columns)', () => {
    fc.assert(
      fc.property(mutatedRow, ({ type, row }) => {
        expectSameAnswer(FACT_TYPES[type].parseCsv(row), FACT_TYPES[type].csvSchema.safeParse(row));
      }),
      { numRuns: 5_000 },
    );
  });

  it('converts handling records in the forms exports write without the CSV schema', () => {
    const type = FACT_TYPES['handling-records'];
    const general = vi.spyOn(type.csvSchema, 'safeParse');
    const base = toCells(example('handling-records')[0]!, type.columns);
    for (const submitted of ['2025-07-15T10:03:00+08:00', '2025-07-15 10:03:00', '2025-07-15T02:03:00Z']) {
      const result = type.parseCsv({ ...base, submitted_at: submitted, accepted_at: '', completed_at: '', high_frequency: '是', full_online: 'N' });
      expect(result).toMatchObject({ success: true, data: { submitted_at: '2025-07-15T10:03:00+08:00', accepted_at: null, high_frequency: true, full_online: false } });
    }
    expect(general).not.toHaveBeenCalled();
    // Anything else goes through the schema, which names the field.
    const refused = type.parseCsv({ ...base, trips: '-1', colour: 'red' });
    expect(general).toHaveBeenCalledTimes(1);
    expect(refused.success).toBe(false);
    expect(refused.error?.issues.map((i) => [i.path.join('.'), i.code])).toEqual(
      expect.arrayContaining([
        ['trips', 'too_small'],
        ['', 'unrecognized_keys'],
      ]),
    );
  });
});

/** Values a JSON record may hold for some field, valid or not: the odd cells, numbers, booleans, null, lists. */
const oddValue = fc.oneof(
  oddCell,
  fc.constantFrom(0, -0, 1, 7, 1.5, 0.1, 1e-7, 1e21, -1, 2147483647, 2147483648, 1.0000000000000002, Number.MAX_SAFE_INTEGER, 123456789012345, 1234567890123456),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.integer({ min: -5, max: 200 }),
  fc.constantFrom(true, false, null, [], {}, ['x'], { a: 1 }),
);

/** One example record (JSON as sent) with some values replaced, some removed and perhaps an unknown key. */
const mutatedRecord = fc
  .record({
    which: fc.nat(),
    changes: fc.array(fc.tuple(fc.nat(), oddValue), { maxLength: 4 }),
    removed: fc.array(fc.nat(), { maxLength: 2 }),
    extra: fc.option(fc.tuple(fc.constantFrom('colour', 'remark'), fc.constantFrom<unknown>('', 'red', null, 1)), { nil: undefined }),
    type: fc.constantFrom(...FACT_TYPE_NAMES),
  })
  .map(({ type, which, changes, removed, extra }) => {
    const records = example(type);
    return { type, record: mutate(records[which % records.length]!, FACT_TYPES[type].columns, changes, removed, extra) };
  });

describe('parseJson: the fast path against the JSON schema', () => {
  afterEach(() => vi.restoreAllMocks());

  it('gives exactly the same records and issues on every example record of every type', () => {
    for (const type of FACT_TYPE_NAMES) {
      for (const record of example(type)) expect({ type, result: FACT_TYPES[type].parseJson(record) }).toStrictEqual({ type, result: FACT_TYPES[type].schema.safeParse(record) });
    }
  });

  it('gives exactly the same answer for every field of every example set to each odd value in turn', () => {
    const values: unknown[] = ['', ' ', 'x', ' x ', '2', '1.5', '-1', 'true', 'false', '330102', '2025-07-15', '2025-07-15 10:03:00', '2025-Q3', 'app', 'approved', 0, -0, 2, 1.5, -1, 1e21, 2147483648, true, false, null, [], {}];
    for (const type of FACT_TYPE_NAMES) {
      for (const base of example(type)) {
        for (const column of FACT_TYPES[type].columns) {
          for (const value of values) {
            const record = { ...base, [column]: value };
            const fast = FACT_TYPES[type].parseJson(record);
            const general = FACT_TYPES[type].schema.safeParse(record);
            expect({ type, column, value, fast }).toStrictEqual({ type, column, value, fast: general });
          }
        }
      }
    }
  });

  it('gives exactly the same records and issues on generated records (wrong types, text numbers, nulls, missing and unknown keys)', () => {
    fc.assert(
      fc.property(mutatedRecord, ({ type, record }) => {
        expectSameAnswer(FACT_TYPES[type].parseJson(record), FACT_TYPES[type].schema.safeParse(record));
      }),
      { numRuns: 10_000 },
    );
  });

  it('takes well-formed handling records without the schema, and leaves everything else to it', () => {
    const type = FACT_TYPES['handling-records'];
    const general = vi.spyOn(type.schema, 'safeParse');
    const base = example('handling-records')[0]!;
    const result = type.parseJson({ ...base, submitted_at: '2025-07-15 10:03:00', trips: 2, full_online: false });
    expect(result).toMatchObject({ success: true, data: { submitted_at: '2025-07-15T10:03:00+08:00', trips: 2, full_online: false } });
    expect(general).not.toHaveBeenCalled();
    // A number written as text, a flag as text: the schema refuses them and names the field.
    const refused = type.parseJson({ ...base, trips: '2', full_online: 'false' });
    expect(general).toHaveBeenCalledTimes(1);
    expect(refused.error?.issues.map((i) => [i.path.join('.'), i.code])).toEqual(
      expect.arrayContaining([
        ['trips', 'invalid_type'],
        ['full_online', 'invalid_type'],
      ]),
    );
  });
});
