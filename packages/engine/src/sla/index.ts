// SLA clocks for work orders and the 差评 rectification limit (docs/sla-and-priority.md).
export { slaDeadline, slaConsumed, slaLimitMs, type SlaClockOptions, type SlaPause } from './clock';
export { slaStatus, escalationLevel, escalationTarget, type SlaState, type SlaStatus, type SlaStatusOptions, type SlaReminder } from './status';
export { ratingRectificationDeadline, type RectificationDeadlineOptions } from './rectification';
