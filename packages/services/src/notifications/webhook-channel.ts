// The gateway channel: an HTTP POST of the notification as JSON to the province's SMS / app-push
// gateway, with the notification's Idempotency-Key and an HMAC-SHA256 signature of the exact body
// (X-Govperf-Signature: sha256=<hex>) under the shared secret, so the gateway can check both
// origin and integrity. 2xx: delivered. 429 and 5xx, timeouts and network errors: retried later.
// Any other answer (4xx): permanent, dead-lettered (a retry would be refused the same way).
import { createHmac } from 'node:crypto';
import { maskFreeText } from '../privacy/masking';
import type { DeliveryResult, NotificationChannel, OutgoingNotification } from './channel';

export const SIGNATURE_HEADER = 'x-govperf-signature';
export const DEFAULT_WEBHOOK_TIMEOUT_MS = 5_000;

export interface WebhookChannelOptions {
  url: string;
  secret: string;
  timeoutMs?: number;
  /** For tests; default: the global fetch. */
  fetch?: typeof fetch;
}

/** sha256=<hex HMAC-SHA256 of body under secret>: what the gateway recomputes to verify a request. */
export function signBody(body: string, secret: string): string {
  return `sha256=${createHmac('sha256', secret).update(body, 'utf8').digest('hex')}`;
}

/** The body the gateway receives. */
export function webhookBody(n: OutgoingNotification): string {
  return JSON.stringify({ id: n.id, idempotencyKey: n.idempotencyKey, kind: n.kind, recipient: n.recipient, to: n.to, message: n.message, createdAt: n.createdAt, attempt: n.attempt });
}

export function createWebhookChannel(options: WebhookChannelOptions): NotificationChannel {
  const timeoutMs = options.timeoutMs ?? DEFAULT_WEBHOOK_TIMEOUT_MS;
  const post = options.fetch ?? fetch;
  return {
    name: 'webhook',
    maxSendMs: timeoutMs,
    async send(n): Promise<DeliveryResult> {
      const body = webhookBody(n);
      let response: Response;
      try {
        response = await post(options.url, {
          method: 'POST',
          body,
          redirect: 'manual',
          signal: AbortSignal.timeout(timeoutMs),
          headers: { 'content-type': 'application/json; charset=utf-8', 'idempotency-key': n.idempotencyKey, [SIGNATURE_HEADER]: signBody(body, options.secret), 'user-agent': 'govperf-notify/1' },
        });
      } catch (error) {
        const e = error as { name?: string; message?: string; cause?: { code?: string } };
        const reason = e.name === 'TimeoutError' || e.name === 'AbortError' ? `timeout after ${timeoutMs} ms` : `network error: ${e.cause?.code ?? e.message ?? String(error)}`;
        return { status: 'retry', error: reason };
      }
      if (response.status >= 200 && response.status < 300) {
        await response.body?.cancel().catch(() => undefined);
        return { status: 'delivered' };
      }
      const answer = maskFreeText((await response.text().catch(() => '')).slice(0, 200));
      const error = `gateway answered ${response.status}${answer ? `: ${answer}` : ''}`;
      return response.status === 429 || response.status >= 500 ? { status: 'retry', error } : { status: 'permanent', error };
    },
  };
}
