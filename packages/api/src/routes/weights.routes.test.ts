// The Delphi expert picker over HTTP: organisers only, scoped and searchable, no personal data
// beyond name, role and unit; and creating a consultation refuses an expert outside the area,
// naming experts[i].
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServices, createUser } from '@govperf/services';
import { PROBE_CATALOGUE } from '@govperf/services/testing';
import type { Database } from '@govperf/storage';
import { seedTestOrgTree, testEngines } from '@govperf/storage/testing';
import { createApp } from '../app';
import { request, signIn, type Credential } from '../test-client';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- response bodies are read loosely here.
const json = async (r: Response): Promise<any> => r.json();
const criteria = [
  { code: 'A', name: { zh: '基础支撑', en: 'Foundations' } },
  { code: 'B', name: { zh: '服务效能', en: 'Service' } },
];

describe.each(testEngines().slice(0, 1))('weights routes on $name', (engine) => {
  let database: Database;
  let dispose: () => Promise<void>;
  let app: ReturnType<typeof createApp>;
  let organiser: Credential;
  let expert: Credential;

  beforeAll(async () => {
    ({ database, dispose } = await engine.open());
    await seedTestOrgTree(database.db);
    app = createApp({ version: 'test', startedAt: new Date(), services: createServices(database, PROBE_CATALOGUE), logger: { error: () => {}, warn: () => {} } });
    const password = 'correct horse battery';
    await createUser(database.db, { username: 'hz-eval', displayName: '杭州考评员', password, role: 'evaluator', orgUnit: '330100' });
    await createUser(database.db, { username: 'hz-expert', displayName: '王专家', password, role: 'expert', orgUnit: '330100' });
    await createUser(database.db, { username: 'nb-expert', displayName: '宁波专家', password, role: 'expert', orgUnit: '330200' });
    await createUser(database.db, { username: 'hz-dept', displayName: '部门填报员', password, role: 'department_operator', orgUnit: '330100' });
    organiser = await signIn(app, 'hz-eval', password);
    expert = await signIn(app, 'hz-expert', password);
  });
  afterAll(async () => dispose());

  it('lists the judges of the organiser’s area with name, role and unit, and searches them', async () => {
    const response = await request(app, 'GET', '/api/weights/experts', organiser);
    expect(response.status).toBe(200);
    const body = await json(response);
    expect(body).toEqual({
      experts: [
        { id: 'hz-eval', displayName: '杭州考评员', role: 'evaluator', roleName: { zh: '考评人员', en: 'Evaluator' }, orgUnit: { code: '330100', name: '杭州市' } },
        { id: 'hz-expert', displayName: '王专家', role: 'expert', roleName: { zh: '评审专家', en: 'Expert' }, orgUnit: { code: '330100', name: '杭州市' } },
      ],
      truncated: false,
    });
    expect((await json(await request(app, 'GET', `/api/weights/experts?q=${encodeURIComponent('王')}`, organiser))).experts.map((e: { id: string }) => e.id)).toEqual(['hz-expert']);
    expect((await request(app, 'GET', '/api/weights/experts?orgUnit=330200', organiser)).status).toBe(403);
    expect((await request(app, 'GET', `/api/weights/experts?q=${'x'.repeat(65)}`, organiser)).status).toBe(400);
    expect((await request(app, 'GET', '/api/weights/experts', expert)).status).toBe(403);
  });

  it('refuses to invite an expert outside the organiser’s area, naming experts[i]', async () => {
    const refused = await request(app, 'POST', '/api/weights/consultations', organiser, { title: '一级指标权重', criteria, experts: ['hz-expert', 'nb-expert'] });
    expect(refused.status).toBe(400);
    const body = await json(refused);
    expect(JSON.stringify(body)).toMatch(/nb-expert/);
    expect(body.error.details).toEqual([expect.objectContaining({ path: ['experts', 1] })]);
    const created = await request(app, 'POST', '/api/weights/consultations', organiser, { title: '一级指标权重', criteria, experts: ['hz-expert'] });
    expect(created.status).toBe(201);
  });
});
