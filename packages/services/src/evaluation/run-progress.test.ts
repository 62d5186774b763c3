import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '@govperf/contracts';
import { findEvaluationRun, type Database } from '@govperf/storage';
import { seedTestOrgTree, testEngines } from '@govperf/storage/testing';
import { createProbeCases, PROBE_CATALOGUE } from '../testing';
import { runEvaluation, type RunProgressReport } from './run-evaluation';
import { failStaleRuns, getRunProgress, progressPercent, startEvaluationRun } from './run-progress';
import { registerIndicatorSystem } from './systems';

const system = {
  format: 'govperf/indicator-system@1',
  code: 'PROGRESS-TEST',
  version: '1',
  name: { zh: '进度测试', en: 'Progress test' },
  indicators: [
    { code: 'A1', name: { zh: '按时办结率', en: 'On-time rate' }, weight: 60, unit: '%', formula: 'probe.on_time / probe.completed * 100', target: 95, scoring: { method: 'target-linear', floor: 60 } },
    { code: 'B1', name: { zh: '办件量', en: 'Volume' }, weight: 40, formula: 'probe.completed', scoring: { method: 'minmax' } },
  ],
};

describe.each(testEngines())('background evaluation runs on $name', (engine) => {
  let database: Database;
  let dispose: () => Promise<void>;
  beforeAll(async () => {
    ({ database, dispose } = await engine.open());
    await seedTestOrgTree(database.db);
    await createProbeCases(database.db, [
      { unit: '330102', at: '2025-06-10T10:00:00+08:00', total: 10, onTime: 9 },
      { unit: '330105', at: '2025-06-11T10:00:00+08:00', total: 20, onTime: 19 },
    ]);
    await registerIndicatorSystem(database.db, system);
  });
  afterAll(async () => dispose());

  it('reports metrics i/n, scoring and storing, and stores the same result as a plain run', async () => {
    const reports: RunProgressReport[] = [];
    const watched = await runEvaluation(database.db, PROBE_CATALOGUE, { systemCode: 'PROGRESS-TEST', period: '2025-06', scope: '330100' }, undefined, { onProgress: (r) => void reports.push(r) });
    const plain = await runEvaluation(database.db, PROBE_CATALOGUE, { systemCode: 'PROGRESS-TEST', period: '2025-06', scope: '330100' });
    expect(watched.result.inputHash).toBe(plain.result.inputHash);
    expect(watched.result.units.map((u) => [u.unit, u.score, u.rank])).toEqual(plain.result.units.map((u) => [u.unit, u.score, u.rank]));
    const metrics = reports.filter((r) => r.stage === 'metrics');
    expect(metrics[0]).toEqual({ stage: 'metrics', done: 0, total: 2 });
    expect(metrics.at(-1)).toEqual({ stage: 'metrics', done: 2, total: 2 });
    expect(metrics.map((r) => r.done)).toEqual([...metrics.map((r) => r.done)].sort((a, b) => a - b));
    expect(reports.slice(-2).map((r) => r.stage)).toEqual(['scoring', 'storing']);
  });

  it('answers with the run id at once, follows it to 100 % and stores the run under that id', async () => {
    const succeeded: string[] = [];
    const started = await startEvaluationRun(database.db, PROBE_CATALOGUE, { systemCode: 'PROGRESS-TEST', period: '2025-06', scope: '330100' }, 'tester', async (o) => void succeeded.push(o.runId));
    expect(started.id).toMatch(/^run_[0-9a-f-]{36}$/);
    const first = await getRunProgress(database.db, started.id, '330100');
    expect(first).toMatchObject({ id: started.id, system: 'PROGRESS-TEST', period: '2025-06', scope: '330100', status: 'running', error: null });
    expect(first.percent).toBeLessThan(100);
    await started.finished;
    const last = await getRunProgress(database.db, started.id, '330000');
    expect(last).toMatchObject({ status: 'succeeded', stage: 'done', percent: 100, done: 2, total: 2, error: null });
    expect(last.finishedAt).not.toBeNull();
    expect(succeeded).toEqual([started.id]);
    expect(await findEvaluationRun(database.db, started.id)).toMatchObject({ status: 'succeeded', system_code: 'PROGRESS-TEST' });
  });

  it('hides the progress of runs outside the caller\'s subtree', async () => {
    const started = await startEvaluationRun(database.db, PROBE_CATALOGUE, { systemCode: 'PROGRESS-TEST', period: '2025-06', scope: '330100' }, 'tester', async () => {});
    await started.finished;
    await expect(getRunProgress(database.db, started.id, '330200')).rejects.toMatchObject({ code: 'not_found' });
    // Nor does a county see its city's run's progress.
    await expect(getRunProgress(database.db, started.id, '330102')).rejects.toMatchObject({ code: 'not_found' });
    await expect(getRunProgress(database.db, 'run_00000000-0000-0000-0000-000000000000', '*')).rejects.toBeInstanceOf(AppError);
  });

  it('refuses a bad request at once, and records a failure in the background with its message', async () => {
    await expect(startEvaluationRun(database.db, PROBE_CATALOGUE, { systemCode: 'NO-SUCH', period: '2025-06', scope: '330100' }, 't', async () => {})).rejects.toMatchObject({ code: 'not_found' });
    await expect(startEvaluationRun(database.db, PROBE_CATALOGUE, { systemCode: 'PROGRESS-TEST', period: '2025-13', scope: '330100' }, 't', async () => {})).rejects.toThrow();
    await expect(startEvaluationRun(database.db, PROBE_CATALOGUE, { systemCode: 'PROGRESS-TEST', period: '2025-06', scope: '999999' }, 't', async () => {})).rejects.toMatchObject({ code: 'not_found' });
    // The work itself fails: the after-step throws (an audit that could not be written).
    const started = await startEvaluationRun(database.db, PROBE_CATALOGUE, { systemCode: 'PROGRESS-TEST', period: '2025-06', scope: '330100' }, 't', async () => {
      throw new AppError('conflict', { message: { zh: '写入留痕失败', en: 'could not write the audit entry' } });
    });
    await started.finished;
    expect(await getRunProgress(database.db, started.id, '*')).toMatchObject({ status: 'failed', stage: 'failed', error: { zh: '写入留痕失败', en: 'could not write the audit entry' } });
  });

  it('marks failed a run left running by a process that is gone, once it has not moved for a while', async () => {
    const now = new Date('2026-11-22T10:00:00Z');
    await database.db
      .insertInto('evaluation_run_progress')
      .values({ run_id: 'run_11111111-1111-1111-1111-111111111111', system_code: 'PROGRESS-TEST', period: '2025-06', scope_org_unit: '330100', requested_by: 't', status: 'running', stage: 'metrics', done: 1, total: 2, started_at: new Date(now.getTime() - 3_600_000), updated_at: new Date(now.getTime() - 11 * 60_000) })
      .execute();
    await database.db
      .insertInto('evaluation_run_progress')
      .values({ run_id: 'run_22222222-2222-2222-2222-222222222222', system_code: 'PROGRESS-TEST', period: '2025-06', scope_org_unit: '330100', requested_by: 't', status: 'running', stage: 'metrics', done: 1, total: 2, started_at: now, updated_at: new Date(now.getTime() - 60_000) })
      .execute();
    expect(await failStaleRuns(database.db, now)).toBe(1);
    const stale = await getRunProgress(database.db, 'run_11111111-1111-1111-1111-111111111111', '*', now);
    expect(stale).toMatchObject({ status: 'failed', stage: 'failed' });
    expect(stale.error?.zh).toContain('中断');
    expect(await getRunProgress(database.db, 'run_22222222-2222-2222-2222-222222222222', '*', now)).toMatchObject({ status: 'running', stage: 'metrics', percent: 45 });
  });

  it('maps stages onto one bar', () => {
    expect(progressPercent('queued', 0, 0)).toBe(0);
    expect(progressPercent('metrics', 0, 4)).toBe(5);
    expect(progressPercent('metrics', 4, 4)).toBe(85);
    expect(progressPercent('scoring', 4, 4)).toBe(85);
    expect(progressPercent('storing', 4, 4)).toBe(92);
    expect(progressPercent('done', 4, 4)).toBe(100);
  });
});
