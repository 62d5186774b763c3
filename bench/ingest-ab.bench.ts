// Benchmark: the CSV ingestion path of the working tree against the committed one (git HEAD), in the
// same run, rounds alternating, with a raw COPY of the stored rows as the common baseline — for a
// change to packages/services/src/ingestion/ingest.ts measured on a shared machine, where runs
// minutes apart differ by up to 2×.
//   GOVPERF_TEST_POSTGRES_URL=… npx tsx bench/ingest-ab.bench.ts [rows] [--rounds N]
// Each variant ingests the same CSV file (bench/handling-csv.ts), read by the CLI's streaming
// reader (apps/cli/src/io/read-csv.ts), with format 'csv' as `govperf import` does, into an emptied
// handling_records table of one PostgreSQL scratch database. HEAD's ingest.ts is copied (read-only
// `git show`) to a scratch directory under bench/, its relative imports pointed at the tree, and
// removed at the end.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FACT_TYPES } from '@govperf/contracts';
import { ingestRecords, type IngestContext } from '@govperf/services';
import { FACT_TABLE_COLUMNS, type Database } from '@govperf/storage';
import { testEngines } from '@govperf/storage/testing';
import { sql } from 'kysely';
import { readCsv } from '../apps/cli/src/io/read-csv';
import { seedMasterData, writeHandlingCsv } from './handling-csv';

const args = process.argv.slice(2);
const option = (name: string) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const rounds = Number(option('--rounds') ?? 3);
const rows = Number(args.find((a, i) => !a.startsWith('--') && !args[i - 1]?.startsWith('--')) ?? 20_000);

const root = fileURLToPath(new URL('..', import.meta.url));
const headDir = mkdtempSync(join(root, 'bench', '.ab-'));
const scratch = mkdtempSync(join(tmpdir(), 'govperf-ingest-ab-'));
type Ingest = typeof ingestRecords;

async function headIngest(): Promise<Ingest> {
  const source = execFileSync('git', ['show', 'HEAD:packages/services/src/ingestion/ingest.ts'], { cwd: root, encoding: 'utf8' });
  const pointed = source.replace(/from '\.\.?\/([^']+)'/g, (whole, path: string) => {
    const base = whole.includes("'../") ? '../packages/services/src/' : '../packages/services/src/ingestion/';
    return `from '${base.replace(/^\.\.\//, '../../')}${path}'`;
  });
  const file = join(headDir, 'ingest-head.ts');
  writeFileSync(file, pointed);
  return ((await import(file)) as { ingestRecords: Ingest }).ingestRecords;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const context: IngestContext = { type: 'handling-records', source: 'bench', channel: 'file', format: 'csv', scope: '*', allowedTypes: ['*'], fileName: 'handling-records.csv' };

async function records(file: string): Promise<AsyncGenerator<Record<string, string>>> {
  const columns = FACT_TYPES['handling-records'].columns;
  return (async function* () {
    for await (const row of readCsv(file, { required: [], optional: columns })) yield row.record;
  })();
}

async function main(): Promise<void> {
  const engine = testEngines().find((e) => e.name === 'postgres');
  if (!engine) throw new Error('set GOVPERF_TEST_POSTGRES_URL');
  const csv = join(scratch, 'handling-records.csv');
  const warmup = join(scratch, 'warmup.csv');
  await writeHandlingCsv(csv, { rows });
  await writeHandlingCsv(warmup, { rows: 2000 }, 7);
  const variants: [string, Ingest][] = [
    ['HEAD', await headIngest()],
    ['working tree', ingestRecords],
  ];
  const { database, dispose } = await engine.open();
  const empty = (db: Database) => sql`truncate handling_records`.execute(db.db);
  const load = [loadavg()[0]!.toFixed(1)];
  try {
    await seedMasterData(database);
    for (const [, ingest] of variants) {
      await ingest(database.db, context, await records(warmup));
      await empty(database);
    }
    const times = new Map<string, number[]>(variants.map(([name]) => [name, []]));
    const copies: number[] = [];
    for (let round = 0; round < rounds; round++) {
      const order = round % 2 ? [...variants].reverse() : variants;
      for (const [name, ingest] of order) {
        const t0 = performance.now();
        const result = await ingest(database.db, context, await records(csv));
        times.get(name)!.push(performance.now() - t0);
        if (result.accepted !== rows) throw new Error(`${name}: accepted ${result.accepted} of ${rows}`);
        if (name === 'working tree') {
          const columns = FACT_TABLE_COLUMNS.handling_records.filter((c) => c !== 'id' && c !== 'ingested_at');
          const stored = await sql<Record<string, unknown>>`select ${sql.join(columns.map((c) => sql.ref(c)))} from handling_records`.execute(database.db);
          const field = (v: unknown): string => {
            if (v === null || v === undefined) return '';
            if (v instanceof Date) return v.toISOString();
            if (typeof v === 'boolean') return v ? 't' : 'f';
            const text = typeof v === 'object' ? JSON.stringify(v) : String(v);
            return /[",\n\r]/.test(text) || text === '' ? `"${text.replace(/"/g, '""')}"` : text;
          };
          const lines = stored.rows.map((r) => `${columns.map((c) => field(r[c])).join(',')}\n`);
          const chunks = Array.from({ length: Math.ceil(lines.length / 5000) }, (_, i) => lines.slice(i * 5000, (i + 1) * 5000).join(''));
          await empty(database);
          const t1 = performance.now();
          await database.copyCsv('handling_records', columns, chunks);
          copies.push(performance.now() - t1);
        }
        await empty(database);
        console.error(`round ${round + 1} ${name}: ${((performance.now() - t0) / 1000).toFixed(2)} s`);
      }
    }
    load.push(loadavg()[0]!.toFixed(1));
    const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
    const copy = median(copies);
    console.log(`Machine: ${cpus()[0]?.model.trim()} (${cpus().length} cores), ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}; ${new Date().toISOString().slice(0, 10)}; load average ${load.join(' → ')}`);
    console.log(`${rows.toLocaleString('en')} handling records (CSV), PostgreSQL, ${rounds} rounds alternating; median (min–max)\n`);
    console.log('| path | time | vs COPY (medians) |');
    console.log('|---|---|---|');
    console.log(`| COPY of the stored rows (baseline) | ${s(copy)} (${s(Math.min(...copies))}–${s(Math.max(...copies))}) | 100 % |`);
    for (const [name] of variants) {
      const xs = times.get(name)!;
      console.log(`| ingestion, ${name} | ${s(median(xs))} (${s(Math.min(...xs))}–${s(Math.max(...xs))}) | ${((copy / median(xs)) * 100).toFixed(0)} % |`);
    }
    const [head, tree] = variants.map(([name]) => median(times.get(name)!));
    console.log(`\nworking tree / HEAD: ${(tree! / head!).toFixed(2)}× the time`);
  } finally {
    await dispose();
  }
}

try {
  await main();
} finally {
  rmSync(headDir, { recursive: true, force: true });
  rmSync(scratch, { recursive: true, force: true });
}
