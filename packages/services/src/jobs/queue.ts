// The job queue: enqueue once per (kind, key), claim the next due job with SKIP LOCKED (so
// several workers never take the same job), retry failures with exponential backoff (or fail at
// once on a PermanentJobError), and put jobs whose worker died back in the queue — after 30
// minutes, or sooner for kinds whose handlers renew their lock (heartbeatJob). claimJob takes one
// particular job: the process that enqueued a background evaluation run starts it at once.
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
/**
 * Kinds whose handlers keep their lock fresh (heartbeatJob) and so can be taken back sooner:
 * a background evaluation run whose process died resumes about two minutes later, not thirty.
 */
export const STALE_AFTER_MS_BY_KIND: Readonly<Record<string, number>> = { 'evaluation.requested': 2 * 60 * 1000 };

/** Thrown by a handler for a failure that another attempt cannot mend: the job fails at once, without retries. */
export class PermanentJobError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'PermanentJobError';
  }
}
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

/** Puts back in the queue the running jobs whose lock is older than their kind's stale limit. */
export async function requeueStaleJobs(db: Kysely<DB>, now: Date): Promise<number> {
  const before = (ms: number) => new Date(now.getTime() - ms);
  const result = await db
    .updateTable('jobs')
    .set({ status: 'queued', locked_at: null })
    .where('status', '=', 'running')
    .where((eb) =>
      eb.or([
        eb('locked_at', '<', before(STALE_AFTER_MS)),
        ...Object.entries(STALE_AFTER_MS_BY_KIND).map(([kind, ms]) => eb.and([eb('kind', '=', kind), eb('locked_at', '<', before(ms))])),
      ]),
    )
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** Keeps a running job's lock fresh (only while this attempt still holds it); false once it does not. */
export async function heartbeatJob(db: Kysely<DB>, job: ClaimedJob, now: Date): Promise<boolean> {
  const result = await db.updateTable('jobs').set({ locked_at: now }).where('id', '=', job.id).where('status', '=', 'running').where('attempts', '=', job.attempts).executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

type ClaimedRow = { id: number; kind: string; key: string; payload: Record<string, unknown>; attempts: number; max_attempts: number };
const claimed = (row: ClaimedRow | undefined): ClaimedJob | undefined =>
  row && { id: Number(row.id), kind: row.kind, key: row.key, payload: row.payload, attempts: row.attempts, maxAttempts: row.max_attempts };

/** Claims one particular queued job, when it is due and no worker holds it (the process that enqueued it can start it at once). */
export async function claimJob(db: Kysely<DB>, kind: string, key: string, now: Date): Promise<ClaimedJob | undefined> {
  const { rows } = await sql<ClaimedRow>`
    update jobs set status = 'running', attempts = attempts + 1, locked_at = ${now}
    where id = (
      select id from jobs where kind = ${kind} and key = ${key} and status = 'queued' and run_at <= ${now}
      for update skip locked
    )
    returning id, kind, key, payload, attempts, max_attempts`.execute(db);
  return claimed(rows[0]);
}

export async function claimNextJob(db: Kysely<DB>, now: Date): Promise<ClaimedJob | undefined> {
  await requeueStaleJobs(db, now);
  const { rows } = await sql<ClaimedRow>`
    update jobs set status = 'running', attempts = attempts + 1, locked_at = ${now}
    where id = (
      select id from jobs where status = 'queued' and run_at <= ${now}
      order by run_at, id limit 1 for update skip locked
    )
    returning id, kind, key, payload, attempts, max_attempts`.execute(db);
  return claimed(rows[0]);
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

/** Queues the job again after 1, 2, 4… minutes, or marks it failed once its attempts are used up (or at once when `final`). */
export async function failJob(db: Kysely<DB>, job: ClaimedJob, error: string, now: Date, final = false): Promise<'retrying' | 'failed'> {
  if (final || job.attempts >= job.maxAttempts) {
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

/** Runs one claimed job: completed, or failed (retried later unless its attempts are used up or the error is a PermanentJobError). */
export async function runClaimedJob(db: Kysely<DB>, job: ClaimedJob, handlers: Readonly<Record<string, JobHandler>>, now: () => Date = () => new Date()): Promise<'succeeded' | 'retrying' | 'failed'> {
  try {
    const handler = handlers[job.kind];
    if (!handler) throw new Error(`no handler for job kind ${job.kind}`);
    await handler(job.payload, job);
    await completeJob(db, job.id, now());
    return 'succeeded';
  } catch (error) {
    return failJob(db, job, error instanceof Error ? error.message : String(error), now(), error instanceof PermanentJobError);
  }
}

/** Runs every job due now, one after another; an unknown kind fails like any other error. */
export async function runDueJobs(db: Kysely<DB>, handlers: Readonly<Record<string, JobHandler>>, now: () => Date = () => new Date(), limit = 100): Promise<JobRunSummary> {
  const summary: JobRunSummary = { succeeded: 0, retrying: 0, failed: 0 };
  for (let i = 0; i < limit; i++) {
    const job = await claimNextJob(db, now());
    if (!job) break;
    summary[await runClaimedJob(db, job, handlers, now)]++;
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
