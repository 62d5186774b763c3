// Work orders for staff (issue 6 §5–6), scoped to the caller's subtree in SQL: the list with each
// order's SLA clock, the overdue list, one order with its history, and the actions — transfer
// (转办, reason required), pause while waiting for the citizen, resume, and moving along the
// tracker (待审核 → 已受理 → 开发中 → 测试中 → 已上线, or 不予采纳 with a reason). Every action locks
// the order, refuses what its state does not allow with the reason, and in one transaction writes
// the order, its history, the audit trail, the submitter's notification and the feedback fact.
import { AppError, DEFAULT_SLA_POLICY, type LocalizedText, type SlaPolicy } from '@govperf/contracts';
import { slaDeadline, slaStatus, type SlaPause } from '@govperf/engine';
import type { DB, FeedbackItemStatus, FeedbackItemsTable } from '@govperf/storage';
import type { Kysely, Selectable, Transaction } from 'kysely';
import { z } from 'zod';
import { appendAudit } from '../audit/chain';
import { auditActor, requireWithinArea, type Actor } from '../identity/actor';
import { parseInput } from '../validation';
import { awardPointsForStatus } from './contributors';
import { writeFeedbackFact } from './facts';
import { queueNotification, recordItemEvent } from './history';
import { CLOSED_STATUSES, NEXT_STATUS, STATUS_LABELS, TRACKER_STATUSES } from './model';

type ItemRow = Selectable<FeedbackItemsTable>;

export interface WorkOrderView {
  id: string;
  trackingCode: string;
  unit: string | null;
  department: string | null;
  kind: string | null;
  tier: string | null;
  status: FeedbackItemStatus;
  statusLabel: LocalizedText;
  statusReason: string | null;
  content: string;
  sentiment: string | null;
  tags: string[];
  alerts: unknown[];
  support: number;
  demandId: string | null;
  receivedAt: string;
  firstResponseAt: string | null;
  dueAt: string | null;
  paused: boolean;
  sla: { state: string; deadline: string; remainingMs: number; overdueMs: number; fractionUsed: number; escalationLevel: number } | null;
  escalation: { level: number; to: string | null };
  closedAt: string | null;
  deliveredAt: string | null;
}

export interface WorkOrderEventView {
  at: string;
  actor: string;
  kind: string;
  status: string | null;
  note: string | null;
  details: unknown;
}

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());

/** The pauses of an order as the engine reads them: the closed ones and the open one, if any. */
export function pausesOf(row: Pick<ItemRow, 'pauses' | 'paused_at'>): SlaPause[] {
  const closed = (row.pauses ?? []).map((p) => ({ from: new Date(p.from), to: new Date(p.to) }));
  return row.paused_at ? [...closed, { from: new Date(row.paused_at), to: null }] : closed;
}

export function slaOf(row: ItemRow, now: Date, policy: SlaPolicy = DEFAULT_SLA_POLICY) {
  if (!row.tier || row.closed_at !== null || row.processed_at === null) return null;
  return slaStatus(new Date(row.received_at), now, policy.tiers[row.tier], { officeHours: policy.officeHours, pauses: pausesOf(row), reminders: policy.reminders, dueSoonFraction: policy.dueSoonFraction, escalation: policy.escalation });
}

export function workOrderView(row: ItemRow, now: Date, policy: SlaPolicy = DEFAULT_SLA_POLICY): WorkOrderView {
  const sla = slaOf(row, now, policy);
  return {
    id: row.id,
    trackingCode: row.tracking_code,
    unit: row.org_unit,
    department: row.department,
    kind: row.kind,
    tier: row.tier,
    status: row.status,
    statusLabel: STATUS_LABELS[row.status],
    statusReason: row.status_reason,
    content: row.content,
    sentiment: row.sentiment,
    tags: row.tags,
    alerts: row.alerts,
    support: row.support,
    demandId: row.demand_id,
    receivedAt: new Date(row.received_at).toISOString(),
    firstResponseAt: iso(row.first_response_at),
    dueAt: iso(row.due_at),
    paused: row.paused_at !== null,
    sla: sla && { state: sla.state, deadline: sla.deadline.toISOString(), remainingMs: sla.remainingMs, overdueMs: sla.overdueMs, fractionUsed: Math.round(sla.fractionUsed * 1000) / 1000, escalationLevel: sla.escalationLevel },
    escalation: { level: row.escalation_level, to: row.escalated_to },
    closedAt: iso(row.closed_at),
    deliveredAt: iso(row.delivered_at),
  };
}

function itemsIn(db: Kysely<DB>, area: string) {
  let query = db.selectFrom('feedback_items').selectAll();
  // Until processing has routed it an order belongs to no unit: only whole-tree callers see it.
  if (area !== '*') query = query.where('org_unit', 'in', db.selectFrom('org_unit_closure').select('descendant_code').where('ancestor_code', '=', area));
  return query;
}

export const WorkOrderFilterSchema = z.strictObject({
  status: z.enum(TRACKER_STATUSES).optional(),
  tier: z.enum(['red', 'orange', 'yellow', 'blue']).optional(),
  unit: z.string().regex(/^\d{6}(\d{3}(\d{3})?)?$/, 'unit is an administrative division code').optional(),
  open: z.boolean().optional(),
  limit: z.number().int().min(1).max(1000).default(200),
});
export type WorkOrderFilter = z.input<typeof WorkOrderFilterSchema>;

export async function listWorkOrders(db: Kysely<DB>, actor: Actor, input: WorkOrderFilter, now: Date, policy?: SlaPolicy): Promise<WorkOrderView[]> {
  const filter = parseInput(WorkOrderFilterSchema, input);
  if (filter.unit) await requireWithinArea(db, actor, filter.unit, 'unit');
  let query = itemsIn(db, actor.area);
  if (filter.status) query = query.where('status', '=', filter.status);
  if (filter.tier) query = query.where('tier', '=', filter.tier);
  if (filter.unit) query = query.where('org_unit', 'in', db.selectFrom('org_unit_closure').select('descendant_code').where('ancestor_code', '=', filter.unit));
  if (filter.open) query = query.where('closed_at', 'is', null);
  const rows = await query.orderBy('due_at').orderBy('received_at').orderBy('id').limit(filter.limit).execute();
  return rows.map((r) => workOrderView(r, now, policy));
}

/** Open orders past their deadline (a paused order counts if it was overdue before the pause), most escalated first. */
export async function listOverdue(db: Kysely<DB>, actor: Actor, now: Date, policy?: SlaPolicy, limit = 500): Promise<WorkOrderView[]> {
  // The stored deadline never lies after the real one (pauses only move it out): a safe pre-filter.
  const rows = await itemsIn(db, actor.area).where('closed_at', 'is', null).where('due_at', '<', now).orderBy('due_at').limit(limit).execute();
  return rows
    .map((r) => workOrderView(r, now, policy))
    .filter((v) => v.sla?.state === 'overdue')
    .sort((a, b) => b.sla!.escalationLevel - a.sla!.escalationLevel || b.sla!.overdueMs - a.sla!.overdueMs || a.id.localeCompare(b.id));
}

async function findOrder(db: Kysely<DB>, area: string, id: string): Promise<ItemRow> {
  const row = await itemsIn(db, area).where('id', '=', id).executeTakeFirst();
  if (!row) throw new AppError('not_found', { message: { zh: `工单 ${id} 不存在`, en: `work order ${id} not found` } });
  return row;
}

export async function getWorkOrder(db: Kysely<DB>, actor: Actor, id: string, now: Date, policy?: SlaPolicy): Promise<WorkOrderView & { history: WorkOrderEventView[] }> {
  const row = await findOrder(db, actor.area, id);
  const events = await db.selectFrom('feedback_item_events').select(['at', 'actor', 'kind', 'status', 'note', 'details']).where('item_id', '=', id).orderBy('id').execute();
  return { ...workOrderView(row, now, policy), history: events.map((e) => ({ at: new Date(e.at).toISOString(), actor: e.actor, kind: e.kind, status: e.status, note: e.note, details: e.details })) };
}

const refuse = (message: LocalizedText, details: Record<string, unknown> = {}) => new AppError('conflict', { message, details });
const CLOSED = { zh: '工单已办结（已上线或不予采纳），不能再变更', en: 'the work order is closed (delivered or not adopted) and takes no further changes' };
const UNPROCESSED = { zh: '工单仍在自动分拣中，请稍后再试', en: 'the work order is still being processed; try again shortly' };

interface StepOutcome {
  set: Partial<Record<keyof ItemRow, unknown>>;
  event: { kind: string; note?: string | null; details?: Record<string, unknown> };
  /** What the submitter is told (no staff names, no internal notes unless meant for them). */
  notify?: { zh: string; en: string; note?: string | null };
  extraAudit?: Record<string, unknown>;
}

async function step(db: Kysely<DB>, actor: Actor, id: string, action: string, apply: (row: ItemRow, trx: Transaction<DB>, now: Date) => Promise<StepOutcome>, now: Date, policy?: SlaPolicy): Promise<WorkOrderView> {
  await findOrder(db, actor.area, id); // scoped: outside the subtree it does not exist
  const after = await db.transaction().execute(async (trx) => {
    const row = await trx.selectFrom('feedback_items').selectAll().where('id', '=', id).forUpdate().executeTakeFirstOrThrow();
    if (row.closed_at !== null) throw refuse(CLOSED, { status: row.status });
    if (row.processed_at === null) throw refuse(UNPROCESSED, { status: row.status });
    const outcome = await apply(row, trx, now);
    const updated = await trx
      .updateTable('feedback_items')
      .set({ ...(outcome.set as object), updated_at: now })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordItemEvent(trx, id, actor.id, outcome.event.kind, { at: now, status: updated.status, note: outcome.event.note ?? null, details: outcome.event.details ?? {} });
    await appendAudit(trx, { ...auditActor(actor), action: `feedback.${action}`, entityType: 'feedback_item', entityId: id, orgUnit: updated.org_unit, details: { status: updated.status, ...(outcome.event.details ?? {}), ...(outcome.extraAudit ?? {}) } });
    if (outcome.notify) {
      await queueNotification(trx, {
        trackingCode: updated.tracking_code, itemId: id, recipient: 'submitter', kind: `status.${outcome.event.kind}`, at: now,
        message: { zh: outcome.notify.zh, en: outcome.notify.en, status: updated.status, ...(outcome.notify.note ? { note: outcome.notify.note } : {}) },
      });
    }
    const submission = await trx.selectFrom('feedback_submissions').select('payload').where('id', '=', updated.submission_id).executeTakeFirstOrThrow();
    const context = (submission.payload as { context?: { pagePath?: string; device?: string; appVersion?: string } }).context ?? {};
    await writeFeedbackFact(trx, updated, context);
    await awardPointsForStatus(trx, updated, now);
    return updated;
  });
  return workOrderView(after, now, policy);
}

const Reason = z.string().trim().min(2, 'reason is required (at least 2 characters)').max(500, 'reason is longer than 500 characters');
const Note = z.string().trim().max(500, 'note is longer than 500 characters').optional();

export const TransferSchema = z
  .strictObject({
    department: z.string().min(1).max(64).optional(),
    orgUnit: z.string().regex(/^\d{6}(\d{3}(\d{3})?)?$/, 'orgUnit is an administrative division code').optional(),
    reason: Reason,
  })
  .refine((t) => t.department !== undefined || t.orgUnit !== undefined, { path: ['department'], message: 'name the department or org unit to transfer to' });

export async function transferOrder(db: Kysely<DB>, actor: Actor, id: string, input: unknown, now = new Date(), policy?: SlaPolicy) {
  const transfer = parseInput(TransferSchema, input);
  let unit = transfer.orgUnit;
  if (transfer.department) {
    const department = await db.selectFrom('departments').select(['code', 'org_unit_code']).where('code', '=', transfer.department).executeTakeFirst();
    if (!department) throw new AppError('validation_failed', { message: { zh: `department：部门 ${transfer.department} 不存在`, en: `department: no department ${transfer.department}` }, details: [{ in: 'body', path: ['department'], message: 'unknown department' }] });
    unit ??= department.org_unit_code;
  }
  if (unit) await requireWithinArea(db, actor, unit, 'orgUnit');
  return step(db, actor, id, 'transfer', async (row) => {
    const to = { orgUnit: unit ?? row.org_unit, department: transfer.department ?? null };
    if (to.orgUnit === row.org_unit && to.department === row.department) throw refuse({ zh: '工单已在该部门', en: 'the work order is already with that unit and department' });
    return {
      set: { org_unit: to.orgUnit, department: to.department },
      event: { kind: 'transferred', note: transfer.reason, details: { from: { orgUnit: row.org_unit, department: row.department }, to } },
      notify: { zh: '您的诉求已转交相关部门办理', en: 'your feedback has been passed to the responsible department' },
    };
  }, now, policy);
}

export async function pauseOrder(db: Kysely<DB>, actor: Actor, id: string, input: unknown, now = new Date(), policy?: SlaPolicy) {
  const { note } = parseInput(z.strictObject({ note: Note }), input ?? {});
  return step(db, actor, id, 'pause', async (row) => {
    if (row.paused_at !== null) throw refuse({ zh: '工单已在等待群众补充材料', en: 'the work order is already waiting for the citizen' });
    return {
      set: { paused_at: now },
      event: { kind: 'paused', note: note ?? null },
      notify: { zh: '需要您补充材料，补充后继续办理', en: 'we need more information from you; handling continues once you reply', note: note ?? null },
    };
  }, now, policy);
}

export async function resumeOrder(db: Kysely<DB>, actor: Actor, id: string, input: unknown, now = new Date(), policy: SlaPolicy = DEFAULT_SLA_POLICY) {
  const { note } = parseInput(z.strictObject({ note: Note }), input ?? {});
  return step(db, actor, id, 'resume', async (row) => {
    if (row.paused_at === null) throw refuse({ zh: '工单未处于等待状态', en: 'the work order is not waiting for the citizen' });
    const pauses = [...(row.pauses ?? []), { from: new Date(row.paused_at).toISOString(), to: now.toISOString() }];
    const due = row.tier ? slaDeadline(new Date(row.received_at), policy.tiers[row.tier], { officeHours: policy.officeHours, pauses: pauses.map((p) => ({ from: new Date(p.from), to: new Date(p.to) })) }) : row.due_at;
    return {
      set: { paused_at: null, pauses: JSON.stringify(pauses), due_at: due },
      event: { kind: 'resumed', note: note ?? null, details: { pausedFrom: pauses.at(-1)!.from, dueAt: due ? new Date(due).toISOString() : null } },
      notify: { zh: '已收到补充材料，继续办理', en: 'information received; handling continues' },
    };
  }, now, policy);
}

export const AdvanceSchema = z
  .strictObject({ status: z.enum(TRACKER_STATUSES), reason: z.string().trim().max(500, 'reason is longer than 500 characters').optional(), note: Note })
  .superRefine((a, ctx) => {
    if (a.status === 'rejected' && (a.reason ?? '').length < 2) ctx.addIssue({ code: 'custom', path: ['reason'], message: 'a reason is required for 不予采纳 (rejected)' });
  });

export async function advanceOrder(db: Kysely<DB>, actor: Actor, id: string, input: unknown, now = new Date(), policy?: SlaPolicy) {
  const advance = parseInput(AdvanceSchema, input);
  return step(db, actor, id, 'status', async (row) => {
    const allowed = [NEXT_STATUS[row.status], 'rejected'].filter(Boolean);
    if (!allowed.includes(advance.status)) {
      throw refuse(
        { zh: `工单状态为“${STATUS_LABELS[row.status].zh}”，不能变更为“${STATUS_LABELS[advance.status].zh}”`, en: `a work order in status ${row.status} cannot move to ${advance.status} (allowed: ${allowed.join(', ')})` },
        { status: row.status, allowed },
      );
    }
    const closing = (CLOSED_STATUSES as readonly string[]).includes(advance.status);
    const set: StepOutcome['set'] = { status: advance.status, first_response_at: row.first_response_at ?? now };
    if (advance.status === 'rejected') set.status_reason = advance.reason;
    if (closing) set.closed_at = now;
    if (advance.status === 'online') set.delivered_at = now;
    if (closing && row.paused_at !== null) {
      set.pauses = JSON.stringify([...(row.pauses ?? []), { from: new Date(row.paused_at).toISOString(), to: now.toISOString() }]);
      set.paused_at = null;
    }
    const label = STATUS_LABELS[advance.status];
    return {
      set,
      event: { kind: 'status', note: advance.status === 'rejected' ? advance.reason! : (advance.note ?? null), details: { from: row.status, to: advance.status } },
      notify: { zh: `您的诉求状态已更新为“${label.zh}”`, en: `your feedback is now: ${label.en}`, note: advance.status === 'rejected' ? advance.reason! : (advance.note ?? null) },
    };
  }, now, policy);
}
