// Background runs followed by their progress, two runs compared, and the refused records counted
// by reason: through the HTTP API, on both engines.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServices, createUser, systemActor, type Services } from '@govperf/services';
import { createProbeCases, PROBE_CATALOGUE } from '@govperf/services/testing';
import type { Database } from '@govperf/storage';
import { seedTestOrgTree, testEngines } from '@govperf/storage/testing';
import { createApp } from '../app';
import { request, signIn, type Credential } from '../test-client';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- response bodies are read loosely here.
const json = async (r: Response): Promise<any> => r.json();

const system = {
  format: 'govperf/indicator-system@1',
  code: 'PROGRESS-API',
  version: '1',
  name: { zh: '进度接口测试', en: 'Progress API test' },
  indicators: [{ code: 'A1', name: { zh: '按时办结率', en: 'On-time rate' }, unit: '%', formula: 'probe.on_time / probe.completed * 100', target: 95, scoring: { method: 'target-linear', floor: 60 } }],
};

describe.each(testEngines())('run progress, comparison and rejection routes on $name', (engine) => {
  let database: Database;
  let dispose: () => Promise<void>;
  let app: ReturnType<typeof createApp>;
  let services: Services;
  let admin: Credential;
  let ningbo: Credential;
  let expert: Credential;
  const call = (method: string, path: string, credential: Credential, body?: unknown) => request(app, method, path, credential, body);

  /** Polls the progress until the run has ended, as the console does. */
  const follow = async (id: string, credential: Credential) => {
    const seen: number[] = [];
    for (let i = 0; i < 600; i++) {
      const body = await json(await call('GET', `/api/evaluations/${id}/progress`, credential));
      seen.push(body.percent);
      if (body.status !== 'running') return { last: body, seen };
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    throw new Error('the run never ended');
  };

  beforeAll(async () => {
    ({ database, dispose } = await engine.open());
    const db = database.db;
    await seedTestOrgTree(db);
    await createProbeCases(db, [
      { unit: '330102', at: '2025-06-10T10:00:00+08:00', total: 10, onTime: 9 },
      { unit: '330105', at: '2025-06-10T10:00:00+08:00', total: 10, onTime: 10 },
      { unit: '330102', at: '2025-07-10T10:00:00+08:00', total: 10, onTime: 10 },
      { unit: '330105', at: '2025-07-10T10:00:00+08:00', total: 10, onTime: 7 },
    ]);
    services = createServices(database, PROBE_CATALOGUE);
    await services.systems.register(systemActor(), system);
    app = createApp({ version: 'test', startedAt: new Date(), services, logger: { error: () => {}, warn: () => {} } });
    const password = 'correct horse battery';
    await createUser(db, { username: 'hz-admin', displayName: '杭州绩效办', password, role: 'admin', orgUnit: '330100' });
    await createUser(db, { username: 'nb-admin', displayName: '宁波管理员', password, role: 'admin', orgUnit: '330200' });
    await createUser(db, { username: 'hz-expert', displayName: '杭州专家', password, role: 'expert', orgUnit: '330100' });
    admin = await signIn(app, 'hz-admin', password);
    ningbo = await signIn(app, 'nb-admin', password);
    expert = await signIn(app, 'hz-expert', password);
  });
  afterAll(async () => dispose());

  it('starts a run in the background with async: true, follows it to 100 % and finds it stored and audited', async () => {
    const started = await call('POST', '/api/evaluations', admin, { system: 'PROGRESS-API', period: '2025-06', async: true });
    expect(started.status).toBe(202);
    const body = await json(started);
    expect(body).toMatchObject({ id: expect.stringMatching(/^run_/), status: 'running', progress: `/api/evaluations/${body.id}/progress` });
    const { last, seen } = await follow(body.id, admin);
    expect(last).toMatchObject({ id: body.id, status: 'succeeded', stage: 'done', percent: 100, system: 'PROGRESS-API', period: '2025-06', scope: '330100', attempts: 1, maxAttempts: 3, error: null });
    // The run was a queue job, keyed by its run id.
    expect(await database.db.selectFrom('jobs').select(['status', 'attempts']).where('kind', '=', 'evaluation.requested').where('key', '=', body.id).execute()).toEqual([{ status: 'succeeded', attempts: 1 }]);
    expect(seen).toEqual([...seen].sort((a, b) => a - b));
    const run = await json(await call('GET', `/api/evaluations/${body.id}`, admin));
    expect(run).toMatchObject({ id: body.id, status: 'succeeded' });
    const audit = await database.db.selectFrom('audit_log').select(['action', 'actor']).where('entity_id', '=', body.id).execute();
    expect(audit).toEqual([{ action: 'evaluation.run', actor: 'hz-admin' }]);
    // Without async the answer is still the finished run.
    expect((await call('POST', '/api/evaluations', admin, { system: 'PROGRESS-API', period: '2025-06' })).status).toBe(201);
  });

  it('resumes through the job worker a run whose process died after storing it: one stored run, one audit entry', async () => {
    const { id } = await json(await call('POST', '/api/evaluations', admin, { system: 'PROGRESS-API', period: '2025-06', async: true }));
    await follow(id, admin);
    // As if the process had ended right after storing the run: the job still held, the row mid-way.
    const db = database.db;
    await db.updateTable('jobs').set({ status: 'running', locked_at: new Date(Date.now() - 10 * 60_000), finished_at: null }).where('kind', '=', 'evaluation.requested').where('key', '=', id).execute();
    await db.updateTable('evaluation_run_progress').set({ status: 'running', stage: 'storing', finished_at: null }).where('run_id', '=', id).execute();
    expect(await json(await call('GET', `/api/evaluations/${id}/progress`, admin))).toMatchObject({ status: 'running', stage: 'storing' });
    await services.jobs.tick();
    expect(await json(await call('GET', `/api/evaluations/${id}/progress`, admin))).toMatchObject({ status: 'succeeded', percent: 100, attempts: 2, error: null });
    expect(await db.selectFrom('evaluation_runs').select('id').where('id', '=', id).execute()).toHaveLength(1);
    expect(await db.selectFrom('audit_log').select('action').where('entity_id', '=', id).execute()).toEqual([{ action: 'evaluation.run' }]);
  });

  it('keeps a background run to its area and to evaluation.run, and refuses a bad request at once', async () => {
    const { id } = await json(await call('POST', '/api/evaluations', admin, { system: 'PROGRESS-API', period: '2025-06', async: true }));
    await follow(id, admin);
    expect((await call('GET', `/api/evaluations/${id}/progress`, ningbo)).status).toBe(404);
    expect((await call('GET', `/api/evaluations/${id}/progress`, expert)).status).toBe(200);
    expect((await call('GET', `/api/evaluations/${id}/progress`, null)).status).toBe(401);
    expect((await call('POST', '/api/evaluations', expert, { system: 'PROGRESS-API', period: '2025-06', async: true })).status).toBe(403);
    expect((await call('POST', '/api/evaluations', ningbo, { system: 'PROGRESS-API', period: '2025-06', scope: '330100', async: true })).status).toBe(403);
    expect((await call('POST', '/api/evaluations', admin, { system: 'NOPE', period: '2025-06', async: true })).status).toBe(404);
    const bad = await json(await call('POST', '/api/evaluations', admin, { system: 'PROGRESS-API', period: '2025-06', async: 'yes' }));
    expect(bad.error.details[0]).toMatchObject({ path: ['async'] });
    expect((await call('GET', '/api/evaluations/not-a-run/progress', admin)).status).toBe(400);
  });

  it('compares two runs of the same system, per unit and per indicator', async () => {
    const june = await json(await call('POST', '/api/evaluations', admin, { system: 'PROGRESS-API', period: '2025-06', levels: ['county'] }));
    const july = await json(await call('POST', '/api/evaluations', admin, { system: 'PROGRESS-API', period: '2025-07', levels: ['county'] }));
    const response = await call('GET', `/api/evaluations/compare?base=${june.id}&other=${july.id}`, expert);
    expect(response.status).toBe(200);
    const cmp = await json(response);
    expect(cmp).toMatchObject({ base: { id: june.id }, other: { id: july.id }, sameVersion: true, warnings: [] });
    const unit = (code: string) => cmp.units.find((u: { unit: string }) => u.unit === code);
    expect(unit('330102')).toMatchObject({ base: { rank: 2 }, other: { rank: 1, grade: 'excellent', gradeName: { zh: '优秀', en: 'Excellent' } }, rankChange: 1 });
    expect(cmp.grades).toEqual([
      { code: 'excellent', name: { zh: '优秀', en: 'Excellent' }, min: 90 },
      { code: 'good', name: { zh: '良好', en: 'Good' }, min: 80 },
      { code: 'fair', name: { zh: '一般', en: 'Fair' }, min: 60 },
      { code: 'poor', name: { zh: '较差', en: 'Poor' }, min: 0 },
    ]);
    expect(unit('330105')).toMatchObject({ base: { rank: 1 }, other: { rank: 2 }, rankChange: -1 });
    expect(cmp.indicators.find((i: { code: string }) => i.code === 'A1')).toMatchObject({ improved: 1, declined: 1 });
    expect((await call('GET', `/api/evaluations/compare?base=${june.id}&other=${july.id}`, ningbo)).status).toBe(404);
    const missing = await json(await call('GET', `/api/evaluations/compare?base=${june.id}`, admin));
    expect(missing.error.details[0]).toMatchObject({ path: ['other'] });
    expect((await call('GET', `/api/evaluations/compare?base=${june.id}&other=${june.id}`, admin)).status).toBe(400);
  });

  it('counts the refused records by fact type × field × reason in the caller\'s area, with a drill-down', async () => {
    const rating = (unit: string, id: string) => ({ rating_id: id, source_id: id, org_unit: unit, level: 9, rated_at: '2025-06-10T10:00:00+08:00', channel: 'pc', real_name: false });
    await services.ingestion.ingest(systemActor(), { type: 'ratings', source: 'summary-test', channel: 'http', format: 'json' }, [rating('330102', 'S1'), rating('330102', 'S2'), rating('330200', 'S3')]);
    const summary = await json(await call('GET', '/api/quality/rejections/summary?source=summary-test', admin));
    expect(summary.records).toBe(2);
    const group = summary.groups.find((g: { field: string }) => g.field === 'level');
    expect(group).toMatchObject({ factType: 'ratings', field: 'level', count: 2 });
    const drill = await json(await call('GET', `/api/ingest/rejected?source=summary-test&field=level&reason=${encodeURIComponent(group.reason)}`, admin));
    expect(drill.records.map((r: { sourceId: string }) => r.sourceId).sort()).toEqual(['S1', 'S2']);
    expect((await json(await call('GET', '/api/quality/rejections/summary?source=summary-test', ningbo))).records).toBe(1);
    expect((await call('GET', '/api/quality/rejections/summary', expert)).status).toBe(403);
    const badDay = await json(await call('GET', '/api/quality/rejections/summary?from=June', admin));
    expect(badDay.error.details[0]).toMatchObject({ path: ['from'] });
  });
});
