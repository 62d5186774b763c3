import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '@govperf/contracts';
import { findEvaluationRun, publishEvaluationRun, runInputs, type Database } from '@govperf/storage';
import { seedTestOrgTree, testEngines } from '@govperf/storage/testing';
import { createProbeCases, PROBE_CATALOGUE } from '../testing';
import { runEvaluation } from './run-evaluation';
import { registerIndicatorSystem } from './systems';

const system = {
  format: 'govperf/indicator-system@1',
  code: 'RUN-TEST',
  version: '1',
  name: { zh: '运行测试', en: 'Run test' },
  indicators: [
    { code: 'A1', name: { zh: '按时办结率', en: 'On-time rate' }, weight: 60, unit: '%', formula: 'probe.on_time / probe.completed * 100', target: 95, tolerance: 5, scoring: { method: 'target-linear', floor: 60 } },
    { code: 'B1', name: { zh: '办件量', en: 'Volume' }, weight: 40, formula: 'probe.completed', scoring: { method: 'minmax' } },
  ],
};

const catalogue = PROBE_CATALOGUE;

describe.each(testEngines())('evaluation runs on $name', (engine) => {
  let database: Database;
  let dispose: () => Promise<void>;
  beforeAll(async () => {
    ({ database, dispose } = await engine.open());
    const db = database.db;
    await seedTestOrgTree(db);
    // 上城区 9/10 on time, 拱墅区 19/20, 西湖区 none.
    await createProbeCases(db, [
      { unit: '330102', at: '2025-06-10T10:00:00+08:00', total: 10, onTime: 9 },
      { unit: '330105', at: '2025-06-11T10:00:00+08:00', total: 20, onTime: 19 },
    ]);
    expect(await registerIndicatorSystem(db, system)).toMatchObject({ code: 'RUN-TEST', version: '1', outcome: 'created' });
  });
  afterAll(async () => dispose());

  it('computes metrics in SQL, evaluates, and stores the run with its inputs', async () => {
    const { runId, result } = await runEvaluation(database.db, catalogue, { systemCode: 'RUN-TEST', period: '2025-06', scope: '330100', levels: ['county'] });
    const county = (id: string) => result.units.find((u) => u.unit === id)!;
    // 上城区: on-time 90 % → (90−60)/35·100 = 85.714; volume 10 of min 10 / max 20 → 0. 0.6·85.714 = 51.43.
    expect(county('330102').score).toBeCloseTo(0.6 * ((90 - 60) / 35) * 100, 9);
    // 拱墅区: 95 % → 100, volume max → 100: 100.
    expect(county('330105').score).toBeCloseTo(100, 9);
    expect(county('330106')).toMatchObject({ score: null, rank: null });
    const stored = await findEvaluationRun(database.db, runId);
    expect(stored).toMatchObject({ status: 'succeeded', system_code: 'RUN-TEST', system_version: '1', period: '2025-06', input_hash: result.inputHash });
    expect(await runInputs(database.db, runId)).toEqual([
      { unit: '330102', metric: 'probe.completed', value: 10 },
      { unit: '330102', metric: 'probe.on_time', value: 9 },
      { unit: '330105', metric: 'probe.completed', value: 20 },
      { unit: '330105', metric: 'probe.on_time', value: 19 },
    ]);
    const rows = await database.db.selectFrom('evaluation_unit_results').selectAll().where('run_id', '=', runId).orderBy('unit').execute();
    expect(rows.map((r) => [r.unit, r.rank])).toEqual([
      ['330102', 2],
      ['330105', 1],
      ['330106', null],
    ]);
  });

  it('gives byte-identical results for the same facts, and stored results cannot be changed', async () => {
    const one = await runEvaluation(database.db, catalogue, { systemCode: 'RUN-TEST', period: '2025-06', scope: '330100', levels: ['county'] });
    const two = await runEvaluation(database.db, catalogue, { systemCode: 'RUN-TEST', period: '2025-06', scope: '330100', levels: ['county'] });
    expect(JSON.stringify(two.result)).toBe(JSON.stringify(one.result));
    await expect(database.db.updateTable('evaluation_unit_results').set({ score: 100 }).where('run_id', '=', one.runId).execute()).rejects.toThrow(/immutable/);
    expect(await publishEvaluationRun(database.db, one.runId, new Date())).toBe(true);
    expect(await publishEvaluationRun(database.db, one.runId, new Date())).toBe(false);
    await expect(database.db.updateTable('evaluation_runs').set({ period: '2025-07' }).where('id', '=', two.runId).execute()).rejects.toThrow(/immutable/);
    await expect(database.db.deleteFrom('evaluation_runs').where('id', '=', two.runId).execute()).rejects.toThrow(/never deleted/);
  });

  it('refuses systems with metrics the platform does not define, and unknown systems', async () => {
    const other = { ...system, code: 'RUN-TEST-2', indicators: [{ ...system.indicators[0]!, formula: 'probe.unknown / probe.completed' }] };
    await registerIndicatorSystem(database.db, other);
    await expect(runEvaluation(database.db, catalogue, { systemCode: 'RUN-TEST-2', period: '2025-06', scope: '330100' })).rejects.toThrow(/probe.unknown/);
    const error = await runEvaluation(database.db, catalogue, { systemCode: 'NOPE', period: '2025-06', scope: '330100' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('not_found');
  });

  it('refuses a changed document under an existing version', async () => {
    await expect(registerIndicatorSystem(database.db, { ...system, name: { zh: '改名', en: 'Renamed' } })).rejects.toMatchObject({ code: 'conflict' });
    expect(await registerIndicatorSystem(database.db, system)).toMatchObject({ outcome: 'unchanged' });
  });
});
