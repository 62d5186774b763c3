// The demo channel: writes each notification to the server log, and says so (delivered_via 'log').
// It sends no SMS and no app push. Personal data that slipped into a text is masked on the way out.
import { maskFreeText } from '../privacy/masking';
import type { NotificationChannel, OutgoingNotification } from './channel';

export type LogWriter = (message: string, fields: Record<string, unknown>) => void;

const text = (value: unknown) => (typeof value === 'string' ? maskFreeText(value) : '');

/** The line written for a notification (exported for tests). */
export function logLine(n: OutgoingNotification): { message: string; fields: Record<string, unknown> } {
  const to = n.recipient === 'submitter' ? `tracking ${n.to.trackingCode ?? '-'}` : `unit ${n.to.orgUnit ?? '-'}`;
  return {
    message: `通知（仅写入日志）/ notification (log only) ${n.kind} → ${n.recipient} ${to}: ${text(n.message.zh)} / ${text(n.message.en)}`,
    fields: { notification: n.id, kind: n.kind, recipient: n.recipient, attempt: n.attempt },
  };
}

export function createLogChannel(write: LogWriter): NotificationChannel {
  return {
    name: 'log',
    async send(n) {
      const { message, fields } = logLine(n);
      write(message, fields);
      return { status: 'delivered' };
    },
  };
}
