// Table types of the fact tables (migration 0002), for Kysely's typed queries. Column names are
// those of docs/metrics.md §2; docs/data-model.md describes every column.
import type { ColumnType, Generated } from 'kysely';

export type QualityStatusValue = 'accepted' | 'rejected' | 'flagged' | 'appealed';

/** timestamptz: read as Date; written as an ISO string with offset (or a Date). */
type Timestamp = ColumnType<Date, Date | string, Date | string>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
/** date: read as a Date (midnight in the process's time zone, as the drivers parse it); written as YYYY-MM-DD. */
type DateColumn = ColumnType<Date, string, string>;
type NullableDateColumn = ColumnType<Date | null, string | null | undefined, string | null>;
/** jsonb: read parsed; written as JSON text. */
type Json<T> = ColumnType<T, string | undefined, string>;
type Nullable<T> = ColumnType<T | null, T | null | undefined, T | null>;
type WithDefault<T> = ColumnType<T, T | undefined, T>;

/** The columns every fact table starts with: identity, idempotency key, batch, arrival, quality. */
export interface FactRowColumns {
  id: Generated<number>;
  /** The source system (from the batch); (source, source_id) is unique. */
  source: string;
  source_id: string;
  batch_id: Nullable<string>;
  /** When the platform received the record (not a business time). */
  ingested_at: ColumnType<Date, Date | string | undefined, never>;
  quality_status: WithDefault<QualityStatusValue>;
  /** Rule names the quality checks found (metrics.md §2 quality.failed_rules). */
  quality_flags: Json<string[]>;
}

type Channel = 'app' | 'web' | 'hall' | 'kiosk' | 'phone';
type ItemTypeValue = 'immediate' | 'promised' | 'joint' | 'special';
type AgeBandValue = '<18' | '18-44' | '45-59' | '60-69' | '70-79' | '80+';
type Party = 'person' | 'enterprise';

export interface HandlingRecordsTable extends FactRowColumns {
  record_id: string;
  item_code: string;
  org_unit: string;
  department: string;
  app_id: Nullable<string>;
  channel: Channel;
  scenario: Nullable<string>;
  item_type: ItemTypeValue;
  high_frequency: boolean;
  submitted_at: Timestamp;
  accepted_at: NullableTimestamp;
  completed_at: NullableTimestamp;
  result: Nullable<'approved' | 'rejected' | 'transferred' | 'withdrawn'>;
  statutory_limit_days: Nullable<number>;
  promised_limit_days: Nullable<number>;
  /** Derived at ingest: accepted_at + promised_limit_days working days. */
  promised_due_at: NullableTimestamp;
  /** Derived at ingest: accepted_at → completed_at in working days. */
  elapsed_working_days: Nullable<number>;
  full_online: boolean;
  materials_required: number;
  materials_submitted: number;
  materials_reused: number;
  materials_cross_region: number;
  materials_cross_region_recognised: number;
  trips: number;
  supplement_requests: number;
  cross_department_required: boolean;
  cross_department: boolean;
  applicant_out_of_region: boolean;
  cross_region: boolean;
  instant_approval: boolean;
  auto_review: Nullable<'passed' | 'fallback'>;
  error_found_at: NullableTimestamp;
  noncompliance_found_at: NullableTimestamp;
  appointment_slot_start: NullableTimestamp;
  appointment_slot_end: NullableTimestamp;
  applicant_type: Party;
  age_band: Nullable<AgeBandValue>;
  applicant_key: Nullable<string>;
}

export interface RatingsTable extends FactRowColumns {
  rating_id: string;
  org_unit: string;
  department: Nullable<string>;
  item_code: Nullable<string>;
  handling_id: Nullable<string>;
  channel: Channel;
  level: number;
  rated_at: Timestamp;
  real_name: boolean;
  rater_type: Party;
  rater_age_band: Nullable<AgeBandValue>;
  comment: Nullable<string>;
  /** Derived at ingest for level ≤ 2: rated_at + 15 working days. */
  rectify_due_at: NullableTimestamp;
  rectified_at: NullableTimestamp;
  revisited_at: NullableTimestamp;
}

export interface AppEventsTable extends FactRowColumns {
  event_id: string;
  app_id: string;
  app_org_unit: string;
  org_unit: Nullable<string>;
  user_id: Nullable<string>;
  session_id: Nullable<string>;
  task_id: Nullable<string>;
  event_type: 'page_view' | 'click' | 'task_start' | 'task_finish' | 'task_abandon' | 'survey_ui' | 'survey_nps' | 'api_timing' | 'register';
  item_code: Nullable<string>;
  page_path: Nullable<string>;
  occurred_at: Timestamp;
  device: Nullable<string>;
  app_version: Nullable<string>;
  value: Nullable<number>;
  core_function: WithDefault<boolean>;
  user_age_band: Nullable<AgeBandValue>;
}

export interface FeedbackTable extends FactRowColumns {
  feedback_id: string;
  org_unit: string;
  department: Nullable<string>;
  app_id: Nullable<string>;
  kind: 'complaint' | 'bug' | 'suggestion' | 'demand' | 'consultation';
  tier: Nullable<'red' | 'orange' | 'yellow' | 'blue'>;
  /** When the feedback came in (a business time; the arrival is ingested_at). */
  received_at: Timestamp;
  first_response_at: NullableTimestamp;
  /** Derived at ingest: received_at + the tier's limit. */
  due_at: NullableTimestamp;
  resolved_at: NullableTimestamp;
  resolution: Nullable<'resolved' | 'not_adopted' | 'duplicate' | 'unresolved'>;
  status: 'pending_review' | 'accepted' | 'developing' | 'testing' | 'online' | 'rejected';
  closed_at: NullableTimestamp;
  delivered_at: NullableTimestamp;
  major: WithDefault<boolean>;
  /** Personal contact data (for 回访), stored encrypted: ciphertext envelopes, see services/privacy. */
  contact_name: Nullable<string>;
  contact_phone: Nullable<string>;
  contact_id_number: Nullable<string>;
  major_confirmed_at: NullableTimestamp;
  content: Nullable<string>;
  page_path: Nullable<string>;
  device: Nullable<string>;
  app_version: Nullable<string>;
}

export interface MysteryShopperRunsTable extends FactRowColumns {
  run_id: string;
  org_unit: string;
  app_id: Nullable<string>;
  item_code: string;
  high_frequency: boolean;
  run_at: Timestamp;
  steps: number;
  task_completed: boolean;
  duration_seconds: number;
  problems_found: number;
  score: number;
  double_blind: boolean;
  verified: boolean;
  notes: Nullable<string>;
}

export type ManualSubmissionStatusValue = 'submitted' | 'verified' | 'rejected';

export interface EvidenceItem {
  name: string;
  url?: string;
  note: string;
}

export interface ManualSubmissionsTable extends FactRowColumns {
  submission_id: string;
  form_item: string;
  org_unit: string;
  period: string;
  /** Derived at ingest from period: its first day and the day after its last. */
  period_start: DateColumn;
  period_end: DateColumn;
  value: number;
  evidence: Json<EvidenceItem[]>;
  submitted_by: Nullable<string>;
  status: WithDefault<ManualSubmissionStatusValue>;
  /** The data operator who verified or rejected it, and when. */
  verified_by: Nullable<string>;
  verified_at: NullableTimestamp;
  rejection_reason: Nullable<string>;
}

export interface ServiceItemSnapshotsTable extends FactRowColumns {
  item_code: string;
  item_name: string;
  org_unit: string;
  department: string;
  snapshot_date: DateColumn;
  in_service: boolean;
  item_type: ItemTypeValue;
  high_frequency: boolean;
  online_capable: boolean;
  full_online: boolean;
  app_available: boolean;
  zero_material: boolean;
  instant_approval_enabled: boolean;
  statutory_limit_days: Nullable<number>;
  promised_limit_days: Nullable<number>;
  approval_steps: number;
  elder_mode: boolean;
  accessible: boolean;
  kiosk_available: boolean;
  min_necessary_compliant: boolean;
  rating_enabled: boolean;
  xprov_listed: boolean;
  xprov_enabled: boolean;
  inprov_listed: boolean;
  inprov_enabled: boolean;
  standardised: boolean;
  guide_published: boolean;
  guide_complete: boolean;
}

export interface OpsAvailabilityTable extends FactRowColumns {
  app_id: string;
  org_unit: string;
  day: DateColumn;
  scheduled_minutes: number;
  downtime_minutes: number;
}

export interface OpsIncidentsTable extends FactRowColumns {
  incident_id: string;
  app_id: string;
  org_unit: string;
  level: number;
  core_service: boolean;
  security: boolean;
  confirmed: boolean;
  started_at: Timestamp;
  responded_at: NullableTimestamp;
  recovered_at: NullableTimestamp;
  description: Nullable<string>;
}

export interface OpsReleasesTable extends FactRowColumns {
  release_id: string;
  app_id: string;
  org_unit: string;
  released_at: Timestamp;
  /** feature | fix | hotfix (the record's `release_kind`). */
  kind: 'feature' | 'fix' | 'hotfix';
  rolled_back: WithDefault<boolean>;
  version: Nullable<string>;
}

export interface OpsCostsTable extends FactRowColumns {
  app_id: string;
  org_unit: string;
  period: string;
  /** Derived at ingest from period. */
  period_start: DateColumn;
  period_end: DateColumn;
  om_cost_yuan: number;
  total_cost_yuan: number;
}

export interface OpsVulnerabilitiesTable extends FactRowColumns {
  vuln_id: string;
  app_id: string;
  org_unit: string;
  severity: 'critical' | 'high' | 'medium' | 'low';
  reported_at: Timestamp;
  fixed_at: NullableTimestamp;
}

export interface SharingCallsTable extends FactRowColumns {
  call_id: string;
  interface_id: string;
  provider_org_unit: string;
  consumer_org_unit: string;
  called_at: Timestamp;
  success: boolean;
  timed_out: boolean;
  latency_ms: Nullable<number>;
  records_returned: WithDefault<number>;
  records_disputed: WithDefault<number>;
}

export interface SharingApplicationsTable extends FactRowColumns {
  application_id: string;
  provider_org_unit: string;
  consumer_org_unit: string;
  submitted_at: Timestamp;
  response_limit_days: Nullable<number>;
  /** Derived at ingest: submitted_at + response_limit_days (default 3) working days. */
  due_at: NullableTimestamp;
  answered_at: NullableTimestamp;
  decision: Nullable<'approved' | 'rejected'>;
}

export interface FactTables {
  handling_records: HandlingRecordsTable;
  ratings: RatingsTable;
  app_events: AppEventsTable;
  feedback: FeedbackTable;
  mystery_shopper_runs: MysteryShopperRunsTable;
  manual_submissions: ManualSubmissionsTable;
  service_item_snapshots: ServiceItemSnapshotsTable;
  ops_availability: OpsAvailabilityTable;
  ops_incidents: OpsIncidentsTable;
  ops_releases: OpsReleasesTable;
  ops_costs: OpsCostsTable;
  ops_vulnerabilities: OpsVulnerabilitiesTable;
  sharing_calls: SharingCallsTable;
  sharing_applications: SharingApplicationsTable;
}

export type FactTableName = keyof FactTables;

// Migration 0002 gives the app catalogue (0001's apps) its service period; declared here, with
// the migration that adds it.
declare module './core' {
  interface AppsTable {
    /** First day in service; null = since before any evaluated period. */
    in_service_from: NullableDateColumn;
    /** Last day in service; null while in service. */
    in_service_to: NullableDateColumn;
  }
}
