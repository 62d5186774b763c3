// The feedback loop's queued work: processing each stored submission (retried with backoff by the
// queue on failure) and the SLA sweep, scheduled every 15 minutes like the other recurring jobs.
import type { SlaPolicy } from '@govperf/contracts';
import type { DB } from '@govperf/storage';
import type { TextAnalyzer } from '@govperf/text';
import { sql, type Kysely } from 'kysely';
import type { Actor } from '../identity/actor';
import { completeJob, enqueueJob, failJob, type ClaimedJob, type JobHandler, type JobRunSummary } from '../jobs/queue';
import { FEEDBACK_JOB_KINDS } from './intake';
import { processFeedbackSubmission, processRatingSubmission } from './process';
import { sweepSla } from './sla-sweep';

export const SWEEP_EVERY_MS = 15 * 60_000;

/** The sweep of the current 15-minute slot, once (the queue's (kind, key) makes it idempotent). */
export async function scheduleFeedbackSweep(db: Kysely<DB>, now: Date): Promise<number> {
  const slot = new Date(Math.floor(now.getTime() / SWEEP_EVERY_MS) * SWEEP_EVERY_MS);
  return (await enqueueJob(db, { kind: FEEDBACK_JOB_KINDS.sweep, key: slot.toISOString(), runAt: slot, maxAttempts: 3 })) ? 1 : 0;
}

export interface FeedbackJobOptions {
  actor: Actor;
  analyzer?: TextAnalyzer;
  policy?: SlaPolicy;
  now?: () => Date;
}

export function feedbackHandlers(db: Kysely<DB>, options: FeedbackJobOptions): Record<string, JobHandler> {
  const now = options.now ?? (() => new Date());
  const processing = () => ({ ...(options.analyzer ? { analyzer: options.analyzer } : {}), ...(options.policy ? { policy: options.policy } : {}), now: now() });
  return {
    [FEEDBACK_JOB_KINDS.process]: async (payload) => {
      await processFeedbackSubmission(db, String(payload.submission), processing());
    },
    [FEEDBACK_JOB_KINDS.processRating]: async (payload) => {
      await processRatingSubmission(db, String(payload.submission), processing());
    },
    [FEEDBACK_JOB_KINDS.sweep]: async () => {
      // The notifications it queues are sent by the delivery job (notifications/jobs.ts).
      await sweepSla(db, options.actor, now(), options.policy);
    },
  };
}

/** The next due feedback job only (the queue's own claim takes any kind). */
async function claimFeedbackJob(db: Kysely<DB>, now: Date): Promise<ClaimedJob | undefined> {
  const { rows } = await sql<{ id: number; kind: string; key: string; payload: Record<string, unknown>; attempts: number; max_attempts: number }>`
    update jobs set status = 'running', attempts = attempts + 1, locked_at = ${now}
    where id = (
      select id from jobs where status = 'queued' and run_at <= ${now} and kind in (${sql.join(Object.values(FEEDBACK_JOB_KINDS))})
      order by run_at, id limit 1 for update skip locked
    )
    returning id, kind, key, payload, attempts, max_attempts`.execute(db);
  const row = rows[0];
  return row && { id: Number(row.id), kind: row.kind, key: row.key, payload: row.payload, attempts: row.attempts, maxAttempts: row.max_attempts };
}

/** Runs the due feedback jobs now, leaving every other kind to the scheduler (CLI, benchmarks, tests). */
export async function runFeedbackJobs(db: Kysely<DB>, options: FeedbackJobOptions, limit = 1000): Promise<JobRunSummary> {
  const handlers = feedbackHandlers(db, options);
  const now = options.now ?? (() => new Date());
  const summary: JobRunSummary = { succeeded: 0, retrying: 0, failed: 0 };
  for (let i = 0; i < limit; i++) {
    const job = await claimFeedbackJob(db, now());
    if (!job) break;
    try {
      await handlers[job.kind]!(job.payload, job);
      await completeJob(db, job.id, now());
      summary.succeeded++;
    } catch (error) {
      summary[await failJob(db, job, error instanceof Error ? error.message : String(error), now())]++;
    }
  }
  return summary;
}
