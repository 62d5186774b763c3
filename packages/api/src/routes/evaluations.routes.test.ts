import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServices, createUser, systemActor } from '@govperf/services';
import { createProbeCases, PROBE_CATALOGUE } from '@govperf/services/testing';
import type { Database } from '@govperf/storage';
import { seedTestOrgTree, testEngines } from '@govperf/storage/testing';
import { createApp } from '../app';
import { request, signIn, type Credential } from '../test-client';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- response bodies are read loosely here.
const json = async (r: Response): Promise<any> => r.json();

const catalogue = PROBE_CATALOGUE;

const system = {
  format: 'govperf/indicator-system@1',
  code: 'API-TEST',
  version: '1',
  name: { zh: '接口测试', en: 'API test' },
  indicators: [{ code: 'A1', name: { zh: '按时办结率', en: 'On-time rate' }, unit: '%', formula: 'probe.on_time / probe.completed * 100', target: 95, scoring: { method: 'target-linear', floor: 60 } }],
};

describe.each(testEngines())('evaluation routes on $name', (engine) => {
  let database: Database;
  let dispose: () => Promise<void>;
  let app: ReturnType<typeof createApp>;
  let admin: Credential;
  let hangzhouReader: Credential;
  let ningboAdmin: Credential;
  let hangzhouExpert: Credential;
  const call = (method: string, path: string, credential: Credential, body?: unknown) => request(app, method, path, credential, body);

  beforeAll(async () => {
    ({ database, dispose } = await engine.open());
    const db = database.db;
    await seedTestOrgTree(db);
    await createProbeCases(db, [
      { unit: '330102', at: '2025-06-10T10:00:00+08:00', total: 10, onTime: 9 },
      { unit: '330105', at: '2025-06-10T10:00:00+08:00', total: 10, onTime: 10 },
    ]);
    const services = createServices(database, catalogue);
    await services.systems.register(systemActor(), system);
    app = createApp({ version: 'test', startedAt: new Date(), services, logger: { error: () => {}, warn: () => {} } });
    const password = 'correct horse battery';
    await createUser(db, { username: 'office', displayName: '绩效办', password, role: 'admin', orgUnit: '330000' });
    await createUser(db, { username: 'hz-expert', displayName: '杭州专家', password, role: 'expert', orgUnit: '330100' });
    await createUser(db, { username: 'hz-evaluator', displayName: '杭州考评', password, role: 'evaluator', orgUnit: '330100' });
    await createUser(db, { username: 'nb-admin', displayName: '宁波管理员', password, role: 'admin', orgUnit: '330200' });
    admin = await signIn(app, 'office', password);
    hangzhouReader = await signIn(app, 'hz-evaluator', password);
    ningboAdmin = await signIn(app, 'nb-admin', password);
    hangzhouExpert = await signIn(app, 'hz-expert', password);
  });
  afterAll(async () => dispose());

  it('starts a run from stored facts, lists it, reads it, explains a score and publishes it once', async () => {
    const started = await call('POST', '/api/evaluations', admin, { system: 'API-TEST', period: '2025-06', scope: '330100', levels: ['county'] });
    expect(started.status).toBe(201);
    const run = await json(started);
    expect(run).toMatchObject({ system: { code: 'API-TEST', version: '1' }, period: '2025-06', scope: '330100', status: 'succeeded', units: 3, ranked: 2, publishedAt: null });

    const listed = await json(await call('GET', '/api/evaluations?system=API-TEST', hangzhouReader));
    expect(listed.runs.map((r: { id: string }) => r.id)).toContain(run.id);

    const full = await json(await call('GET', `/api/evaluations/${run.id}`, hangzhouReader));
    expect(full.result.units.map((u: { unit: string; rank: number }) => [u.unit, u.rank])).toEqual([
      ['330105', 1],
      ['330102', 2],
      ['330106', null],
    ]);
    // The cockpit's view: the same units and standings, indicators cut to the second level and red/yellow
    // leaves (this system is one level deep, so nothing is cut here; cockpit-view.test.ts checks the cut).
    const view = await json(await call('GET', `/api/evaluations/${run.id}?view=cockpit`, hangzhouReader));
    expect(view.result.units.map((u: { unit: string; rank: number }) => [u.unit, u.rank])).toEqual(full.result.units.map((u: { unit: string; rank: number }) => [u.unit, u.rank]));
    type Indicator = { code: string; depth: number; leaf: boolean; light: string | null };
    const kept = (i: Indicator) => i.depth <= 2 || (i.leaf && (i.light === 'red' || i.light === 'yellow'));
    full.result.units.forEach((u: { indicators: Indicator[] }, k: number) => {
      expect(view.result.units[k].indicators.map((i: Indicator) => i.code)).toEqual(u.indicators.filter(kept).map((i) => i.code));
    });

    const explained = await json(await call('GET', `/api/evaluations/${run.id}/explain?unit=330102&indicator=A1`, hangzhouReader));
    expect(explained.facts).toEqual([
      { metric: 'probe.completed', value: 10, sources: [{ run: run.id }] },
      { metric: 'probe.on_time', value: 9, sources: [{ run: run.id }] },
    ]);
    expect(explained.formula.value).toBe(90);
    expect(explained.scoring.score).toBeCloseTo(((90 - 60) / 35) * 100, 9);
    // The sample facts are rows the metric counted: on-time cases of 上城区.
    expect(explained.samples['probe.on_time']).toHaveLength(5);
    expect(explained.samples['probe.on_time'].every((r: { org_unit: string; on_time: boolean }) => r.org_unit === '330102' && r.on_time)).toBe(true);

    const published = await call('POST', `/api/evaluations/${run.id}/publish`, admin);
    expect(published.status).toBe(200);
    expect((await json(published)).publishedAt).not.toBeNull();
    expect((await call('POST', `/api/evaluations/${run.id}/publish`, admin)).status).toBe(409);
  });

  it('keeps runs inside the caller\'s area and administration to administrators', async () => {
    const run = await json(await call('POST', '/api/evaluations', admin, { system: 'API-TEST', period: '2025-06', scope: '330100' }));
    expect((await call('GET', `/api/evaluations/${run.id}`, ningboAdmin)).status).toBe(404);
    expect((await json(await call('GET', '/api/evaluations', ningboAdmin))).runs).toEqual([]);
    expect((await call('POST', '/api/evaluations', ningboAdmin, { system: 'API-TEST', period: '2025-06', scope: '330100' })).status).toBe(403);
    expect((await call('POST', '/api/evaluations', hangzhouExpert, { system: 'API-TEST', period: '2025-06' })).status).toBe(403);
    expect((await call('POST', `/api/evaluations/${run.id}/publish`, hangzhouReader)).status).toBe(403);
    expect((await call('GET', '/api/evaluations', null)).status).toBe(401);
  });

  it('names bad input', async () => {
    const badPeriod = await json(await call('POST', '/api/evaluations', admin, { system: 'API-TEST', period: '2025-13' }));
    expect(badPeriod.error.details[0]).toMatchObject({ path: ['period'] });
    expect((await call('POST', '/api/evaluations', admin, { system: 'NOPE', period: '2025-06' })).status).toBe(404);
    expect((await call('GET', '/api/evaluations/not-a-run', admin)).status).toBe(400);
    const badView = await call('GET', '/api/evaluations/run_x?view=summary', admin);
    expect(badView.status).toBe(400);
    expect((await json(badView)).error.details[0]).toMatchObject({ path: ['view'] });
    const run = await json(await call('POST', '/api/evaluations', admin, { system: 'API-TEST', period: '2025-06', scope: '330100', levels: ['county'] }));
    expect((await call('GET', `/api/evaluations/${run.id}/explain?unit=330102&indicator=ZZ`, admin)).status).toBe(404);
  });
});
