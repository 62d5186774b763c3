// Benchmark: ingestion throughput against a raw COPY of the same rows, measured in the same run.
//   npx tsx bench/ingest.bench.ts [rows] [--rounds N]      (PostgreSQL from GOVPERF_TEST_POSTGRES_URL, and PGlite)
// Each measurement starts from an empty handling_records table. The COPY baseline loads rows that
// are already validated and derived (the bare cost of moving them into the table); ingestion
// validates every record, checks references, derives the working-day fields, runs the quality
// checks and inserts idempotently.
import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { createApp } from '@govperf/api';
import { createServices, defaultMetricCatalogue, ingestRecords, issueApiToken, type IngestContext } from '@govperf/services';
import { FACT_TABLE_COLUMNS, type Database } from '@govperf/storage';
import { testEngines } from '@govperf/storage/testing';
import { sql } from 'kysely';

const rows = Number(process.argv[2] ?? 50_000);
const roundsAt = process.argv.indexOf('--rounds');
const rounds = roundsAt > 0 ? Number(process.argv[roundsAt + 1]) : 3;
const example = (type: string): Record<string, unknown>[] => JSON.parse(readFileSync(new URL(`../examples/ingest/${type}.json`, import.meta.url), 'utf8'));
const base = example('handling-records')[0]!;
const records = Array.from({ length: rows }, (_, i) => ({ ...base, record_id: `B${String(i).padStart(8, '0')}`, source_id: undefined, trips: i % 3 }));
const ctx = (type: string): IngestContext => ({ type, source: 'bench', channel: 'file', format: 'json', scope: '*', allowedTypes: ['*'], now: () => new Date('2025-12-01T00:00:00+08:00') });

async function empty(database: Database) {
  await sql`truncate handling_records`.execute(database.db);
}

async function time(fn: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
}

async function measure(name: string, database: Database): Promise<string[]> {
  for (const type of ['org-units', 'departments', 'apps', 'service-items']) await ingestRecords(database.db, ctx(type), example(type));
  // The COPY baseline: ingest once, export the stored rows as CSV, then time COPY of that CSV.
  await ingestRecords(database.db, ctx('handling-records'), records);
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
  const { token } = await issueApiToken(database.db, { name: 'bench', factTypes: ['*'], orgUnit: '330000' });
  const app = createApp({ version: 'bench', startedAt: new Date(), services: createServices(database, defaultMetricCatalogue()), logger: { error: () => {}, warn: () => {} } });
  const ndjson = records.map((r) => JSON.stringify(r)).join('\n');
  const samples = { copy: [] as number[], service: [] as number[], http: [] as number[] };
  // Rounds alternate the three paths, so a neighbour's burst on the shared machine hits all of them.
  for (let round = 0; round < rounds; round++) {
    await empty(database);
    samples.copy.push(await time(() => database.copyCsv('handling_records', columns, chunks)));
    await empty(database);
    samples.service.push(await time(() => ingestRecords(database.db, ctx('handling-records'), records)));
    await empty(database);
    let answered: unknown;
    samples.http.push(
      await time(async () => {
        const response = await app.request('/api/ingest/handling-records?source=bench', { method: 'POST', body: ndjson, headers: { 'content-type': 'application/x-ndjson', authorization: `Bearer ${token}` } });
        answered = await response.json();
      }),
    );
    if ((answered as { accepted: number }).accepted !== rows) throw new Error(`HTTP ingestion accepted ${(answered as { accepted: number }).accepted} of ${rows}`);
  }
  const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);
  const median = (xs: number[]) => sorted(xs)[Math.floor(xs.length / 2)]!;
  const best = (xs: number[]) => sorted(xs)[0]!;
  const copyMs = best(samples.copy);
  const serviceMs = best(samples.service);
  const httpMs = best(samples.http);
  const spread = (xs: number[]) => `${(median(xs) / 1000).toFixed(2)} s (${(best(xs) / 1000).toFixed(2)}–${(sorted(xs).at(-1)! / 1000).toFixed(2)})`;
  const ratio = (xs: number[]) => `${((copyMs / best(xs)) * 100).toFixed(0)} % (medians ${((median(samples.copy) / median(xs)) * 100).toFixed(0)} %)`;
  const perSecond = (ms: number) => Math.round(rows / (ms / 1000)).toLocaleString('en');
  return [
    `| ${name} | COPY (baseline) | ${spread(samples.copy)} | ${perSecond(copyMs)} | 100 % |`,
    `| ${name} | ingestion service | ${spread(samples.service)} | ${perSecond(serviceMs)} | ${ratio(samples.service)} |`,
    `| ${name} | HTTP NDJSON (in-process app.request) | ${spread(samples.http)} | ${perSecond(httpMs)} | ${ratio(samples.http)} |`,
  ];
}

const lines: string[] = [];
for (const engine of testEngines()) {
  const { database, dispose } = await engine.open();
  try {
    lines.push(...(await measure(engine.name, database)));
  } finally {
    await dispose();
  }
}
console.log(`Machine: ${cpus()[0]?.model.trim()} (${cpus().length} cores), Node ${process.version}; ${rows.toLocaleString('en')} handling records, ${rounds} rounds (median (min–max); records/s and ratio of the best rounds); ${new Date().toISOString().slice(0, 10)}\n`);
console.log('| engine | path | time | records/s | throughput vs COPY |');
console.log('|---|---|---|---|---|');
for (const l of lines) console.log(l);
