// Fixed-window counters in the database (rate_limit_windows, migration 0014), so every server
// process on the same database shares one budget per key: the public intake limits per IP and
// per device (client id). One atomic upsert per hit; windows older than a day are purged by a
// daily job.
import type { DB } from '@govperf/storage';
import { sql, type Kysely } from 'kysely';
import { enqueueJob, type JobHandler } from '../jobs/queue';

export interface WindowHit {
  /** Hits in this window, this one included. */
  count: number;
  ok: boolean;
  /** Seconds until the window ends (at least 1). */
  retryAfterSeconds: number;
}

/** Counts one hit of `key` in the current fixed window of `windowMs` and tells whether it is within `limit`. */
export async function hitRateWindow(db: Kysely<DB>, key: string, limit: number, windowMs = 60_000, now = new Date()): Promise<WindowHit> {
  const start = Math.floor(now.getTime() / windowMs) * windowMs;
  const { rows } = await sql<{ count: number }>`
    insert into rate_limit_windows (key, window_start, count) values (${key}, ${new Date(start)}, 1)
    on conflict (key, window_start) do update set count = rate_limit_windows.count + 1
    returning count`.execute(db);
  const count = Number(rows[0]!.count);
  return { count, ok: count <= limit, retryAfterSeconds: Math.max(1, Math.ceil((start + windowMs - now.getTime()) / 1000)) };
}

export const RATE_WINDOW_PURGE_KIND = 'rate_limits.purge';
const DAY_MS = 86_400_000;

/** Deletes the windows that ended more than a day before `now`. */
export async function purgeRateWindows(db: Kysely<DB>, now: Date): Promise<number> {
  const result = await db.deleteFrom('rate_limit_windows').where('window_start', '<', new Date(now.getTime() - DAY_MS)).executeTakeFirst();
  return Number(result.numDeletedRows ?? 0);
}

export async function scheduleRateWindowPurge(db: Kysely<DB>, now: Date): Promise<number> {
  const day = new Date(now.getTime()).toISOString().slice(0, 10);
  return (await enqueueJob(db, { kind: RATE_WINDOW_PURGE_KIND, key: day, runAt: now, maxAttempts: 3 })) ? 1 : 0;
}

export function rateWindowHandlers(db: Kysely<DB>, now: () => Date = () => new Date()): Record<string, JobHandler> {
  return {
    [RATE_WINDOW_PURGE_KIND]: async () => {
      await purgeRateWindows(db, now());
    },
  };
}
