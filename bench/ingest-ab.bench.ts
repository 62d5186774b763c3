// Benchmark: the CSV ingestion path of the working tree against the committed one (git HEAD), in the
// same run, rounds alternating, with a raw COPY of the stored rows as the common baseline — for a
// change to the ingestion path measured on a shared machine, where runs minutes apart differ by
// up to 2×.
//   GOVPERF_TEST_POSTGRES_URL=… npx tsx bench/ingest-ab.bench.ts [rows] [--rounds N] [--engine postgres|pglite]
// Each variant ingests the same CSV file (bench/handling-csv.ts), read by the CLI's streaming
// reader (apps/cli/src/io/read-csv.ts), with format 'csv' as `govperf import` does, into an emptied
// handling_records table of one scratch database (PostgreSQL by default, or PGlite in memory).
// HEAD's whole path — the sources of the contracts, engine, text, storage and services packages
// and the CLI's CSV reader — is copied (read-only `git archive`) to a scratch directory under
// bench/, its `@govperf/…` imports pointed at the copies, and removed at the end; both variants
// write through the working tree's database connection.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { dirname, join, relative } from 'node:path';
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
const engineName = option('--engine') ?? 'postgres';

const root = fileURLToPath(new URL('..', import.meta.url));
const headDir = mkdtempSync(join(root, 'bench', '.ab-'));
const scratch = mkdtempSync(join(tmpdir(), 'govperf-ingest-ab-'));
type Ingest = typeof ingestRecords;
type ReadCsv = typeof readCsv;
interface Variant {
  ingest: Ingest;
  readCsv: ReadCsv;
}

/** Where `@govperf/…` imports lead inside the copy. */
const PACKAGES: Record<string, string> = {
  '@govperf/contracts': 'packages/contracts/src/index.ts',
  '@govperf/engine': 'packages/engine/src/index.ts',
  '@govperf/text': 'packages/text/src/index.ts',
  '@govperf/storage': 'packages/storage/src/index.ts',
  '@govperf/storage/testing': 'packages/storage/src/testing.ts',
};

function sourcesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sourcesUnder(path) : path.endsWith('.ts') ? [path] : [];
  });
}

async function headPath(): Promise<Variant> {
  const paths = ['packages/contracts/src', 'packages/engine/src', 'packages/text/src', 'packages/storage/src', 'packages/services/src', 'apps/cli/src/io/read-csv.ts', 'apps/cli/src/errors.ts'];
  const archive = execFileSync('git', ['archive', '--format=tar', 'HEAD', ...paths], { cwd: root, maxBuffer: 256 * 2 ** 20 });
  execFileSync('tar', ['-x', '-C', headDir], { input: archive });
  for (const file of sourcesUnder(headDir)) {
    const text = readFileSync(file, 'utf8');
    const pointed = text.replace(/from '(@govperf\/[a-z/-]+)'/g, (whole, name: string) => {
      const target = PACKAGES[name];
      if (!target) return whole;
      const path = relative(dirname(file), join(headDir, target));
      return `from '${path.startsWith('.') ? path : `./${path}`}'`;
    });
    if (pointed !== text) writeFileSync(file, pointed);
  }
  const services = (await import(join(headDir, 'packages/services/src/ingestion/ingest.ts'))) as { ingestRecords: Ingest };
  const reader = (await import(join(headDir, 'apps/cli/src/io/read-csv.ts'))) as { readCsv: ReadCsv };
  return { ingest: services.ingestRecords, readCsv: reader.readCsv };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const context: IngestContext = { type: 'handling-records', source: 'bench', channel: 'file', format: 'csv', scope: '*', allowedTypes: ['*'], fileName: 'handling-records.csv' };

async function records(read: ReadCsv, file: string): Promise<AsyncGenerator<Record<string, string>>> {
  const columns = FACT_TYPES['handling-records'].columns;
  return (async function* () {
    for await (const row of read(file, { required: [], optional: columns })) yield row.record;
  })();
}

async function main(): Promise<void> {
  const engine = testEngines().find((e) => e.name === engineName);
  if (!engine) throw new Error(engineName === 'postgres' ? 'set GOVPERF_TEST_POSTGRES_URL' : `unknown engine ${engineName}`);
  const csv = join(scratch, 'handling-records.csv');
  const warmup = join(scratch, 'warmup.csv');
  await writeHandlingCsv(csv, { rows });
  await writeHandlingCsv(warmup, { rows: 2000 }, 7);
  const variants: [string, Variant][] = [
    ['HEAD', await headPath()],
    ['working tree', { ingest: ingestRecords, readCsv }],
  ];
  const { database, dispose } = await engine.open();
  const empty = (db: Database) => sql`truncate handling_records`.execute(db.db);
  const load = [loadavg()[0]!.toFixed(1)];
  try {
    await seedMasterData(database);
    for (const [, variant] of variants) {
      await variant.ingest(database.db, context, await records(variant.readCsv, warmup));
      await empty(database);
    }
    const times = new Map<string, number[]>(variants.map(([name]) => [name, []]));
    const copies: number[] = [];
    for (let round = 0; round < rounds; round++) {
      const order = round % 2 ? [...variants].reverse() : variants;
      for (const [name, variant] of order) {
        const t0 = performance.now();
        const result = await variant.ingest(database.db, context, await records(variant.readCsv, csv));
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
    console.log(`${rows.toLocaleString('en')} handling records (CSV), ${engineName === 'postgres' ? 'PostgreSQL' : 'PGlite (in memory)'}, ${rounds} rounds alternating; median (min–max)\n`);
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
