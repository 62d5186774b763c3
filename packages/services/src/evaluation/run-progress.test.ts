import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '@govperf/contracts';
import { findEvaluationRun, type Database } from '@govperf/storage';
import { seedTestOrgTree, testEngines } from '@govperf/storage/testing';
import { createProbeCases, PROBE_CATALOGUE } from '../testing';
import { claimNextJob, drainDueJobs } from '../jobs/queue';
import { runEvaluation, type RunEvaluationRequest, type RunProgressReport } from './run-evaluation';
import { evaluationRunHandlers, getRunProgress, progressPercent, RUN_JOB_KIND, startEvaluationRun, type OnRunStored } from './run-progress';
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

const REQUEST: RunEvaluationRequest = { systemCode: 'PROGRESS-TEST', period: '2025-06', scope: '330100' };
const TESTER = { actor: 'tester', actorKind: 'user' as const, clientIp: null };
const T0 = new Date('2026-11-22T10:00:00Z');
const at = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);

describe.each(testEngines())('background evaluation runs (queue jobs) on $name', (engine) => {
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

  /** The audit hook: counts its calls per run id. */
  const recorder = () => {
    const stored: string[] = [];
    const hook: OnRunStored = async (outcome) => void stored.push(outcome.runId);
    return { stored, hook };
  };
  const storedRuns = async (id: string) => (await database.db.selectFrom('evaluation_runs').select('id').where('id', '=', id).execute()).length;
  const jobOf = (id: string) => database.db.selectFrom('jobs').selectAll().where('kind', '=', RUN_JOB_KIND).where('key', '=', id).executeTakeFirstOrThrow();

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

  it('answers with the run id at once, runs it in this process to 100 % and stores the run under that id', async () => {
    const { stored, hook } = recorder();
    const started = await startEvaluationRun(database.db, PROBE_CATALOGUE, REQUEST, TESTER, hook);
    expect(started.id).toMatch(/^run_[0-9a-f-]{36}$/);
    const first = await getRunProgress(database.db, started.id, '330100');
    expect(first).toMatchObject({ id: started.id, system: 'PROGRESS-TEST', period: '2025-06', scope: '330100', status: 'running', error: null });
    expect(first.percent).toBeLessThan(100);
    await started.finished;
    const last = await getRunProgress(database.db, started.id, '330000');
    expect(last).toMatchObject({ status: 'succeeded', stage: 'done', percent: 100, done: 2, total: 2, attempts: 1, maxAttempts: 3, error: null });
    expect(last.finishedAt).not.toBeNull();
    expect(stored).toEqual([started.id]);
    expect(await findEvaluationRun(database.db, started.id)).toMatchObject({ status: 'succeeded', system_code: 'PROGRESS-TEST' });
    expect(await jobOf(started.id)).toMatchObject({ status: 'succeeded', attempts: 1 });
  });

  it('queues the run as a job with its progress row; a job worker\'s drain runs it to 100 %', async () => {
    const { stored, hook } = recorder();
    const started = await startEvaluationRun(database.db, PROBE_CATALOGUE, REQUEST, TESTER, hook, { now: () => T0, runHere: false });
    await started.finished;
    const job = await jobOf(started.id);
    // The version is pinned when the run is started; the requester travels with the job.
    expect(job).toMatchObject({ status: 'queued', attempts: 0, max_attempts: 3, payload: { request: { ...REQUEST, systemVersion: '1' }, requester: TESTER } });
    expect(await getRunProgress(database.db, started.id, '*')).toMatchObject({ status: 'running', stage: 'queued', percent: 0, attempts: 1 });
    expect(await drainDueJobs(database.db, evaluationRunHandlers(database.db, PROBE_CATALOGUE, hook), { now: () => T0 })).toMatchObject({ succeeded: 1, retrying: 0, failed: 0 });
    expect(await getRunProgress(database.db, started.id, '*')).toMatchObject({ status: 'succeeded', stage: 'done', percent: 100, attempts: 1 });
    expect(stored).toEqual([started.id]);
    expect(await storedRuns(started.id)).toBe(1);
  });

  it('resumes a run whose worker died: the stale job is claimed again and the run stored once', async () => {
    const { stored, hook } = recorder();
    const handlers = evaluationRunHandlers(database.db, PROBE_CATALOGUE, hook);
    const { id } = await startEvaluationRun(database.db, PROBE_CATALOGUE, REQUEST, TESTER, hook, { now: () => T0, runHere: false });
    // A worker claims it, gets half-way and its process ends.
    expect(await claimNextJob(database.db, T0)).toMatchObject({ kind: RUN_JOB_KIND, key: id, attempts: 1 });
    await database.db.updateTable('evaluation_run_progress').set({ stage: 'metrics', done: 1, total: 2 }).where('run_id', '=', id).execute();
    expect(await getRunProgress(database.db, id, '*')).toMatchObject({ status: 'running', stage: 'metrics', percent: 45 });
    // Within the two minutes its lock is held: nobody takes it.
    expect(await drainDueJobs(database.db, handlers, { now: () => at(1) })).toMatchObject({ succeeded: 0 });
    // After them it is queued again, claimed and finished.
    expect(await drainDueJobs(database.db, handlers, { now: () => at(3) })).toMatchObject({ succeeded: 1, failed: 0 });
    expect(await getRunProgress(database.db, id, '*')).toMatchObject({ status: 'succeeded', percent: 100, attempts: 2, error: null });
    expect(await storedRuns(id)).toBe(1);
    expect(stored).toEqual([id]);
  });

  it('never stores two runs for one id: an attempt that finds the run stored only finishes the row', async () => {
    const { stored, hook } = recorder();
    const handlers = evaluationRunHandlers(database.db, PROBE_CATALOGUE, hook);
    const { id } = await startEvaluationRun(database.db, PROBE_CATALOGUE, REQUEST, TESTER, hook, { now: () => T0, runHere: false });
    await claimNextJob(database.db, T0);
    // The first attempt stored the run, then its process ended before anything else.
    const first = await runEvaluation(database.db, PROBE_CATALOGUE, REQUEST, undefined, { runId: id });
    expect(first.alreadyStored).toBeUndefined();
    expect(await drainDueJobs(database.db, handlers, { now: () => at(3) })).toMatchObject({ succeeded: 1 });
    expect(await storedRuns(id)).toBe(1);
    expect(stored).toEqual([id]);
    const again = await runEvaluation(database.db, PROBE_CATALOGUE, REQUEST, undefined, { runId: id });
    expect(again).toMatchObject({ runId: id, alreadyStored: true, result: { inputHash: first.result.inputHash } });
    expect(await getRunProgress(database.db, id, '*')).toMatchObject({ status: 'succeeded', percent: 100, attempts: 2 });
  });

  it('retries a failing run with backoff, then fails it with its localized error after its last attempt', async () => {
    const hook: OnRunStored = async () => {
      throw new Error('gateway down');
    };
    const handlers = evaluationRunHandlers(database.db, PROBE_CATALOGUE, hook);
    const { id } = await startEvaluationRun(database.db, PROBE_CATALOGUE, REQUEST, TESTER, hook, { now: () => T0, runHere: false });
    expect(await drainDueJobs(database.db, handlers, { now: () => T0 })).toMatchObject({ retrying: 1 });
    const retrying = await getRunProgress(database.db, id, '*');
    expect(retrying).toMatchObject({ status: 'running', stage: 'queued', attempts: 1, maxAttempts: 3, error: { zh: '评估计算失败：gateway down', en: 'the evaluation failed: gateway down' } });
    expect(await drainDueJobs(database.db, handlers, { now: () => at(1) })).toMatchObject({ retrying: 1 });
    expect(await drainDueJobs(database.db, handlers, { now: () => at(2) })).toMatchObject({ succeeded: 0, retrying: 0, failed: 0 });
    expect(await drainDueJobs(database.db, handlers, { now: () => at(3) })).toMatchObject({ failed: 1 });
    expect(await getRunProgress(database.db, id, '*')).toMatchObject({ status: 'failed', stage: 'failed', attempts: 3, error: { zh: '评估计算失败：gateway down', en: 'the evaluation failed: gateway down' } });
    expect(await jobOf(id)).toMatchObject({ status: 'failed', attempts: 3 });
    // The run itself was stored once, by the first attempt.
    expect(await storedRuns(id)).toBe(1);
  });

  it('stops a run that keeps killing its process once its attempts are used up', async () => {
    const { stored, hook } = recorder();
    const { id } = await startEvaluationRun(database.db, PROBE_CATALOGUE, REQUEST, TESTER, hook, { now: () => T0, runHere: false });
    for (const minutes of [0, 3, 6]) expect(await claimNextJob(database.db, at(minutes))).toMatchObject({ key: id });
    expect(await drainDueJobs(database.db, evaluationRunHandlers(database.db, PROBE_CATALOGUE, hook), { now: () => at(9) })).toMatchObject({ failed: 1 });
    const last = await getRunProgress(database.db, id, '*');
    expect(last).toMatchObject({ status: 'failed', stage: 'failed' });
    expect(last.error?.zh).toContain('多次中断');
    expect(await storedRuns(id)).toBe(0);
    expect(stored).toEqual([]);
  });

  it('hides the progress of runs outside the caller\'s subtree', async () => {
    const started = await startEvaluationRun(database.db, PROBE_CATALOGUE, REQUEST, TESTER, async () => {});
    await started.finished;
    await expect(getRunProgress(database.db, started.id, '330200')).rejects.toMatchObject({ code: 'not_found' });
    // Nor does a county see its city's run's progress.
    await expect(getRunProgress(database.db, started.id, '330102')).rejects.toMatchObject({ code: 'not_found' });
    await expect(getRunProgress(database.db, 'run_00000000-0000-0000-0000-000000000000', '*')).rejects.toBeInstanceOf(AppError);
  });

  it('refuses a bad request at once, and fails at once, without retries, on an error another attempt cannot mend', async () => {
    const none = async () => {};
    await expect(startEvaluationRun(database.db, PROBE_CATALOGUE, { ...REQUEST, systemCode: 'NO-SUCH' }, TESTER, none)).rejects.toMatchObject({ code: 'not_found' });
    await expect(startEvaluationRun(database.db, PROBE_CATALOGUE, { ...REQUEST, period: '2025-13' }, TESTER, none)).rejects.toThrow();
    await expect(startEvaluationRun(database.db, PROBE_CATALOGUE, { ...REQUEST, scope: '999999' }, TESTER, none)).rejects.toMatchObject({ code: 'not_found' });
    // The work itself fails: the after-step throws (an audit that could not be written).
    const started = await startEvaluationRun(database.db, PROBE_CATALOGUE, REQUEST, TESTER, async () => {
      throw new AppError('conflict', { message: { zh: '写入留痕失败', en: 'could not write the audit entry' } });
    });
    await started.finished;
    expect(await getRunProgress(database.db, started.id, '*')).toMatchObject({ status: 'failed', stage: 'failed', attempts: 1, error: { zh: '写入留痕失败', en: 'could not write the audit entry' } });
    expect(await jobOf(started.id)).toMatchObject({ status: 'failed', attempts: 1 });
  });

  it('reports as failed a run left running from before runs were queue jobs', async () => {
    await database.db
      .insertInto('evaluation_run_progress')
      .values({ run_id: 'run_11111111-1111-1111-1111-111111111111', system_code: 'PROGRESS-TEST', period: '2025-06', scope_org_unit: '330100', requested_by: 't', status: 'running', stage: 'metrics', done: 1, total: 2, started_at: T0, updated_at: T0 })
      .execute();
    const stale = await getRunProgress(database.db, 'run_11111111-1111-1111-1111-111111111111', '*');
    expect(stale).toMatchObject({ status: 'failed', stage: 'failed' });
    expect(stale.error?.zh).toContain('中断');
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
