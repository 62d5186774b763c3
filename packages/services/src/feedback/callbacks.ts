// 差评回访整改 (issue 6 §2): every real-name bad rating has a callback task with a rectification
// deadline (15 working days by default). Staff of the unit list them and close one with its
// outcome; closing records the rectification and the callback on the rating fact (rectified_at,
// revisited_at — what the bad-review rectification rate reads) and tells the rater the outcome.
import { AppError } from '@govperf/contracts';
import type { DB } from '@govperf/storage';
import { sql, type Kysely } from 'kysely';
import { z } from 'zod';
import { appendAudit } from '../audit/chain';
import { auditActor, type Actor } from '../identity/actor';
import type { FieldCipher } from '../privacy/cipher';
import { maskFreeText, maskPhone } from '../privacy/masking';
import { parseInput } from '../validation';
import { FEEDBACK_FACT_SOURCE } from './facts';
import { queueNotification } from './history';

export interface CallbackView {
  id: string;
  trackingCode: string;
  /** The rating (ratings.rating_id of source govperf-feedback), for a 差评申诉 against it. */
  ratingId: string;
  unit: string;
  level: number;
  /** Masked (138****5678); null when the server has no data key to open it. */
  phone: string | null;
  dueAt: string;
  overdue: boolean;
  status: 'open' | 'done';
  outcome: string | null;
  createdAt: string;
  closedAt: string | null;
}

function callbacksIn(db: Kysely<DB>, area: string) {
  let query = db
    .selectFrom('feedback_callbacks as c')
    .innerJoin('feedback_submissions as s', 's.id', 'c.submission_id')
    .select(['c.id', 's.tracking_code', 'c.org_unit', 'c.level', 'c.contact_phone', 'c.due_at', 'c.status', 'c.outcome', 'c.created_at', 'c.closed_at', 'c.rating_id']);
  if (area !== '*') query = query.where('c.org_unit', 'in', db.selectFrom('org_unit_closure').select('descendant_code').where('ancestor_code', '=', area));
  return query;
}

type Row = Awaited<ReturnType<ReturnType<typeof callbacksIn>['executeTakeFirstOrThrow']>>;

function view(row: Row, now: Date, cipher: FieldCipher | undefined): CallbackView {
  let phone: string | null;
  try {
    phone = cipher ? maskPhone(cipher.decrypt(row.contact_phone)) : null;
  } catch {
    phone = null; // sealed under another key, or not an envelope
  }
  return {
    id: row.id, trackingCode: row.tracking_code, ratingId: row.rating_id, unit: row.org_unit, level: row.level, phone,
    dueAt: new Date(row.due_at).toISOString(), overdue: row.status === 'open' && new Date(row.due_at).getTime() < now.getTime(),
    status: row.status, outcome: row.outcome, createdAt: new Date(row.created_at).toISOString(), closedAt: row.closed_at ? new Date(row.closed_at).toISOString() : null,
  };
}

export async function listCallbacks(db: Kysely<DB>, actor: Actor, filter: { status?: 'open' | 'done' | undefined }, now: Date, cipher?: FieldCipher): Promise<CallbackView[]> {
  let query = callbacksIn(db, actor.area);
  if (filter.status) query = query.where('c.status', '=', filter.status);
  return (await query.orderBy('c.due_at').orderBy('c.id').limit(1000).execute()).map((r) => view(r, now, cipher));
}

export const CloseCallbackSchema = z.strictObject({
  outcome: z.string().trim().min(2, 'outcome is required: what was rectified and what the rater was told').max(1000, 'outcome is longer than 1000 characters'),
});

export async function closeCallback(db: Kysely<DB>, actor: Actor, id: string, input: unknown, now: Date, cipher?: FieldCipher): Promise<CallbackView> {
  const { outcome } = parseInput(CloseCallbackSchema, input);
  const found = await callbacksIn(db, actor.area).where('c.id', '=', id).executeTakeFirst();
  if (!found) throw new AppError('not_found', { message: { zh: `回访任务 ${id} 不存在`, en: `callback task ${id} not found` } });
  await db.transaction().execute(async (trx) => {
    const row = await trx.selectFrom('feedback_callbacks').select(['status']).where('id', '=', id).forUpdate().executeTakeFirstOrThrow();
    if (row.status === 'done') throw new AppError('conflict', { message: { zh: '回访任务已完成', en: 'the callback has already been closed' } });
    await trx.updateTable('feedback_callbacks').set({ status: 'done', outcome, closed_at: now }).where('id', '=', id).execute();
    // The rating fact: rectified and fed back to the rater now.
    await sql`update ratings set rectified_at = ${now}, revisited_at = ${now}, ingested_at = now() where source = ${FEEDBACK_FACT_SOURCE} and source_id = ${found.rating_id}`.execute(trx);
    // The rater hears the outcome (contact data that slipped into it masked; the phone itself is never in a message).
    const told = maskFreeText(outcome);
    await queueNotification(trx, {
      trackingCode: found.tracking_code, orgUnit: found.org_unit, recipient: 'submitter', kind: 'callback.done', at: now,
      message: { zh: `您的差评（${found.tracking_code}）已整改并回访：${told}`, en: `Your bad rating (${found.tracking_code}) has been acted on and followed up: ${told}`, outcome: told },
    });
    await appendAudit(trx, { ...auditActor(actor), action: 'feedback.callback_close', entityType: 'feedback_callback', entityId: id, orgUnit: found.org_unit, details: { outcome } });
  });
  return view((await callbacksIn(db, '*').where('c.id', '=', id).executeTakeFirstOrThrow()), now, cipher);
}
