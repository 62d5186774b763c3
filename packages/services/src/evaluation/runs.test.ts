// Decision 0008: a caller inside a run's scope reads their own subtree's rows of it (with ranks) and
// the peer groups' aggregates, never another unit's row; a caller outside the scope sees nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '@govperf/storage';
import { seedTestOrgTree, testEngines } from '@govperf/storage/testing';
import { systemActor, userActor } from '../identity/actor';
import { createServices, type Services } from '../services';
import { createProbeCases, PROBE_CATALOGUE } from '../testing';
import { publishRun } from './runs';
import { saveSystemDraft } from './system-editor';

const SYSTEM = {
  format: 'govperf/indicator-system@1', code: 'OWN', version: '1', name: { zh: '本级', en: 'Own' },
  indicators: [{ code: 'A1', name: { zh: '按时办结率', en: 'On-time rate' }, formula: 'probe.on_time / probe.completed * 100', scoring: { method: 'identity' } }],
};
const operator = systemActor('test');
const reader = (area: string) => userActor({ username: `reader-${area}`, display_name: area, role: 'department_operator', org_unit_code: area, department_code: null }, null);

describe.each(testEngines())('own results inside an ancestor run on $name', (engine) => {
  let database: Database;
  let dispose: () => Promise<void>;
  let services: Services;
  let provinceRun: string;
  let cityRun: string;
  beforeAll(async () => {
    ({ database, dispose } = await engine.open());
    await seedTestOrgTree(database.db);
    await createProbeCases(database.db, [
      { unit: '330102', at: '2025-06-10T10:00:00+08:00', total: 10, onTime: 9 },
      { unit: '330105', at: '2025-06-10T10:00:00+08:00', total: 10, onTime: 7 },
      { unit: '330106', at: '2025-06-10T10:00:00+08:00', total: 10, onTime: 8 },
    ]);
    services = createServices(database, PROBE_CATALOGUE);
    await services.systems.register(operator, SYSTEM);
    provinceRun = (await services.evaluations.run(operator, { systemCode: 'OWN', period: '2025-06', scope: '330000', levels: ['city', 'county'] })).runId;
    cityRun = (await services.evaluations.run(operator, { systemCode: 'OWN', period: '2025-06', scope: '330100', levels: ['county'] })).runId;
  });
  afterAll(async () => dispose());

  it('gives a county its own row with its rank and the peer aggregates, not a sibling row', async () => {
    const run = await services.evaluations.get(reader('330105'), provinceRun);
    expect(run.access).toBe('own-subtree');
    expect(run.result.units.map((u) => u.unit)).toEqual(['330105']);
    expect(run.result.units[0]).toMatchObject({ scoreRounded: 70, rank: 3 });
    const counties = run.result.peerGroups.find((g) => g.code === 'county')!;
    expect(counties).toMatchObject({ units: 3, ranked: 3, average: 80 });
    expect(JSON.stringify(run.result.units)).not.toContain('330102');
  });

  it('gives a city its whole subtree of the province run, and the full run of its own scope', async () => {
    const inProvince = await services.evaluations.get(reader('330100'), provinceRun);
    expect(inProvince.access).toBe('own-subtree');
    expect(inProvince.result.units.map((u) => u.unit).sort()).toEqual(['330100', '330102', '330105', '330106']);
    const own = await services.evaluations.get(reader('330100'), cityRun);
    expect(own.access).toBe('full');
    expect(own.result.units).toHaveLength(3);
    expect((await services.evaluations.get(operator, provinceRun)).result.units.map((u) => u.unit)).toContain('330200');
  });

  it('lists the runs above the caller as own-subtree, and hides runs beside them', async () => {
    const listed = await services.evaluations.list(reader('330102'), { systemCode: 'OWN' });
    expect(listed.map((r) => [r.id, r.access]).sort()).toEqual([[cityRun, 'own-subtree'], [provinceRun, 'own-subtree']].sort());
    const ningbo = await services.evaluations.list(reader('330200'), { systemCode: 'OWN' });
    expect(ningbo.map((r) => r.id)).toEqual([provinceRun]);
    await expect(services.evaluations.get(reader('330200'), cityRun)).rejects.toMatchObject({ code: 'not_found' });
    expect((await services.evaluations.get(reader('330200'), provinceRun)).result.units.map((u) => u.unit)).toEqual(['330200']);
  });

  it('explains the caller’s own units only, and never lets them publish the ancestor run', async () => {
    const explained = await services.evaluations.explain(reader('330102'), provinceRun, '330102', 'A1');
    expect(explained.score).toBe(90);
    expect(explained.run.access).toBe('own-subtree');
    await expect(services.evaluations.explain(reader('330102'), provinceRun, '330105', 'A1')).rejects.toMatchObject({ code: 'not_found' });
    await expect(publishRun(database.db, provinceRun, '330102')).rejects.toMatchObject({ code: 'not_found' });
    expect((await publishRun(database.db, cityRun, '330100')).access).toBe('full');
  });

  it('runs a draft version only when named, as a trial that cannot be published', async () => {
    await saveSystemDraft(database.db, operator, 'OWN', { ...SYSTEM, version: '2-draft', indicators: [{ ...SYSTEM.indicators[0], target: 85 }] });
    const trial = (await services.evaluations.run(operator, { systemCode: 'OWN', systemVersion: '2-draft', period: '2025-06', scope: '330100', levels: ['county'] })).runId;
    await expect(publishRun(database.db, trial, '*')).rejects.toMatchObject({ code: 'conflict' });
    const current = (await services.evaluations.run(operator, { systemCode: 'OWN', period: '2025-06', scope: '330100', levels: ['county'] })).runId;
    expect((await services.evaluations.get(operator, current)).system.version).toBe('1');
  });
});
