// Rectification progress for the public, and citizens' re-rating of closed tasks. Only public
// fields leave here: the unit, the task's level and kind, the indicator's name, the published
// reason, status, due and closed dates, progress and the re-rating summary — never plans, owners,
// evidence, history or the raters' numbers. A re-rating is one per person (mobile number, kept
// only as its deterministic field-cipher envelope) per task, on closed tasks only, and audited
// without the number.
import { AppError, RECTIFICATION_KIND_LABELS, RECTIFICATION_STATUS_LABELS, type LocalizedText } from '@govperf/contracts';
import type { DB, RectificationKind, RectificationStatus } from '@govperf/storage';
import { sql, type Kysely } from 'kysely';
import { appendAudit } from '../audit/chain';
import { loadIndicatorSystem } from '../evaluation/systems';
import type { FieldCipher } from '../privacy/cipher';
import { maskFreeText } from '../privacy/masking';
import { requireRegion, type PublicRegion } from './results';
import { parseOrRefuse, ReratingSchema } from './schemas';

export interface ReratingSummary {
  count: number;
  /** Mean level 1–5, two decimals; null without re-ratings. */
  average: number | null;
  /** Re-ratings of 4–5 (满意, 非常满意) over all, 0–1; null without re-ratings. */
  satisfiedRate: number | null;
  /** Count per level, '1'…'5'. */
  levels: Record<'1' | '2' | '3' | '4' | '5', number>;
}

export interface PublicRectificationTask {
  id: string;
  unit: string;
  unitName: string;
  level: 1 | 2 | 3;
  levelLabel: LocalizedText;
  kind: RectificationKind;
  kindLabel: LocalizedText;
  indicator: string | null;
  indicatorName: LocalizedText | null;
  reason: LocalizedText;
  status: RectificationStatus;
  statusLabel: LocalizedText;
  progressPercent: number;
  dueAt: string;
  overdue: boolean;
  closedAt: string | null;
  rerating: ReratingSummary;
}

export interface StatusCounts {
  open: number;
  inProgress: number;
  checking: number;
  closed: number;
  overdue: number;
  total: number;
}

export interface PublicRectification {
  region: PublicRegion;
  /** The region's whole subtree. */
  totals: StatusCounts;
  /** Each direct child of the region, its subtree counted. */
  units: ({ unit: string; name: string } & StatusCounts)[];
  /** The tasks the filter asked for, open work first; at most the limit (compare with `totals`). */
  tasks: PublicRectificationTask[];
}

export const RECTIFICATION_LEVEL_LABELS: Record<1 | 2 | 3, LocalizedText> = {
  1: { zh: '一级响应', en: 'Level 1 response' },
  2: { zh: '二级响应', en: 'Level 2 response' },
  3: { zh: '三级响应', en: 'Level 3 response' },
};

const EMPTY_LEVELS = () => ({ '1': 0, '2': 0, '3': 0, '4': 0, '5': 0 });

async function reratingSummaries(db: Kysely<DB>, taskIds: readonly string[]): Promise<Map<string, ReratingSummary>> {
  const out = new Map<string, ReratingSummary>();
  if (!taskIds.length) return out;
  const rows = await db
    .selectFrom('rectification_reratings')
    .select(['task_id', 'level', (eb) => eb.fn.countAll<string>().as('n')])
    .where('task_id', 'in', taskIds)
    .groupBy(['task_id', 'level'])
    .execute();
  const acc = new Map<string, { levels: ReturnType<typeof EMPTY_LEVELS>; count: number; sum: number; satisfied: number }>();
  for (const r of rows) {
    const a = acc.get(r.task_id) ?? { levels: EMPTY_LEVELS(), count: 0, sum: 0, satisfied: 0 };
    const n = Number(r.n);
    a.levels[String(r.level) as keyof ReturnType<typeof EMPTY_LEVELS>] = n;
    a.count += n;
    a.sum += n * r.level;
    if (r.level >= 4) a.satisfied += n;
    acc.set(r.task_id, a);
  }
  for (const [id, a] of acc) out.set(id, { count: a.count, average: Math.round((a.sum / a.count) * 100) / 100, satisfiedRate: a.satisfied / a.count, levels: a.levels });
  return out;
}

const noReratings = (): ReratingSummary => ({ count: 0, average: null, satisfiedRate: null, levels: EMPTY_LEVELS() });

/** Indicator names from the system version each task's origin run used (loaded once per version). */
function indicatorNamer(db: Kysely<DB>) {
  const systems = new Map<string, Promise<Map<string, LocalizedText>>>();
  return (code: string, version: string) => {
    const key = `${code}@${version}`;
    if (!systems.has(key)) {
      systems.set(
        key,
        loadIndicatorSystem(db, code, version).then(
          ({ compiled }) => new Map(compiled.nodes.map((n) => [n.code, n.name])),
          () => new Map(),
        ),
      );
    }
    return systems.get(key)!;
  };
}

const counts = (r: { open: string; in_progress: string; checking: string; closed: string; overdue: string }): StatusCounts => {
  const c = { open: Number(r.open), inProgress: Number(r.in_progress), checking: Number(r.checking), closed: Number(r.closed), overdue: Number(r.overdue) };
  return { ...c, total: c.open + c.inProgress + c.checking + c.closed };
};

/** Which tasks to list: all, those not yet closed, or the closed ones; at most `limit` (1–500, default 200). */
export interface PublicTaskFilter {
  status?: 'active' | 'closed' | undefined;
  limit?: number | undefined;
}

export async function publicRectification(db: Kysely<DB>, regionCode: unknown, now: Date, filter: PublicTaskFilter = {}): Promise<PublicRectification> {
  const region = await requireRegion(db, regionCode);
  const limit = Math.min(500, Math.max(1, Math.trunc(filter.limit ?? 200)));
  // Counts per child of the region, each over its subtree, and over the region itself; in SQL.
  const grouped = await sql<{ code: string; name: string; open: string; in_progress: string; checking: string; closed: string; overdue: string }>`
    select c.code, c.name,
      count(t.id) filter (where t.status = 'open') as open,
      count(t.id) filter (where t.status = 'in_progress') as in_progress,
      count(t.id) filter (where t.status = 'checking') as checking,
      count(t.id) filter (where t.status = 'closed') as closed,
      count(t.id) filter (where t.status <> 'closed' and t.due_at < ${now}) as overdue
    from org_units c
    left join org_unit_closure cl on cl.ancestor_code = c.code
    left join rectification_tasks t on t.org_unit = cl.descendant_code
    where c.code = ${region.code} or c.parent_code = ${region.code}
    group by c.code, c.name
    order by c.code`.execute(db);
  const own = grouped.rows.find((r) => r.code === region.code);
  let query = db
    .selectFrom('rectification_tasks as t')
    .innerJoin('org_units as u', 'u.code', 't.org_unit')
    .innerJoin('evaluation_runs as r', 'r.id', 't.origin_run_id')
    .select(['t.id', 't.org_unit', 'u.name as unit_name', 't.level', 't.kind', 't.indicator', 't.reason', 't.status', 't.progress_percent', 't.due_at', 't.closed_at', 't.system_code', 'r.system_version'])
    .where('t.org_unit', 'in', db.selectFrom('org_unit_closure').select('descendant_code').where('ancestor_code', '=', region.code));
  if (filter.status === 'closed') query = query.where('t.status', '=', 'closed');
  if (filter.status === 'active') query = query.where('t.status', '<>', 'closed');
  const rows = await query
    // Open work first (most overdue on top), then the most recently closed.
    .orderBy(sql`case when t.status = 'closed' then 1 else 0 end`)
    .orderBy('t.due_at')
    .orderBy('t.closed_at', 'desc')
    .orderBy('t.id')
    .limit(limit)
    .execute();
  const summaries = await reratingSummaries(db, rows.map((r) => r.id));
  const names = indicatorNamer(db);
  const tasks: PublicRectificationTask[] = [];
  for (const r of rows) {
    const indicatorName = r.indicator ? ((await names(r.system_code, r.system_version)).get(r.indicator) ?? null) : null;
    tasks.push({
      id: r.id,
      unit: r.org_unit,
      unitName: r.unit_name,
      level: r.level,
      levelLabel: RECTIFICATION_LEVEL_LABELS[r.level],
      kind: r.kind,
      kindLabel: RECTIFICATION_KIND_LABELS[r.kind],
      indicator: r.indicator,
      indicatorName,
      reason: r.reason as LocalizedText,
      status: r.status,
      statusLabel: RECTIFICATION_STATUS_LABELS[r.status],
      progressPercent: r.status === 'closed' ? 100 : r.progress_percent,
      dueAt: new Date(r.due_at).toISOString(),
      overdue: r.status !== 'closed' && new Date(r.due_at).getTime() < now.getTime(),
      closedAt: r.closed_at ? new Date(r.closed_at).toISOString() : null,
      rerating: summaries.get(r.id) ?? noReratings(),
    });
  }
  return {
    region,
    totals: own ? counts(own) : counts({ open: '0', in_progress: '0', checking: '0', closed: '0', overdue: '0' }),
    units: grouped.rows.filter((r) => r.code !== region.code).map((r) => ({ unit: r.code, name: r.name, ...counts(r) })),
    tasks,
  };
}

export interface ReratingOutcome {
  taskId: string;
  level: number;
  /** The comment as stored, phone numbers and the like inside it masked; plain text, never markup. */
  comment: string | null;
  ratedAt: string;
  summary: ReratingSummary;
}

const ALREADY_RATED: LocalizedText = {
  zh: '该手机号已对此整改任务进行过复评，每人只能复评一次',
  en: 'This mobile number has already re-rated this rectification task; each person may re-rate a task only once',
};

const isUniqueViolation = (error: unknown) => {
  const e = error as { code?: unknown; cause?: { code?: unknown } } | null;
  return e?.code === '23505' || e?.cause?.code === '23505';
};

/**
 * A citizen's re-rating of a closed task. 409 with the reason for a task not yet closed and for
 * a second re-rating by the same number; 503 when no field cipher is configured (the number is
 * never stored in plaintext).
 */
export async function rerateTask(db: Kysely<DB>, cipher: FieldCipher | undefined, taskId: string, input: unknown): Promise<ReratingOutcome> {
  const rerating = parseOrRefuse(ReratingSchema, input);
  if (!cipher) throw new AppError('unavailable', { message: { zh: '未配置个人信息加密密钥，暂不能受理复评', en: 'no personal-data key is configured: re-ratings cannot be taken' } });
  const phone = cipher.encrypt(rerating.phone);
  const comment = rerating.comment ? rerating.comment : null;
  return db.transaction().execute(async (trx) => {
    // Locks the task, so a re-rating cannot slip in while a re-measurement reopens it.
    const task = await trx.selectFrom('rectification_tasks').select(['id', 'status', 'org_unit']).where('id', '=', taskId).forUpdate().executeTakeFirst();
    if (!task) throw new AppError('not_found', { message: { zh: `整改任务 ${taskId} 不存在`, en: `rectification task ${taskId} not found` } });
    if (task.status !== 'closed') {
      throw new AppError('conflict', {
        message: { zh: '该整改任务尚未销号，销号后才能复评', en: 'This rectification task is not closed yet; it can be re-rated once it is closed' },
        details: { reason: 'not_closed', status: task.status },
      });
    }
    const previous = await trx.selectFrom('rectification_reratings').select('id').where('task_id', '=', taskId).where('phone', '=', phone).executeTakeFirst();
    if (previous) throw new AppError('conflict', { message: ALREADY_RATED, details: { reason: 'already_rated' } });
    let row: { id: string; rated_at: Date };
    try {
      row = await trx
        .insertInto('rectification_reratings')
        .values({ task_id: taskId, level: rerating.level, phone, comment })
        .returning(['id', 'rated_at'])
        .executeTakeFirstOrThrow();
    } catch (error) {
      // Two submissions of one number at the same moment: the unique constraint decides.
      if (isUniqueViolation(error)) throw new AppError('conflict', { message: ALREADY_RATED, details: { reason: 'already_rated' } });
      throw error;
    }
    await appendAudit(trx, {
      actor: 'anonymous',
      actorKind: 'anonymous',
      clientIp: null,
      action: 'rectification.rerate',
      entityType: 'rectification_task',
      entityId: taskId,
      orgUnit: task.org_unit,
      details: { rerating: String(row.id), level: rerating.level, comment: comment !== null },
    });
    const summary = (await reratingSummaries(trx, [taskId])).get(taskId) ?? noReratings();
    return { taskId, level: rerating.level, comment: comment === null ? null : maskFreeText(comment), ratedAt: new Date(row.rated_at).toISOString(), summary };
  });
}
