// Overdue tasks move to the key-supervision list (重点督办) and climb the hierarchy: once overdue
// the task is escalated to the parent of its unit; every further whole original time limit
// overdue takes it one level higher, up to the top of the tree. Run daily by the scheduler and on
// demand; running it twice changes nothing.
import type { DB } from '@govperf/storage';
import type { Kysely } from 'kysely';
import { appendAudit } from '../audit/chain';
import { auditActor, type Actor } from '../identity/actor';
import { recordEvent } from './workflow';

const DAY_MS = 86_400_000;

/** How many levels up an overdue task goes: 1 once overdue, +1 per further whole limit overdue. */
export function escalationLevel(createdAt: Date, dueAt: Date, now: Date): number {
  const overdue = now.getTime() - dueAt.getTime();
  if (overdue <= 0) return 0;
  const limit = Math.max(dueAt.getTime() - createdAt.getTime(), DAY_MS);
  return 1 + Math.floor(overdue / limit);
}

export interface SupervisionOutcome {
  supervised: number;
  escalated: number;
}

export async function superviseOverdue(db: Kysely<DB>, actor: Actor, now = new Date()): Promise<SupervisionOutcome> {
  const overdue = await db
    .selectFrom('rectification_tasks')
    .select(['id', 'org_unit', 'created_at', 'due_at', 'supervised_at', 'escalation_level'])
    .where('status', '<>', 'closed')
    .where('due_at', '<', now)
    .orderBy('id')
    .execute();
  let supervised = 0;
  let escalated = 0;
  for (const task of overdue) {
    // Ancestors nearest first (depth 1 = parent); the chain caps how high a task can go.
    const ancestors = await db.selectFrom('org_unit_closure').select(['ancestor_code', 'depth']).where('descendant_code', '=', task.org_unit).where('depth', '>', 0).orderBy('depth').execute();
    const level = Math.min(escalationLevel(new Date(task.created_at), new Date(task.due_at), now), ancestors.length);
    const firstTime = task.supervised_at === null;
    if (!firstTime && level <= task.escalation_level) continue;
    const to = level > 0 ? ancestors[level - 1]!.ancestor_code : null;
    await db.transaction().execute(async (trx) => {
      await trx
        .updateTable('rectification_tasks')
        .set({ supervised_at: task.supervised_at ?? now, escalation_level: Math.max(level, task.escalation_level), escalated_to: to, updated_at: now })
        .where('id', '=', task.id)
        .execute();
      const details = { dueAt: new Date(task.due_at).toISOString(), level, escalatedTo: to };
      if (firstTime) await recordEvent(trx, task.id, actor.id, 'supervised', details, now);
      if (level > task.escalation_level) await recordEvent(trx, task.id, actor.id, 'escalated', details, now);
      await appendAudit(trx, { ...auditActor(actor), action: firstTime ? 'rectification.supervise' : 'rectification.escalate', entityType: 'rectification_task', entityId: task.id, orgUnit: task.org_unit, details });
    });
    if (firstTime) supervised++;
    if (level > task.escalation_level) escalated++;
  }
  return { supervised, escalated };
}
