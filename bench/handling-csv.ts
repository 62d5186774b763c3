// Deterministic handling-records CSV files for the import benchmarks, and the master data they
// refer to. Rows cycle through the five example records of examples/ingest (so every org unit,
// department, app and service item exists once examples/ingest master data is loaded) with a
// unique record_id, spread over 2025 working hours, in the timestamp styles real exports use
// (canonical `+08:00`, naive Beijing time `2025-07-15 10:03:00`, UTC `…Z`). All rows are valid
// and pass the arrival checks' ordering rules.
//   npx tsx bench/handling-csv.ts FILE (--rows N | --mb N)     writes one file
import { once } from 'node:events';
import { createWriteStream, readFileSync } from 'node:fs';
import { FACT_TYPES } from '@govperf/contracts';
import { seededRandom } from '@govperf/engine';
import { ingestRecords, type IngestContext } from '@govperf/services';
import type { Database } from '@govperf/storage';

export const COLUMNS = FACT_TYPES['handling-records'].columns;

export const example = (type: string): Record<string, unknown>[] => JSON.parse(readFileSync(new URL(`../examples/ingest/${type}.json`, import.meta.url), 'utf8'));

const masterContext = (type: string): IngestContext => ({ type, source: 'bench', channel: 'file', format: 'json', scope: '*', allowedTypes: ['*'] });

/** Loads the example org units, departments, apps and service items the generated rows name. */
export async function seedMasterData(database: Database): Promise<void> {
  for (const type of ['org-units', 'departments', 'apps', 'service-items']) {
    const result = await ingestRecords(database.db, masterContext(type), example(type));
    if (result.rejectedRecords) throw new Error(`master data ${type}: ${JSON.stringify(result.rejected)}`);
  }
}

type Style = 'canonical' | 'naive' | 'utc';
const HOUR = 3_600_000;
const MINUTE = 60_000;
const DAY = 86_400_000;
const OFFSET = 8 * HOUR;
/** 2025-01-02 00:00 Beijing time. */
const START = Date.UTC(2025, 0, 2) - OFFSET;

function stamp(ms: number | null, style: Style): string {
  if (ms === null) return '';
  if (style === 'utc') return `${new Date(ms).toISOString().slice(0, 19)}Z`;
  const local = new Date(ms + OFFSET).toISOString().slice(0, 19);
  return style === 'naive' ? local.replace('T', ' ') : `${local}+08:00`;
}

/** The timestamp style of each example record (as written in examples/ingest). */
const STYLES: Style[] = ['canonical', 'naive', 'utc', 'naive', 'canonical'];

function cell(value: unknown): string {
  if (value === null || value === undefined) return '';
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

const hex = (r: number, digits: number) => Math.floor(r * 16 ** digits).toString(16).padStart(digits, '0');

/** A row generator: row(i) is the CSV line (with newline) of data row i; header() the first line. */
export function handlingRows(seed = 20261122) {
  const templates = example('handling-records');
  const next = seededRandom(seed);
  const header = `${COLUMNS.join(',')}\n`;
  const row = (i: number): string => {
    const t = templates[i % templates.length]!;
    const style = STYLES[i % STYLES.length]!;
    // A day in 2025 (Jan 2 – Nov 17), 08:30–17:30.
    const day = Math.floor(next() * 320);
    const submitted = START + day * DAY + 8.5 * HOUR + Math.floor(next() * 9 * 3600) * 1000;
    const accepted = t.accepted_at === null || t.accepted_at === undefined ? null : submitted + Math.floor(next() * 20 * 60) * 1000;
    const from = accepted ?? submitted;
    let completed: number | null = null;
    if (t.completed_at !== null && t.completed_at !== undefined) {
      completed = t.item_type === 'immediate' ? from + Math.floor(1 + next() * 30) * MINUTE : t.item_type === 'joint' ? from + Math.floor(1 + next() * 8) * HOUR : from + Math.floor(1 + next() * 5) * DAY + Math.floor(next() * 6) * HOUR;
    }
    const slotStart = t.appointment_slot_start ? Math.floor(submitted / (30 * MINUTE)) * 30 * MINUTE : null;
    const values: Record<string, unknown> = {
      ...t,
      source_id: null,
      record_id: `BI${String(i).padStart(10, '0')}`,
      submitted_at: stamp(submitted, style),
      accepted_at: stamp(accepted, style),
      completed_at: stamp(completed, style),
      appointment_slot_start: stamp(slotStart, style),
      appointment_slot_end: stamp(slotStart === null ? null : slotStart + 30 * MINUTE, style),
      trips: t.channel === 'hall' ? 1 + Math.floor(next() * 2) : 0,
      supplement_requests: next() < 0.1 ? 1 : 0,
      applicant_key: `k1:${hex(next(), 6)}${hex(next(), 6)}`,
    };
    let line = '';
    for (let c = 0; c < COLUMNS.length; c++) {
      if (c) line += ',';
      line += cell(values[COLUMNS[c]!]);
    }
    return `${line}\n`;
  };
  return { header, row };
}

/**
 * Writes a CSV file of `rows` data rows, or of at least `bytes` bytes (whole rows), streaming in
 * ~1 MB writes. Returns the number of data rows and bytes written.
 */
export async function writeHandlingCsv(file: string, size: { rows: number } | { bytes: number }, seed?: number): Promise<{ rows: number; bytes: number }> {
  const { header, row } = handlingRows(seed);
  const out = createWriteStream(file);
  let bytes = Buffer.byteLength(header);
  let rows = 0;
  let buffer = header;
  const done = () => ('rows' in size ? rows >= size.rows : bytes >= size.bytes);
  while (!done()) {
    const line = row(rows++);
    bytes += Buffer.byteLength(line);
    buffer += line;
    if (buffer.length >= 1 << 20) {
      if (!out.write(buffer)) await once(out, 'drain');
      buffer = '';
    }
  }
  out.end(buffer);
  await once(out, 'finish');
  return { rows, bytes };
}

if (process.argv[1] && /handling-csv\.ts$/.test(process.argv[1])) {
  const [file, flag, n] = process.argv.slice(2);
  if (!file || (flag !== '--rows' && flag !== '--mb') || !Number(n)) throw new Error('usage: npx tsx bench/handling-csv.ts FILE (--rows N | --mb N)');
  const written = await writeHandlingCsv(file, flag === '--rows' ? { rows: Number(n) } : { bytes: Number(n) * 2 ** 20 });
  console.log(`${file}: ${written.rows.toLocaleString('en')} rows, ${(written.bytes / 2 ** 20).toFixed(1)} MiB`);
}
