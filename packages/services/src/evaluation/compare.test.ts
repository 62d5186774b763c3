import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '@govperf/storage';
import { seedTestOrgTree, testEngines } from '@govperf/storage/testing';
import { createProbeCases, PROBE_CATALOGUE } from '../testing';
import { compareRuns } from './compare';
import { runEvaluation } from './run-evaluation';
import { registerIndicatorSystem } from './systems';

const system = (version: string, code = 'CMP-TEST') => ({
  format: 'govperf/indicator-system@1',
  code,
  version,
  name: { zh: '对比测试', en: 'Comparison test' },
  indicators: [
    { code: 'A1', name: { zh: '按时办结率', en: 'On-time rate' }, weight: 60, unit: '%', formula: 'probe.on_time / probe.completed * 100', target: 95, scoring: { method: 'target-linear', floor: 60 } },
    { code: 'B1', name: { zh: '办件量', en: 'Volume' }, weight: version === '1' ? 40 : 10, formula: 'probe.completed', scoring: { method: 'minmax' } },
  ],
  // Version 3 names its grades its own way: 卓越 (95+), 达标 (60+), 待改进.
  ...(version === '3'
    ? { grades: [{ code: 'outstanding', name: { zh: '卓越', en: 'Outstanding' }, min: 95 }, { code: 'fair', name: { zh: '达标', en: 'Meets the standard' }, min: 60 }, { code: 'weak', name: { zh: '待改进', en: 'To improve' }, min: 0 }] }
    : {}),
});

describe.each(testEngines())('comparing evaluation runs on $name', (engine) => {
  let database: Database;
  let dispose: () => Promise<void>;
  const run = async (period: string, version = '1', code = 'CMP-TEST') =>
    (await runEvaluation(database.db, PROBE_CATALOGUE, { systemCode: code, systemVersion: version, period, scope: '330100', levels: ['county'] })).runId;
  let june: string;
  let july: string;

  beforeAll(async () => {
    ({ database, dispose } = await engine.open());
    await seedTestOrgTree(database.db);
    // June: 上城区 90 % of 10, 拱墅区 95 % of 20. July: 上城区 100 % of 30, 拱墅区 80 % of 10.
    await createProbeCases(database.db, [
      { unit: '330102', at: '2025-06-10T10:00:00+08:00', total: 10, onTime: 9 },
      { unit: '330105', at: '2025-06-11T10:00:00+08:00', total: 20, onTime: 19 },
      { unit: '330102', at: '2025-07-10T10:00:00+08:00', total: 30, onTime: 30 },
      { unit: '330105', at: '2025-07-11T10:00:00+08:00', total: 10, onTime: 8 },
    ]);
    await registerIndicatorSystem(database.db, system('1'));
    await registerIndicatorSystem(database.db, system('2'));
    await registerIndicatorSystem(database.db, system('3'));
    await registerIndicatorSystem(database.db, system('1', 'CMP-OTHER'));
    june = await run('2025-06');
    july = await run('2025-07');
  });
  afterAll(async () => dispose());

  it('gives each unit its score, rank and grade in both runs and the change', async () => {
    const cmp = await compareRuns(database.db, june, july, '330100');
    expect(cmp.base.id).toBe(june);
    expect(cmp.other.id).toBe(july);
    expect(cmp.sameVersion).toBe(true);
    expect(cmp.warnings).toEqual([]);
    const unit = (code: string) => cmp.units.find((u) => u.unit === code)!;
    expect(unit('330102').base).toMatchObject({ rank: 2 });
    expect(unit('330102').other).toMatchObject({ rank: 1, score: 100 });
    expect(unit('330102').rankChange).toBe(1);
    expect(unit('330105').rankChange).toBe(-1);
    expect(unit('330102').scoreChange).toBeCloseTo(100 - unit('330102').base!.score!, 3);
    // 西湖区 has no data in either: no change to speak of.
    expect(unit('330106')).toMatchObject({ scoreChange: null, rankChange: null, gradeChanged: false });
    // Ranked units first, by their rank in the later run.
    expect(cmp.units.map((u) => u.unit)).toEqual(['330102', '330105', '330106']);
  });

  it('gives each indicator its mean score in both runs and how many units rose or fell', async () => {
    const cmp = await compareRuns(database.db, june, july, '*');
    const a1 = cmp.indicators.find((i) => i.code === 'A1')!;
    expect(a1.name).toEqual({ zh: '按时办结率', en: 'On-time rate' });
    // June: 上城区 (90−60)/35·100 = 85.71, 拱墅区 100; July: 100 and (80−60)/35·100 = 57.14.
    expect(a1.baseAverage).toBeCloseTo((((90 - 60) / 35) * 100 + 100) / 2, 3);
    expect(a1.otherAverage).toBeCloseTo((100 + ((80 - 60) / 35) * 100) / 2, 3);
    expect(a1.change).toBeCloseTo(a1.otherAverage! - a1.baseAverage!, 3);
    expect([a1.improved, a1.declined]).toEqual([1, 1]);
  });

  it('warns when the versions differ and refuses runs of different systems or the same run twice', async () => {
    const v2 = await run('2025-07', '2');
    const cmp = await compareRuns(database.db, june, v2, '330100');
    expect(cmp.sameVersion).toBe(false);
    expect(cmp.warnings[0]!.zh).toContain('版本不同');
    const other = await run('2025-07', '1', 'CMP-OTHER');
    await expect(compareRuns(database.db, june, other, '330100')).rejects.toMatchObject({ code: 'validation_failed' });
    await expect(compareRuns(database.db, june, june, '330100')).rejects.toMatchObject({ code: 'validation_failed' });
  });

  it('names each grade as the run\'s own system version does, with a legend of both versions\' grades', async () => {
    const cmp = await compareRuns(database.db, june, july, '330100');
    const unit = (code: string) => cmp.units.find((u) => u.unit === code)!;
    expect(unit('330102').other).toMatchObject({ grade: 'excellent', gradeName: { zh: '优秀', en: 'Excellent' } });
    expect(unit('330106').other).toMatchObject({ grade: null, gradeName: null });
    expect(cmp.grades.map((g) => g.name.zh)).toEqual(['优秀', '良好', '一般', '较差']);
    const v3 = await run('2025-07', '3');
    const across = await compareRuns(database.db, june, v3, '330100');
    const moved = across.units.find((u) => u.unit === '330102')!;
    expect(moved.other).toMatchObject({ grade: 'outstanding', gradeName: { zh: '卓越', en: 'Outstanding' } });
    expect(moved.base!.gradeName).toEqual({ zh: { excellent: '优秀', good: '良好', fair: '一般', poor: '较差' }[moved.base!.grade!], en: expect.any(String) });
    // The later version's grades first; the earlier version's 'fair' is named by the later one, its others follow.
    expect(across.grades.map((g) => `${g.code}:${g.name.zh}`)).toEqual(['outstanding:卓越', 'fair:达标', 'weak:待改进', 'excellent:优秀', 'good:良好', 'poor:较差']);
  });

  it('compares only runs the caller may read, by the same rule as reading one', async () => {
    await expect(compareRuns(database.db, june, july, '330200')).rejects.toMatchObject({ code: 'not_found' });
    await expect(compareRuns(database.db, june, 'run_00000000-0000-0000-0000-000000000000', '330100')).rejects.toMatchObject({ code: 'not_found' });
    // A county reading its city's runs sees its own rows only.
    const county = await compareRuns(database.db, june, july, '330102');
    expect(county.units.map((u) => u.unit)).toEqual(['330102']);
    expect(county.base.access).toBe('own-subtree');
  });
});
