// Reading the rectification ledger: tasks as the API shows them, scoped to the caller's subtree
// in SQL, and one task with its history. A task outside the subtree does not exist for the caller.
import { AppError, type RectificationFilter } from '@govperf/contracts';
import type { DB, RectificationTasksTable } from '@govperf/storage';
import { sql, type Kysely, type Selectable } from 'kysely';

export interface RectificationTaskView {
  id: string;
  originRunId: string;
  system: string;
  originPeriod: string;
  level: 1 | 2 | 3;
  kind: 'special_plan' | 'optimisation' | 'user_review';
  unit: string;
  unitName: string;
  indicator: string | null;
  tag: string | null;
  itemCode: string | null;
  reason: { zh: string; en: string };
  baseline: { value: number | null; score: number | null };
  target: number | null;
  direction: 'benefit' | 'cost' | null;
  status: 'open' | 'in_progress' | 'checking' | 'closed';
  plan: unknown;
  progressPercent: number;
  dueAt: string;
  overdue: boolean;
  lastMeasurement: { value: number | null; runId: string; period: string } | null;
  reopenCount: number;
  supervisedAt: string | null;
  escalation: { level: number; to: string | null };
  createdAt: string;
  closedAt: string | null;
  closedByRunId: string | null;
}

export interface RectificationEventView {
  at: string;
  actor: string;
  kind: string;
  details: unknown;
}

type TaskRow = Selectable<RectificationTasksTable> & { unit_name: string };

export function taskView(row: TaskRow, now: Date): RectificationTaskView {
  return {
    id: row.id,
    originRunId: row.origin_run_id,
    system: row.system_code,
    originPeriod: row.origin_period,
    level: row.level,
    kind: row.kind,
    unit: row.org_unit,
    unitName: row.unit_name,
    indicator: row.indicator,
    tag: row.tag,
    itemCode: row.item_code,
    reason: row.reason as { zh: string; en: string },
    baseline: { value: row.baseline_value, score: row.baseline_score },
    target: row.target,
    direction: row.direction,
    status: row.status,
    plan: row.plan ?? null,
    progressPercent: row.progress_percent,
    dueAt: new Date(row.due_at).toISOString(),
    overdue: row.status !== 'closed' && new Date(row.due_at).getTime() < now.getTime(),
    lastMeasurement: row.last_run_id ? { value: row.last_value, runId: row.last_run_id, period: row.last_period ?? '' } : null,
    reopenCount: row.reopen_count,
    supervisedAt: row.supervised_at ? new Date(row.supervised_at).toISOString() : null,
    escalation: { level: row.escalation_level, to: row.escalated_to },
    createdAt: new Date(row.created_at).toISOString(),
    closedAt: row.closed_at ? new Date(row.closed_at).toISOString() : null,
    closedByRunId: row.closed_by_run_id,
  };
}

function tasksIn(db: Kysely<DB>, area: string) {
  let query = db.selectFrom('rectification_tasks as t').innerJoin('org_units as u', 'u.code', 't.org_unit').selectAll('t').select('u.name as unit_name');
  if (area !== '*') query = query.where('t.org_unit', 'in', db.selectFrom('org_unit_closure').select('descendant_code').where('ancestor_code', '=', area));
  return query;
}

export async function listTasks(db: Kysely<DB>, area: string, filter: RectificationFilter, now: Date): Promise<RectificationTaskView[]> {
  let query = tasksIn(db, area);
  if (filter.status) query = query.where('t.status', '=', filter.status);
  if (filter.level) query = query.where('t.level', '=', filter.level as 1 | 2 | 3);
  if (filter.system) query = query.where('t.system_code', '=', filter.system);
  if (filter.unit) query = query.where('t.org_unit', 'in', db.selectFrom('org_unit_closure').select('descendant_code').where('ancestor_code', '=', filter.unit));
  if (filter.supervised === 'true') query = query.where('t.supervised_at', 'is not', null).where('t.status', '<>', 'closed');
  // Open before closed, most escalated first, then by deadline: the order a supervisor works through.
  const rows = await query.orderBy(sql`t.status = 'closed'`).orderBy('t.escalation_level', 'desc').orderBy('t.due_at').orderBy('t.org_unit').orderBy('t.level').orderBy('t.subject').limit(filter.limit).execute();
  return rows.map((r) => taskView(r, now));
}

export async function findTask(db: Kysely<DB>, area: string, id: string): Promise<TaskRow> {
  const row = await tasksIn(db, area).where('t.id', '=', id).executeTakeFirst();
  if (!row) throw new AppError('not_found', { message: { zh: `整改任务 ${id} 不存在`, en: `rectification task ${id} not found` } });
  return row;
}

export async function getTask(db: Kysely<DB>, area: string, id: string, now: Date): Promise<RectificationTaskView & { history: RectificationEventView[] }> {
  const row = await findTask(db, area, id);
  const events = await db.selectFrom('rectification_events').select(['at', 'actor', 'kind', 'details']).where('task_id', '=', id).orderBy('id').execute();
  return { ...taskView(row, now), history: events.map((e) => ({ at: new Date(e.at).toISOString(), actor: e.actor, kind: e.kind, details: e.details })) };
}

/** Summary counts for reports and the cockpit. */
export async function taskCounts(db: Kysely<DB>, area: string, now: Date): Promise<{ open: number; inProgress: number; checking: number; closed: number; overdue: number; reopened: number }> {
  let query = db.selectFrom('rectification_tasks');
  if (area !== '*') query = query.where('org_unit', 'in', db.selectFrom('org_unit_closure').select('descendant_code').where('ancestor_code', '=', area));
  const { fn } = db;
  const row = await query
    .select([
      fn.countAll<string>().filterWhere('status', '=', 'open').as('open'),
      fn.countAll<string>().filterWhere('status', '=', 'in_progress').as('in_progress'),
      fn.countAll<string>().filterWhere('status', '=', 'checking').as('checking'),
      fn.countAll<string>().filterWhere('status', '=', 'closed').as('closed'),
      fn.countAll<string>().filterWhere((eb) => eb.and([eb('status', '<>', 'closed'), eb('due_at', '<', now)])).as('overdue'),
      fn.countAll<string>().filterWhere('reopen_count', '>', 0).as('reopened'),
    ])
    .executeTakeFirstOrThrow();
  return { open: Number(row.open), inProgress: Number(row.in_progress), checking: Number(row.checking), closed: Number(row.closed), overdue: Number(row.overdue), reopened: Number(row.reopened) };
}

/** The ledger as a report shows it: counts in the area and the tasks that need attention first. */
export async function ledgerSummary(db: Kysely<DB>, area: string, now: Date, limit = 20) {
  const counts = await taskCounts(db, area, now);
  const urgent = (await listTasks(db, area, { limit: 1000 }, now)).filter((t) => t.status !== 'closed').slice(0, limit);
  const label = { open: '待制定方案', in_progress: '整改中', checking: '待复测验证', closed: '已销号' } as const;
  return {
    open: counts.open + counts.inProgress + counts.checking,
    overdue: counts.overdue,
    closed: counts.closed,
    reopened: counts.reopened,
    items: urgent.map((t) => ({
      unit: t.unitName,
      ...(t.indicator ? { indicator: t.indicator } : {}),
      title: t.reason.zh,
      status: `${label[t.status]}${t.overdue ? '（逾期）' : ''}`,
      due: t.dueAt.slice(0, 10),
    })),
  };
}
