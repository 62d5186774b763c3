// The feedback loop over HTTP: public intake (201, then 200 duplicate on retry), validation that
// names the field and the text limit, 413 above the body limit, 429 with Retry-After per device and
// per address, the tracker without personal data, and the staff work-order routes with refusals.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFieldCipher, createServices, createUser, type Services } from '@govperf/services';
import { PROBE_CATALOGUE } from '@govperf/services/testing';
import type { Database } from '@govperf/storage';
import { seedTestOrgTree, testEngines } from '@govperf/storage/testing';
import { createApp } from '../app';
import { request, signIn } from '../test-client';
import { INTAKE_BODY_LIMIT_BYTES, intakeLimits } from './feedback.routes';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- response bodies are read loosely here.
const json = async (r: Response): Promise<any> => r.json();
let n = 0;
const submission = (extra: Record<string, unknown> = {}) => ({
  clientId: `device-${String(++n).padStart(4, '0')}`,
  submissionId: `submission-${String(n).padStart(4, '0')}`,
  text: '浙里办系统崩溃了，一直闪退，根本打不开',
  orgUnit: '330102',
  context: { occurredAt: '2026-11-20T09:59:00+08:00', pagePath: '/home', device: 'Android 14', appVersion: '3.2.1' },
  contact: { name: '李四', phone: '13700001234' },
  ...extra,
});

describe.each(testEngines().slice(0, 1))('feedback routes on $name', (engine) => {
  let database: Database;
  let dispose: () => Promise<void>;
  let services: Services;
  let app: ReturnType<typeof createApp>;
  const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
    app.request(path, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: typeof body === 'string' ? body : JSON.stringify(body) });

  beforeAll(async () => {
    ({ database, dispose } = await engine.open());
    await seedTestOrgTree(database.db);
    services = createServices(database, PROBE_CATALOGUE, createFieldCipher({ algorithm: 'aes-256-gcm', key: Buffer.alloc(32, 5), keyId: 'fb-routes' }));
    app = createApp({ version: 'test', startedAt: new Date(), services, trustProxy: true, rateLimits: { publicPerMinute: 120 }, logger: { error: () => {}, warn: () => {} } });
    await createUser(database.db, { username: 'sc-op', displayName: '上城区', password: 'feedback routes 2026', role: 'department_operator', orgUnit: '330102' });
    await createUser(database.db, { username: 'nb-op', displayName: '宁波市', password: 'feedback routes 2026', role: 'department_operator', orgUnit: '330200' });
  });
  afterAll(async () => dispose());

  it('stores feedback (201), answers a retry with the same receipt (200), and tracks it without personal data', async () => {
    const body = submission();
    const first = await post('/api/public/feedback', body, { 'x-forwarded-for': '203.0.113.1' });
    expect(first.status).toBe(201);
    const receipt = await json(first);
    expect(receipt).toMatchObject({ status: 'pending_review', duplicate: false });
    const retry = await post('/api/public/feedback', body, { 'x-forwarded-for': '203.0.113.1' });
    expect(retry.status).toBe(200);
    expect(await json(retry)).toEqual({ ...receipt, duplicate: true });
    await services.feedback.processPending();
    const tracked = await app.request(`/api/public/track/${receipt.trackingCode}`, { headers: { 'accept-language': 'en' } });
    expect(tracked.status).toBe(200);
    const view = await json(tracked);
    expect(view).toMatchObject({ trackingCode: receipt.trackingCode, status: 'pending_review', statusLabel: { zh: '待审核', en: 'Pending review' }, history: [{ status: 'pending_review' }] });
    expect(JSON.stringify(view)).not.toMatch(/李四|13700001234|Android/);
    expect((await app.request('/api/public/track/NOTACODE0000')).status).toBe(404);
  });

  it('names the field in a validation error, and the limit for oversized text; refuses huge bodies unread', async () => {
    const long = await post('/api/public/feedback', submission({ text: '长'.repeat(2001) }), { 'x-forwarded-for': '203.0.113.2' });
    expect(long.status).toBe(400);
    expect(await json(long)).toMatchObject({ error: { code: 'validation_failed', message: 'text：text is longer than 2000 characters', details: [{ in: 'body', path: ['text'] }] } });
    const english = await post('/api/public/feedback', submission({ context: { pagePath: '/', device: 'x', appVersion: '1' } }), { 'x-forwarded-for': '203.0.113.2', 'accept-language': 'en' });
    expect(await json(english)).toMatchObject({ error: { message: 'context.occurredAt: occurredAt is an ISO 8601 time with its offset' } });
    const huge = await post('/api/public/feedback', submission({ text: 'x'.repeat(INTAKE_BODY_LIMIT_BYTES) }), { 'x-forwarded-for': '203.0.113.2' });
    expect(huge.status).toBe(413);
    expect((await json(huge)).error.details).toMatchObject({ limitBytes: INTAKE_BODY_LIMIT_BYTES, textMaxCharacters: 2000 });
    const rating = await post('/api/public/ratings', { clientId: 'rater-0001', submissionId: 'rating-0001', caseId: 'C-1', stage: 'completion', channel: 'offline', level: 6, dimensions: { overall: 5 } }, { 'x-forwarded-for': '203.0.113.2' });
    expect(rating.status).toBe(400);
    expect((await json(rating)).error.details[0]).toMatchObject({ path: ['level'], message: 'a level is 1–5' });
  });

  it('rate-limits per device and per address with Retry-After', async () => {
    const { perClient, perIp } = intakeLimits(120);
    expect({ perClient, perIp }).toEqual({ perClient: 10, perIp: 30 });
    const device = { clientId: 'flooding-device' };
    const statuses: number[] = [];
    for (let i = 0; i <= perClient; i++) statuses.push((await post('/api/public/feedback', submission({ ...device, text: `第${i}条不同的意见：${'甲乙丙丁戊己庚辛'.slice(i % 8)}${i * 7919}` }), { 'x-forwarded-for': `198.51.100.${i}` })).status);
    expect(statuses.slice(0, perClient).every((s) => s === 201)).toBe(true);
    const limited = await post('/api/public/feedback', submission(device), { 'x-forwarded-for': '198.51.100.200' });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await json(limited)).toMatchObject({ error: { code: 'rate_limited', details: { per: 'client', limitPerMinute: perClient } } });
    let last = 0;
    for (let i = 0; i <= perIp; i++) last = (await post('/api/public/feedback', submission({ text: `来自同一地址的第${i}条：${i * 104729}` }), { 'x-forwarded-for': '192.0.2.77' })).status;
    expect(last).toBe(429);
  });

  it('lets staff of the unit work the order and refuses the rest', async () => {
    const receipt = await json(await post('/api/public/feedback', submission({ text: '希望增加新功能：公积金提取进度提醒' }), { 'x-forwarded-for': '203.0.113.9' }));
    await services.feedback.processPending();
    const own = await signIn(app, 'sc-op', 'feedback routes 2026');
    const other = await signIn(app, 'nb-op', 'feedback routes 2026');
    const list = await json(await request(app, 'GET', '/api/feedback/work-orders?open=true', own));
    const order = list.workOrders.find((o: { trackingCode: string }) => o.trackingCode === receipt.trackingCode);
    expect(order).toMatchObject({ unit: '330102', status: 'pending_review' });
    expect((await request(app, 'GET', `/api/feedback/work-orders/${order.id}`, other)).status).toBe(404);
    expect((await request(app, 'GET', '/api/feedback/work-orders', null)).status).toBe(401);
    const bad = await request(app, 'POST', `/api/feedback/work-orders/${order.id}/status`, own, { status: 'online' });
    expect(bad.status).toBe(409);
    const noReason = await request(app, 'POST', `/api/feedback/work-orders/${order.id}/status`, own, { status: 'rejected' });
    expect(noReason.status).toBe(400);
    const accepted = await request(app, 'POST', `/api/feedback/work-orders/${order.id}/status`, own, { status: 'accepted' });
    expect(accepted.status).toBe(200);
    expect(await json(accepted)).toMatchObject({ status: 'accepted', statusLabel: { zh: '已受理' } });
    expect((await request(app, 'POST', `/api/feedback/work-orders/${order.id}/pause`, own, { note: '请补充材料' })).status).toBe(200);
    expect((await request(app, 'POST', `/api/feedback/work-orders/${order.id}/resume`, own, {})).status).toBe(200);
    const history = await json(await request(app, 'GET', `/api/public/track/${receipt.trackingCode}`, null));
    expect(history.history.map((h: { status: string }) => h.status)).toEqual(['pending_review', 'accepted', 'accepted', 'accepted']);
    const overdue = await request(app, 'GET', '/api/feedback/work-orders/overdue', own);
    expect(overdue.status).toBe(200);
    const demands = await json(await request(app, 'GET', '/api/feedback/demands', own));
    expect(demands.board).toHaveProperty('quick_win');
  });
});
