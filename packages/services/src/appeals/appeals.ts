// Appeals against a published evaluation result (申诉, issue 7 §4). The evaluated unit appeals
// within APPEAL_WINDOW_DAYS calendar days of publication, with evidence; a reviewer decides with
// a recorded reason. An upheld appeal never touches the published run: it produces a corrected
// run of the same system version, period, scope and peer groups from the facts as they stand
// now (after the data corrections the appeal justified), marked corrects_run_id, to be published
// in its turn. Every step is audited in the same transaction.
import { randomUUID } from 'node:crypto';
import { APPEAL_WINDOW_DAYS, AppealDecisionSchema, AppealSubmissionSchema, AppError } from '@govperf/contracts';
import type { EvaluationResult } from '@govperf/engine';
import { findEvaluationRun, type DB, type EvaluationAppealsTable, type OrgLevel } from '@govperf/storage';
import type { Kysely, Selectable } from 'kysely';
import { appendAudit } from '../audit/chain';
import { runEvaluation, type MetricCatalogue } from '../evaluation/run-evaluation';
import { loadIndicatorSystem } from '../evaluation/systems';
import { auditActor, isWithinArea, requireWithinArea, type Actor } from '../identity/actor';
import { fieldError, parseInput } from '../validation';

const DAY_MS = 86_400_000;
const OFFSET_MS = 8 * 3600_000;

export interface AppealView {
  id: string;
  runId: string;
  unit: string;
  indicator: string | null;
  grounds: string;
  evidence: unknown;
  submittedBy: string;
  submittedAt: string;
  status: 'pending' | 'upheld' | 'rejected';
  decision: { reason: string; by: string; at: string } | null;
  correctedRunId: string | null;
}

function view(row: Selectable<EvaluationAppealsTable>): AppealView {
  return {
    id: row.id,
    runId: row.run_id,
    unit: row.org_unit,
    indicator: row.indicator,
    grounds: row.grounds,
    evidence: row.evidence,
    submittedBy: row.submitted_by,
    submittedAt: new Date(row.submitted_at).toISOString(),
    status: row.status,
    decision: row.decided_at ? { reason: row.decision_reason ?? '', by: row.decided_by ?? '', at: new Date(row.decided_at).toISOString() } : null,
    correctedRunId: row.corrected_run_id,
  };
}

/** The end of the appeal window: local midnight ending the APPEAL_WINDOW_DAYS-th day after publication. */
export function appealDeadline(publishedAt: Date): Date {
  const day = Math.floor((publishedAt.getTime() + OFFSET_MS) / DAY_MS);
  return new Date((day + APPEAL_WINDOW_DAYS + 1) * DAY_MS - OFFSET_MS);
}

export async function submitAppeal(db: Kysely<DB>, actor: Actor, runId: string, input: unknown, now = new Date()): Promise<AppealView> {
  const appeal = parseInput(AppealSubmissionSchema, input);
  // The appealing unit must be the caller's (or below it) and in the run; the run itself may be
  // scoped above the caller (a county appeals its place in the province's run).
  await requireWithinArea(db, actor, appeal.unit, 'unit');
  const run = await findEvaluationRun(db, runId);
  const units = (run?.result as EvaluationResult | null)?.units ?? [];
  if (!run || !units.some((u) => u.unit === appeal.unit)) throw new AppError('not_found', { message: { zh: `评估运行 ${runId} 中没有单位 ${appeal.unit}`, en: `run ${runId} has no result for unit ${appeal.unit}` } });
  if (!run.published_at) throw new AppError('conflict', { message: { zh: '只能对已发布的评估结果提出申诉', en: 'only a published result can be appealed' } });
  const publishedAt = new Date(run.published_at);
  const deadline = appealDeadline(publishedAt);
  if (now.getTime() >= deadline.getTime()) {
    const day = (d: Date) => new Date(d.getTime() + OFFSET_MS).toISOString().slice(0, 10);
    const last = day(new Date(deadline.getTime() - 1));
    throw new AppError('conflict', {
      message: {
        zh: `申诉期已过：结果于 ${day(publishedAt)} 发布，申诉须在发布后 ${APPEAL_WINDOW_DAYS} 日内（${last} 24:00 前）提出`,
        en: `the appeal window has closed: the result was published on ${day(publishedAt)} and appeals were due within ${APPEAL_WINDOW_DAYS} days (by the end of ${last})`,
      },
      details: { publishedAt: publishedAt.toISOString(), deadline: deadline.toISOString() },
    });
  }
  if (appeal.indicator) {
    const { compiled } = await loadIndicatorSystem(db, run.system_code, run.system_version);
    if (!compiled.nodes.some((n) => n.depth > 0 && n.code === appeal.indicator)) {
      throw fieldError(['indicator'], { zh: `指标 ${appeal.indicator} 不在该指标体系中`, en: `indicator ${appeal.indicator} is not in the run's indicator system` });
    }
  }
  const pending = await db.selectFrom('evaluation_appeals').select('id').where('run_id', '=', runId).where('org_unit', '=', appeal.unit).where('status', '=', 'pending').where('indicator', appeal.indicator ? '=' : 'is', appeal.indicator ?? null).executeTakeFirst();
  if (pending) throw new AppError('conflict', { message: { zh: `该单位对同一结果已有待复核的申诉 ${pending.id}`, en: `the unit already has a pending appeal ${pending.id} against this result` }, details: { appeal: pending.id } });
  const id = `ap_${randomUUID()}`;
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('evaluation_appeals')
      .values({ id, run_id: runId, org_unit: appeal.unit, indicator: appeal.indicator ?? null, grounds: appeal.grounds, evidence: JSON.stringify(appeal.evidence), submitted_by: actor.id, submitted_at: now })
      .execute();
    await appendAudit(trx, { ...auditActor(actor), action: 'appeal.submit', entityType: 'evaluation_appeal', entityId: id, orgUnit: appeal.unit, details: { runId, indicator: appeal.indicator ?? null } });
  });
  return view(await db.selectFrom('evaluation_appeals').selectAll().where('id', '=', id).executeTakeFirstOrThrow());
}

export async function listAppeals(db: Kysely<DB>, actor: Actor, filter: { status?: string | undefined; runId?: string | undefined }): Promise<AppealView[]> {
  let query = db.selectFrom('evaluation_appeals').selectAll();
  if (actor.area !== '*') query = query.where('org_unit', 'in', db.selectFrom('org_unit_closure').select('descendant_code').where('ancestor_code', '=', actor.area));
  if (filter.status === 'pending' || filter.status === 'upheld' || filter.status === 'rejected') query = query.where('status', '=', filter.status);
  if (filter.runId) query = query.where('run_id', '=', filter.runId);
  return (await query.orderBy('submitted_at').orderBy('id').limit(1000).execute()).map(view);
}

export async function decideAppeal(db: Kysely<DB>, catalogue: MetricCatalogue, actor: Actor, id: string, input: unknown, now = new Date()): Promise<AppealView> {
  const decision = parseInput(AppealDecisionSchema, input);
  const row = await db.selectFrom('evaluation_appeals').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row || !(await isWithinArea(db, actor.area, row.org_unit))) throw new AppError('not_found', { message: { zh: `申诉 ${id} 不存在`, en: `appeal ${id} not found` } });
  if (row.status !== 'pending') throw new AppError('conflict', { message: { zh: `该申诉已复核（${row.status === 'upheld' ? '成立' : '不成立'}），结论不能更改`, en: `the appeal has been decided (${row.status}); the outcome is final` } });
  if (row.submitted_by === actor.id) throw new AppError('forbidden', { message: { zh: '申诉人不能复核自己的申诉', en: 'an appellant may not decide their own appeal' } });
  let correctedRunId: string | null = null;
  if (decision.outcome === 'upheld') {
    // The corrected run reproduces the original's system version, period, scope and peer groups.
    const original = await db.selectFrom('evaluation_runs').select(['system_code', 'system_version', 'period', 'scope_org_unit', 'result']).where('id', '=', row.run_id).executeTakeFirstOrThrow();
    const levels = [...new Set((original.result as EvaluationResult).units.map((u) => u.peerGroup))] as OrgLevel[];
    const outcome = await runEvaluation(db, catalogue, { systemCode: original.system_code, systemVersion: original.system_version, period: original.period, scope: original.scope_org_unit, levels, correctsRunId: row.run_id });
    correctedRunId = outcome.runId;
  }
  await db.transaction().execute(async (trx) => {
    const updated = await trx
      .updateTable('evaluation_appeals')
      .set({ status: decision.outcome, decision_reason: decision.reason, decided_by: actor.id, decided_at: now, corrected_run_id: correctedRunId })
      .where('id', '=', id)
      .where('status', '=', 'pending')
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) !== 1) throw new AppError('conflict', { message: { zh: '该申诉刚刚已被复核', en: 'the appeal was decided a moment ago' } });
    await appendAudit(trx, { ...auditActor(actor), action: 'appeal.decide', entityType: 'evaluation_appeal', entityId: id, orgUnit: row.org_unit, details: { outcome: decision.outcome, runId: row.run_id, correctedRunId } });
  });
  return view(await db.selectFrom('evaluation_appeals').selectAll().where('id', '=', id).executeTakeFirstOrThrow());
}
