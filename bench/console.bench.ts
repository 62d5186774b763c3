// Cockpit first load in a real browser, for a province with 100+ counties (the demo province:
// 1 province, 11 cities, 90 counties), against the API calls the cockpit makes, timed in the same run.
// Usage: npx tsx bench/console.bench.ts [runs=7] [--compare DIR]   (needs /usr/bin/chromium)
// --compare DIR: also serve an earlier build of the console (e.g. a copy of apps/web/dist from before
// a change) on the same database, and time both in alternation, so that the two figures share the
// machine's load.
import { mkdtempSync, readFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { createLogger, initialiseDemo, loadConfig, startServer } from '@govperf/server';
import { createFieldCipher, createServices, defaultMetricCatalogue } from '@govperf/services';
import { migrateToLatest, openDatabase } from '@govperf/storage';
import { buildConsole } from '@govperf/web';

const args = process.argv.slice(2);
const compareAt = args.indexOf('--compare');
const compareDir = compareAt >= 0 ? args.splice(compareAt, 2)[1] : undefined;
const traceAt = args.indexOf('--trace');
const trace = traceAt >= 0 ? Boolean(args.splice(traceAt, 1)) : false;
const runs = Number(args[0] ?? 7);
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const consoleDir = await buildConsole(mkdtempSync(join(tmpdir(), 'govperf-console-')));
const database = await openDatabase({ kind: 'memory' });
await migrateToLatest(database);
const cipher = createFieldCipher({ algorithm: 'aes-256-gcm', key: Buffer.alloc(32, 1), keyId: 'bench' });
const dataDir = mkdtempSync(join(tmpdir(), 'govperf-bench-'));
await initialiseDemo(database, defaultMetricCatalogue(), { dataDir, scale: 0.01, cipher });
const credentials = JSON.parse(readFileSync(join(dataDir, 'demo-credentials.json'), 'utf8')) as { username: string; password: string };
const services = createServices(database, defaultMetricCatalogue(), cipher);
const serve = (dir: string) =>
  startServer(loadConfig({ HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'error' }), {
    services,
    consoleDir: dir,
    handleSignals: false,
    logger: createLogger('error', { out: () => {}, err: () => {} }),
  });
const server = await serve(consoleDir);
const earlier = compareDir ? await serve(compareDir) : undefined;

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
async function cockpit(url = server.url): Promise<number> {
  const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
  await context.addCookies([{ name: 'govperf_session', value: session, url }]);
  // A returning signed-in user: the console remembers that it held a session (and preloads the cockpit).
  await context.addInitScript("localStorage.setItem('govperf.signedIn', '1')");
  const page = await context.newPage();
  const profiler = trace ? await context.newCDPSession(page) : undefined;
  if (profiler) {
    await profiler.send('Profiler.enable');
    await profiler.send('Profiler.start');
  }
  const started = performance.now();
  await page.goto(url);
  await page.locator('.ranking tr.ant-table-row').nth(10).waitFor();
  await page.locator('[role="img"] canvas').first().waitFor();
  const elapsed = performance.now() - started;
  if (trace) {
    // Where one load went: each resource's start and end (ms since navigation), then the render.
    // (The page's own timing types: this file is type-checked without the DOM library.)
    type ResourceTiming = { name: string; startTime: number; responseEnd: number; encodedBodySize: number };
    const entries = await page.evaluate(() =>
      performance.getEntriesByType('resource').map((e) => {
        const r = e as unknown as ResourceTiming;
        return `${r.startTime.toFixed(0).padStart(5)}–${r.responseEnd.toFixed(0).padStart(5)} ms ${(r.encodedBodySize / 1024).toFixed(0).padStart(5)} KiB ${r.name.replace(/^https?:\/\/[^/]+/, '')}`;
      }),
    );
    const dcl = await page.evaluate(() => (performance.getEntries().find((e) => String(e.entryType) === 'navigation') as unknown as { domContentLoadedEventEnd: number }).domContentLoadedEventEnd);
    const { profile } = await profiler!.send('Profiler.stop');
    const self = new Map<string, number>();
    const byId = new Map(profile.nodes.map((n) => [n.id, n]));
    const dt = profile.timeDeltas ?? [];
    (profile.samples ?? []).forEach((id, i) => {
      const n = byId.get(id)!;
      const key = `${n.callFrame.functionName || '(anonymous)'} ${n.callFrame.url.replace(/^.*\//, '')}:${n.callFrame.lineNumber}`;
      self.set(key, (self.get(key) ?? 0) + (dt[i] ?? 0) / 1000);
    });
    const top = [...self].sort((a, b) => b[1] - a[1]).slice(0, 25);
    console.log(`trace: self time by function (ms)\n  ${top.map(([k, v]) => `${v.toFixed(0).padStart(6)} ${k}`).join('\n  ')}`);
    console.log(`trace: DOMContentLoaded ${dcl.toFixed(0)} ms, cockpit drawn ${elapsed.toFixed(0)} ms (from goto)\n  ${entries.join('\n  ')}`);
  }
  await context.close();
  return elapsed;
}

await cockpit();
if (earlier) await cockpit(earlier.url);
await apiOnly();
const browserMs: number[] = [];
const earlierMs: number[] = [];
const apiMs: number[] = [];
for (let i = 0; i < runs; i++) {
  browserMs.push(await cockpit());
  if (earlier) earlierMs.push(await cockpit(earlier.url));
  apiMs.push(await apiOnly());
}
await browser.close();
await server.close();
await earlier?.close();
await database.close();

const machine = `${cpus()[0]?.model.trim() ?? 'unknown CPU'} (${cpus().length} cores), ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`;
console.log(`${machine}, ${new Date().toISOString().slice(0, 10)}, ${runs} runs after a warm-up`);
console.log(`| cockpit first load (navigate → 11 ranked cities and the chart) | ${median(browserMs).toFixed(0)} ms (${Math.min(...browserMs).toFixed(0)}–${Math.max(...browserMs).toFixed(0)}) |`);
if (earlier) console.log(`| the earlier build (${compareDir}), in alternation | ${median(earlierMs).toFixed(0)} ms (${Math.min(...earlierMs).toFixed(0)}–${Math.max(...earlierMs).toFixed(0)}) |`);
console.log(`| baseline: the same API answers fetched from Node | ${median(apiMs).toFixed(0)} ms |`);
console.log(`| ratio | ${(median(browserMs) / median(apiMs)).toFixed(1)}× |`);
