// An item's history (what the tracker shows, and more for staff) and the notification outbox.
import type { DB } from '@govperf/storage';
import type { Kysely } from 'kysely';

export async function recordItemEvent(
  db: Kysely<DB>,
  itemId: string,
  actor: string,
  kind: string,
  entry: { at: Date; status?: string | null; note?: string | null; details?: Record<string, unknown> },
): Promise<void> {
  await db
    .insertInto('feedback_item_events')
    .values({ item_id: itemId, actor, kind, at: entry.at, status: entry.status ?? null, note: entry.note ?? null, details: JSON.stringify(entry.details ?? {}) })
    .execute();
}

export interface OutboxMessage {
  trackingCode?: string | null;
  itemId?: string | null;
  recipient: 'submitter' | 'department' | 'supervisor';
  kind: string;
  message: Record<string, unknown>;
  at: Date;
}

/** Queued in the same transaction as the change it reports; a delivery adapter sends it later. */
export async function queueNotification(db: Kysely<DB>, n: OutboxMessage): Promise<void> {
  await db
    .insertInto('feedback_notifications')
    .values({ tracking_code: n.trackingCode ?? null, item_id: n.itemId ?? null, recipient: n.recipient, kind: n.kind, message: JSON.stringify(n.message), created_at: n.at })
    .execute();
}

/** Delivers the queued notifications through `send`; a failed send stays queued (attempts counted). */
export async function deliverNotifications(
  db: Kysely<DB>,
  send: (n: { id: string; recipient: string; trackingCode: string | null; kind: string; message: unknown }) => Promise<void>,
  now = new Date(),
  limit = 500,
): Promise<{ sent: number; failed: number }> {
  const pending = await db.selectFrom('feedback_notifications').select(['id', 'recipient', 'tracking_code', 'kind', 'message']).where('sent_at', 'is', null).orderBy('id').limit(limit).execute();
  let sent = 0;
  let failed = 0;
  for (const n of pending) {
    try {
      await send({ id: String(n.id), recipient: n.recipient, trackingCode: n.tracking_code, kind: n.kind, message: n.message });
      await db.updateTable('feedback_notifications').set((eb) => ({ sent_at: now, attempts: eb('attempts', '+', 1) })).where('id', '=', n.id).execute();
      sent++;
    } catch {
      await db.updateTable('feedback_notifications').set((eb) => ({ attempts: eb('attempts', '+', 1) })).where('id', '=', n.id).execute();
      failed++;
    }
  }
  return { sent, failed };
}

/** The stub adapter: there is no SMS or app-push gateway yet; it only marks notifications sent. */
export const outboxOnlyAdapter = async (): Promise<void> => {};
