// The job queue: enqueue once per (kind, key), claim the next due job with SKIP LOCKED (so
// several workers never take the same job), retry failures with exponential backoff, and put
// jobs whose worker died back in the queue.
import type { DB } from '@govperf/storage';
import { sql, type Kysely } from 'kysely';

export interface JobRequest {
  kind: string;
  /** With kind, identifies the work: scheduling the same (kind, key) again does nothing. */
  key: string;
  payload?: Record<string, unknown>;
  runAt: Date;
  maxAttempts?: number;
}

export interface ClaimedJob {
  id: number;
  kind: string;
  key: string;
  payload: Record<string, unknown>;
  attempts: number;
  maxAttempts: number;
}

/** A job running longer than this is taken to have lost its worker and is queued again. */
export const STALE_AFTER_MS = 30 * 60 * 1000;
const BACKOFF_BASE_MS = 60 * 1000;

const enqueueListeners = new Set<(job: { kind: string; runAt: Date }) => void>();

/**
 * In-process wake-up signal: `listener` hears of every job this process enqueues (the job worker
 * uses it to run soon after an enqueue instead of at its next idle poll). Returns the unsubscribe.
 * The insert may still be inside an uncommitted transaction when it fires: listeners poll shortly after.
 */
export function onJobEnqueued(listener: (job: { kind: string; runAt: Date }) => void): () => void {
  enqueueListeners.add(listener);
  return () => enqueueListeners.delete(listener);
}

export async function enqueueJob(db: Kysely<DB>, job: JobRequest): Promise<boolean> {
  const result = await db
    .insertInto('jobs')
    .values({ kind: job.kind, key: job.key, payload: JSON.stringify(job.payload ?? {}), run_at: job.runAt, ...(job.maxAttempts ? { max_attempts: job.maxAttempts } : {}) })
    .onConflict((oc) => oc.columns(['kind', 'key']).doNothing())
    .executeTakeFirst();
  const created = Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
  if (created) for (const listener of enqueueListeners) listener({ kind: job.kind, runAt: job.runAt });
  return created;
}

export async function claimNextJob(db: Kysely<DB>, now: Date): Promise<ClaimedJob | undefined> {
  await db
    .updateTable('jobs')
    .set({ status: 'queued', locked_at: null })
    .where('status', '=', 'running')
    .where('locked_at', '<', new Date(now.getTime() - STALE_AFTER_MS))
    .execute();
  const { rows } = await sql<{ id: number; kind: string; key: string; payload: Record<string, unknown>; attempts: number; max_attempts: number }>`
    update jobs set status = 'running', attempts = attempts + 1, locked_at = ${now}
    where id = (
      select id from jobs where status = 'queued' and run_at <= ${now}
      order by run_at, id limit 1 for update skip locked
    )
    returning id, kind, key, payload, attempts, max_attempts`.execute(db);
  const row = rows[0];
  return row && { id: Number(row.id), kind: row.kind, key: row.key, payload: row.payload, attempts: row.attempts, maxAttempts: row.max_attempts };
}

export async function completeJob(db: Kysely<DB>, id: number, now: Date): Promise<void> {
  await db.updateTable('jobs').set({ status: 'succeeded', finished_at: now, locked_at: null, last_error: null }).where('id', '=', id).execute();
}

/** Jobs that succeeded more than `keepDays` ago are deleted (the minute-by-minute delivery jobs would
 *  otherwise pile up); failed ones stay for inspection. Returns how many went. */
export async function purgeFinishedJobs(db: Kysely<DB>, now: Date, keepDays = 30): Promise<number> {
  const result = await db.deleteFrom('jobs').where('status', '=', 'succeeded').where('finished_at', '<', new Date(now.getTime() - keepDays * 86_400_000)).executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** Queues the job again after 1, 2, 4… minutes, or marks it failed once its attempts are used up. */
export async function failJob(db: Kysely<DB>, job: ClaimedJob, error: string, now: Date): Promise<'retrying' | 'failed'> {
  if (job.attempts >= job.maxAttempts) {
    await db.updateTable('jobs').set({ status: 'failed', finished_at: now, locked_at: null, last_error: error }).where('id', '=', job.id).execute();
    return 'failed';
  }
  const retryAt = new Date(now.getTime() + BACKOFF_BASE_MS * 2 ** (job.attempts - 1));
  await db.updateTable('jobs').set({ status: 'queued', run_at: retryAt, locked_at: null, last_error: error }).where('id', '=', job.id).execute();
  return 'retrying';
}

export type JobHandler = (payload: Record<string, unknown>, job: ClaimedJob) => Promise<void>;

export interface JobRunSummary {
  succeeded: number;
  retrying: number;
  failed: number;
}

/** Runs every job due now, one after another; an unknown kind fails like any other error. */
export async function runDueJobs(db: Kysely<DB>, handlers: Readonly<Record<string, JobHandler>>, now: () => Date = () => new Date(), limit = 100): Promise<JobRunSummary> {
  const summary: JobRunSummary = { succeeded: 0, retrying: 0, failed: 0 };
  for (let i = 0; i < limit; i++) {
    const job = await claimNextJob(db, now());
    if (!job) break;
    try {
      const handler = handlers[job.kind];
      if (!handler) throw new Error(`no handler for job kind ${job.kind}`);
      await handler(job.payload, job);
      await completeJob(db, job.id, now());
      summary.succeeded++;
    } catch (error) {
      const outcome = await failJob(db, job, error instanceof Error ? error.message : String(error), now());
      summary[outcome]++;
    }
  }
  return summary;
}

export interface DrainOptions {
  now?: () => Date;
  /** Jobs per batch. Default 100. */
  batchSize?: number;
  /** Stop after this many batches even if more are due (the worker comes back at once). Default 100. */
  maxBatches?: number;
}

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Runs batches of due jobs while batches come back full, yielding to the event loop between
 * batches (so HTTP requests are served during a burst): a burst of intake is processed in one
 * drain instead of 100 jobs per scheduler tick.
 */
export async function drainDueJobs(db: Kysely<DB>, handlers: Readonly<Record<string, JobHandler>>, options: DrainOptions = {}): Promise<JobRunSummary & { batches: number }> {
  const batchSize = options.batchSize ?? 100;
  const summary = { succeeded: 0, retrying: 0, failed: 0, batches: 0 };
  for (let b = 0; b < (options.maxBatches ?? 100); b++) {
    const batch = await runDueJobs(db, handlers, options.now, batchSize);
    summary.batches++;
    summary.succeeded += batch.succeeded;
    summary.retrying += batch.retrying;
    summary.failed += batch.failed;
    if (batch.succeeded + batch.retrying + batch.failed < batchSize) break;
    await yieldToEventLoop();
  }
  return summary;
}
