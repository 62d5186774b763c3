// Table types of the core schema (migration 0001), for Kysely's typed queries.
import type { ColumnType, Generated } from 'kysely';

export type OrgLevel = 'country' | 'province' | 'city' | 'county' | 'township';
type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
type UpdatedAt = ColumnType<Date, Date | string | undefined, Date | string>;

export interface OrgUnitsTable {
  code: string;
  name: string;
  level: OrgLevel;
  parent_code: string | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface OrgUnitClosureTable {
  ancestor_code: string;
  descendant_code: string;
  depth: number;
}

export interface DepartmentsTable {
  code: string;
  name: string;
  org_unit_code: string;
  created_at: CreatedAt;
}

export interface AppsTable {
  code: string;
  name: string;
  org_unit_code: string;
  kind: ColumnType<'app' | 'mini_program' | 'web' | 'kiosk', 'app' | 'mini_program' | 'web' | 'kiosk' | undefined>;
  created_at: CreatedAt;
}

export type ItemType = 'immediate' | 'promised' | 'joint' | 'special';

export interface ServiceItemsTable {
  code: string;
  name: string;
  item_type: ItemType;
  high_frequency: ColumnType<boolean, boolean | undefined>;
  statutory_limit_days: number | null;
  promised_limit_days: number | null;
  online_level: ColumnType<number, number | undefined>;
  org_unit_code: string;
  department_code: string | null;
  applicant_type: ColumnType<'person' | 'enterprise' | 'both', 'person' | 'enterprise' | 'both' | undefined>;
  life_event: string | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface ServiceItemStepsTable {
  item_code: string;
  seq: number;
  name: string;
  department_code: string | null;
  limit_hours: number | null;
}

export interface IndicatorSystemsTable {
  code: string;
  version: string;
  hash: string;
  name_zh: string;
  name_en: string;
  document: ColumnType<unknown, string, string>;
  created_at: CreatedAt;
  /** Migration 0013: a draft is editable by saving new versions; published ones are immutable. */
  status: ColumnType<IndicatorSystemStatus, IndicatorSystemStatus | undefined, IndicatorSystemStatus>;
  published_at: Date | null;
  published_by: string | null;
  created_by: string | null;
}

export type IndicatorSystemStatus = 'draft' | 'published' | 'retired';

export type StaffRole = 'admin' | 'expert' | 'data_operator' | 'department_operator' | 'evaluator' | 'auditor';

export interface UsersTable {
  username: string;
  display_name: string;
  password_hash: string;
  role: StaffRole;
  org_unit_code: string;
  /** A department operator's department; null for everyone else. */
  department_code: ColumnType<string | null, string | null | undefined, string | null>;
  password_changed_at: UpdatedAt;
  created_at: CreatedAt;
  disabled_at: Date | null;
}

export interface SessionsTable {
  /** SHA-256 of the session cookie's value; the value itself is never stored. */
  id_hash: string;
  username: string;
  csrf_token: string;
  created_at: CreatedAt;
  expires_at: Date;
  last_seen_at: UpdatedAt;
  revoked_at: Date | null;
  client_ip: string | null;
  user_agent: string | null;
}

export interface LoginFailuresTable {
  id: Generated<string>;
  username: string;
  client_ip: string;
  at: CreatedAt;
}

export type AuditActorKind = 'user' | 'token' | 'system' | 'anonymous';

/** One link of the hash chain; rows are only ever inserted (triggers refuse the rest). */
export interface AuditLogTable {
  seq: ColumnType<string, string | number | bigint, never>;
  at: ColumnType<Date, string, never>;
  actor: string;
  actor_kind: AuditActorKind;
  action: string;
  entity_type: string;
  entity_id: string | null;
  org_unit_code: string | null;
  client_ip: string | null;
  details: ColumnType<unknown, string, never>;
  prev_hash: string;
  hash: string;
}

export interface ApiTokensTable {
  id: string;
  created_by: string | null;
  name: string;
  token_hash: string;
  fact_types: string[];
  org_unit_code: string;
  created_at: CreatedAt;
  revoked_at: Date | null;
  revoked_by: ColumnType<string | null, string | null | undefined, string | null>;
  expires_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  last_used_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
}

export interface IngestionBatchesTable {
  id: string;
  fact_type: string;
  channel: 'http' | 'file' | 'demo';
  source: string;
  file_name: string | null;
  accepted: ColumnType<number, number | undefined>;
  duplicates: ColumnType<number, number | undefined>;
  rejected: ColumnType<number, number | undefined>;
  started_at: CreatedAt;
  finished_at: Date | null;
}

export interface RejectedRecordsTable {
  id: Generated<number>;
  batch_id: string;
  fact_type: string;
  source: string;
  source_id: string | null;
  record_index: number;
  payload: ColumnType<unknown, string, string>;
  errors: ColumnType<unknown, string, string>;
  received_at: CreatedAt;
}

export interface JobsTable {
  id: Generated<number>;
  kind: string;
  key: string;
  payload: ColumnType<unknown, string | undefined, string>;
  run_at: ColumnType<Date, Date, Date>;
  status: ColumnType<'queued' | 'running' | 'succeeded' | 'failed', 'queued' | undefined, 'queued' | 'running' | 'succeeded' | 'failed'>;
  attempts: ColumnType<number, number | undefined, number>;
  max_attempts: ColumnType<number, number | undefined, number>;
  last_error: string | null;
  locked_at: Date | null;
  finished_at: Date | null;
  created_at: CreatedAt;
}

export interface CoreTables {
  jobs: JobsTable;
  org_units: OrgUnitsTable;
  org_unit_closure: OrgUnitClosureTable;
  departments: DepartmentsTable;
  apps: AppsTable;
  service_items: ServiceItemsTable;
  service_item_steps: ServiceItemStepsTable;
  indicator_systems: IndicatorSystemsTable;
  api_tokens: ApiTokensTable;
  users: UsersTable;
  sessions: SessionsTable;
  login_failures: LoginFailuresTable;
  audit_log: AuditLogTable;
  ingestion_batches: IngestionBatchesTable;
  rejected_records: RejectedRecordsTable;
}
