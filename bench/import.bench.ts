// Benchmark: `govperf import handling-records FILE.csv` against a raw COPY of the same rows,
// measured in the same run, on the databases the CLI itself opens: PostgreSQL through DATABASE_URL
// (a scratch database on GOVPERF_TEST_POSTGRES_URL's server, dropped afterwards) and the embedded
// PGlite of GOVPERF_DATA_DIR (a scratch directory under the system temp directory).
//   npx tsx bench/import.bench.ts [rows] [--rounds N] [--engine postgres|pglite]
// (default: 100000 rows, 3 rounds, both engines; PostgreSQL only with GOVPERF_TEST_POSTGRES_URL)
// The import runs in this process through the CLI's own entry point, run(['import', …]) of
// apps/cli/src/main.ts: argument parsing, opening the configured database and checking its
// migrations, streaming CSV parse, zod validation, reference checks, working-day derivation,
// arrival checks, idempotent insert in chunks, the audit entry and the JSON answer. The COPY
// baseline loads the very rows the import stored (exported after the import, already validated and
// derived): the bare cost of moving them into handling_records with its indexes. Each measurement
// starts from an empty handling_records table, after one warm-up import of a small file. Reported:
// the median (min–max) of the rounds, and the ratio of the best rounds (on a shared machine the
// least disturbed) next to the ratio of the medians; the load average says how busy the machine was.
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { sql } from 'kysely';
import { FACT_TABLE_COLUMNS, type Database } from '@govperf/storage';
import { run } from '../apps/cli/src/main';
import { withReadyDatabase } from '../apps/cli/src/io/database';
import { seedMasterData, writeHandlingCsv } from './handling-csv';

const args = process.argv.slice(2);
const option = (name: string) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const rounds = Number(option('--rounds') ?? 3);
const engines = (option('--engine') ? [option('--engine')] : ['postgres', 'pglite']) as ('postgres' | 'pglite')[];
const rows = Number(args.find((a, i) => !a.startsWith('--') && !args[i - 1]?.startsWith('--')) ?? 100_000);
if (!(rows > 0) || !(rounds > 0) || engines.some((e) => e !== 'postgres' && e !== 'pglite')) {
  throw new Error('usage: npx tsx bench/import.bench.ts [rows] [--rounds N] [--engine postgres|pglite]');
}
const adminUrl = process.env.GOVPERF_TEST_POSTGRES_URL;

const scratch = mkdtempSync(join(tmpdir(), 'govperf-import-bench-'));
const csvFile = join(scratch, 'handling-records.csv');
const warmupFile = join(scratch, 'warmup.csv');

async function cli(...argv: string[]): Promise<string> {
  let out = '';
  let err = '';
  const code = await run(argv, { out: (s) => (out += s), err: (s) => (err += s) });
  if (code !== 0) throw new Error(`govperf ${argv.join(' ')} exited with ${code}: ${err}`);
  return out;
}

async function importFile(file: string, expected: number): Promise<void> {
  const answer = JSON.parse(await cli('import', 'handling-records', file, '--format', 'json')) as { accepted: number; rejectedRecords: number };
  if (answer.accepted !== expected || answer.rejectedRecords !== 0) throw new Error(`import accepted ${answer.accepted} of ${expected}, rejected ${answer.rejectedRecords}`);
}

const empty = (database: Database) => sql`truncate handling_records`.execute(database.db);

async function time(fn: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** The stored rows as COPY CSV chunks of 5,000 rows (as bench/ingest.bench.ts). */
async function storedRowsAsCsv(database: Database): Promise<{ columns: string[]; chunks: string[]; count: number }> {
  const columns = FACT_TABLE_COLUMNS.handling_records.filter((c) => c !== 'id' && c !== 'ingested_at');
  const stored = await sql<Record<string, unknown>>`select ${sql.join(columns.map((c) => sql.ref(c)))} from handling_records`.execute(database.db);
  const field = (v: unknown): string => {
    if (v === null || v === undefined) return '';
    if (v instanceof Date) return v.toISOString();
    if (typeof v === 'boolean') return v ? 't' : 'f';
    const text = typeof v === 'object' ? JSON.stringify(v) : String(v);
    return /[",\n\r]/.test(text) || text === '' ? `"${text.replace(/"/g, '""')}"` : text;
  };
  const csv = stored.rows.map((r) => `${columns.map((c) => field(r[c])).join(',')}\n`);
  const chunks = Array.from({ length: Math.ceil(csv.length / 5000) }, (_, i) => csv.slice(i * 5000, (i + 1) * 5000).join(''));
  return { columns, chunks, count: stored.rows.length };
}

/** Points the CLI's configuration at one database; returns how to undo it. */
async function configure(engine: 'postgres' | 'pglite'): Promise<() => Promise<void>> {
  delete process.env.DATABASE_URL;
  if (engine === 'pglite') {
    const dataDir = join(scratch, 'data');
    process.env.GOVPERF_DATA_DIR = dataDir;
    return async () => {
      delete process.env.GOVPERF_DATA_DIR;
      rmSync(dataDir, { recursive: true, force: true });
    };
  }
  const name = `govperf_bench_${randomBytes(6).toString('hex')}`;
  const admin = async (statement: string) => {
    const client = new pg.Client({ connectionString: adminUrl });
    await client.connect();
    try {
      await client.query(statement);
    } finally {
      await client.end();
    }
  };
  await admin(`create database ${name}`);
  const url = new URL(adminUrl!);
  url.pathname = `/${name}`;
  process.env.DATABASE_URL = url.toString();
  return async () => {
    delete process.env.DATABASE_URL;
    await admin(`drop database if exists ${name} with (force)`);
  };
}

async function measure(engine: 'postgres' | 'pglite'): Promise<string[]> {
  const undo = await configure(engine);
  try {
    await cli('db', 'migrate');
    await withReadyDatabase((database) => seedMasterData(database));
    await importFile(warmupFile, 2000);
    await withReadyDatabase(empty);
    // The fixed cost of every CLI run: open the configured database, check migrations, close.
    const opens: number[] = [];
    for (let i = 0; i < 3; i++) opens.push(await time(() => withReadyDatabase(async () => {})));
    const openMs = median(opens);
    const importMs: number[] = [];
    const copyMs: number[] = [];
    for (let round = 0; round < rounds; round++) {
      importMs.push(await time(() => importFile(csvFile, rows)));
      await withReadyDatabase(async (database) => {
        const { columns, chunks, count } = await storedRowsAsCsv(database);
        if (count !== rows) throw new Error(`${count} rows stored, expected ${rows}`);
        await empty(database);
        copyMs.push(await time(() => database.copyCsv('handling_records', columns, chunks)));
        await empty(database);
      });
      console.error(`${engine} round ${round + 1}: import ${(importMs.at(-1)! / 1000).toFixed(2)} s, COPY ${(copyMs.at(-1)! / 1000).toFixed(2)} s`);
    }
    const perSecond = (ms: number) => Math.round(rows / (ms / 1000)).toLocaleString('en');
    const seconds = (ms: number) => (ms / 1000).toFixed(2);
    const spread = (xs: number[]) => `${seconds(median(xs))} s${xs.length > 1 ? ` (${seconds(Math.min(...xs))}–${seconds(Math.max(...xs))})` : ''}`;
    const share = (copy: number, ms: number) => `${((copy / ms) * 100).toFixed(0)} %`;
    const [copyBest, copyMedian, importBest, importMedian] = [Math.min(...copyMs), median(copyMs), Math.min(...importMs), median(importMs)];
    const name = engine === 'postgres' ? 'PostgreSQL' : 'PGlite (embedded, GOVPERF_DATA_DIR)';
    return [
      `| ${name} | COPY of the stored rows (baseline) | ${spread(copyMs)} | ${perSecond(copyBest)} | 100 % | 100 % |`,
      `| ${name} | govperf import (CLI, in-process) | ${spread(importMs)} | ${perSecond(importBest)} | **${share(copyBest, importBest)}** | ${share(copyMedian, importMedian)} |`,
      `| ${name} | … of which opening the database and checking migrations | ${seconds(openMs)} s | | | |`,
    ];
  } finally {
    await undo();
  }
}

const load = () => loadavg().map((l) => l.toFixed(1)).join(' ');
const loadBefore = load();
try {
  const written = await writeHandlingCsv(csvFile, { rows });
  await writeHandlingCsv(warmupFile, { rows: 2000 }, 7);
  const lines: string[] = [];
  for (const engine of engines) {
    if (engine === 'postgres' && !adminUrl) {
      console.error('GOVPERF_TEST_POSTGRES_URL is not set: PostgreSQL skipped');
      continue;
    }
    lines.push(...(await measure(engine)));
  }
  console.log(`Machine: ${cpus()[0]?.model.trim()} (${cpus().length} cores), ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}; ${new Date().toISOString().slice(0, 10)}; load average ${loadBefore} before, ${load()} after`);
  console.log(`${rows.toLocaleString('en')} handling records, CSV ${(written.bytes / 2 ** 20).toFixed(1)} MiB; ${rounds} round(s): median (min–max); records/s of the best round\n`);
  console.log('| engine | path | time | records/s | throughput vs COPY (best rounds) | (median rounds) |');
  console.log('|---|---|---|---|---|---|');
  for (const l of lines) console.log(l);
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
