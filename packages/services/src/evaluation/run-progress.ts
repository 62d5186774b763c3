// Evaluation runs started in the background and followed by their progress. The request is checked
// up front (period, system, metrics, scope) so that a bad one is refused at once; then, in one
// transaction, a row in evaluation_run_progress announces the run id and a job of kind
// 'evaluation.requested' (key: the run id, payload: the checked request and who asked) is queued.
// The process that started the run claims that job at once; if it cannot (or dies), the job worker
// of any server process does: a job whose worker died goes stale after two minutes (its lock is
// kept fresh while it runs) and is claimed again, so a run resumes after a restart. Each attempt
// moves the row through its stages (queued → metrics i/n → scoring → storing → done) and stores
// the run under the announced id — once: an attempt that finds it stored only finishes the row.
// A run fails when its job has failed its last attempt (or at once, for an error another
// attempt cannot mend), with its localized error.
import { randomUUID } from 'node:crypto';
import { AppError, periodRange, type LocalizedText } from '@govperf/contracts';
import type { AuditActorKind, DB, OrgLevel } from '@govperf/storage';
import type { Kysely } from 'kysely';
import { isWithinArea } from '../identity/actor';
import { claimJob, enqueueJob, heartbeatJob, PermanentJobError, runClaimedJob, type ClaimedJob, type JobHandler } from '../jobs/queue';
import { JOB_KINDS } from '../jobs/schedule';
import { runEvaluation, type MetricCatalogue, type RunEvaluationOutcome, type RunEvaluationRequest, type RunProgressReport } from './run-evaluation';
import { loadIndicatorSystem } from './systems';

export const RUN_JOB_KIND = JOB_KINDS.requestedEvaluation;
/** Attempts of a background run before it fails (a crash of its process counts as one). */
export const RUN_MAX_ATTEMPTS = 3;
/** How often a running attempt renews its job's lock (the lock goes stale after STALE_AFTER_MS_BY_KIND, two minutes). */
export const RUN_HEARTBEAT_MS = 20_000;

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
  /** The attempt under way or last made (1 for a run that went through at once), out of maxAttempts. */
  attempts: number;
  maxAttempts: number;
  /** A failed run's error; while running, the error of the attempt before (it is being retried). */
  error: LocalizedText | null;
  startedAt: string;
  updatedAt: string;
  finishedAt: string | null;
}

export interface StartedRun {
  id: string;
  /** Settles when this process's attempt has ended (at once if another worker claimed the job first); never rejects. */
  finished: Promise<void>;
}

/** Who started a run, as the audit log records them. */
export interface RunRequester {
  actor: string;
  actorKind: AuditActorKind;
  clientIp: string | null;
}

/** Runs after the run is stored (the caller's audit entry), unless an earlier attempt already recorded it. */
export type OnRunStored = (outcome: RunEvaluationOutcome, request: RunEvaluationRequest, requester: RunRequester) => Promise<void>;

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

const INTERRUPTED: LocalizedText = { zh: '评估运行多次中断（服务重启或进程退出），已停止重试，请重新发起', en: 'the run was interrupted too often (the server restarted or its process ended); start it again' };
const LEGACY: LocalizedText = { zh: '评估运行已中断（服务重启或进程退出），请重新发起', en: 'the run was interrupted (the server restarted or the process ended); start it again' };

/** The job's payload: the checked request and who asked. */
interface RunJobPayload {
  request: RunEvaluationRequest;
  requester: RunRequester;
}

function payloadOf(raw: Record<string, unknown>): RunJobPayload {
  const request = raw.request as Record<string, unknown> | undefined;
  const requester = raw.requester as Record<string, unknown> | undefined;
  if (!request || typeof request.systemCode !== 'string' || typeof request.period !== 'string' || typeof request.scope !== 'string' || !requester || typeof requester.actor !== 'string') {
    throw new PermanentJobError('malformed evaluation.requested payload');
  }
  return {
    request: {
      systemCode: request.systemCode,
      period: request.period,
      scope: request.scope,
      ...(typeof request.systemVersion === 'string' ? { systemVersion: request.systemVersion } : {}),
      ...(Array.isArray(request.levels) ? { levels: request.levels as OrgLevel[] } : {}),
      ...(typeof request.correctsRunId === 'string' ? { correctsRunId: request.correctsRunId } : {}),
    },
    requester: { actor: requester.actor, actorKind: (requester.actorKind as AuditActorKind | undefined) ?? 'user', clientIp: typeof requester.clientIp === 'string' ? requester.clientIp : null },
  };
}

/** One attempt of a background run: the job handler, used by the starting process and by every job worker. */
async function attemptRun(db: Kysely<DB>, catalogue: MetricCatalogue, onStored: OnRunStored, job: ClaimedJob, now: () => Date): Promise<void> {
  const id = job.key;
  const { request, requester } = payloadOf(job.payload);
  const row = await db.selectFrom('evaluation_run_progress').select(['status']).where('run_id', '=', id).executeTakeFirst();
  if (!row) throw new PermanentJobError(`no progress row for ${id}`);
  if (row.status !== 'running') return; // finished by an attempt whose job was then taken for stale
  const fail = async (error: LocalizedText, final: boolean) => {
    await db
      .updateTable('evaluation_run_progress')
      .set(final ? { status: 'failed', stage: 'failed', error: JSON.stringify(error), updated_at: now(), finished_at: now() } : { stage: 'queued', error: JSON.stringify(error), updated_at: now() })
      .where('run_id', '=', id)
      .execute();
  };
  // Claimed again after its attempts were used up by crashes: a run that kills its process stops here.
  if (job.attempts > job.maxAttempts) {
    await fail(INTERRUPTED, true);
    throw new PermanentJobError(INTERRUPTED.en);
  }
  await db.updateTable('evaluation_run_progress').set({ stage: 'queued', done: 0, total: 0, updated_at: now() }).where('run_id', '=', id).execute();

  // The lock stays fresh while this attempt is alive; a dead process stops renewing it.
  const heartbeat = setInterval(() => void heartbeatJob(db, job, now()).catch(() => undefined), RUN_HEARTBEAT_MS);
  heartbeat.unref();
  const report = async ({ stage, done, total }: RunProgressReport) => {
    // done/total count metrics: the later stages keep the metric counts as they ended.
    await db
      .updateTable('evaluation_run_progress')
      .set(stage === 'metrics' ? { stage, done, total, updated_at: now() } : { stage, updated_at: now() })
      .where('run_id', '=', id)
      .execute();
  };
  try {
    const outcome = await runEvaluation(db, catalogue, request, now, { onProgress: report, runId: id });
    // An attempt that stored the run and died before its audit entry leaves it to this one.
    const recorded = await db.selectFrom('audit_log').select('seq').where('entity_type', '=', 'evaluation_run').where('entity_id', '=', id).where('action', '=', 'evaluation.run').executeTakeFirst();
    if (!recorded) await onStored(outcome, request, requester);
    await db.updateTable('evaluation_run_progress').set({ status: 'succeeded', stage: 'done', error: null, updated_at: now(), finished_at: now() }).where('run_id', '=', id).execute();
  } catch (error) {
    // A refused request (AppError) fails the same way every time: no retries.
    const permanent = error instanceof AppError || error instanceof PermanentJobError;
    const final = permanent || job.attempts >= job.maxAttempts;
    await fail(errorText(error), final).catch(() => undefined);
    throw permanent ? new PermanentJobError(error instanceof Error ? error.message : String(error), { cause: error }) : error;
  } finally {
    clearInterval(heartbeat);
  }
}

/** The job handler of background runs, for the job worker's handler table. */
export function evaluationRunHandlers(db: Kysely<DB>, catalogue: MetricCatalogue, onStored: OnRunStored, now: () => Date = () => new Date()): Record<string, JobHandler> {
  return { [RUN_JOB_KIND]: (_payload, job) => attemptRun(db, catalogue, onStored, job, now) };
}

export interface StartRunOptions {
  now?: () => Date;
  /** Claim the job in this process at once (default true); false leaves it to the job workers. */
  runHere?: boolean;
}

/**
 * Checks the request, records the run as queued together with its job, and starts it: this
 * process claims the job on the next turn of the event loop (after the caller has answered). The
 * job worker of any server process takes it instead if this one cannot, or resumes it if this one dies.
 */
export async function startEvaluationRun(
  db: Kysely<DB>,
  catalogue: MetricCatalogue,
  request: RunEvaluationRequest,
  requester: RunRequester,
  onStored: OnRunStored,
  options: StartRunOptions = {},
): Promise<StartedRun> {
  const now = options.now ?? (() => new Date());
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
  // The version is pinned: a version published while the run waits does not change what it evaluates.
  const payload: RunJobPayload = { request: { ...request, systemVersion: compiled.version }, requester };
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('evaluation_run_progress')
      .values({ run_id: id, system_code: compiled.code, period: request.period, scope_org_unit: request.scope, requested_by: requester.actor, status: 'running', stage: 'queued', started_at: now(), updated_at: now() })
      .execute();
    await enqueueJob(trx, { kind: RUN_JOB_KIND, key: id, payload: payload as unknown as Record<string, unknown>, runAt: now(), maxAttempts: RUN_MAX_ATTEMPTS });
  });

  const handlers = evaluationRunHandlers(db, catalogue, onStored, now);
  const finished = (async () => {
    if (options.runHere === false) return;
    try {
      // Let the caller answer first: the work starts on a later turn of the event loop.
      await new Promise((resolve) => setImmediate(resolve));
      const job = await claimJob(db, RUN_JOB_KIND, id, now());
      if (job) await runClaimedJob(db, job, handlers, now);
    } catch {
      // The job stays queued or running: a job worker takes it (again).
    }
  })();
  return { id, finished };
}

/** A run's progress, for callers whose area contains its scope (404 otherwise, as for the run itself). */
export async function getRunProgress(db: Kysely<DB>, id: string, callerArea: string): Promise<RunProgressView> {
  const row = await db
    .selectFrom('evaluation_run_progress as p')
    .leftJoin('jobs as j', (join) => join.on('j.kind', '=', RUN_JOB_KIND).onRef('j.key', '=', 'p.run_id'))
    .selectAll('p')
    .select(['j.status as job_status', 'j.attempts as job_attempts', 'j.max_attempts as job_max_attempts', 'j.last_error as job_error'])
    .where('p.run_id', '=', id)
    .executeTakeFirst();
  if (!row || !(await isWithinArea(db, callerArea, row.scope_org_unit))) {
    throw new AppError('not_found', { message: { zh: `评估运行 ${id} 的进度不存在`, en: `no progress for evaluation run ${id}` } });
  }
  let { status, stage } = row;
  let error = parseError(row.error);
  if (status === 'running') {
    if (row.job_status === null) {
      // Started before runs became jobs, by a process that is gone: nothing will resume it.
      status = 'failed';
      stage = 'failed';
      error = LEGACY;
    } else if (row.job_status === 'failed') {
      status = 'failed';
      stage = 'failed';
      error ??= { zh: `评估计算失败：${row.job_error ?? ''}`, en: `the evaluation failed: ${row.job_error ?? ''}` };
    } else if (row.job_status === 'queued') {
      // Waiting for a worker (first, after a failed attempt, or after its worker died).
      stage = 'queued';
    }
  }
  return {
    id: row.run_id,
    system: row.system_code,
    period: row.period,
    scope: row.scope_org_unit,
    status,
    stage,
    done: stage === 'queued' ? 0 : row.done,
    total: stage === 'queued' ? 0 : row.total,
    percent: status === 'succeeded' ? 100 : progressPercent(stage, row.done, row.total),
    attempts: Math.max(1, row.job_attempts ?? 1),
    maxAttempts: row.job_max_attempts ?? 1,
    error: status === 'succeeded' ? null : error,
    startedAt: new Date(row.started_at).toISOString(),
    updatedAt: new Date(row.updated_at).toISOString(),
    finishedAt: row.finished_at ? new Date(row.finished_at).toISOString() : null,
  };
}
