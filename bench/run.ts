// Runs the benchmarks and prints a Markdown table row per benchmark with machine and date,
// ready for docs/benchmarks.md. Usage: npm run bench [-- --units 3000]
// Benchmarks that need a database run on their own, each printing its table (docs/benchmarks.md):
//   bench/ingest.bench.ts, bench/evaluate-stored.bench.ts, bench/import.bench.ts (CSV import vs COPY),
//   bench/import-memory.bench.ts (peak memory of a CSV import up to 1 GB).
import { cpus, totalmem } from 'node:os';
import { benchEvaluate } from './evaluate.bench';

const unitsArg = process.argv.indexOf('--units');
const units = unitsArg > 0 ? Number(process.argv[unitsArg + 1]) : 3000;

const machine = `${cpus()[0]?.model.trim() ?? 'unknown CPU'} (${cpus().length} cores), ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`;
const date = new Date().toISOString().slice(0, 10);
const results = [benchEvaluate(units)];

console.log(`Machine: ${machine}\nDate: ${date}\n`);
console.log('| benchmark | median | baseline (bare weighted sum) | ratio | notes |');
console.log('|---|---|---|---|---|');
for (const r of results) {
  console.log(`| ${r.name} | ${r.medianMs.toFixed(1)} ms | ${r.baselineMs.toFixed(2)} ms | ${r.ratio.toFixed(0)}× | ${r.detail} |`);
}
