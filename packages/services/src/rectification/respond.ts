// What publishing a run sets in motion (issue 7 §1–2): its responses become ledger tasks, and the
// open tasks of earlier periods are checked against it — the C and A of PDCA. The rules of the
// three response levels are the engine's (draftResponses); this module gathers their input from
// storage, keeps one ledger entry per open problem, and records every step.
//
// Re-measurement of an earlier open task on a later published run of the same system:
// - not measured (the unit or the indicator has no data in the run): nothing happens;
// - measured and the run drafts no response for the same unit and subject: the problem is gone,
//   the task closes (closed_by_run_id) — except a user-representative review, which closes only
//   with its conclusion;
// - measured and still a response: a task submitted for checking is reopened (reopen_count + 1),
//   any other task gets the new measurement on record.
// A corrected run (an upheld appeal) checks the tasks of the run it corrects the same way, so a
// response that rested on the mistaken figure closes when the corrected figure removes it.
import { randomUUID } from 'node:crypto';
import { periodRange, type ResponseThresholdsInput } from '@govperf/contracts';
import { draftResponses, responseInputFromEvaluation, type EvaluationResult, type FeedbackConcentration, type ResponseDraft } from '@govperf/engine';
import type { DB, RectificationTasksTable } from '@govperf/storage';
import { sql, type Insertable, type Kysely, type Transaction } from 'kysely';
import { appendAudit } from '../audit/chain';
import { loadIndicatorSystem } from '../evaluation/systems';
import { auditActor, type Actor } from '../identity/actor';

export interface ResponseOutcome {
  created: number;
  /** Drafts that matched a task already open for the same unit and subject. */
  alreadyOpen: number;
  remeasured: number;
  closed: number;
  reopened: number;
}

const OFFSET_MS = 8 * 3600_000;
const DAY_MS = 86_400_000;
const INSERT_CHUNK = 500;

/** Calendar days from publication: due at the end of the Nth local day after the publication day. */
export function responseDueAt(publishedAt: Date, days: number): Date {
  const localDay = Math.floor((publishedAt.getTime() + OFFSET_MS) / DAY_MS);
  return new Date((localDay + days + 1) * DAY_MS - OFFSET_MS);
}

export function subjectOf(draft: ResponseDraft): string {
  if (draft.kind === 'optimisation') return draft.indicator;
  if (draft.kind === 'user_review') return draft.tag !== undefined ? `tag:${draft.tag}` : `item:${draft.itemCode}`;
  return 'composite';
}

const keyOf = (level: number, unit: string, subject: string) => `${level}|${unit}|${subject}`;

/**
 * The user feedback behind level 3, per unit in the period: 差评 (ratings 1–2) by service item and
 * citizens' feedback items by tag (from the text analysis); the unit's total is both together.
 */
async function userFeedbackConcentration(db: Kysely<DB>, units: readonly string[], period: string): Promise<FeedbackConcentration[]> {
  if (units.length === 0) return [];
  const { start, end } = periodRange(period);
  const ratings = await db
    .selectFrom('ratings')
    .select(['org_unit', 'item_code', sql<string>`count(*)`.as('count')])
    .where('quality_status', '=', 'accepted')
    .where('level', '<=', 2)
    .where('rated_at', '>=', start)
    .where('rated_at', '<', end)
    .where('org_unit', 'in', units)
    .groupBy(['org_unit', 'item_code'])
    .execute();
  const items = await sql<{ org_unit: string; items: string; tags: Record<string, number> | null }>`
    select f.org_unit, count(*) as items,
      (select jsonb_object_agg(tag, n) from (
        select t.tag, count(*) as n from feedback_items g, unnest(g.tags) as t(tag)
        where g.org_unit = f.org_unit and g.received_at >= ${start} and g.received_at < ${end}
        group by t.tag) per_tag) as tags
    from feedback_items f
    where f.org_unit in (${sql.join(units)}) and f.received_at >= ${start} and f.received_at < ${end}
    group by f.org_unit`.execute(db);
  const byUnit = new Map<string, { total: number; byItem: Record<string, number>; byTag: Record<string, number> }>();
  const entry = (unit: string) => byUnit.get(unit) ?? byUnit.set(unit, { total: 0, byItem: {}, byTag: {} }).get(unit)!;
  for (const row of ratings) {
    const e = entry(row.org_unit);
    e.total += Number(row.count);
    if (row.item_code !== null) e.byItem[row.item_code] = Number(row.count);
  }
  for (const row of items.rows) {
    const e = entry(row.org_unit);
    e.total += Number(row.items);
    for (const [tag, n] of Object.entries(row.tags ?? {})) e.byTag[tag] = Number(n);
  }
  return [...byUnit].map(([unit, e]) => ({ unit, total: e.total, byItem: e.byItem, byTag: e.byTag }));
}

function measurement(draftKey: { level: number; unit: string; subject: string }, result: EvaluationResult): number | null | undefined {
  const unit = result.units.find((u) => u.unit === draftKey.unit);
  if (!unit) return undefined;
  if (draftKey.level === 1) return unit.scoreRounded;
  if (draftKey.level === 2) return unit.indicators.find((i) => i.code === draftKey.subject)?.value ?? null;
  return undefined; // level 3 is measured from feedback counts, filled in by the caller
}

/** `thresholds` overrides the system's own `responses` settings (docs/indicator-systems.md), which override the defaults. */
export async function respondToPublishedRun(trx: Transaction<DB>, actor: Actor, runId: string, thresholds?: ResponseThresholdsInput): Promise<ResponseOutcome> {
  const run = await trx.selectFrom('evaluation_runs').selectAll().where('id', '=', runId).executeTakeFirstOrThrow();
  if (run.status !== 'succeeded' || !run.published_at || !run.result) return { created: 0, alreadyOpen: 0, remeasured: 0, closed: 0, reopened: 0 };
  const publishedAt = new Date(run.published_at);
  const result = run.result as EvaluationResult;
  const { compiled } = await loadIndicatorSystem(trx, run.system_code, run.system_version);
  const unitCodes = result.units.map((u) => u.unit);
  const feedback = await userFeedbackConcentration(trx, unitCodes, run.period);
  const drafts = draftResponses(responseInputFromEvaluation(result, compiled.nodes.filter((n) => n.depth > 0), feedback), thresholds ?? compiled.source.responses ?? {});
  const draftByKey = new Map(drafts.map((d) => [keyOf(d.level, d.unit, subjectOf(d)), d]));
  const feedbackCount = (unit: string, subject: string) => {
    const f = feedback.find((x) => x.unit === unit);
    if (subject.startsWith('item:')) return f?.byItem?.[subject.slice(5)] ?? 0;
    return subject.startsWith('tag:') ? (f?.byTag?.[subject.slice(4)] ?? 0) : undefined;
  };

  // Open tasks of this system for the run's units, oldest first: one entry per open problem.
  const open = unitCodes.length === 0 ? [] : await trx
    .selectFrom('rectification_tasks')
    .selectAll()
    .where('system_code', '=', run.system_code)
    .where('status', '<>', 'closed')
    .where('org_unit', 'in', unitCodes)
    .orderBy('created_at')
    .orderBy('id')
    .forUpdate()
    .execute();
  const openKeys = new Set(open.map((t) => keyOf(t.level, t.org_unit, t.subject)));
  const thisStart = periodRange(run.period).start.getTime();
  const outcome: ResponseOutcome = { created: 0, alreadyOpen: 0, remeasured: 0, closed: 0, reopened: 0 };
  const changes: { closed: string[]; reopened: string[] } = { closed: [], reopened: [] };

  // Re-measurement is written in bulk: a provincial run re-measures thousands of open tasks, and a
  // statement per task and event made publishing take seconds (the demo's second quarter: 6 s).
  const events: { taskId: string; kind: 'remeasured' | 'closed' | 'reopened'; details: Record<string, unknown> }[] = [];
  const measured: { id: string; value: number }[] = [];
  for (const task of open) {
    // Only a later period checks a task, and only once per period; a corrected run (upheld
    // appeal) also checks the tasks its original produced, for the same period.
    const fromCorrectedRun = run.corrects_run_id !== null && task.origin_run_id === run.corrects_run_id;
    if (!fromCorrectedRun) {
      if (periodRange(task.origin_period).start.getTime() >= thisStart) continue;
      if (task.last_period !== null && periodRange(task.last_period).start.getTime() >= thisStart) continue;
    }
    const key = { level: task.level, unit: task.org_unit, subject: task.subject };
    const value = task.level === 3 ? feedbackCount(task.org_unit, task.subject) : measurement(key, result);
    if (value === undefined || value === null) continue;
    const stillDue = draftByKey.has(keyOf(task.level, task.org_unit, task.subject));
    const corrects = fromCorrectedRun ? { correctsRunId: run.corrects_run_id } : {};
    outcome.remeasured++;
    measured.push({ id: task.id, value });
    events.push({ taskId: task.id, kind: 'remeasured', details: { runId, period: run.period, value, onTarget: !stillDue, ...corrects } });
    if (!stillDue && task.kind !== 'user_review') {
      events.push({ taskId: task.id, kind: 'closed', details: { runId, period: run.period, value, ...corrects } });
      outcome.closed++;
      changes.closed.push(task.id);
    } else if (stillDue && task.status === 'checking') {
      events.push({ taskId: task.id, kind: 'reopened', details: { runId, period: run.period, value } });
      outcome.reopened++;
      changes.reopened.push(task.id);
    }
  }
  for (let i = 0; i < measured.length; i += INSERT_CHUNK) {
    const chunk = measured.slice(i, i + INSERT_CHUNK);
    await sql`update rectification_tasks as t
      set last_value = m.value, last_run_id = ${runId}, last_period = ${run.period}, updated_at = ${publishedAt}
      from jsonb_to_recordset(${JSON.stringify(chunk)}::jsonb) as m(id text, value double precision)
      where t.id = m.id`.execute(trx);
  }
  for (let i = 0; i < changes.closed.length; i += INSERT_CHUNK) {
    const ids = changes.closed.slice(i, i + INSERT_CHUNK);
    await trx.updateTable('rectification_tasks').set({ status: 'closed', closed_at: publishedAt, closed_by_run_id: runId, progress_percent: 100 }).where('id', 'in', ids).execute();
  }
  for (let i = 0; i < changes.reopened.length; i += INSERT_CHUNK) {
    const ids = changes.reopened.slice(i, i + INSERT_CHUNK);
    // The tasks are locked (FOR UPDATE above), so the count read then is the count now.
    await trx.updateTable('rectification_tasks').set((eb) => ({ status: 'in_progress', reopen_count: eb('reopen_count', '+', 1) })).where('id', 'in', ids).execute();
  }
  for (let i = 0; i < events.length; i += INSERT_CHUNK) {
    const chunk = events.slice(i, i + INSERT_CHUNK);
    await trx.insertInto('rectification_events').values(chunk.map((e) => ({ task_id: e.taskId, actor: actor.id, kind: e.kind, details: JSON.stringify(e.details), at: publishedAt }))).execute();
  }

  const fresh: Insertable<RectificationTasksTable>[] = [];
  for (const draft of drafts) {
    const subject = subjectOf(draft);
    if (openKeys.has(keyOf(draft.level, draft.unit, subject))) {
      outcome.alreadyOpen++;
      continue;
    }
    fresh.push({
      id: `rt_${randomUUID()}`,
      origin_run_id: runId,
      system_code: run.system_code,
      origin_period: run.period,
      level: draft.level,
      kind: draft.kind,
      org_unit: draft.unit,
      subject,
      indicator: draft.kind === 'optimisation' ? draft.indicator : null,
      tag: draft.kind === 'user_review' ? (draft.tag ?? null) : null,
      item_code: draft.kind === 'user_review' ? (draft.itemCode ?? null) : null,
      reason: JSON.stringify(draft.reason),
      baseline_value: draft.kind === 'optimisation' ? draft.value : draft.kind === 'special_plan' ? draft.score : draft.count,
      baseline_score: draft.kind === 'optimisation' ? (result.units.find((u) => u.unit === draft.unit)?.indicators.find((i) => i.code === draft.indicator)?.score ?? null) : null,
      target: draft.kind === 'optimisation' ? draft.target : null,
      direction: draft.kind === 'optimisation' ? draft.direction : null,
      due_at: responseDueAt(publishedAt, draft.dueInDays),
      created_at: publishedAt,
      updated_at: publishedAt,
    });
  }
  for (let i = 0; i < fresh.length; i += INSERT_CHUNK) {
    const chunk = fresh.slice(i, i + INSERT_CHUNK);
    const inserted = await trx.insertInto('rectification_tasks').values(chunk).onConflict((oc) => oc.columns(['origin_run_id', 'level', 'org_unit', 'subject']).doNothing()).returning('id').execute();
    if (inserted.length) {
      await trx
        .insertInto('rectification_events')
        .values(inserted.map((r) => ({ task_id: r.id, actor: actor.id, kind: 'created' as const, details: JSON.stringify({ runId, period: run.period }), at: publishedAt })))
        .execute();
    }
    outcome.created += inserted.length;
  }
  await appendAudit(trx, {
    ...auditActor(actor),
    action: 'rectification.respond',
    entityType: 'evaluation_run',
    entityId: runId,
    orgUnit: run.scope_org_unit,
    details: { ...outcome, closed: changes.closed, reopened: changes.reopened },
  });
  return outcome;
}
