import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '@govperf/storage';
import { seedTestOrgTree, testEngines } from '@govperf/storage/testing';
import { systemActor, userActor } from '../identity/actor';
import { createServices, type Services } from '../services';
import { createProbeCases, PROBE_CATALOGUE } from '../testing';

const SYSTEM = {
  format: 'govperf/indicator-system@1', code: 'REF', version: '1', name: { zh: '参照', en: 'Reference' },
  indicators: [
    {
      code: 'B1', name: { zh: '办理效率', en: 'Efficiency' },
      children: [
        { code: 'A1', name: { zh: '按时办结率', en: 'On-time rate' }, unit: '%', formula: 'probe.on_time / probe.completed * 100', scoring: { method: 'identity' } },
        { code: 'A2', name: { zh: '办件量', en: 'Cases' }, formula: 'probe.completed', scoring: { method: 'minmax' } },
      ],
    },
    { code: 'B2', name: { zh: '达标', en: 'Target' }, children: [{ code: 'A3', name: { zh: '按时率达标', en: 'On-time vs target' }, formula: 'probe.on_time / probe.completed * 100', target: 95, scoring: { method: 'target-linear', floor: 60 } }] },
  ],
};
const LABEL = { label_zh: '全国平均（示例数据）', label_en: 'National average (example data)', source: '示例数据，非官方统计 / example figures, not official statistics' };
const operator = systemActor('test');
const county = userActor({ username: 'sc-reader', display_name: '上城区', role: 'department_operator', org_unit_code: '330102', department_code: null }, null);

describe.each(testEngines())('reference values on $name', (engine) => {
  let database: Database;
  let dispose: () => Promise<void>;
  let services: Services;
  let runId: string;
  beforeAll(async () => {
    ({ database, dispose } = await engine.open());
    await seedTestOrgTree(database.db);
    // Cases 10 / 20 / 30 (A2 min 10, max 30); on-time 90 %, 70 %, 80 %.
    await createProbeCases(database.db, [
      { unit: '330102', at: '2025-06-10T10:00:00+08:00', total: 10, onTime: 9 },
      { unit: '330105', at: '2025-06-10T10:00:00+08:00', total: 20, onTime: 14 },
      { unit: '330106', at: '2025-06-10T10:00:00+08:00', total: 30, onTime: 24 },
    ]);
    services = createServices(database, PROBE_CATALOGUE);
    await services.systems.register(operator, SYSTEM);
    runId = (await services.evaluations.run(operator, { systemCode: 'REF', period: '2025-06', scope: '330000', levels: ['county'] })).runId;
  });
  afterAll(async () => dispose());

  it('imports valid rows, rejects the others with the field and reason, and is idempotent', async () => {
    const rows = [
      { indicator: 'A1', period: '2025-06', value: '85', ...LABEL },
      { indicator: 'A2', period: '2025-06', value: 25, ...LABEL },
      { indicator: 'A3', period: '2025-06', value: '90', ...LABEL },
      { indicator: 'B1', period: '2025-06', value: '80', ...LABEL },
      { indicator: 'ZZ', period: '2025-06', value: '80', ...LABEL },
      { indicator: 'A1', period: '2025-13', value: '80', ...LABEL },
      { indicator: 'A1', period: '2025-05', value: 'n/a', ...LABEL },
      { indicator: 'A1', period: '2025-05', value: '80', ...LABEL, source: '' },
      { indicator: 'A1', period: '2025-06', value: '86', ...LABEL },
    ].map((record) => ({ record }));
    const first = await services.referenceValues.import(operator, 'REF', rows);
    expect(first).toMatchObject({ system: 'REF', accepted: 3, created: 3, updated: 0, unchanged: 0 });
    expect(first.rejected.map((r) => [r.row, r.field])).toEqual([[5, 'indicator'], [6, 'indicator'], [7, 'period'], [8, 'value'], [9, 'source'], [10, 'indicator']]);
    expect(first.rejected[0]!.reason).toContain('not a leaf');
    expect(first.rejected[5]!.reason).toContain('row 2');
    const again = await services.referenceValues.import(operator, 'REF', rows.slice(0, 3));
    expect(again).toMatchObject({ accepted: 3, created: 0, updated: 0, unchanged: 3, rejected: [] });
    const changed = await services.referenceValues.import(operator, 'REF', [{ record: { indicator: 'A3', period: '2025-06', value: '90', ...LABEL, source: '更正后的来源 / corrected source' } }]);
    expect(changed).toMatchObject({ created: 0, updated: 1, unchanged: 0 });
    await services.referenceValues.import(operator, 'REF', [{ record: { indicator: 'A3', period: '2025-06', value: '90', ...LABEL } }]);
    const audits = await database.db.selectFrom('audit_log').select('action').where('action', '=', 'reference.import').execute();
    expect(audits).toHaveLength(3); // created, updated, updated back; the unchanged import left no entry
    await expect(services.referenceValues.import(operator, 'NOPE', rows)).rejects.toMatchObject({ code: 'not_found' });
    await expect(services.referenceValues.import(county, 'REF', rows)).rejects.toMatchObject({ code: 'forbidden' });
  });

  it('lists by system and period', async () => {
    const listed = await services.referenceValues.list(county, { system: 'REF', period: '2025-06' });
    expect(listed.map((v) => [v.indicator, v.value, v.reference])).toEqual([['A1', 85, 'national-average'], ['A2', 25, 'national-average'], ['A3', 90, 'national-average']]);
    expect(listed[0]!.label).toEqual({ zh: LABEL.label_zh, en: LABEL.label_en });
    expect(await services.referenceValues.list(county, { system: 'REF', period: '2025-05' })).toEqual([]);
  });

  it('scores the references like a member of the peer group and rolls them up by the run weights', async () => {
    // A county reads the province run (its own row only) and still gets the references scored
    // (here with two other counties allowed to stand behind the group's statistics).
    const lenient = createServices(database, PROBE_CATALOGUE, undefined, { minPeerGroup: 2 });
    const { references } = await lenient.referenceValues.scores(county, runId, 'county');
    expect(references).toHaveLength(1);
    const [national] = references;
    expect(national!.label.en).toBe('National average (example data)');
    expect(national!.values).toEqual({ A1: 85, A2: 25, A3: 90 });
    // identity 85; minmax (25 − 10) / (30 − 10) = 75; target-linear (90 − 60) / (95 − 60) = 85.71.
    expect(national!.scores.A1).toBeCloseTo(85, 6);
    expect(national!.scores.A2).toBeCloseTo(75, 6);
    expect(national!.scores.A3).toBeCloseTo(85.714286, 5);
    expect(national!.scores.B1).toBeCloseTo(80, 6); // equal weights
    expect(national!.scores.B2).toBeCloseTo(85.714286, 5);
    await expect(services.referenceValues.scores(county, runId, 'city')).rejects.toMatchObject({ code: 'validation_failed' });
  });

  it('scores no relative method for a county whose group has fewer than 5 other units (decision 0008)', async () => {
    const answer = await services.referenceValues.scores(county, runId, 'county');
    expect(answer.withheld).toMatchObject({ minGroup: 5 });
    const [national] = answer.references;
    // minmax would give the withheld min and max away; identity and target-linear need no peers.
    expect(national!.scores.A2).toBeNull();
    expect(national!.scores.A1).toBeCloseTo(85, 6);
    expect(national!.scores.A3).toBeCloseTo(85.714286, 5);
    expect(national!.scores.B1).toBeCloseTo(85, 6);
    expect((await services.referenceValues.scores(operator, runId, 'county')).references[0]!.scores.A2).toBeCloseTo(75, 6);
  });

  it('leaves an indicator without a reference out of its parent and never invents one', async () => {
    await database.db.deleteFrom('reference_values').where('indicator_code', '=', 'A2').execute();
    const [national] = (await services.referenceValues.scores(operator, runId, 'county')).references;
    expect(national!.scores.A2).toBeNull();
    expect(national!.scores.B1).toBeCloseTo(85, 6); // A1 alone, renormalised — not (85 + 0) / 2
    await database.db.deleteFrom('reference_values').execute();
    expect((await services.referenceValues.scores(operator, runId, 'county')).references).toEqual([]);
  });
});
