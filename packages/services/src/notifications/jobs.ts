// The delivery job: one per minute slot (the queue's (kind, key) makes scheduling idempotent),
// draining every due notification. Between slots, a burst waits at most a minute; the job worker
// (jobs/worker.ts) runs it as soon as it is due.
import type { DB } from '@govperf/storage';
import type { Kysely } from 'kysely';
import { enqueueJob, type JobHandler } from '../jobs/queue';
import type { NotificationChannel } from './channel';
import { deliverDueNotifications, type DeliveryOptions } from './delivery';

export const NOTIFICATION_JOB_KIND = 'notifications.deliver';
const SLOT_MS = 60_000;

export async function scheduleNotificationDelivery(db: Kysely<DB>, now: Date): Promise<number> {
  const slot = new Date(Math.floor(now.getTime() / SLOT_MS) * SLOT_MS);
  return (await enqueueJob(db, { kind: NOTIFICATION_JOB_KIND, key: slot.toISOString(), runAt: slot, maxAttempts: 3 })) ? 1 : 0;
}

export function notificationHandlers(db: Kysely<DB>, channel: NotificationChannel, options: DeliveryOptions = {}): Record<string, JobHandler> {
  return {
    [NOTIFICATION_JOB_KIND]: async () => {
      await deliverDueNotifications(db, channel, options);
    },
  };
}
