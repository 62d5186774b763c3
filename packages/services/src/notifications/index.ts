// Delivery of the feedback loop's notifications (docs/feedback-loop.md §12).
export type { DeliveryResult, NotificationChannel, NotificationRecipient, OutgoingNotification } from './channel';
export { createLogChannel, logLine, type LogWriter } from './log-channel';
export { createWebhookChannel, DEFAULT_WEBHOOK_TIMEOUT_MS, SIGNATURE_HEADER, signBody, webhookBody, type WebhookChannelOptions } from './webhook-channel';
export {
  deliverDueNotifications, deliveryBackoffMs, DELIVERY_BATCH_SIZE, DELIVERY_LEASE_MS, listNotifications, NOTIFICATION_MAX_ATTEMPTS, retryNotification,
  type DeliveryOptions, type DeliverySummary, type NotificationState, type NotificationView,
} from './delivery';
export { NOTIFICATION_JOB_KIND, notificationHandlers, scheduleNotificationDelivery } from './jobs';
