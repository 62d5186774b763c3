// Evaluation runs started in the background and followed by their progress. The request is checked
// up front (period, system, metrics, scope) so that a bad one is refused at once; then a row in
// evaluation_run_progress announces the run id and the work continues in this process, moving the
// row through its stages (metrics i/n → scoring → storing → done). A run whose process died never
// finishes: a row left 'running' that has not moved for RUN_STALE_AFTER_MS, and is not being worked on
// here, is marked failed the next time anyone looks.
import { randomUUID } from 'node:crypto';
import { AppError, periodRange, type LocalizedText } from '@govperf/contracts';
import type { DB } from '@govperf/storage';
import type { Kysely } from 'kysely';
import { isWithinArea } from '../identity/actor';
import { runEvaluation, type MetricCatalogue, type RunEvaluationOutcome, type RunEvaluationRequest, type RunProgressReport } from './run-evaluation';
import { loadIndicatorSystem } from './systems';

/** A running row that has not moved for this long, and no run of this process owns, is failed. */
export const RUN_STALE_AFTER_MS = 10 * 60 * 1000;

export type RunStage = 'queued' | 'metrics' | 'scoring' | 'storing' | 'done' | 'failed';

export interface RunProgressView {
  id: string;
  system: string;
  period: string;
  scope: string;
  status: 'running' | 'succeeded' | 'failed';
  stage: RunStage;
  /** Metrics computed so far, out of `total`. */
  done: number;
  total: number;
  /** 0–100 over all stages; 100 only once the run is stored. */
  percent: number;
  error: LocalizedText | null;
  startedAt: string;
  updatedAt: string;
  finishedAt: string | null;
}

export interface StartedRun {
  id: string;
  /** Settles when the background work has ended (succeeded or failed); never rejects. */
  finished: Promise<void>;
}

/** Runs this process is working on: never stale, however long a stage takes. */
const active = new Set<string>();

/** Where each stage starts on the 0–100 bar; the metrics stage fills the span up to scoring. */
const STAGE_START: Record<RunStage, number> = { queued: 0, metrics: 5, scoring: 85, storing: 92, done: 100, failed: 0 };

export function progressPercent(stage: RunStage, done: number, total: number): number {
  if (stage === 'metrics') return Math.floor(STAGE_START.metrics + (total > 0 ? (done / total) * (STAGE_START.scoring - STAGE_START.metrics) : 0));
  return STAGE_START[stage];
}

function errorText(error: unknown): LocalizedText {
  if (error instanceof AppError) return { zh: error.messageIn('zh'), en: error.messageIn('en') };
  const message = error instanceof Error ? error.message : String(error);
  return { zh: `评估计算失败：${message}`, en: `the evaluation failed: ${message}` };
}

function parseError(text: string | null): LocalizedText | null {
  if (text === null) return null;
  try {
    const parsed = JSON.parse(text) as Partial<LocalizedText>;
    if (typeof parsed.zh === 'string' && typeof parsed.en === 'string') return { zh: parsed.zh, en: parsed.en };
  } catch {
    // a plain message
  }
  return { zh: text, en: text };
}

/** Marks failed the running rows nobody here works on that have not moved since `now - staleAfterMs`; returns how many. */
export async function failStaleRuns(db: Kysely<DB>, now: Date = new Date(), staleAfterMs = RUN_STALE_AFTER_MS): Promise<number> {
  let query = db
    .updateTable('evaluation_run_progress')
    .set({ status: 'failed', stage: 'failed', updated_at: now, finished_at: now, error: JSON.stringify({ zh: '评估运行已中断（服务重启或进程退出），请重新发起', en: 'the run was interrupted (the server restarted or the process ended); start it again' }) })
    .where('status', '=', 'running')
    .where('updated_at', '<', new Date(now.getTime() - staleAfterMs));
  if (active.size) query = query.where('run_id', 'not in', [...active]);
  const result = await query.executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/**
 * Checks the request, records the run as queued and starts it in the background. `onSucceeded`
 * runs after the run is stored (the caller's audit entry); its failure fails the progress row too.
 */
export async function startEvaluationRun(
  db: Kysely<DB>,
  catalogue: MetricCatalogue,
  request: RunEvaluationRequest,
  requestedBy: string,
  onSucceeded: (outcome: RunEvaluationOutcome) => Promise<void>,
  now: () => Date = () => new Date(),
): Promise<StartedRun> {
  periodRange(request.period);
  const { compiled } = await loadIndicatorSystem(db, request.systemCode, request.systemVersion);
  const missing = compiled.metrics.filter((m) => !catalogue.definitions.has(m));
  if (missing.length) {
    throw new AppError('validation_failed', {
      message: { zh: `指标体系引用了平台尚未定义的度量：${missing.join('、')}`, en: `the indicator system uses metrics the platform does not define: ${missing.join(', ')}` },
      details: missing.map((m) => ({ path: ['metrics', m], message: 'no metric definition' })),
    });
  }
  if (!(await db.selectFrom('org_units').select('code').where('code', '=', request.scope).executeTakeFirst())) {
    throw new AppError('not_found', { message: { zh: `行政区划 ${request.scope} 不存在`, en: `org unit ${request.scope} not found` }, details: [{ path: ['scope'], message: 'unknown org unit' }] });
  }

  const id = `run_${randomUUID()}`;
  await db
    .insertInto('evaluation_run_progress')
    .values({ run_id: id, system_code: compiled.code, period: request.period, scope_org_unit: request.scope, requested_by: requestedBy, status: 'running', stage: 'queued', started_at: now(), updated_at: now() })
    .execute();
  active.add(id);

  const report = async ({ stage, done, total }: RunProgressReport) => {
    // done/total count metrics: the later stages keep the metric counts as they ended.
    await db
      .updateTable('evaluation_run_progress')
      .set(stage === 'metrics' ? { stage, done, total, updated_at: now() } : { stage, updated_at: now() })
      .where('run_id', '=', id)
      .execute();
  };
  const finished = (async () => {
    try {
      // Let the caller answer first: the work starts on a later turn of the event loop.
      await new Promise((resolve) => setImmediate(resolve));
      const outcome = await runEvaluation(db, catalogue, request, now, { onProgress: report, runId: id });
      await onSucceeded(outcome);
      await db.updateTable('evaluation_run_progress').set({ status: 'succeeded', stage: 'done', updated_at: now(), finished_at: now() }).where('run_id', '=', id).execute();
    } catch (error) {
      await db
        .updateTable('evaluation_run_progress')
        .set({ status: 'failed', stage: 'failed', error: JSON.stringify(errorText(error)), updated_at: now(), finished_at: now() })
        .where('run_id', '=', id)
        .execute()
        .catch(() => undefined);
    } finally {
      active.delete(id);
    }
  })();
  return { id, finished };
}

/** A run's progress, for callers whose area contains its scope (404 otherwise, as for the run itself). */
export async function getRunProgress(db: Kysely<DB>, id: string, callerArea: string, now: Date = new Date()): Promise<RunProgressView> {
  await failStaleRuns(db, now);
  const row = await db.selectFrom('evaluation_run_progress').selectAll().where('run_id', '=', id).executeTakeFirst();
  if (!row || !(await isWithinArea(db, callerArea, row.scope_org_unit))) {
    throw new AppError('not_found', { message: { zh: `评估运行 ${id} 的进度不存在`, en: `no progress for evaluation run ${id}` } });
  }
  return {
    id: row.run_id,
    system: row.system_code,
    period: row.period,
    scope: row.scope_org_unit,
    status: row.status,
    stage: row.stage,
    done: row.done,
    total: row.total,
    percent: row.status === 'succeeded' ? 100 : progressPercent(row.stage, row.done, row.total),
    error: parseError(row.error),
    startedAt: new Date(row.started_at).toISOString(),
    updatedAt: new Date(row.updated_at).toISOString(),
    finishedAt: row.finished_at ? new Date(row.finished_at).toISOString() : null,
  };
}
