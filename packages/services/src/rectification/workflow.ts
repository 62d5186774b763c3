// The people's side of PDCA on one task: plan (P), progress with evidence (D), submission for
// checking — the check (C) and the act (A) are the next published run's re-measurement
// (remeasure.ts) — and, for a user-representative review only, closing by hand with a conclusion.
// Every step locks the task, refuses what its state does not allow with the reason, writes the
// task's history and the audit trail in the same transaction.
import {
  AppError,
  RectificationCloseSchema,
  RectificationPlanSchema,
  RectificationProgressSchema,
  RectificationSubmitSchema,
  type LocalizedText,
} from '@govperf/contracts';
import type { DB, RectificationEventKind, RectificationTasksTable } from '@govperf/storage';
import type { Kysely, Selectable, Transaction } from 'kysely';
import { appendAudit } from '../audit/chain';
import { auditActor, type Actor } from '../identity/actor';
import { fieldError, parseInput as parse } from '../validation';
import { findTask, getTask, type RectificationTaskView } from './tasks';

type Step = 'plan' | 'progress' | 'submit' | 'close';

const refuse = (message: LocalizedText, details: Record<string, unknown> = {}) => new AppError('conflict', { message, details });

const CLOSED = { zh: '任务已销号，不能再更新；问题复发时下一期评估会生成新任务', en: 'the task is closed and takes no further updates; a recurring problem gets a new task from the next published run' };

export async function recordEvent(trx: Transaction<DB> | Kysely<DB>, taskId: string, actor: string, kind: RectificationEventKind, details: Record<string, unknown>, at: Date): Promise<void> {
  await trx.insertInto('rectification_events').values({ task_id: taskId, actor, kind, details: JSON.stringify(details), at }).execute();
}


async function step(
  db: Kysely<DB>,
  actor: Actor,
  id: string,
  what: Step,
  apply: (task: Selectable<RectificationTasksTable>, trx: Transaction<DB>, at: Date) => Promise<{ kind: RectificationEventKind; details: Record<string, unknown> }>,
  now: Date,
): Promise<RectificationTaskView> {
  await findTask(db, actor.area, id); // scoped: outside the subtree it does not exist
  await db.transaction().execute(async (trx) => {
    const task = await trx.selectFrom('rectification_tasks').selectAll().where('id', '=', id).forUpdate().executeTakeFirstOrThrow();
    if (task.status === 'closed') throw refuse(CLOSED, { status: task.status, closedAt: task.closed_at });
    const { kind, details } = await apply(task, trx, now);
    await recordEvent(trx, id, actor.id, kind, details, now);
    await appendAudit(trx, { ...auditActor(actor), action: `rectification.${what}`, entityType: 'rectification_task', entityId: id, orgUnit: task.org_unit, details });
  });
  const { history: _history, ...view } = await getTask(db, actor.area, id, now);
  return view;
}

export function planTask(db: Kysely<DB>, actor: Actor, id: string, input: unknown, now = new Date()) {
  const plan = parse(RectificationPlanSchema, input);
  return step(db, actor, id, 'plan', async (task, trx, at) => {
    if (task.status === 'checking') throw refuse({ zh: '任务已提交复测验证，不能再修改方案', en: 'the task awaits re-measurement; its plan can no longer change' }, { status: task.status });
    // The plan's deadline is the owner's commitment within the task's due date, never beyond it.
    const due = new Date(task.due_at);
    const dueDay = new Date(due.getTime() + 8 * 3600_000 - 1).toISOString().slice(0, 10);
    if (plan.deadline > dueDay) {
      throw fieldError(['deadline'], { zh: `方案期限不能晚于任务截止日期 ${dueDay}`, en: `the plan's deadline may not be later than the task's due date ${dueDay}` });
    }
    await trx.updateTable('rectification_tasks').set({ plan: JSON.stringify(plan), status: 'in_progress', updated_at: at }).where('id', '=', task.id).execute();
    return { kind: 'planned', details: { plan } };
  }, now);
}

export function recordProgress(db: Kysely<DB>, actor: Actor, id: string, input: unknown, now = new Date()) {
  const progress = parse(RectificationProgressSchema, input);
  return step(db, actor, id, 'progress', async (task, trx, at) => {
    if (task.status === 'checking') throw refuse({ zh: '任务已提交复测验证，等待下一期评估结果', en: 'the task awaits re-measurement by the next published run' }, { status: task.status });
    await trx.updateTable('rectification_tasks').set({ progress_percent: progress.percent, status: 'in_progress', updated_at: at }).where('id', '=', task.id).execute();
    return { kind: 'progress', details: progress };
  }, now);
}

export function submitForCheck(db: Kysely<DB>, actor: Actor, id: string, input: unknown, now = new Date()) {
  const { note } = parse(RectificationSubmitSchema, input);
  return step(db, actor, id, 'submit', async (task, trx, at) => {
    if (task.kind === 'user_review') throw refuse({ zh: '用户代表评议任务由考评人员填写结论后销号，无需复测', en: 'a user-representative review is closed with its conclusion, not re-measured' }, { kind: task.kind });
    if (task.plan === null) throw refuse({ zh: '请先制定整改方案（目标、措施、责任人、期限）', en: 'make the plan first (goal, measures, owner, deadline)' }, { status: task.status });
    if (task.status === 'checking') throw refuse({ zh: '任务已提交复测验证', en: 'the task has already been submitted for re-measurement' }, { status: task.status });
    await trx.updateTable('rectification_tasks').set({ status: 'checking', progress_percent: 100, updated_at: at }).where('id', '=', task.id).execute();
    return { kind: 'submitted', details: { note } };
  }, now);
}

export function closeReview(db: Kysely<DB>, actor: Actor, id: string, input: unknown, now = new Date()) {
  const { conclusion } = parse(RectificationCloseSchema, input);
  return step(db, actor, id, 'close', async (task, trx, at) => {
    // Verified closure: scores close only by re-measurement; only a review has a conclusion instead.
    if (task.kind !== 'user_review') {
      throw refuse({ zh: '指标类整改任务只能由后续评估复测达标后自动销号', en: 'an indicator task closes only when a later published run measures it on target' }, { kind: task.kind });
    }
    await trx.updateTable('rectification_tasks').set({ status: 'closed', closed_at: at, progress_percent: 100, updated_at: at }).where('id', '=', task.id).execute();
    return { kind: 'closed', details: { conclusion } };
  }, now);
}
