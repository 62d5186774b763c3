import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '@govperf/storage';
import { seedTestOrgTree, testEngines } from '@govperf/storage/testing';
import { registerIndicatorSystem } from '../evaluation/systems';
import { claimJob, claimNextJob, completeJob, enqueueJob, failJob, heartbeatJob, PermanentJobError, purgeFinishedJobs, runDueJobs, STALE_AFTER_MS, STALE_AFTER_MS_BY_KIND } from './queue';
import { lastCompletePeriod, recurringHandlers, scheduleRecurringJobs } from './schedule';

const at = (iso: string) => new Date(iso);

describe('lastCompletePeriod (Beijing time)', () => {
  it('finds the last complete month, quarter and year', () => {
    const now = at('2026-11-22T10:00:00+08:00');
    expect(lastCompletePeriod('month', now)).toEqual({ period: '2026-10', endDate: '2026-11-01' });
    expect(lastCompletePeriod('quarter', now)).toEqual({ period: '2026-Q3', endDate: '2026-10-01' });
    expect(lastCompletePeriod('year', now)).toEqual({ period: '2025', endDate: '2026-01-01' });
    // 00:30 on 1 January in Beijing is still 31 December in UTC: the year 2025 is complete.
    const newYear = at('2025-12-31T16:30:00Z');
    expect(lastCompletePeriod('month', newYear)).toEqual({ period: '2025-12', endDate: '2026-01-01' });
    expect(lastCompletePeriod('quarter', newYear)).toEqual({ period: '2025-Q4', endDate: '2026-01-01' });
  });
});

describe.each(testEngines())('job queue on $name', (engine) => {
  let database: Database;
  let dispose: () => Promise<void>;
  beforeAll(async () => {
    ({ database, dispose } = await engine.open());
  });
  afterAll(async () => dispose());
  // Each test starts from an empty queue: a claim takes any due job, whatever its kind.
  beforeEach(async () => {
    await database.db.deleteFrom('jobs').execute();
  });

  it('enqueues once per (kind, key) and hands out due jobs in order', async () => {
    const db = database.db;
    const now = at('2026-01-10T00:00:00Z');
    expect(await enqueueJob(db, { kind: 'probe', key: 'b', runAt: at('2026-01-09T00:00:00Z') })).toBe(true);
    expect(await enqueueJob(db, { kind: 'probe', key: 'a', runAt: at('2026-01-08T00:00:00Z') })).toBe(true);
    expect(await enqueueJob(db, { kind: 'probe', key: 'a', runAt: at('2026-01-01T00:00:00Z') })).toBe(false);
    expect(await enqueueJob(db, { kind: 'probe', key: 'later', runAt: at('2026-02-01T00:00:00Z') })).toBe(true);
    expect((await claimNextJob(db, now))?.key).toBe('a');
    expect((await claimNextJob(db, now))?.key).toBe('b');
    expect(await claimNextJob(db, now)).toBeUndefined();
  });

  it('purges jobs that succeeded more than 30 days ago, keeping recent and failed ones', async () => {
    const db = database.db;
    for (const key of ['old', 'recent', 'broken']) await enqueueJob(db, { kind: 'probe', key, runAt: at('2026-01-01T00:00:00Z'), maxAttempts: 1 });
    const jobs = await db.selectFrom('jobs').select(['id', 'key']).execute();
    const id = (key: string) => jobs.find((j) => j.key === key)!.id;
    await completeJob(db, Number(id('old')), at('2026-01-01T00:00:00Z'));
    await completeJob(db, Number(id('recent')), at('2026-01-20T00:00:00Z'));
    await db.updateTable('jobs').set({ status: 'failed', finished_at: at('2026-01-01T00:00:00Z') }).where('key', '=', 'broken').execute();
    expect(await purgeFinishedJobs(db, at('2026-02-05T00:00:00Z'))).toBe(1);
    expect((await db.selectFrom('jobs').select('key').orderBy('key').execute()).map((j) => j.key)).toEqual(['broken', 'recent']);
  });

  it('retries with backoff, then fails for good; an abandoned job goes back to the queue', async () => {
    const db = database.db;
    const now = at('2026-03-01T00:00:00Z');
    await enqueueJob(db, { kind: 'flaky', key: 'x', runAt: now, maxAttempts: 2 });
    const first = (await claimNextJob(db, now))!;
    expect(await failJob(db, first, 'boom', now)).toBe('retrying');
    expect(await claimNextJob(db, now)).toBeUndefined(); // backing off for a minute
    const second = (await claimNextJob(db, at('2026-03-01T00:01:00Z')))!;
    expect(second.attempts).toBe(2);
    expect(await failJob(db, second, 'boom again', now)).toBe('failed');
    const row = await db.selectFrom('jobs').select(['status', 'last_error']).where('id', '=', second.id).executeTakeFirstOrThrow();
    expect(row).toEqual({ status: 'failed', last_error: 'boom again' });

    await enqueueJob(db, { kind: 'abandoned', key: 'y', runAt: now });
    const taken = (await claimNextJob(db, now))!;
    expect(taken.kind).toBe('abandoned');
    const later = new Date(now.getTime() + STALE_AFTER_MS + 1000);
    expect((await claimNextJob(db, later))?.id).toBe(taken.id);
  });

  it('claims one job by key, keeps a heartbeat kind\'s lock fresh and takes it back sooner when it stops, and fails a permanent error at once', async () => {
    const db = database.db;
    const now = at('2026-04-01T00:00:00Z');
    const minutes = (m: number) => new Date(now.getTime() + m * 60_000);
    expect(STALE_AFTER_MS_BY_KIND['evaluation.requested']).toBe(2 * 60_000);
    await enqueueJob(db, { kind: 'evaluation.requested', key: 'run_a', runAt: now });
    await enqueueJob(db, { kind: 'evaluation.requested', key: 'run_b', runAt: now });
    const b = (await claimJob(db, 'evaluation.requested', 'run_b', now))!;
    expect(b).toMatchObject({ key: 'run_b', attempts: 1 });
    expect(await claimJob(db, 'evaluation.requested', 'run_b', now)).toBeUndefined(); // held
    const a = (await claimNextJob(db, now))!;
    expect(a.key).toBe('run_a');
    // run_a's worker stays alive; run_b's died: two minutes later only run_b is taken back.
    expect(await heartbeatJob(db, a, minutes(1.5))).toBe(true);
    const again = (await claimNextJob(db, minutes(2.5)))!;
    expect(again).toMatchObject({ key: 'run_b', attempts: 2 });
    // The dead attempt's heartbeat no longer holds anything; the live one still does.
    expect(await heartbeatJob(db, b, minutes(2.5))).toBe(false);
    expect(await heartbeatJob(db, again, minutes(2.5))).toBe(true);
    // Another kind keeps the thirty minutes.
    await enqueueJob(db, { kind: 'slow', key: 's', runAt: now });
    const slow = (await claimNextJob(db, now))!;
    expect(slow.kind).toBe('slow');
    await completeJob(db, a.id, now);
    await completeJob(db, again.id, now);
    expect(await claimNextJob(db, minutes(10))).toBeUndefined();
    // A permanent error fails the job on its first attempt.
    await enqueueJob(db, { kind: 'doomed', key: 'd', runAt: minutes(10), maxAttempts: 5 });
    expect(await runDueJobs(db, { doomed: async () => { throw new PermanentJobError('bad request'); } }, () => minutes(10))).toMatchObject({ failed: 1, retrying: 0 });
    expect(await db.selectFrom('jobs').select(['status', 'attempts', 'last_error']).where('key', '=', 'd').executeTakeFirstOrThrow()).toEqual({ status: 'failed', attempts: 1, last_error: 'bad request' });
  });

  it('schedules the daily quality check, the supervision sweep and each system\'s last complete period, and runs them', async () => {
    const db = database.db;
    await seedTestOrgTree(db);
    await registerIndicatorSystem(db, {
      format: 'govperf/indicator-system@1',
      code: 'JOB-TEST',
      version: '1',
      name: { zh: '定时', en: 'Scheduled' },
      periodicity: 'month',
      indicators: [{ code: 'A', name: { zh: '甲', en: 'A' }, formula: 'x', scoring: { method: 'identity' } }],
    });
    const now = at('2026-11-22T10:00:00+08:00');
    expect(await scheduleRecurringJobs(db, now)).toBe(3);
    expect(await scheduleRecurringJobs(db, now)).toBe(0);
    const jobs = await db.selectFrom('jobs').select(['kind', 'key', 'run_at']).where('kind', 'in', ['quality.daily', 'evaluation.period', 'rectification.supervise']).orderBy('kind').execute();
    expect(jobs.map((j) => [j.kind, j.key, new Date(j.run_at).toISOString()])).toEqual([
      ['evaluation.period', 'JOB-TEST@1:2026-10:330000', '2026-11-04T19:00:00.000Z'],
      ['quality.daily', '2026-11-21', '2026-11-21T18:00:00.000Z'],
      // 06:00 Beijing time on the day itself.
      ['rectification.supervise', '2026-11-22', '2026-11-21T22:00:00.000Z'],
    ]);
    const seen: string[] = [];
    const handlers = recurringHandlers({
      runDailyChecks: async (day) => seen.push(`quality ${day}`),
      runEvaluation: async (r) => seen.push(`evaluate ${r.systemCode} ${r.systemVersion} ${r.period} ${r.scope}`),
      superviseOverdue: async () => seen.push('supervise'),
    });
    const summary = await runDueJobs(db, handlers, () => now);
    expect(summary).toEqual({ succeeded: 3, retrying: 0, failed: 0 });
    expect(seen.sort()).toEqual(['evaluate JOB-TEST 1 2026-10 330000', 'quality 2026-11-21', 'supervise']);
  });
});
