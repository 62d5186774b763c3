// Table types of the rectification ledger (migration 0008).
import type { ColumnType, Generated } from 'kysely';

type Json<T> = ColumnType<T, string, string>;
type CreatedAt = ColumnType<Date, Date | string | undefined, never>;

export type RectificationLevel = 1 | 2 | 3;
export type RectificationKind = 'special_plan' | 'optimisation' | 'user_review';
export type RectificationStatus = 'open' | 'in_progress' | 'checking' | 'closed';
export type RectificationEventKind = 'created' | 'planned' | 'progress' | 'submitted' | 'remeasured' | 'closed' | 'reopened' | 'supervised' | 'escalated';

export interface RectificationTasksTable {
  id: string;
  origin_run_id: string;
  system_code: string;
  origin_period: string;
  level: RectificationLevel;
  kind: RectificationKind;
  org_unit: string;
  /** What the task is about within the unit: 'composite', an indicator code, 'tag:…' or 'item:…'. */
  subject: string;
  indicator: string | null;
  tag: string | null;
  item_code: string | null;
  reason: Json<unknown>;
  baseline_value: number | null;
  baseline_score: number | null;
  target: number | null;
  direction: 'benefit' | 'cost' | null;
  status: ColumnType<RectificationStatus, RectificationStatus | undefined, RectificationStatus>;
  plan: ColumnType<unknown, string | null | undefined, string | null>;
  progress_percent: ColumnType<number, number | undefined, number>;
  due_at: Date;
  last_value: number | null;
  last_run_id: string | null;
  last_period: string | null;
  reopen_count: ColumnType<number, number | undefined, number>;
  supervised_at: Date | null;
  escalation_level: ColumnType<number, number | undefined, number>;
  escalated_to: string | null;
  created_at: CreatedAt;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
  closed_at: Date | null;
  closed_by_run_id: string | null;
}

export interface RectificationEventsTable {
  id: Generated<string>;
  task_id: string;
  at: ColumnType<Date, Date | string | undefined, never>;
  actor: string;
  kind: RectificationEventKind;
  details: ColumnType<unknown, string | undefined, never>;
}

export interface RectificationTables {
  rectification_tasks: RectificationTasksTable;
  rectification_events: RectificationEventsTable;
}
