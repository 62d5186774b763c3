// Delivery of the notification outbox (feedback_notifications): the delivery job takes the due
// notifications in batches (claimed with SKIP LOCKED and a lease, so two workers never send the
// same one and a worker that dies mid-send leaves it to be tried again), sends each through the
// configured channel, and records the outcome. A failure that may pass is retried after an
// exponential backoff with jitter; after NOTIFICATION_MAX_ATTEMPTS attempts, or at once when the
// gateway refuses it for good, the notification is dead-lettered (failed_at). Staff with
// feedback.manage list the dead letters of their subtree and queue one again.
import { AppError, type LocalizedText } from '@govperf/contracts';
import type { DB } from '@govperf/storage';
import { sql, type Kysely } from 'kysely';
import { appendAudit } from '../audit/chain';
import { auditActor, isWithinArea, type Actor } from '../identity/actor';
import { maskFreeText } from '../privacy/masking';
import type { DeliveryResult, NotificationChannel, NotificationRecipient } from './channel';

export const NOTIFICATION_MAX_ATTEMPTS = 8;
export const DELIVERY_BATCH_SIZE = 100;
/**
 * A claimed notification is left alone this long (at least; longer when the batch could take longer:
 * batch size × the channel's longest send, plus a minute); if its worker died, it is due again after.
 */
export const DELIVERY_LEASE_MS = 5 * 60_000;
const BACKOFF_BASE_MS = 30_000;
const BACKOFF_CAP_MS = 6 * 3600_000;

/** The wait before attempt `attempt + 1`: 30 s · 2^(attempt−1), at most 6 h, with "equal jitter" (half fixed, half random). */
export function deliveryBackoffMs(attempt: number, random: () => number = Math.random): number {
  const ceiling = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** Math.max(0, attempt - 1));
  return Math.round(ceiling / 2 + (ceiling / 2) * random());
}

export interface DeliveryOptions {
  now?: () => Date;
  batchSize?: number;
  /** Stop after this many batches (the next job run goes on). Default 20. */
  maxBatches?: number;
  maxAttempts?: number;
  random?: () => number;
}

export interface DeliverySummary {
  delivered: number;
  retrying: number;
  failed: number;
  batches: number;
}

interface ClaimedRow {
  id: string;
  idempotency_key: string;
  tracking_code: string | null;
  item_id: string | null;
  org_unit: string | null;
  recipient: NotificationRecipient;
  kind: string;
  message: Record<string, unknown>;
  created_at: Date | string;
  attempts: number;
}

async function claimBatch(db: Kysely<DB>, now: Date, size: number, leaseMs: number): Promise<ClaimedRow[]> {
  const lease = new Date(now.getTime() + leaseMs);
  const { rows } = await sql<ClaimedRow>`
    update feedback_notifications set next_attempt_at = ${lease}
    where id in (
      select id from feedback_notifications
      where sent_at is null and failed_at is null and (next_attempt_at is null or next_attempt_at <= ${now})
      order by id limit ${size} for update skip locked
    )
    returning id, idempotency_key, tracking_code, item_id, org_unit, recipient, kind, message, created_at, attempts`.execute(db);
  return rows.sort((a, b) => Number(a.id) - Number(b.id));
}

async function record(db: Kysely<DB>, row: ClaimedRow, result: DeliveryResult, channel: string, now: Date, maxAttempts: number, random: () => number): Promise<'delivered' | 'retrying' | 'failed'> {
  const attempts = row.attempts + 1;
  if (result.status === 'delivered') {
    await db.updateTable('feedback_notifications').set({ sent_at: now, attempts, delivered_via: channel, next_attempt_at: null, last_error: null }).where('id', '=', row.id).execute();
    return 'delivered';
  }
  const error = result.error.slice(0, 500);
  if (result.status === 'permanent' || attempts >= maxAttempts) {
    await db.updateTable('feedback_notifications').set({ attempts, last_error: error, failed_at: now, next_attempt_at: null }).where('id', '=', row.id).execute();
    return 'failed';
  }
  const next = new Date(now.getTime() + deliveryBackoffMs(attempts, random));
  await db.updateTable('feedback_notifications').set({ attempts, last_error: error, next_attempt_at: next }).where('id', '=', row.id).execute();
  return 'retrying';
}

/** Sends the due notifications, batch after batch, until none is due (or maxBatches). */
export async function deliverDueNotifications(db: Kysely<DB>, channel: NotificationChannel, options: DeliveryOptions = {}): Promise<DeliverySummary> {
  const now = options.now ?? (() => new Date());
  const size = options.batchSize ?? DELIVERY_BATCH_SIZE;
  const maxAttempts = options.maxAttempts ?? NOTIFICATION_MAX_ATTEMPTS;
  const random = options.random ?? Math.random;
  const summary: DeliverySummary = { delivered: 0, retrying: 0, failed: 0, batches: 0 };
  const leaseMs = Math.max(DELIVERY_LEASE_MS, size * (channel.maxSendMs ?? 1_000) + 60_000);
  for (let b = 0; b < (options.maxBatches ?? 20); b++) {
    const batch = await claimBatch(db, now(), size, leaseMs);
    if (batch.length === 0) break;
    summary.batches++;
    for (const row of batch) {
      let result: DeliveryResult;
      try {
        result = await channel.send({
          id: String(row.id), idempotencyKey: row.idempotency_key, kind: row.kind, recipient: row.recipient,
          to: { trackingCode: row.recipient === 'submitter' ? row.tracking_code : null, orgUnit: row.org_unit },
          itemId: row.item_id, message: row.message, createdAt: new Date(row.created_at).toISOString(), attempt: row.attempts + 1,
        });
      } catch (error) {
        result = { status: 'retry', error: error instanceof Error ? error.message : String(error) };
      }
      summary[await record(db, row, result, channel.name, now(), maxAttempts, random)]++;
    }
    if (batch.length < size) break;
  }
  return summary;
}

export type NotificationState = 'failed' | 'pending' | 'sent';

export interface NotificationView {
  id: string;
  kind: string;
  recipient: NotificationRecipient;
  trackingCode: string | null;
  itemId: string | null;
  unit: string | null;
  state: NotificationState;
  /** The text, with any personal data that slipped in masked. */
  message: LocalizedText;
  attempts: number;
  lastError: string | null;
  createdAt: string;
  nextAttemptAt: string | null;
  sentAt: string | null;
  deliveredVia: string | null;
  failedAt: string | null;
}

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());
const text = (v: unknown) => (typeof v === 'string' ? maskFreeText(v) : '');

function inArea(db: Kysely<DB>, area: string) {
  let query = db.selectFrom('feedback_notifications').selectAll();
  // Unscoped notifications (no unit) are visible to province-wide staff only.
  if (area !== '*') query = query.where('org_unit', 'in', db.selectFrom('org_unit_closure').select('descendant_code').where('ancestor_code', '=', area));
  return query;
}

type Row = Awaited<ReturnType<ReturnType<typeof inArea>['executeTakeFirstOrThrow']>>;

function view(row: Row): NotificationView {
  const message = (row.message ?? {}) as Record<string, unknown>;
  return {
    id: String(row.id), kind: row.kind, recipient: row.recipient, trackingCode: row.tracking_code, itemId: row.item_id, unit: row.org_unit,
    state: row.failed_at ? 'failed' : row.sent_at ? 'sent' : 'pending',
    message: { zh: text(message.zh), en: text(message.en) },
    attempts: row.attempts, lastError: row.last_error, createdAt: iso(row.created_at)!, nextAttemptAt: iso(row.next_attempt_at), sentAt: iso(row.sent_at), deliveredVia: row.delivered_via, failedAt: iso(row.failed_at),
  };
}

/** The notifications of the caller's subtree in one state (default: the dead letters), newest first. */
export async function listNotifications(db: Kysely<DB>, actor: Actor, filter: { state?: NotificationState | undefined; limit?: number | undefined } = {}): Promise<NotificationView[]> {
  const state = filter.state ?? 'failed';
  let query = inArea(db, actor.area);
  if (state === 'failed') query = query.where('failed_at', 'is not', null);
  else if (state === 'sent') query = query.where('sent_at', 'is not', null);
  else query = query.where('sent_at', 'is', null).where('failed_at', 'is', null);
  const limit = Math.min(Math.max(filter.limit ?? 200, 1), 1000);
  return (await query.orderBy('id', 'desc').limit(limit).execute()).map(view);
}

const notFound = (id: string) => new AppError('not_found', { message: { zh: `通知 ${id} 不存在`, en: `notification ${id} not found` } });

/** Queues a dead-lettered notification again (due now, attempts from zero); audited. */
export async function retryNotification(db: Kysely<DB>, actor: Actor, id: string, now = new Date()): Promise<NotificationView> {
  if (!/^\d{1,18}$/.test(id)) throw notFound(id);
  const found = await db.selectFrom('feedback_notifications').select(['org_unit']).where('id', '=', id).executeTakeFirst();
  const visible = found && (actor.area === '*' || (found.org_unit !== null && (await isWithinArea(db, actor.area, found.org_unit))));
  if (!visible) throw notFound(id);
  await db.transaction().execute(async (trx) => {
    const row = await trx.selectFrom('feedback_notifications').select(['failed_at', 'sent_at', 'attempts', 'last_error', 'kind']).where('id', '=', id).forUpdate().executeTakeFirstOrThrow();
    if (!row.failed_at) {
      throw new AppError('conflict', {
        message: row.sent_at ? { zh: '该通知已送达，无需重发', en: 'the notification has been delivered; there is nothing to retry' } : { zh: '该通知仍在发送队列中，无需重发', en: 'the notification is still queued for delivery; there is nothing to retry' },
        details: { reason: row.sent_at ? 'already_sent' : 'still_pending' },
      });
    }
    await trx.updateTable('feedback_notifications').set({ failed_at: null, attempts: 0, next_attempt_at: now }).where('id', '=', id).execute();
    await appendAudit(trx, {
      ...auditActor(actor), action: 'feedback.notification_retry', entityType: 'feedback_notification', entityId: id, orgUnit: found.org_unit,
      details: { kind: row.kind, previousAttempts: row.attempts, lastError: row.last_error },
    });
  });
  return view(await db.selectFrom('feedback_notifications').selectAll().where('id', '=', id).executeTakeFirstOrThrow());
}
