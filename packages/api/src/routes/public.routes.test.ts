// The public portal's API without signing in: regions, published results per region, one unit's
// indicators, rectification progress (public fields only), 好差评 aggregates, and re-ratings —
// 201 once, 409 with the reason for a second one and for an open task, comments returned as text,
// and the stricter per-client limit on re-ratings.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFieldCipher, createServices, systemActor, type Services } from '@govperf/services';
import { createProbeCases, PROBE_CATALOGUE } from '@govperf/services/testing';
import type { Database, FeedbackItemStatus } from '@govperf/storage';
import { seedTestOrgTree, testEngines } from '@govperf/storage/testing';
import { createApp } from '../app';
import { reratePerHour } from './public.routes';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- response bodies are read loosely here.
const json = async (r: Response): Promise<any> => r.json();

const SYSTEM = {
  format: 'govperf/indicator-system@1',
  code: 'PUB-API',
  version: '1',
  name: { zh: '公开接口测试', en: 'Public API test' },
  indicators: [{ code: 'A1', name: { zh: '按时办结率', en: 'On-time rate' }, unit: '%', formula: 'probe.on_time / probe.completed * 100', target: 95, scoring: { method: 'target-linear', floor: 60 } }],
};

describe.each(testEngines().slice(0, 1))('public portal routes on $name', (engine) => {
  let database: Database;
  let dispose: () => Promise<void>;
  let services: Services;
  let app: ReturnType<typeof createApp>;
  let runId: string;
  let closedTask: string;
  let openTask: string;
  const get = (path: string, language = 'zh-CN') => app.request(path, { headers: { 'accept-language': language } });
  const post = (target: ReturnType<typeof createApp>, path: string, body: unknown, headers: Record<string, string> = {}) =>
    target.request(path, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

  beforeAll(async () => {
    ({ database, dispose } = await engine.open());
    const db = database.db;
    await seedTestOrgTree(db);
    await createProbeCases(db, [
      { unit: '330102', at: '2025-06-10T10:00:00+08:00', total: 10, onTime: 9 },
      { unit: '330105', at: '2025-06-10T10:00:00+08:00', total: 10, onTime: 10 },
      { unit: '330106', at: '2025-06-10T10:00:00+08:00', total: 10, onTime: 8 },
    ]);
    services = createServices(database, PROBE_CATALOGUE, createFieldCipher({ algorithm: 'sm4', key: Buffer.alloc(32, 5), keyId: 'api' }));
    const operator = systemActor('test');
    await services.systems.register(operator, SYSTEM);
    runId = (await services.evaluations.run(operator, { systemCode: 'PUB-API', period: '2025-06', scope: '330100', levels: ['county'] })).runId;
    await services.evaluations.publish(operator, runId);
    const tasks = await db.selectFrom('rectification_tasks').select(['id', 'org_unit']).orderBy('org_unit').execute();
    [closedTask, openTask] = [tasks[0]!.id, tasks[1]!.id];
    await db.updateTable('rectification_tasks').set({ status: 'closed', closed_at: new Date(), progress_percent: 100 }).where('id', '=', closedTask).execute();
    await services.ingestion.ingest(operator, { type: 'ratings', source: 'api', channel: 'http', format: 'json' }, [
      { rating_id: 'A1', org_unit: '330102', department: null, item_code: null, handling_id: null, channel: 'web', level: 5, rated_at: '2025-06-03T09:00:00+08:00', real_name: false, rater_type: 'person', rater_age_band: null, comment: null },
      { rating_id: 'A2', org_unit: '330105', department: null, item_code: null, handling_id: null, channel: 'web', level: 2, rated_at: '2025-06-04T09:00:00+08:00', real_name: true, rater_type: 'person', rater_age_band: null, comment: null },
    ]);
    app = createApp({ version: 'test', startedAt: new Date(), services, logger: { error: () => {}, warn: () => {} } });
  });
  afterAll(async () => dispose());

  it('serves regions, runs and units of a region, and one unit’s indicators, to anyone', async () => {
    expect((await json(await get('/api/public/regions'))).regions).toHaveLength(6);
    expect((await json(await get('/api/public/evaluations?region=330106'))).runs.map((r: { id: string }) => r.id)).toEqual([runId]);
    expect((await json(await get('/api/public/evaluations?region=330200'))).runs).toEqual([]);
    const run = await json(await get(`/api/public/evaluations/${runId}?region=330105`));
    expect(run.units.map((u: { unit: string }) => u.unit)).toEqual(['330105']);
    const unit = await json(await get(`/api/public/evaluations/${runId}/units/330106`));
    expect(unit.indicators[0]).toMatchObject({ code: 'A1', value: 80, target: 95, name: { zh: '按时办结率', en: 'On-time rate' } });
    expect(['green', 'yellow', 'red']).toContain(unit.indicators[0].light);
    expect((await get('/api/public/evaluations?region=33')).status).toBe(400);
    expect((await get('/api/public/rectification?region=999999')).status).toBe(404);
  });

  it('shows rectification progress and 好差评 aggregates', async () => {
    const rect = await json(await get('/api/public/rectification?region=330100'));
    expect(rect.totals).toMatchObject({ total: 2, closed: 1 });
    expect(rect.tasks.map((t: { id: string }) => t.id).sort()).toEqual([closedTask, openTask].sort());
    const closedOnly = await json(await get('/api/public/rectification?region=330100&status=closed'));
    expect([closedOnly.tasks.map((t: { id: string }) => t.id), closedOnly.totals.total]).toEqual([[closedTask], 2]);
    expect((await get('/api/public/rectification?region=330100&status=done')).status).toBe(400);
    expect(Object.keys(rect.tasks[0]).sort()).toEqual(
      ['closedAt', 'dueAt', 'id', 'indicator', 'indicatorName', 'kind', 'kindLabel', 'level', 'levelLabel', 'overdue', 'progressPercent', 'reason', 'rerating', 'status', 'statusLabel', 'unit', 'unitName'].sort(),
    );
    const ratings = await json(await get('/api/public/ratings?region=330100&period=2025-06'));
    expect(ratings.totals).toMatchObject({ total: 2, levels: { 2: 1, 5: 1 }, goodRate: 0.5, bad: 1, badRectified: 0, badRectifiedRate: 0 });
    expect((await get('/api/public/ratings?region=330100')).status).toBe(400);
  });

  it('takes a re-rating once, returns the comment as text, and refuses the second with a clear reason', async () => {
    const path = `/api/public/rectification/${closedTask}/rerate`;
    const first = await post(app, path, { level: 5, phone: '13812345678', comment: '<script>alert("x")</script><img src=x onerror=alert(1)>' });
    expect(first.status).toBe(201);
    expect(first.headers.get('content-type')).toContain('application/json');
    const body = await json(first);
    expect(body).toMatchObject({ taskId: closedTask, level: 5, comment: '<script>alert("x")</script><img src=x onerror=alert(1)>', summary: { count: 1, average: 5 } });
    expect(JSON.stringify(body)).not.toContain('13812345678');

    const again = await post(app, path, { level: 1, phone: '138 1234 5678' });
    expect(again.status).toBe(409);
    expect(await json(again)).toEqual({ error: { code: 'conflict', message: '该手机号已对此整改任务进行过复评，每人只能复评一次', details: { reason: 'already_rated' } } });
    const english = await post(app, path, { level: 1, phone: '13812345678' }, { 'accept-language': 'en' });
    expect((await json(english)).error.message).toMatch(/already re-rated this rectification task/);

    const open = await post(app, `/api/public/rectification/${openTask}/rerate`, { level: 3, phone: '13900000000' });
    expect(open.status).toBe(409);
    expect((await json(open)).error).toMatchObject({ message: '该整改任务尚未销号，销号后才能复评', details: { reason: 'not_closed' } });
    expect((await post(app, path, { level: 3, phone: '110' })).status).toBe(400);
    expect((await post(app, path, { level: 0, phone: '13900000000' })).status).toBe(400);
    expect((await json(await get('/api/public/rectification?region=330100'))).tasks.find((t: { id: string }) => t.id === closedTask).rerating.count).toBe(1);
  });

  it('limits re-ratings per client more strictly than the other public routes', async () => {
    expect(reratePerHour()).toBe(10);
    expect(reratePerHour(24)).toBe(2);
    const strict = createApp({ version: 'test', startedAt: new Date(), services, trustProxy: true, rateLimits: { publicPerMinute: 24 }, logger: { error: () => {}, warn: () => {} } });
    const path = `/api/public/rectification/${closedTask}/rerate`;
    const from = (ip: string, phone: string) => post(strict, path, { level: 4, phone }, { 'x-forwarded-for': ip });
    expect((await from('203.0.113.7', '13700000001')).status).toBe(201);
    expect((await from('203.0.113.7', '13700000001')).status).toBe(409);
    const limited = await from('203.0.113.7', '13700000002');
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(60);
    expect((await json(limited)).error).toMatchObject({ code: 'rate_limited', details: { limitPerHour: 2 } });
    expect((await from('203.0.113.8', '13700000002')).status).toBe(201);
    // The reads are not counted against it.
    expect((await strict.request('/api/public/regions', { headers: { 'x-forwarded-for': '203.0.113.7' } })).status).toBe(200);
  });

  it('shows the results wall and contributor standings with public fields only', async () => {
    const db = database.db;
    const delivered = new Date('2025-05-01T02:00:00Z');
    const add = async (n: number, status: FeedbackItemStatus, received: Date, deliveredAt: Date | null) => {
      const id = `pub-wall-${n}`;
      const code = `PUBWALL${String(n).padStart(5, '0')}`;
      await db.insertInto('feedback_submissions').values({ id, kind: 'feedback', client_id: 'portal-client-ab12', submission_id: id, tracking_code: code, payload: JSON.stringify({}), state: 'processed' }).execute();
      await db.insertInto('feedback_items').values({ id, tracking_code: code, submission_id: id, org_unit: '330102', content: `联系 13812345678 的问题 ${n}`, tags: ['login_auth'], status, received_at: received, delivered_at: deliveredAt }).execute();
      // The points ledger as processing and the work-order steps would have written it.
      const awards = [{ reason: 'processed' as const, points: 1 }, ...(status === 'pending_review' ? [] : [{ reason: 'accepted' as const, points: 5 }]), ...(status === 'online' ? [{ reason: 'delivered' as const, points: 20 }] : [])];
      await db.insertInto('contributor_points').values(awards.map((a) => ({ client_id: 'portal-client-ab12', item_id: id, ...a, awarded_at: deliveredAt ?? received }))).execute();
    };
    await add(1, 'online', new Date('2025-04-01T02:00:00Z'), delivered);
    await add(2, 'accepted', new Date('2025-04-20T02:00:00Z'), null);
    await add(3, 'pending_review', new Date('2025-05-10T02:00:00Z'), null);
    const wall = await get('/api/public/results-wall?region=330100');
    expect(wall.status).toBe(200);
    const body = await json(wall);
    expect(body.items).toEqual([expect.objectContaining({ trackingCode: 'PUBWALL00001', before: 1, after: 1, changePercent: 0, excerpt: '联系 138****5678 的问题 1' })]);
    expect(JSON.stringify(body)).not.toContain('13812345678');
    expect((await get('/api/public/results-wall?region=abc')).status).toBe(400);
    const own = await json(await get('/api/public/contributors/portal-client-ab12'));
    expect(own).toMatchObject({ clientId: 'portal-client-ab12', feedback: 3, accepted: 2, delivered: 1, points: 3 + 10 + 20, stars: 3, title: { zh: '资深体验官', en: 'Senior reviewer' }, nextAt: 60 });
    expect(own.history).toHaveLength(6);
    expect(own.history[0]).toEqual({ at: '2025-05-10T02:00:00.000Z', reason: 'processed', label: { zh: '提交反馈', en: 'feedback submitted' }, points: 1 });
    expect(JSON.stringify(own)).not.toContain('PUBWALL');
    expect((await get('/api/public/contributors/x')).status).toBe(400);
    const top = await json(await get('/api/public/contributors?region=330100'));
    expect(top.contributors).toEqual([expect.objectContaining({ id: 'c-…ab12', points: 33 })]);
    expect(JSON.stringify(top)).not.toContain('portal-client');
  });
});
