// An item's history (what the tracker shows, and more for staff) and the notification outbox
// (delivered by notifications/delivery.ts).
import type { DB } from '@govperf/storage';
import { sql, type Kysely } from 'kysely';

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
  /** Scopes the staff views of the notification; default: the item's unit, else message.orgUnit. */
  orgUnit?: string | null;
  recipient: 'submitter' | 'department' | 'supervisor';
  kind: string;
  /** Bilingual ({ zh, en, … }); never a phone number or other contact data in clear text. */
  message: Record<string, unknown>;
  at: Date;
}

/**
 * Queued in the same transaction as the change it reports; the delivery job
 * (notifications/delivery.ts) sends it through the configured channel afterwards.
 */
export async function queueNotification(db: Kysely<DB>, n: OutboxMessage): Promise<void> {
  const given = n.orgUnit ?? (typeof n.message.orgUnit === 'string' ? n.message.orgUnit : null);
  // A unit that is not in the tree leaves the notification unscoped (visible to province staff) rather than failing the change.
  const orgUnit = given
    ? sql<string | null>`(select code from org_units where code = ${given})`
    : n.itemId
      ? sql<string | null>`(select org_unit from feedback_items where id = ${n.itemId})`
      : null;
  await db
    .insertInto('feedback_notifications')
    .values({ tracking_code: n.trackingCode ?? null, item_id: n.itemId ?? null, org_unit: orgUnit, recipient: n.recipient, kind: n.kind, message: JSON.stringify(n.message), created_at: n.at })
    .execute();
}
