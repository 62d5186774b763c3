// Cockpit first load in a real browser, for a province with 100+ counties (the demo province:
// 1 province, 11 cities, 90 counties), against the API calls the cockpit makes, timed in the same run.
// Usage: npx tsx bench/console.bench.ts [runs=7]   (needs /usr/bin/chromium)
import { mkdtempSync, readFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { createLogger, initialiseDemo, loadConfig, startServer } from '@govperf/server';
import { createFieldCipher, createServices, defaultMetricCatalogue } from '@govperf/services';
import { migrateToLatest, openDatabase } from '@govperf/storage';
import { buildConsole } from '@govperf/web';

const runs = Number(process.argv[2] ?? 7);
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const consoleDir = await buildConsole(mkdtempSync(join(tmpdir(), 'govperf-console-')));
const database = await openDatabase({ kind: 'memory' });
await migrateToLatest(database);
const cipher = createFieldCipher({ algorithm: 'aes-256-gcm', key: Buffer.alloc(32, 1), keyId: 'bench' });
const dataDir = mkdtempSync(join(tmpdir(), 'govperf-bench-'));
await initialiseDemo(database, defaultMetricCatalogue(), { dataDir, scale: 0.01, cipher });
const credentials = JSON.parse(readFileSync(join(dataDir, 'demo-credentials.json'), 'utf8')) as { username: string; password: string };
const server = await startServer(loadConfig({ HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'error' }), {
  services: createServices(database, defaultMetricCatalogue(), cipher),
  consoleDir,
  handleSignals: false,
  logger: createLogger('error', { out: () => {}, err: () => {} }),
});

// One session for every load: the measurement is the cockpit, not the password hash.
const login = await fetch(`${server.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: credentials.username, password: credentials.password }) });
const session = /govperf_session=([^;]+)/.exec(login.headers.get('set-cookie') ?? '')![1]!;
const cookie = `govperf_session=${session}`;

// Baseline: the API answers the cockpit needs, fetched from Node in the same order.
async function apiOnly(): Promise<number> {
  const started = performance.now();
  const get = (path: string) => fetch(`${server.url}${path}`, { headers: { cookie } }).then((r) => r.json() as Promise<Record<string, unknown>>);
  await get('/api/auth/me');
  const [, runList] = await Promise.all([get('/api/org-units'), get('/api/evaluations')]);
  const ids = (runList.runs as { id: string }[]).slice(0, 2).map((r) => r.id);
  await Promise.all(ids.map((id) => get(`/api/evaluations/${id}`)));
  return performance.now() - started;
}

const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: FLAGS });
async function cockpit(): Promise<number> {
  const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
  await context.addCookies([{ name: 'govperf_session', value: session, url: server.url }]);
  const page = await context.newPage();
  const started = performance.now();
  await page.goto(server.url);
  await page.locator('.ranking tr.ant-table-row').nth(10).waitFor();
  await page.locator('[role="img"] canvas').first().waitFor();
  const elapsed = performance.now() - started;
  await context.close();
  return elapsed;
}

await cockpit();
await apiOnly();
const browserMs: number[] = [];
const apiMs: number[] = [];
for (let i = 0; i < runs; i++) {
  browserMs.push(await cockpit());
  apiMs.push(await apiOnly());
}
await browser.close();
await server.close();
await database.close();

const machine = `${cpus()[0]?.model.trim() ?? 'unknown CPU'} (${cpus().length} cores), ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`;
console.log(`${machine}, ${new Date().toISOString().slice(0, 10)}, ${runs} runs after a warm-up`);
console.log(`| cockpit first load (navigate → 11 ranked cities and the chart) | ${median(browserMs).toFixed(0)} ms (${Math.min(...browserMs).toFixed(0)}–${Math.max(...browserMs).toFixed(0)}) |`);
console.log(`| baseline: the same API answers fetched from Node | ${median(apiMs).toFixed(0)} ms |`);
console.log(`| ratio | ${(median(browserMs) / median(apiMs)).toFixed(1)}× |`);
