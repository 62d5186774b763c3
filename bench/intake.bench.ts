// Benchmark: feedback intake and processing throughput (issue 6), against a bare insert of the same
// payloads measured in the same run.
//   npx tsx bench/intake.bench.ts [items]      (PGlite, and PostgreSQL from GOVPERF_TEST_POSTGRES_URL)
// Intake = the whole public endpoint through the HTTP app (app.request, no socket): body limit,
// rate limits, validation, encryption of the contact, the idempotency lookup, the per-client spam
// check, storing the submission and its tracked item and enqueueing the processing job in one
// transaction. Baseline = one INSERT per item of the same JSON payload into a bare table.
// Processing = the queued jobs: text analysis, routing, demand clustering, priority, SLA deadline,
// work order, history, notification and the feedback fact, one transaction per item; its
// baseline is the text analysis alone on the same texts.
import { cpus, totalmem } from 'node:os';
import { createApp } from '@govperf/api';
import { createFieldCipher, createServices, defaultMetricCatalogue } from '@govperf/services';
import { seedTestOrgTree, testEngines } from '@govperf/storage/testing';
import { createTextAnalyzer } from '@govperf/text';
import { sql } from 'kysely';

const items = Number(process.argv[2] ?? 2000);
const UNITS = ['330102', '330105', '330106', '330200'];
const SUBJECTS = ['浙里办', '社保卡', '公积金提取', '不动产登记', '营业执照', '医保报销', '出入境预约', '电子证照'];
const PROBLEMS = ['一直闪退打不开', '刷脸认证总是失败', '页面加载太慢了', '希望增加进度提醒功能', '办事指南写得不清楚', '预约排队等了很久', '验证码收不到', '材料上传老是报错'];

const payload = (i: number) => ({
  clientId: `bench-device-${i}`,
  submissionId: `bench-submission-${i}`,
  text: `${SUBJECTS[i % SUBJECTS.length]}${PROBLEMS[Math.floor(i / SUBJECTS.length) % PROBLEMS.length]}，第${i}次反馈${i % 5 === 0 ? '，再不解决我就投诉' : ''}`,
  orgUnit: UNITS[i % UNITS.length],
  context: { occurredAt: '2026-11-20T09:00:00+08:00', pagePath: '/service/apply', device: 'Android 14', appVersion: '3.2.1' },
  ...(i % 4 === 0 ? { contact: { name: '张三', phone: '13812345678' } } : {}),
});

const rate = (n: number, ms: number) => Math.round((n / ms) * 1000);
const machine = `${cpus()[0]?.model.trim() ?? 'unknown CPU'} (${cpus().length} cores), ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`;
console.log(`Machine: ${machine}\nDate: ${new Date().toISOString().slice(0, 10)}\nItems: ${items}\n`);
console.log('| engine | intake items/s (HTTP, sequential) | intake items/s (HTTP, 16 concurrent) | bare insert items/s | intake / bare time | processing items/s | analysis only items/s |');
console.log('|---|---|---|---|---|---|---|');

const analyzer = createTextAnalyzer();
const texts = Array.from({ length: items }, (_, i) => payload(i).text);
analyzer.analyze('预热'); // load jieba's dictionary outside the timings
const t0 = performance.now();
for (const t of texts) analyzer.analyze(t);
const analysisRate = rate(items, performance.now() - t0);

for (const engine of testEngines()) {
  const { database, dispose } = await engine.open();
  try {
    await seedTestOrgTree(database.db);
    const services = createServices(database, defaultMetricCatalogue(), createFieldCipher({ algorithm: 'aes-256-gcm', key: Buffer.alloc(32, 9), keyId: 'bench' }));
    const app = createApp({ version: 'bench', startedAt: new Date(), services, rateLimits: { publicPerMinute: 1e9 }, logger: { error: () => {}, warn: () => {} } });
    const post = (body: unknown) => app.request('/api/public/feedback', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

    // Baseline: the same payloads, one INSERT each, into a bare table.
    await sql`create table bench_raw (id bigint generated always as identity primary key, payload jsonb not null)`.execute(database.db);
    let t = performance.now();
    for (let i = 0; i < items; i++) await sql`insert into bench_raw (payload) values (${JSON.stringify(payload(i))}::jsonb)`.execute(database.db);
    const bareMs = performance.now() - t;

    const half = Math.floor(items / 2);
    t = performance.now();
    for (let i = 0; i < half; i++) {
      const r = await post(payload(i));
      if (r.status !== 201) throw new Error(`intake answered ${r.status}: ${await r.text()}`);
    }
    const sequentialMs = performance.now() - t;
    t = performance.now();
    let next = half;
    await Promise.all(
      Array.from({ length: 16 }, async () => {
        while (next < items) {
          const r = await post(payload(next++));
          if (r.status !== 201) throw new Error(`intake answered ${r.status}: ${await r.text()}`);
        }
      }),
    );
    const concurrentMs = performance.now() - t;

    t = performance.now();
    const processed = await services.feedback.processPending({ limit: items + 10 });
    const processMs = performance.now() - t;
    if (processed.succeeded !== items) throw new Error(`processed ${JSON.stringify(processed)}`);
    const facts = await database.db.selectFrom('feedback').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    if (Number(facts.n) !== items) throw new Error(`expected ${items} feedback facts, found ${facts.n}`);

    const intakeSeqRate = rate(half, sequentialMs);
    console.log(
      `| ${engine.name} | ${intakeSeqRate} | ${rate(items - half, concurrentMs)} | ${rate(items, bareMs)} | ${(rate(items, bareMs) / intakeSeqRate).toFixed(1)}× | ${rate(items, processMs)} | ${analysisRate} |`,
    );
  } finally {
    await dispose();
  }
}
