import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServices, createUser, systemActor } from '@govperf/services';
import { PROBE_CATALOGUE } from '@govperf/services/testing';
import type { Database } from '@govperf/storage';
import { seedTestOrgTree, testEngines } from '@govperf/storage/testing';
import { createApp } from '../app';
import { request, signIn, type Credential } from '../test-client';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- response bodies are read loosely here.
const json = async (r: Response): Promise<any> => r.json();

const system = {
  format: 'govperf/indicator-system@1',
  code: 'SYS-API',
  version: '2026.1',
  name: { zh: '体系接口测试', en: 'Systems API test' },
  indicators: [
    { code: 'A1', name: { zh: '按时办结率', en: 'On-time rate' }, unit: '%', weight: 3, formula: 'probe.on_time / probe.completed * 100', target: 95, scoring: { method: 'target-linear', floor: 60 } },
    { code: 'B1', name: { zh: '办件量', en: 'Volume' }, weight: 1, formula: 'probe.completed', scoring: { method: 'minmax' } },
  ],
};

describe.each(testEngines().slice(0, 1))('indicator-system routes on $name', (engine) => {
  let database: Database;
  let dispose: () => Promise<void>;
  let app: ReturnType<typeof createApp>;
  let admin: Credential;
  let expert: Credential;
  const call = (method: string, path: string, credential: Credential, body?: unknown, language = 'zh-CN') => request(app, method, path, credential, body, { 'accept-language': language });

  beforeAll(async () => {
    ({ database, dispose } = await engine.open());
    await seedTestOrgTree(database.db);
    const services = createServices(database, PROBE_CATALOGUE);
    await services.systems.register(systemActor(), system);
    app = createApp({ version: 'test', startedAt: new Date(), services, logger: { error: () => {}, warn: () => {} } });
    const password = 'correct horse battery';
    await createUser(database.db, { username: 'office', displayName: '绩效办', password, role: 'admin', orgUnit: '330000' });
    await createUser(database.db, { username: 'expert', displayName: '专家', password, role: 'expert', orgUnit: '330100' });
    admin = await signIn(app, 'office', password);
    expert = await signIn(app, 'expert', password);
  });
  afterAll(async () => dispose());

  it('lists systems and reads a version with its weights', async () => {
    const listed = await json(await call('GET', '/api/systems', expert));
    expect(listed.systems).toEqual([expect.objectContaining({ code: 'SYS-API', currentVersion: '2026.1', versions: [expect.objectContaining({ version: '2026.1', status: 'published' })] })]);
    const response = await call('GET', '/api/systems/SYS-API/versions/2026.1', expert);
    expect(response.status).toBe(200);
    const view = await json(response);
    expect(view.document.indicators[0].code).toBe('A1');
    expect(view.nodes.find((n: { code: string }) => n.code === 'A1').globalWeight).toBeCloseTo(0.75, 12);
    expect((await call('GET', '/api/systems/SYS-API/versions/9', expert)).status).toBe(404);
  });

  it('previews an edited document: weights when it compiles, problems by path otherwise; nothing stored', async () => {
    const edited = structuredClone(system) as typeof system & { indicators: Record<string, unknown>[] };
    edited.version = 'preview';
    edited.indicators[1]!.weight = 3;
    expect((await call('POST', '/api/systems/SYS-API/preview', expert, edited)).status).toBe(403);
    const ok = await call('POST', '/api/systems/SYS-API/preview', admin, edited);
    expect(ok.status).toBe(200);
    const view = await json(ok);
    expect(view).toMatchObject({ code: 'SYS-API', ok: true, problems: [] });
    expect(view.nodes.find((n: { code: string }) => n.code === 'A1').globalWeight).toBeCloseTo(0.5, 12);
    expect(view.groups).toEqual([{ code: '$root', method: 'manual', cr: null, consistent: null }]);
    expect(view.metrics).toEqual(['probe.completed', 'probe.on_time']);

    edited.indicators[1]!.formula = 'probe.completed *';
    const bad = await json(await call('POST', '/api/systems/SYS-API/preview', admin, edited));
    expect(bad.ok).toBe(false);
    expect(bad.nodes).toEqual([]);
    expect(bad.problems).toEqual([{ path: ['indicators', 1, 'formula'], message: expect.stringMatching(/^indicators\[1\]\.formula: formula error/), messageZh: expect.stringMatching(/^indicators\[1\]\.formula：/) }]);
    expect((await json(await call('GET', '/api/systems', admin))).systems[0].versions).toHaveLength(1);
  });

  it('saves a draft (errors name the node path), publishes it, and shows the diff', async () => {
    const draft = structuredClone(system) as typeof system & { indicators: Record<string, unknown>[] };
    draft.version = '2026.2';
    draft.indicators[1]!.formula = 'probe.completed *';
    expect((await call('POST', '/api/systems/SYS-API/versions', expert, draft)).status).toBe(403);
    const refused = await call('POST', '/api/systems/SYS-API/versions', admin, draft, 'en');
    expect(refused.status).toBe(400);
    const body = await json(refused);
    expect(body.error.message).toBe('the indicator system has 1 problem(s)');
    expect(body.error.details[0].path).toEqual(['indicators', 1, 'formula']);
    expect(body.error.details[0].message).toMatch(/^indicators\[1\]\.formula: formula error/);

    draft.indicators[1]!.formula = 'probe.completed';
    draft.indicators[0]!.target = 98;
    const saved = await call('POST', '/api/systems/SYS-API/versions', admin, draft);
    expect(saved.status).toBe(201);
    expect(await json(saved)).toMatchObject({ version: '2026.2', status: 'draft', outcome: 'created' });
    expect((await call('POST', '/api/systems/SYS-API/versions', admin, { ...draft, indicators: [draft.indicators[0]] })).status).toBe(409);

    const diff = await json(await call('GET', '/api/systems/SYS-API/versions/2026.2/diff?from=2026.1', expert));
    expect(diff.changed).toEqual([{ code: 'A1', fields: [{ field: 'target', before: 95, after: 98 }] }]);

    expect((await call('POST', '/api/systems/SYS-API/versions/2026.2/publish', expert)).status).toBe(403);
    const published = await call('POST', '/api/systems/SYS-API/versions/2026.2/publish', admin);
    expect(published.status).toBe(200);
    expect(await json(published)).toMatchObject({ status: 'published', publishedBy: 'office' });
    expect((await call('POST', '/api/systems/SYS-API/versions/2026.2/publish', admin)).status).toBe(409);
    expect((await json(await call('GET', '/api/systems', expert))).systems[0].currentVersion).toBe('2026.2');
  });
});
