// Benchmark: peak memory of `govperf import handling-records FILE.csv` as a child process, for
// files of several sizes, against PostgreSQL. The aim is flat memory: streaming, nothing kept per
// row, so the peak does not grow with the file.
//   GOVPERF_TEST_POSTGRES_URL=… npx tsx bench/import-memory.bench.ts [MiB …]      (default: 100 1024)
// Per size: a deterministic CSV in the system temp directory (bench/handling-csv.ts), a scratch
// database (created, migrated, seeded with the example master data, dropped afterwards), then the
// real CLI (`node apps/cli/bin/govperf.mjs import …` with DATABASE_URL) while this process samples
// the child's /proc/<pid>/status (VmRSS, VmHWM) and how far it has read the file (the file
// descriptor's position in /proc/<pid>/fdinfo) every 250 ms. The samples are kept next to the CSV
// file as <file>.samples.tsv; the CSV itself is deleted unless --keep is given.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { migrateToLatest, openDatabase } from '@govperf/storage';
import { seedMasterData, writeHandlingCsv } from './handling-csv';

const adminUrl = process.env.GOVPERF_TEST_POSTGRES_URL;
if (!adminUrl) throw new Error('set GOVPERF_TEST_POSTGRES_URL: this benchmark imports into PostgreSQL');
const keep = process.argv.includes('--keep');
const sizes = process.argv
  .slice(2)
  .filter((a) => !a.startsWith('--'))
  .map(Number);
if (sizes.length === 0) sizes.push(100, 1024);
if (sizes.some((s) => !(s > 0))) throw new Error('usage: npx tsx bench/import-memory.bench.ts [MiB …] [--keep]');
const cli = fileURLToPath(new URL('../apps/cli/bin/govperf.mjs', import.meta.url));
const SAMPLE_MS = 250;
const MiB = 2 ** 20;

interface Sample {
  ms: number;
  rssKb: number;
  hwmKb: number;
  /** Bytes of the CSV file read so far (null before the file is opened). */
  pos: number | null;
}

async function admin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

async function scratchDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `govperf_bench_${randomBytes(6).toString('hex')}`;
  await admin((c) => c.query(`create database ${name}`));
  const url = new URL(adminUrl!);
  url.pathname = `/${name}`;
  const database = await openDatabase({ kind: 'postgres', url: url.toString() });
  try {
    const outcome = await migrateToLatest(database);
    if (outcome.error) throw new Error(`migration ${outcome.error.migration} failed: ${outcome.error.message}`);
    await seedMasterData(database);
  } finally {
    await database.close();
  }
  return { url: url.toString(), drop: () => admin((c) => c.query(`drop database if exists ${name} with (force)`)).then(() => undefined) };
}

function statusKb(text: string, field: string): number {
  const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(text);
  return m ? Number(m[1]) : 0;
}

/** How far the process has read `file`: the position of the descriptor open on it, if any. */
function filePosition(pid: number, file: string): number | null {
  try {
    for (const fd of readdirSync(`/proc/${pid}/fd`)) {
      let target: string;
      try {
        target = readlinkSync(`/proc/${pid}/fd/${fd}`);
      } catch {
        continue;
      }
      if (target !== file) continue;
      const m = /^pos:\s+(\d+)/m.exec(readFileSync(`/proc/${pid}/fdinfo/${fd}`, 'utf8'));
      if (m) return Number(m[1]);
    }
  } catch {
    // the process has exited
  }
  return null;
}

async function measure(mib: number) {
  const file = join(tmpdir(), `govperf-import-${mib}mib.csv`);
  let t0 = performance.now();
  const written = await writeHandlingCsv(file, { bytes: mib * MiB });
  console.error(`${file}: ${written.rows.toLocaleString('en')} rows, ${(written.bytes / MiB).toFixed(0)} MiB, written in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  const scratch = await scratchDatabase();
  try {
    const samples: Sample[] = [];
    t0 = performance.now();
    const child = spawn(process.execPath, [cli, 'import', 'handling-records', file, '--format', 'json'], {
      env: { ...process.env, DATABASE_URL: scratch.url },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const pid = child.pid!;
    let lastPos: number | null = null;
    const sample = () => {
      let status: string;
      try {
        status = readFileSync(`/proc/${pid}/status`, 'utf8');
      } catch {
        return;
      }
      const pos = filePosition(pid, file);
      // Once the reader closes the file, it has read all of it.
      if (pos !== null) lastPos = pos;
      samples.push({ ms: performance.now() - t0, rssKb: statusKb(status, 'VmRSS'), hwmKb: statusKb(status, 'VmHWM'), pos: pos ?? (lastPos === null ? null : written.bytes) });
    };
    const timer = setInterval(sample, SAMPLE_MS);
    const code: number = await new Promise((resolve) => child.on('exit', (c) => resolve(c ?? -1)));
    clearInterval(timer);
    const seconds = (performance.now() - t0) / 1000;
    if (code !== 0) throw new Error(`govperf import exited with ${code}: ${err}`);
    const result = JSON.parse(out) as { accepted: number; rejectedRecords: number };
    if (result.accepted !== written.rows || result.rejectedRecords !== 0) throw new Error(`accepted ${result.accepted} of ${written.rows}, rejected ${result.rejectedRecords}`);
    writeFileSync(`${file}.samples.tsv`, `ms\trss_kb\thwm_kb\tpos\n${samples.map((s) => `${s.ms.toFixed(0)}\t${s.rssKb}\t${s.hwmKb}\t${s.pos ?? ''}`).join('\n')}\n`);
    const at = (fraction: number) => samples.find((s) => s.pos !== null && s.pos >= fraction * written.bytes)?.rssKb ?? NaN;
    const peakKb = Math.max(...samples.map((s) => s.hwmKb));
    // The CLI loaded (tsx, modules, database opened) but the file not yet opened.
    const loadedKb = Math.max(0, ...samples.filter((s) => s.pos === null).map((s) => s.rssKb));
    const reading = samples.filter((s) => s.pos !== null).map((s) => s.rssKb);
    const mb = (kb: number) => `${(kb / 1024).toFixed(0)} MiB`;
    return `| ${(written.bytes / MiB).toFixed(0)} MiB | ${written.rows.toLocaleString('en')} | ${seconds.toFixed(0)} s | ${Math.round(written.rows / seconds).toLocaleString('en')} | ${mb(loadedKb)} | ${mb(at(0.1))} | ${mb(at(0.5))} | ${mb(at(0.9))} | ${mb(Math.min(...reading))}–${mb(Math.max(...reading))} | ${mb(peakKb)} | ${samples.length} |`;
  } finally {
    await scratch.drop();
    if (!keep) rmSync(file, { force: true });
  }
}

const load = () => loadavg().map((l) => l.toFixed(1)).join(' ');
const loadBefore = load();
const lines: string[] = [];
for (const mib of sizes) lines.push(await measure(mib));
console.log(`Machine: ${cpus()[0]?.model.trim()} (${cpus().length} cores), ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}; ${new Date().toISOString().slice(0, 10)}; load average ${loadBefore} before, ${load()} after\n`);
console.log('| CSV file | rows | import (child process, wall) | rows/s | RSS before the file is opened | RSS at 10 % read | at 50 % | at 90 % | RSS range while reading | peak RSS (VmHWM) | samples |');
console.log('|---|---|---|---|---|---|---|---|---|---|---|');
for (const l of lines) console.log(l);
