// Decision 0008: a caller inside a run's scope reads their own subtree's rows of it (with ranks) and
// the peer groups' aggregates, never another unit's row; a caller outside the scope sees nothing.
// Aggregates and ranks need at least MIN_PEER_GROUP other units behind them (else withheld).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { upsertOrgUnits, type Database } from '@govperf/storage';
import { seedTestOrgTree, testEngines } from '@govperf/storage/testing';
import { systemActor, userActor } from '../identity/actor';
import { createServices, type Services } from '../services';
import { createProbeCases, PROBE_CATALOGUE } from '../testing';
import { MIN_PEER_GROUP, publishRun } from './runs';
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
    // Two other counties are enough here (the setting); with the default 5 see the next case.
    const lenient = createServices(database, PROBE_CATALOGUE, undefined, { minPeerGroup: 2 });
    const run = await lenient.evaluations.get(reader('330105'), provinceRun);
    expect(run.access).toBe('own-subtree');
    expect(run.result.units.map((u) => u.unit)).toEqual(['330105']);
    expect(run.result.units[0]).toMatchObject({ scoreRounded: 70, rank: 3 });
    const counties = run.result.peerGroups.find((g) => g.code === 'county')!;
    expect(counties).toMatchObject({ units: 3, ranked: 3, average: 80 });
    expect(counties.suppressed).toBeUndefined();
    expect(JSON.stringify(run.result.units)).not.toContain('330102');
  });

  it('withholds the averages, statistics and ranks of a group with fewer than 5 other units, and keeps the own figures', async () => {
    expect(MIN_PEER_GROUP).toBe(5);
    const run = await services.evaluations.get(reader('330105'), provinceRun);
    const counties = run.result.peerGroups.find((g) => g.code === 'county')!;
    expect(counties).toMatchObject({ units: 3, ranked: 3, average: null, indicators: { A1: { value: null, score: null, stats: null, suppressed: true } } });
    expect(counties.suppressed).toMatchObject({ minGroup: 5, reason: { zh: expect.stringContaining('少于 5 个') as string, en: expect.stringContaining('fewer than 5 other units') as string } });
    // The own score stays; the rank (3 of 3 would name the other two as better) does not.
    expect(run.result.units[0]).toMatchObject({ unit: '330105', scoreRounded: 70, rank: null });
    // Nothing left from which 330102's 90 or 330106's 80 could be worked out.
    const text = JSON.stringify(run.result);
    for (const figure of ['90', '80', '85']) expect(text).not.toMatch(new RegExp(`:${figure}(\\.0+)?[,}]`));
    const explained = await services.evaluations.explain(reader('330105'), provinceRun, '330105', 'A1');
    expect(explained).toMatchObject({ score: 70, composite: { rank: null }, scoring: { peer: null }, withheld: { minGroup: 5 } });
    // Full access is unaffected.
    const full = await services.evaluations.get(operator, provinceRun);
    expect(full.result.peerGroups.find((g) => g.code === 'county')).toMatchObject({ average: 80, indicators: { A1: { value: 80, stats: { min: 70, max: 90 } } } });
    expect(full.result.peerGroups.every((g) => g.suppressed === undefined)).toBe(true);
    expect(full.result.units.find((u) => u.unit === '330105')!.rank).toBe(3);
    expect((await services.evaluations.explain(operator, provinceRun, '330105', 'A1')).composite.rank).toBe(3);
  });

  it('shows a city its own counties’ group in full: no other unit is in it', async () => {
    const run = await services.evaluations.get(reader('330100'), provinceRun);
    const counties = run.result.peerGroups.find((g) => g.code === 'county')!;
    expect(counties).toMatchObject({ average: 80 });
    expect(counties.suppressed).toBeUndefined();
    expect(run.result.units.find((u) => u.unit === '330102')!.rank).toBe(1);
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

describe.each(testEngines())('peer groups large enough to show on $name', (engine) => {
  // Nine counties in 杭州市: a county reader has eight other counties behind each figure.
  const extra = ['330108', '330109', '330110', '330111', '330112', '330113'];
  const minmax = { ...SYSTEM, code: 'WIDE', indicators: [{ ...SYSTEM.indicators[0], scoring: { method: 'minmax' } }] };
  let database: Database;
  let dispose: () => Promise<void>;
  let services: Services;
  let run: string;
  beforeAll(async () => {
    ({ database, dispose } = await engine.open());
    await seedTestOrgTree(database.db);
    await upsertOrgUnits(database.db, extra.map((code) => ({ code, name: `县${code}`, level: 'county', parentCode: '330100' })));
    await createProbeCases(database.db, ['330102', '330105', '330106', ...extra].map((unit, k) => ({ unit, at: '2025-06-10T10:00:00+08:00', total: 10, onTime: 1 + k })));
    services = createServices(database, PROBE_CATALOGUE);
    await services.systems.register(operator, minmax);
    await services.referenceValues.import(operator, 'WIDE', [{ record: { indicator: 'A1', period: '2025-06', label_zh: '全国平均', label_en: 'National average', value: 50, source: '国务院办公厅通报' } }]);
    run = (await services.evaluations.run(operator, { systemCode: 'WIDE', period: '2025-06', scope: '330000', levels: ['county'] })).runId;
  });
  afterAll(async () => dispose());

  it('shows the aggregates, statistics and rank when 5 or more other units stand behind them', async () => {
    const seen = await services.evaluations.get(reader('330102'), run);
    const counties = seen.result.peerGroups.find((g) => g.code === 'county')!;
    expect(counties.suppressed).toBeUndefined();
    expect(counties).toMatchObject({ units: 9, ranked: 9, average: 50, indicators: { A1: { value: 50, stats: { min: 10, max: 90 } } } });
    expect(seen.result.units).toMatchObject([{ unit: '330102', rank: 9 }]);
    const references = await services.referenceValues.scores(reader('330102'), run, 'county');
    expect(references.withheld).toBeUndefined();
    expect(references.references[0]!.scores.A1).toBeCloseTo(50);
  });

  it('withholds them, and the references’ relative scores, under a stricter setting', async () => {
    const strict = createServices(database, PROBE_CATALOGUE, undefined, { minPeerGroup: 9 });
    const counties = (await strict.evaluations.get(reader('330102'), run)).result.peerGroups.find((g) => g.code === 'county')!;
    expect(counties).toMatchObject({ average: null, suppressed: { minGroup: 9 } });
    const references = await strict.referenceValues.scores(reader('330102'), run, 'county');
    expect(references.withheld).toMatchObject({ minGroup: 9 });
    // A minmax score of the national average would give away the group's min and max.
    expect(references.references[0]!.scores.A1).toBeNull();
    expect((await strict.referenceValues.scores(operator, run, 'county')).references[0]!.scores.A1).toBeCloseTo(50);
  });
});
