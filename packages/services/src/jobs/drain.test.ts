// The job worker drains bursts: 500 queued jobs complete in one drain (batches of 100, the
// event loop served between them), failures retry with backoff without stopping the drain, and
// the worker loop never runs two ticks at once, comes back soon after an in-process enqueue and
// after a tick that did work.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '@govperf/storage';
import { testEngines } from '@govperf/storage/testing';
import { drainDueJobs, enqueueJob, onJobEnqueued, runDueJobs, type JobRunSummary } from './queue';
import { startJobWorker } from './worker';

const NOW = new Date('2026-11-22T08:00:00Z');

describe.each(testEngines())('draining the job queue on $name', (engine) => {
  let database: Database;
  let dispose: () => Promise<void>;
  beforeAll(async () => {
    ({ database, dispose } = await engine.open());
  });
  afterAll(async () => dispose());
  beforeEach(async () => {
    await database.db.deleteFrom('jobs').execute();
  });

  it('completes a burst of 500 jobs in one drain, where one tick used to run 100', async () => {
    const db = database.db;
    for (let i = 0; i < 500; i++) await enqueueJob(db, { kind: 'burst', key: `k${i}`, runAt: NOW });
    const done: string[] = [];
    const summary = await drainDueJobs(db, { burst: async (_p, job) => void done.push(job.key) }, { now: () => NOW });
    // Five full batches, and a sixth that finds the queue empty.
    expect(summary).toEqual({ succeeded: 500, retrying: 0, failed: 0, batches: 6 });
    expect(new Set(done).size).toBe(500);
    const left = await db.selectFrom('jobs').select(({ fn }) => ['status', fn.countAll<number>().as('n')]).groupBy('status').execute();
    expect(left.map((r) => [r.status, Number(r.n)])).toEqual([['succeeded', 500]]);
    // The old single tick would have left 400 behind.
    await db.deleteFrom('jobs').execute();
    for (let i = 0; i < 150; i++) await enqueueJob(db, { kind: 'burst', key: `o${i}`, runAt: NOW });
    expect(await runDueJobs(db, { burst: async () => {} }, () => NOW)).toMatchObject({ succeeded: 100 });
  });

  it('keeps draining past failures, which wait for their backoff', async () => {
    const db = database.db;
    for (let i = 0; i < 150; i++) await enqueueJob(db, { kind: i % 3 === 0 ? 'flaky' : 'burst', key: `f${i}`, runAt: NOW });
    const summary = await drainDueJobs(db, { burst: async () => {}, flaky: async () => { throw new Error('gateway down'); } }, { now: () => NOW });
    expect(summary).toEqual({ succeeded: 100, retrying: 50, failed: 0, batches: 2 });
    expect(await drainDueJobs(db, { burst: async () => {} }, { now: () => NOW })).toEqual({ succeeded: 0, retrying: 0, failed: 0, batches: 1 });
  });

  it('signals an enqueue in this process, only when a job was created', async () => {
    const heard: string[] = [];
    const off = onJobEnqueued((job) => heard.push(job.kind));
    await enqueueJob(database.db, { kind: 'signal', key: 'one', runAt: NOW });
    await enqueueJob(database.db, { kind: 'signal', key: 'one', runAt: NOW });
    off();
    await enqueueJob(database.db, { kind: 'signal', key: 'two', runAt: NOW });
    expect(heard).toEqual(['signal']);
  });
});

describe('the job worker loop', () => {
  const empty: JobRunSummary = { succeeded: 0, retrying: 0, failed: 0 };
  const until = async (check: () => boolean) => {
    for (let i = 0; i < 400 && !check(); i++) await new Promise((r) => setTimeout(r, 5));
    expect(check()).toBe(true);
  };

  it('never overlaps ticks, returns quickly while there is work and wakes on a signal', async () => {
    let running = 0;
    let overlap = false;
    let work = 3; // three busy ticks, then idle
    const worker = startJobWorker({
      busyIntervalMs: 10, idleIntervalMs: 60_000, wakeDelayMs: 5,
      tick: async () => {
        running++;
        if (running > 1) overlap = true;
        await new Promise((r) => setTimeout(r, 15));
        running--;
        return work-- > 0 ? { ...empty, succeeded: 1 } : empty;
      },
    });
    // 1 immediate tick + 2 more at the busy interval + 1 that finds nothing; then idle for a minute.
    await until(() => worker.ticks >= 4);
    await new Promise((r) => setTimeout(r, 100));
    expect(worker.ticks).toBe(4);
    // Many wake-ups (a burst of enqueues) while idle: debounced into one soon tick.
    for (let i = 0; i < 20; i++) worker.wake();
    await until(() => worker.ticks >= 6);
    await new Promise((r) => setTimeout(r, 100));
    // The woken tick found nothing; it looks once more at the busy interval (the enqueue may not have committed), then idles.
    expect(worker.ticks).toBe(6);
    await worker.stop();
    expect(overlap).toBe(false);
  });

  it('waits firstTickDelayMs before its first tick, unless woken', async () => {
    const worker = startJobWorker({ idleIntervalMs: 60_000, wakeDelayMs: 5, firstTickDelayMs: 60_000, tick: async () => empty });
    await new Promise((r) => setTimeout(r, 100));
    expect(worker.ticks).toBe(0);
    worker.wake();
    await until(() => worker.ticks >= 1);
    await worker.stop();
  });

  it('lets a running tick finish when stopped, and reports errors without stopping', async () => {
    const errors: unknown[] = [];
    let finished = 0;
    let calls = 0;
    const worker = startJobWorker({
      busyIntervalMs: 5, idleIntervalMs: 60_000,
      onError: (e) => errors.push(e),
      tick: async () => {
        calls++;
        if (calls === 1) throw new Error('database unavailable');
        await new Promise((r) => setTimeout(r, 30));
        finished++;
        return empty;
      },
    });
    await until(() => calls >= 2);
    await worker.stop();
    expect(finished).toBe(1);
    expect(errors).toHaveLength(1);
  });
});
