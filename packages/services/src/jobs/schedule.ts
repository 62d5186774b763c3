// The recurring work, as jobs: yesterday's daily quality checks (from 02:00 Beijing time), the
// daily key-supervision sweep of overdue rectification tasks (from 06:00), and
// an evaluation of every stored indicator system for its last complete period (from 03:00 on
// the 5th day after the period ends, when late data has arrived). Runs are stored, not
// published: publishing stays a decision of the performance office.
import { parseIndicatorSystemText, type IndicatorSystem } from '@govperf/contracts';
import type { DB } from '@govperf/storage';
import type { Kysely } from 'kysely';
import { enqueueJob, type JobHandler } from './queue';

const BEIJING_MS = 8 * 3600 * 1000;
const DAY_MS = 86_400_000;

/** requestedEvaluation: a run someone started in the background (POST /api/evaluations, async), keyed by its run id (evaluation/run-progress.ts). */
export const JOB_KINDS = { dailyQuality: 'quality.daily', periodEvaluation: 'evaluation.period', rectificationSupervision: 'rectification.supervise', requestedEvaluation: 'evaluation.requested' } as const;

/** Beijing local date (YYYY-MM-DD) of an instant. */
const localDate = (instant: Date) => new Date(instant.getTime() + BEIJING_MS).toISOString().slice(0, 10);
/** The instant of a Beijing local date and hour. */
const atLocal = (date: string, hour: number) => new Date(Date.parse(`${date}T00:00:00Z`) - BEIJING_MS + hour * 3600_000);

/** The last complete month, quarter or year before `now` (Beijing time), and the day it ended. */
export function lastCompletePeriod(periodicity: 'month' | 'quarter' | 'year', now: Date): { period: string; endDate: string } {
  const today = localDate(now);
  const year = Number(today.slice(0, 4));
  const month = Number(today.slice(5, 7));
  if (periodicity === 'year') return { period: String(year - 1), endDate: `${year}-01-01` };
  if (periodicity === 'quarter') {
    const q = Math.ceil(month / 3) - 1;
    const [py, pq] = q === 0 ? [year - 1, 4] : [year, q];
    return { period: `${py}-Q${pq}`, endDate: `${pq === 4 ? py + 1 : py}-${String(pq === 4 ? 1 : pq * 3 + 1).padStart(2, '0')}-01` };
  }
  const [py, pm] = month === 1 ? [year - 1, 12] : [year, month - 1];
  return { period: `${py}-${String(pm).padStart(2, '0')}`, endDate: `${year}-${String(month).padStart(2, '0')}-01` };
}

export async function scheduleRecurringJobs(db: Kysely<DB>, now: Date): Promise<number> {
  let created = 0;
  const yesterday = localDate(new Date(now.getTime() - DAY_MS));
  if (await enqueueJob(db, { kind: JOB_KINDS.dailyQuality, key: yesterday, payload: { day: yesterday }, runAt: atLocal(localDate(now), 2) })) created++;
  const today = localDate(now);
  if (await enqueueJob(db, { kind: JOB_KINDS.rectificationSupervision, key: today, payload: { day: today }, runAt: atLocal(today, 6) })) created++;

  const root = await db.selectFrom('org_units').select('code').where('parent_code', 'is', null).orderBy('code').executeTakeFirst();
  if (!root) return created;
  // Only published versions are evaluated on schedule; drafts run only when someone names them.
  const systems = await db.selectFrom('indicator_systems').select(['code', 'version', 'document']).where('status', '=', 'published').orderBy('code').orderBy('published_at', 'desc').orderBy('created_at', 'desc').execute();
  const latest = new Map<string, (typeof systems)[number]>();
  for (const s of systems) if (!latest.has(s.code)) latest.set(s.code, s);
  for (const s of latest.values()) {
    const parsed = parseIndicatorSystemText(JSON.stringify(s.document));
    const periodicity = (parsed.ok ? parsed.system.periodicity : undefined) ?? 'quarter';
    const { period, endDate } = lastCompletePeriod(periodicity as NonNullable<IndicatorSystem['periodicity']>, now);
    const runAt = new Date(atLocal(endDate, 3).getTime() + 4 * DAY_MS);
    const job = { kind: JOB_KINDS.periodEvaluation, key: `${s.code}@${s.version}:${period}:${root.code}`, payload: { system: s.code, version: s.version, period, scope: root.code }, runAt };
    if (await enqueueJob(db, job)) created++;
  }
  return created;
}

export interface RecurringWork {
  runDailyChecks(day: string): Promise<unknown>;
  runEvaluation(request: { systemCode: string; systemVersion: string; period: string; scope: string }): Promise<unknown>;
  superviseOverdue(): Promise<unknown>;
}

export function recurringHandlers(work: RecurringWork): Record<string, JobHandler> {
  return {
    [JOB_KINDS.dailyQuality]: async (payload) => {
      await work.runDailyChecks(String(payload.day));
    },
    [JOB_KINDS.rectificationSupervision]: async () => {
      await work.superviseOverdue();
    },
    [JOB_KINDS.periodEvaluation]: async (payload) => {
      await work.runEvaluation({ systemCode: String(payload.system), systemVersion: String(payload.version), period: String(payload.period), scope: String(payload.scope) });
    },
  };
}
