// The SLA sweep (a recurring job): for every open, processed work order, the reminders that have
// fallen due since the last sweep go to the department, and an order overdue climbs the hierarchy
// (engine slaStatus: level 1 = the parent unit once overdue, +1 per further whole limit, at most
// 3). Idempotent: running it twice in a row sends and escalates nothing new.
import { DEFAULT_SLA_POLICY, type SlaPolicy } from '@govperf/contracts';
import { escalationTarget } from '@govperf/engine';
import type { DB } from '@govperf/storage';
import type { Kysely } from 'kysely';
import { appendAudit } from '../audit/chain';
import { auditActor, type Actor } from '../identity/actor';
import { queueNotification, recordItemEvent } from './history';
import { slaOf } from './work-orders';

export interface SweepOutcome {
  checked: number;
  reminders: number;
  escalated: number;
}

export async function sweepSla(db: Kysely<DB>, actor: Actor, now = new Date(), policy: SlaPolicy = DEFAULT_SLA_POLICY): Promise<SweepOutcome> {
  const open = await db.selectFrom('feedback_items').selectAll().where('closed_at', 'is', null).where('processed_at', 'is not', null).where('tier', 'is not', null).orderBy('id').execute();
  const outcome: SweepOutcome = { checked: open.length, reminders: 0, escalated: 0 };
  for (const row of open) {
    const sla = slaOf(row, now, policy);
    if (!sla || row.org_unit === null) continue;
    const newReminders = sla.remindersDue.slice(row.reminders_sent);
    const level = sla.escalationLevel;
    if (newReminders.length === 0 && level <= row.escalation_level) continue;
    const ancestors = (await db.selectFrom('org_unit_closure').select(['ancestor_code', 'depth']).where('descendant_code', '=', row.org_unit).where('depth', '>', 0).orderBy('depth').execute()).map((a) => a.ancestor_code);
    await db.transaction().execute(async (trx) => {
      for (const reminder of newReminders) {
        await queueNotification(trx, {
          itemId: row.id, recipient: 'department', kind: 'sla.reminder', at: now,
          message: { zh: `工单已用时限的 ${Math.round(reminder.fraction * 100)}%`, en: `${Math.round(reminder.fraction * 100)}% of the work order's limit used`, fraction: reminder.fraction, deadline: sla.deadline.toISOString(), orgUnit: row.org_unit, department: row.department },
        });
        outcome.reminders++;
      }
      const set: { reminders_sent: number; escalation_level?: number; escalated_to?: string | null; updated_at: Date } = { reminders_sent: sla.remindersDue.length, updated_at: now };
      if (level > row.escalation_level) {
        const to = escalationTarget(ancestors, level);
        set.escalation_level = level;
        set.escalated_to = to;
        const details = { level, escalatedTo: to, deadline: sla.deadline.toISOString(), overdueMs: sla.overdueMs };
        await recordItemEvent(trx, row.id, actor.id, 'escalated', { at: now, status: row.status, details });
        await appendAudit(trx, { ...auditActor(actor), action: 'feedback.escalate', entityType: 'feedback_item', entityId: row.id, orgUnit: row.org_unit, details });
        await queueNotification(trx, { itemId: row.id, recipient: 'supervisor', kind: 'sla.escalated', at: now, message: { zh: '工单超时，已升级督办', en: 'work order overdue: escalated for supervision', ...details } });
        outcome.escalated++;
      }
      await trx.updateTable('feedback_items').set(set).where('id', '=', row.id).execute();
    });
  }
  return outcome;
}
