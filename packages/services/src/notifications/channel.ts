// Where a queued notification goes: a channel takes one notification and says whether it was
// delivered, failed for now (retried with backoff) or failed for good (dead-lettered at once).
// Contact data never travels in a notification: a submitter is addressed by the tracking code
// (the province's gateway knows who follows it), a department or supervisor by the org unit.

export type NotificationRecipient = 'submitter' | 'department' | 'supervisor';

export interface OutgoingNotification {
  id: string;
  /** The same on every attempt: a gateway that saw an attempt whose answer was lost sends nothing twice. */
  idempotencyKey: string;
  kind: string;
  recipient: NotificationRecipient;
  /** The address: the tracking code for a submitter, the org unit for staff. */
  to: { trackingCode: string | null; orgUnit: string | null };
  itemId: string | null;
  /** Bilingual text ({ zh, en }) and the details of the change. */
  message: Record<string, unknown>;
  createdAt: string;
  /** 1 for the first attempt. */
  attempt: number;
}

export type DeliveryResult =
  | { status: 'delivered' }
  /** Worth trying again later: a 5xx or 429 answer, a timeout, a refused connection. */
  | { status: 'retry'; error: string }
  /** Trying again cannot help (a 4xx answer other than 429): dead-lettered at once. */
  | { status: 'permanent'; error: string };

export interface NotificationChannel {
  /** Recorded as delivered_via: 'webhook', 'log'. */
  readonly name: string;
  /** The longest one send may take (the webhook's timeout): a claimed batch is leased for at least batch size × this. */
  readonly maxSendMs?: number;
  send(notification: OutgoingNotification): Promise<DeliveryResult>;
}
