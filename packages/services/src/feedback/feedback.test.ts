import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '@govperf/storage';
import { seedTestOrgTree, testEngines } from '@govperf/storage/testing';
import { createTextAnalyzer, type TextAnalyzer } from '@govperf/text';
import { verifyAuditChain } from '../audit/chain';
import { systemActor, userActor, type Actor } from '../identity/actor';
import { claimNextJob, runDueJobs } from '../jobs/queue';
import { defaultMetricCatalogue } from '../metrics/catalogue';
import { computeMetrics } from '../metrics/compute';
import { createFieldCipher } from '../privacy/cipher';
import {
  addRoutingRule, advanceOrder, closeCallback, listCallbacks, feedbackHandlers, getWorkOrder, listDemands, listOverdue, listWorkOrders, pauseOrder, resumeOrder, submitFeedback, submitRating, sweepSla, trackByCode, transferOrder,
  FEEDBACK_FACT_SOURCE,
} from './index';

const cipher = createFieldCipher({ algorithm: 'aes-256-gcm', key: Buffer.alloc(32, 7), keyId: 'fb-test' });
const at = (iso: string) => new Date(iso);
let counter = 0;
const uid = (prefix: string) => `${prefix}-${String(++counter).padStart(4, '0')}-test`;

const feedback = (text: string, extra: Record<string, unknown> = {}) => ({
  clientId: 'client-aaaa',
  submissionId: uid('sub'),
  text,
  context: { occurredAt: '2026-11-20T09:59:00+08:00', pagePath: '/home', device: 'iPhone 15', appVersion: '3.2.1' },
  ...extra,
});

describe.each(testEngines())('feedback loop on $name', (engine) => {
  let database: Database;
  let dispose: () => Promise<void>;
  let analyzer: TextAnalyzer;
  const scheduler = systemActor('scheduler');
  let hangzhou: Actor;
  let ningbo: Actor;
  const RECEIVED = at('2026-11-20T10:00:00+08:00'); // a Friday
  const run = (now: Date, a: TextAnalyzer = analyzer) => runDueJobs(database.db, feedbackHandlers(database.db, { actor: scheduler, analyzer: a, now: () => now }), () => now);

  beforeAll(async () => {
    ({ database, dispose } = await engine.open());
    await seedTestOrgTree(database.db);
    await database.db.insertInto('departments').values([
      { code: 'hz-dsj', name: '杭州市数据资源管理局', org_unit_code: '330100' },
      { code: 'sc-zwb', name: '上城区政务服务办', org_unit_code: '330102' },
    ]).execute();
    analyzer = createTextAnalyzer();
    const user = (username: string, role: 'department_operator' | 'evaluator', unit: string) => userActor({ username, display_name: username, role, org_unit_code: unit, department_code: null }, '10.0.0.9');
    hangzhou = user('hz-op', 'department_operator', '330100');
    ningbo = user('nb-op', 'department_operator', '330200');
    await addRoutingRule(database.db, { tag: 'system_fault', orgUnit: '330100', department: 'hz-dsj' });
  });
  afterAll(async () => dispose());

  it('stores a submission with its job before processing and answers a retry with the same receipt', async () => {
    const body = feedback('希望增加电子社保卡的新功能，方便查询', { kind: 'demand', orgUnit: '330102', contact: { name: '张三', phone: '13812345678' } });
    const first = await submitFeedback(database.db, body, { cipher, now: RECEIVED });
    expect(first).toMatchObject({ status: 'pending_review', duplicate: false });
    expect(first.trackingCode).toMatch(/^[0-9A-HJKMNP-TV-Z]{12}$/);
    const again = await submitFeedback(database.db, body, { cipher, now: RECEIVED });
    expect(again).toEqual({ ...first, duplicate: true });
    const stored = await database.db.selectFrom('feedback_submissions').selectAll().where('submission_id', '=', body.submissionId).execute();
    expect(stored).toHaveLength(1);
    const contact = (stored[0]!.payload as { contact: { name: string; phone: string } }).contact;
    expect(contact.phone).not.toContain('13812345678');
    expect(cipher.decrypt(contact.phone)).toBe('13812345678');
    const jobs = await database.db.selectFrom('jobs').select(['kind', 'key']).where('key', '=', stored[0]!.id).execute();
    expect(jobs).toEqual([{ kind: 'feedback.process', key: stored[0]!.id }]);
    // Trackable at once, before processing.
    expect(await trackByCode(database.db, first.trackingCode)).toMatchObject({ status: 'pending_review', statusLabel: { zh: '待审核' } });
  });

  it('names the field in validation errors, and the limit for oversized text', async () => {
    await expect(submitFeedback(database.db, feedback('x'.repeat(2001)), { cipher })).rejects.toMatchObject({
      code: 'validation_failed', message: 'text: text is longer than 2000 characters', details: [{ in: 'body', path: ['text'], message: 'text is longer than 2000 characters' }],
    });
    await expect(submitFeedback(database.db, { ...feedback('好'), clientId: 'x' }, { cipher })).rejects.toMatchObject({ code: 'validation_failed', details: [{ path: ['clientId'] }] });
    await expect(submitFeedback(database.db, feedback('   '), { cipher })).rejects.toMatchObject({ details: [{ path: ['text'], message: 'text is empty' }] });
  });

  it('merges near-identical texts from one client within the window instead of multiplying them', async () => {
    const a = await submitFeedback(database.db, feedback('浙里办页面太卡了，加载很慢', { clientId: 'spammer-1' }), { cipher, now: RECEIVED });
    const b = await submitFeedback(database.db, feedback('浙里办页面太卡了，加载很慢！！！', { clientId: 'spammer-1' }), { cipher, now: at('2026-11-20T10:03:00+08:00') });
    expect(b).toEqual({ ...a, duplicate: false });
    const item = await database.db.selectFrom('feedback_items').select(['support']).where('tracking_code', '=', a.trackingCode).executeTakeFirstOrThrow();
    expect(item.support).toBe(2);
    // Kept, not thrown away: the merged submission is stored and points at the first.
    expect(await database.db.selectFrom('feedback_submissions').select('state').where('tracking_code', '=', a.trackingCode).orderBy('received_at').execute()).toEqual([{ state: 'received' }, { state: 'merged' }]);
    // Another client, or the same one after the window, is a separate item.
    const c = await submitFeedback(database.db, feedback('浙里办页面太卡了，加载很慢', { clientId: 'spammer-2' }), { cipher, now: RECEIVED });
    const d = await submitFeedback(database.db, feedback('浙里办页面太卡了，加载很慢', { clientId: 'spammer-1' }), { cipher, now: at('2026-11-20T10:30:00+08:00') });
    expect(new Set([a.trackingCode, c.trackingCode, d.trackingCode]).size).toBe(3);
  });

  it('retries a failed processing job and loses nothing', async () => {
    const receipt = await submitFeedback(database.db, feedback('浙里办系统崩溃了，一直闪退，根本打不开', { orgUnit: '330102' }), { cipher, now: RECEIVED });
    const broken: TextAnalyzer = { taxonomy: analyzer.taxonomy, analyze: () => { throw new Error('tokenizer crashed'); } };
    const failed = await run(RECEIVED, broken);
    expect(failed.retrying).toBeGreaterThanOrEqual(1);
    expect(failed.succeeded).toBe(0);
    const item = await database.db.selectFrom('feedback_items').select(['processed_at', 'status', 'content']).where('tracking_code', '=', receipt.trackingCode).executeTakeFirstOrThrow();
    expect(item).toEqual({ processed_at: null, status: 'pending_review', content: '浙里办系统崩溃了，一直闪退，根本打不开' });
    const job = await database.db.selectFrom('jobs').select(['status', 'last_error', 'attempts']).where('kind', '=', 'feedback.process').where('status', '=', 'queued').where('last_error', 'is not', null).execute();
    expect(job.length).toBeGreaterThanOrEqual(1);
    expect(job[0]).toMatchObject({ last_error: 'tokenizer crashed', attempts: 1 });
    // Backing off: nothing runs until the minute has passed, then everything succeeds.
    expect(await claimNextJob(database.db, at('2026-11-20T10:00:30+08:00'))).toBeUndefined();
    const retried = await run(at('2026-11-20T10:31:00+08:00'));
    expect(retried.failed).toBe(0);
    expect(retried.succeeded).toBeGreaterThanOrEqual(1);
    expect(await database.db.selectFrom('feedback_submissions').select('id').where('state', '=', 'received').execute()).toEqual([]);
  });

  it('routes by rule, sets the tier and the SLA deadline, clusters demands and writes the facts', async () => {
    const orders = await listWorkOrders(database.db, systemActor(), {}, at('2026-11-20T10:30:00+08:00'));
    const crash = orders.find((o) => o.content.startsWith('浙里办系统崩溃'))!;
    // 系统故障 + negative → red; the rule (system_fault in 杭州市's subtree) sends it to the city's data bureau.
    expect(crash).toMatchObject({ kind: 'bug', tier: 'red', unit: '330100', department: 'hz-dsj', status: 'pending_review' });
    // Red: 2 continuous hours from 10:00 Beijing time.
    expect(crash.dueAt).toBe('2026-11-20T04:00:00.000Z');
    expect(crash.sla).toMatchObject({ state: 'on_track', fractionUsed: 0.25 });
    const feature = orders.find((o) => o.content.startsWith('希望增加'))!;
    // No rule: stays in 上城区 without a department. Blue: 7 working days after Friday 20 Nov →
    // Mon 23 … Fri 27, Mon 30 Nov, Tue 1 Dec; due at the local midnight ending 1 Dec.
    expect(feature).toMatchObject({ kind: 'demand', tier: 'blue', unit: '330102', department: null, dueAt: '2026-12-01T16:00:00.000Z' });
    // The two 卡/慢 reports of different clients are one demand with support 2.
    const { demands } = await listDemands(database.db, systemActor());
    const slow = demands.find((d) => d.title.startsWith('浙里办页面太卡'))!;
    expect(slow.support).toBe(3); // spammer-2, and spammer-1 twice (once merged at intake, then outside the window)
    const red = demands.find((d) => d.title.startsWith('浙里办系统崩溃'))!;
    expect(red).toMatchObject({ urgency: 'P0', tier: 'red' });
    // The facts the metrics read.
    const fact = await database.db.selectFrom('feedback').selectAll().where('source', '=', FEEDBACK_FACT_SOURCE).where('source_id', '=', crash.id).executeTakeFirstOrThrow();
    expect(fact).toMatchObject({ org_unit: '330100', department: 'hz-dsj', kind: 'bug', tier: 'red', status: 'pending_review', quality_status: 'accepted', device: 'iPhone 15', contact_phone: null });
    expect(new Date(fact.due_at!).toISOString()).toBe('2026-11-20T04:00:00.000Z');
  });

  it('transfers with a reason, pauses and resumes the clock, moves along the tracker and refuses what is not allowed', async () => {
    const orders = await listWorkOrders(database.db, hangzhou, { tier: 'blue' }, RECEIVED);
    const id = orders.find((o) => o.content.startsWith('希望增加'))!.id;
    await expect(getWorkOrder(database.db, ningbo, id, RECEIVED)).rejects.toMatchObject({ code: 'not_found' });
    await expect(transferOrder(database.db, hangzhou, id, { department: 'sc-zwb' })).rejects.toMatchObject({ code: 'validation_failed', details: [{ path: ['reason'] }] });
    await expect(transferOrder(database.db, hangzhou, id, { orgUnit: '330200', reason: '属宁波市管辖' })).rejects.toMatchObject({ code: 'forbidden' });
    const t = at('2026-11-23T10:00:00+08:00');
    const moved = await transferOrder(database.db, hangzhou, id, { department: 'sc-zwb', reason: '属上城区政务服务办职责' }, t);
    expect(moved).toMatchObject({ unit: '330102', department: 'sc-zwb' });
    // Pause Monday 10:00 → Tuesday 10:00: 24 h of working-day time; the deadline moves out by as much.
    const paused = await pauseOrder(database.db, hangzhou, id, { note: '请补充社保卡号' }, t);
    expect(paused.paused).toBe(true);
    await expect(pauseOrder(database.db, hangzhou, id, {}, t)).rejects.toMatchObject({ code: 'conflict' });
    const resumed = await resumeOrder(database.db, hangzhou, id, {}, at('2026-11-24T10:00:00+08:00'));
    expect(resumed).toMatchObject({ paused: false, dueAt: '2026-12-02T16:00:00.000Z' });
    // The fact the response-time metrics read moves with it (ingestion's derivation ignores pauses).
    const pausedFact = await database.db.selectFrom('feedback').select('due_at').where('source_id', '=', id).executeTakeFirstOrThrow();
    expect(new Date(pausedFact.due_at!).toISOString()).toBe('2026-12-02T16:00:00.000Z');
    await expect(advanceOrder(database.db, hangzhou, id, { status: 'testing' })).rejects.toMatchObject({ code: 'conflict', details: { allowed: ['accepted', 'rejected'] } });
    await expect(advanceOrder(database.db, hangzhou, id, { status: 'rejected' })).rejects.toMatchObject({ code: 'validation_failed', details: [{ path: ['reason'] }] });
    for (const [status, day] of [['accepted', '24'], ['developing', '25'], ['testing', '26'], ['online', '27']] as const) {
      await advanceOrder(database.db, hangzhou, id, { status, note: status === 'online' ? '新版本已上线' : undefined }, at(`2026-11-${day}T11:00:00+08:00`));
    }
    await expect(advanceOrder(database.db, hangzhou, id, { status: 'rejected', reason: '重复' })).rejects.toMatchObject({ code: 'conflict' });
    const done = await getWorkOrder(database.db, hangzhou, id, at('2026-11-28T00:00:00+08:00'));
    expect(done).toMatchObject({ status: 'online', firstResponseAt: '2026-11-24T03:00:00.000Z', deliveredAt: '2026-11-27T03:00:00.000Z', sla: null });
    expect(done.history.map((h) => h.kind)).toEqual(['received', 'processed', 'transferred', 'paused', 'resumed', 'status', 'status', 'status', 'status']);
    const fact = await database.db.selectFrom('feedback').selectAll().where('source_id', '=', id).executeTakeFirstOrThrow();
    expect(fact).toMatchObject({ status: 'online', resolution: 'resolved', org_unit: '330102', department: 'sc-zwb' });
    expect(new Date(fact.first_response_at!).toISOString()).toBe('2026-11-24T03:00:00.000Z');
    // The submitter hears of every change; delivery is the outbox's job.
    const notes = await database.db.selectFrom('feedback_notifications').select(['kind']).where('item_id', '=', id).where('recipient', '=', 'submitter').orderBy('id').execute();
    expect(notes.map((n) => n.kind)).toEqual(['status.transferred', 'status.paused', 'status.resumed', 'status.status', 'status.status', 'status.status', 'status.status']);
    // The public tracker: statuses and notes for the submitter, no staff, no department, no contact.
    const tracked = await trackByCode(database.db, done.trackingCode.toLowerCase());
    expect(tracked.status).toBe('online');
    expect(tracked.history.map((h) => h.status)).toEqual(['pending_review', 'pending_review', 'pending_review', 'pending_review', 'accepted', 'developing', 'testing', 'online']);
    expect(tracked.history[1]).toMatchObject({ note: '已转交相关部门办理' });
    expect(JSON.stringify(tracked)).not.toMatch(/sc-zwb|hz-op|张三|138/);
    await expect(trackByCode(database.db, 'ZZZZZZZZZZZZ')).rejects.toMatchObject({ code: 'not_found' });
    await expect(trackByCode(database.db, '<script>')).rejects.toMatchObject({ code: 'not_found' });
    expect((await verifyAuditChain(database.db)).ok).toBe(true);
  });

  it('rejects with a reason the tracker shows', async () => {
    const receipt = await submitFeedback(database.db, feedback('办事指南写得不清楚，建议优化一下', { clientId: 'guide-reader', orgUnit: '330105' }), { cipher, now: RECEIVED });
    await run(RECEIVED);
    const order = (await listWorkOrders(database.db, hangzhou, {}, RECEIVED)).find((o) => o.trackingCode === receipt.trackingCode)!;
    expect(order).toMatchObject({ tier: 'yellow', kind: 'complaint', dueAt: '2026-11-23T02:00:00.000Z' });
    await advanceOrder(database.db, hangzhou, order.id, { status: 'rejected', reason: '该指南已于上月更新' }, at('2026-11-20T11:00:00+08:00'));
    expect(await trackByCode(database.db, receipt.trackingCode)).toMatchObject({ status: 'rejected', statusLabel: { zh: '不予采纳' }, reason: '该指南已于上月更新' });
  });

  it('sends reminders and escalates overdue orders up the hierarchy, once', async () => {
    const receipt = await submitFeedback(database.db, feedback('社保卡页面系统故障，一直报错打不开', { clientId: 'escalation-1', orgUnit: '330106' }), { cipher, now: RECEIVED });
    await run(RECEIVED);
    const order = (await listWorkOrders(database.db, systemActor(), {}, RECEIVED)).find((o) => o.trackingCode === receipt.trackingCode)!;
    expect(order.tier).toBe('red');
    // 5 h after a 2 h limit: level 1 + ⌊3 / 2⌋ = 2 → the grandparent of 西湖区 via the rule's unit (330100) is 330000.
    const late = at('2026-11-20T15:00:00+08:00');
    const first = await sweepSla(database.db, scheduler, late);
    expect(first.escalated).toBeGreaterThanOrEqual(1);
    const escalated = await getWorkOrder(database.db, systemActor(), order.id, late);
    expect(escalated.escalation).toEqual({ level: 2, to: '330000' });
    expect(escalated.history.at(-1)).toMatchObject({ kind: 'escalated' });
    const again = await sweepSla(database.db, scheduler, late);
    expect(again).toMatchObject({ escalated: 0, reminders: 0 });
    const reminders = await database.db.selectFrom('feedback_notifications').select('kind').where('item_id', '=', order.id).where('kind', '=', 'sla.reminder').execute();
    expect(reminders).toHaveLength(3); // 50 %, 80 %, 100 %
    const overdue = await listOverdue(database.db, hangzhou, late);
    expect(overdue.map((o) => o.id)).toContain(order.id);
    expect((await listOverdue(database.db, ningbo, late)).map((o) => o.id)).not.toContain(order.id);
  });

  it('takes one rating per case and stage, and calls back a real-name 差评 within 15 working days', async () => {
    const rating = (extra: Record<string, unknown> = {}) => ({
      clientId: 'rater-0001', submissionId: uid('rate'), caseId: 'CASE-0001', stage: 'completion', channel: 'online', level: 2,
      dimensions: { overall: 2, efficiency: 1 }, comment: '等了很久', contact: { phone: '13900001111' }, ...extra,
    });
    const body = rating();
    const receipt = await submitRating(database.db, body, { cipher, now: RECEIVED });
    expect(await submitRating(database.db, body, { cipher, now: RECEIVED })).toEqual({ ...receipt, duplicate: true });
    await expect(submitRating(database.db, rating(), { cipher, now: RECEIVED })).rejects.toMatchObject({ code: 'conflict', details: { reason: 'already_rated' } });
    await expect(submitRating(database.db, rating({ caseId: 'CASE-0002', dimensions: { overall: 2, attitude: 1 } }), { cipher })).rejects.toMatchObject({ code: 'validation_failed', details: [{ path: ['dimensions', 'attitude'] }] });
    await submitRating(database.db, rating({ caseId: 'CASE-0001', stage: 'application', level: 5, dimensions: { overall: 5 }, contact: undefined }), { cipher, now: RECEIVED });
    await run(RECEIVED);
    const facts = await database.db.selectFrom('ratings').select(['level', 'real_name', 'channel', 'rectify_due_at', 'org_unit']).where('source', '=', FEEDBACK_FACT_SOURCE).orderBy('level').execute();
    expect(facts.map((f) => [f.level, f.real_name, f.channel])).toEqual([[2, true, 'app'], [5, false, 'app']]);
    // 15 working days after Friday 20 Nov 2026: 23 Nov … 11 Dec; due at the midnight ending Fri 11 Dec.
    const callback = await database.db.selectFrom('feedback_callbacks').select(['due_at', 'contact_phone', 'status']).executeTakeFirstOrThrow();
    expect(new Date(callback.due_at).toISOString()).toBe('2026-12-11T16:00:00.000Z');
    expect(cipher.decrypt(callback.contact_phone)).toBe('13900001111');
    expect(new Date(facts[0]!.rectify_due_at!).toISOString()).toBe('2026-12-11T16:00:00.000Z');
    expect(await trackByCode(database.db, receipt.trackingCode)).toMatchObject({ status: 'callback_open', history: [{ status: 'received' }, { status: 'recorded' }, { status: 'callback_open' }] });
  });

  it('feeds the template metrics: ratings and feedback indicators compute from the processed data', async () => {
    const catalogue = defaultMetricCatalogue();
    const names = ['ratings.total', 'ratings.good', 'ratings.bad_real_name_due', 'feedback.complaints', 'feedback.suggestions_closed', 'feedback.suggestions_adopted'];
    const facts = await computeMetrics(database.db, names.map((n) => catalogue.definitions.get(n)!), catalogue.columns, '2026-11');
    // Values roll up the tree: the province (the top) holds every item.
    const total = (metric: string) => facts.find((f) => f.metric === metric && f.unit === '330000')?.value ?? 0;
    expect(Object.fromEntries(names.map((n) => [n, total(n)]))).toEqual({
      'ratings.total': 2,
      'ratings.good': 1,
      'ratings.bad_real_name_due': 0, // due in December
      // The crash reports (bug ×2), the guide complaint and the three 卡/慢 reports (one merged at intake is not a work order).
      'feedback.complaints': 6,
      // The feature request delivered on 27 November; the rejected guide report is a complaint, not a suggestion.
      'feedback.suggestions_closed': 1,
      'feedback.suggestions_adopted': 1,
    });
  });

  it('closes a 差评 callback with its outcome: the rating is rectified on time and the rater hears it', async () => {
    const [open] = await listCallbacks(database.db, systemActor(), { status: 'open' }, RECEIVED, cipher);
    expect(open).toMatchObject({ phone: '139****1111', status: 'open', overdue: false, dueAt: '2026-12-11T16:00:00.000Z' });
    await expect(closeCallback(database.db, systemActor(), open!.id, { outcome: '' }, RECEIVED)).rejects.toMatchObject({ code: 'validation_failed', details: [{ path: ['outcome'] }] });
    await expect(closeCallback(database.db, ningbo, open!.id, { outcome: '已回访' }, RECEIVED)).rejects.toMatchObject({ code: 'not_found' });
    const closed = await closeCallback(database.db, systemActor(), open!.id, { outcome: '已增派窗口人员，电话回访告知' }, at('2026-12-01T10:00:00+08:00'), cipher);
    expect(closed).toMatchObject({ status: 'done', closedAt: '2026-12-01T02:00:00.000Z' });
    await expect(closeCallback(database.db, systemActor(), open!.id, { outcome: '再次' }, RECEIVED)).rejects.toMatchObject({ code: 'conflict' });
    expect(await trackByCode(database.db, open!.trackingCode)).toMatchObject({ status: 'callback_done', history: [{}, {}, {}, { status: 'callback_done', note: '已增派窗口人员，电话回访告知' }] });
    const catalogue = defaultMetricCatalogue();
    const names = ['ratings.bad_real_name_due', 'ratings.bad_real_name_rectified_on_time'];
    const facts = await computeMetrics(database.db, names.map((n) => catalogue.definitions.get(n)!), catalogue.columns, '2026-12');
    expect(names.map((n) => facts.find((f) => f.metric === n && f.unit === '330000')?.value)).toEqual([1, 1]);
  });
});
