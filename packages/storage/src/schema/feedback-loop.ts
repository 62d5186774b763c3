// Table types of the feedback loop (migration 0011).
import type { ColumnType, Generated } from 'kysely';

type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
type UpdatedAt = ColumnType<Date, Date | string | undefined, Date | string>;
/** jsonb: read as a value, written as JSON text. */
type Json<T> = ColumnType<T, string, string>;
type JsonDefault<T> = ColumnType<T, string | undefined, string>;

export type FeedbackItemStatus = 'pending_review' | 'accepted' | 'developing' | 'testing' | 'online' | 'rejected';
export type FeedbackTierName = 'red' | 'orange' | 'yellow' | 'blue';

export interface FeedbackSubmissionsTable {
  id: string;
  kind: 'feedback' | 'rating';
  client_id: string;
  submission_id: string;
  tracking_code: string;
  /** The submission as received, its contact data as field-cipher envelopes. */
  payload: Json<Record<string, unknown>>;
  /** Normalised text for the per-client spam check. */
  fingerprint: string | null;
  case_id: string | null;
  stage: string | null;
  received_at: ColumnType<Date, Date | string | undefined, never>;
  state: ColumnType<'received' | 'processed' | 'merged', 'received' | 'processed' | 'merged' | undefined, 'received' | 'processed' | 'merged'>;
  merged_into: string | null;
  processed_at: Date | null;
}

export interface FeedbackDemandsTable {
  id: string;
  org_unit: string;
  title: string;
  tags: ColumnType<string[], string[] | undefined, string[]>;
  support: ColumnType<number, number | undefined, number>;
  tier: FeedbackTierName | null;
  high_alert: ColumnType<boolean, boolean | undefined, boolean>;
  assessment: Json<Record<string, unknown>>;
  priority: Json<Record<string, unknown>>;
  score: number;
  urgency: 'P0' | 'P1' | 'P2' | 'P3' | 'P4';
  quadrant: string;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface FeedbackItemsTable {
  id: string;
  tracking_code: string;
  submission_id: string;
  org_unit: string | null;
  department: string | null;
  app_id: string | null;
  item_code: string | null;
  kind: string | null;
  content: string;
  sentiment: string | null;
  sentiment_score: number | null;
  tags: ColumnType<string[], string[] | undefined, string[]>;
  alerts: JsonDefault<unknown[]>;
  tier: FeedbackTierName | null;
  demand_id: string | null;
  support: ColumnType<number, number | undefined, number>;
  status: ColumnType<FeedbackItemStatus, FeedbackItemStatus | undefined, FeedbackItemStatus>;
  status_reason: string | null;
  received_at: Date | string;
  first_response_at: Date | null;
  due_at: Date | null;
  /** Closed pauses [{ from, to }] (ISO strings); an open one is paused_at. */
  pauses: JsonDefault<{ from: string; to: string }[]>;
  paused_at: Date | null;
  reminders_sent: ColumnType<number, number | undefined, number>;
  escalation_level: ColumnType<number, number | undefined, number>;
  escalated_to: string | null;
  closed_at: Date | null;
  delivered_at: Date | null;
  processed_at: Date | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface FeedbackItemEventsTable {
  id: Generated<string>;
  item_id: string;
  at: ColumnType<Date, Date | string | undefined, never>;
  actor: string;
  kind: string;
  status: string | null;
  note: string | null;
  details: ColumnType<unknown, string | undefined, never>;
}

export interface FeedbackRoutingRulesTable {
  id: Generated<string>;
  tag: string | null;
  org_unit: string | null;
  item_code: string | null;
  department: string;
  target_org_unit: string | null;
  rank: ColumnType<number, number | undefined, number>;
  created_at: CreatedAt;
}

export interface FeedbackCallbacksTable {
  id: string;
  submission_id: string;
  rating_id: string;
  org_unit: string;
  level: number;
  contact_name: string | null;
  contact_phone: string;
  due_at: Date;
  status: ColumnType<'open' | 'done', 'open' | 'done' | undefined, 'open' | 'done'>;
  outcome: string | null;
  created_at: CreatedAt;
  closed_at: Date | null;
}

export interface FeedbackNotificationsTable {
  id: Generated<string>;
  tracking_code: string | null;
  item_id: string | null;
  recipient: 'submitter' | 'department' | 'supervisor';
  channel: ColumnType<string, string | undefined, string>;
  kind: string;
  message: Json<unknown>;
  created_at: CreatedAt;
  sent_at: Date | null;
  attempts: ColumnType<number, number | undefined, number>;
  /** Migration 0014: sent with every attempt (Idempotency-Key); generated unless given. */
  idempotency_key: ColumnType<string, string | undefined, never>;
  /** Scopes the staff views (the item's unit, or the rated unit). */
  org_unit: string | null;
  /** Null: due now. */
  next_attempt_at: Date | null;
  last_error: string | null;
  /** Dead-lettered: no further attempts until staff retry it. */
  failed_at: Date | null;
  delivered_via: string | null;
}

/** Migration 0014: fixed-window counters of the public intake limits, shared across processes. */
export interface RateLimitWindowsTable {
  key: string;
  window_start: Date;
  count: number;
}

export interface FeedbackLoopTables {
  feedback_submissions: FeedbackSubmissionsTable;
  feedback_demands: FeedbackDemandsTable;
  feedback_items: FeedbackItemsTable;
  feedback_item_events: FeedbackItemEventsTable;
  feedback_routing_rules: FeedbackRoutingRulesTable;
  feedback_callbacks: FeedbackCallbacksTable;
  feedback_notifications: FeedbackNotificationsTable;
  rate_limit_windows: RateLimitWindowsTable;
}
