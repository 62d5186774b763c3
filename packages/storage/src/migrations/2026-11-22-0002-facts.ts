// The fact tables (docs/data-model.md): one per ingestion type, and one per record kind of the
// `operations` type. Every row carries its idempotency key (source, source_id), its batch and its
// quality status; attribution codes are not foreign keys (facts may arrive before master data:
// the ingestion service checks codes) but are indexed with the timestamp the metrics filter on.
// The column names are those of docs/metrics.md §2. The arrival time is `ingested_at`, not
// `received_at`: feedback.received_at is a business time (when the citizen's feedback came in).
// Also: the app catalogue's service period.
import type { Kysely } from 'kysely';
import { runStatements } from './statements';

// A migration is a frozen snapshot: the value lists are written out here, not imported.
const list = (values: readonly string[]) => values.map((v) => `'${v}'`).join(', ');
const inList = (column: string, values: readonly string[]) => `check (${column} in (${list(values)}))`;
const code = (column: string) => `check (${column} ~ '^[0-9]{6}([0-9]{3}([0-9]{3})?)?$')`;
const count = (column: string) => `check (${column} >= 0)`;

const CHANNELS = ['app', 'web', 'hall', 'kiosk', 'phone'];
const ITEM_TYPES = ['immediate', 'promised', 'joint', 'special'];
const AGE_BANDS = ['<18', '18-44', '45-59', '60-69', '70-79', '80+'];
const PARTIES = ['person', 'enterprise'];
const PERIOD = `'^[0-9]{4}(-(0[1-9]|1[0-2])|-Q[1-4])?$'`;

/** The columns every fact table starts with. */
const HEAD = `
  id bigint generated always as identity primary key,
  source text not null check (length(source) > 0),
  source_id text not null check (length(source_id) > 0),
  batch_id text references ingestion_batches (id),
  ingested_at timestamptz not null default now(),
  quality_status text not null default 'accepted' check (quality_status in ('accepted', 'rejected', 'flagged')),
  quality_flags jsonb not null default '[]'`;

/** The idempotency key every fact table ends with. */
const TAIL = `unique (source, source_id)`;

const table = (name: string, columns: string) => `create table ${name} (${HEAD},${columns},\n  ${TAIL}\n)`;

const FACT_TABLE_NAMES = [
  'handling_records',
  'ratings',
  'app_events',
  'feedback',
  'mystery_shopper_runs',
  'manual_submissions',
  'service_item_snapshots',
  'ops_availability',
  'ops_incidents',
  'ops_releases',
  'ops_costs',
  'ops_vulnerabilities',
  'sharing_calls',
  'sharing_applications',
] as const;

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations must not depend on the current schema type.
export async function up(db: Kysely<any>): Promise<void> {
  await runStatements(db, [
    table(
      'handling_records',
      `
  record_id text not null,
  item_code text not null,
  org_unit text not null ${code('org_unit')},
  department text not null,
  app_id text,
  channel text not null ${inList('channel', CHANNELS)},
  scenario text,
  item_type text not null ${inList('item_type', ITEM_TYPES)},
  high_frequency boolean not null,
  submitted_at timestamptz not null,
  accepted_at timestamptz,
  completed_at timestamptz,
  result text ${inList('result', ['approved', 'rejected', 'transferred', 'withdrawn'])},
  statutory_limit_days integer ${count('statutory_limit_days')},
  promised_limit_days integer ${count('promised_limit_days')},
  promised_due_at timestamptz,
  elapsed_working_days numeric,
  full_online boolean not null,
  materials_required integer not null ${count('materials_required')},
  materials_submitted integer not null ${count('materials_submitted')},
  materials_reused integer not null ${count('materials_reused')},
  materials_cross_region integer not null ${count('materials_cross_region')},
  materials_cross_region_recognised integer not null ${count('materials_cross_region_recognised')},
  trips integer not null ${count('trips')},
  supplement_requests integer not null ${count('supplement_requests')},
  cross_department_required boolean not null,
  cross_department boolean not null,
  applicant_out_of_region boolean not null,
  cross_region boolean not null,
  instant_approval boolean not null,
  auto_review text ${inList('auto_review', ['passed', 'fallback'])},
  error_found_at timestamptz,
  noncompliance_found_at timestamptz,
  appointment_slot_start timestamptz,
  appointment_slot_end timestamptz,
  applicant_type text not null ${inList('applicant_type', PARTIES)},
  age_band text ${inList('age_band', AGE_BANDS)},
  applicant_key text`,
    ),
    `create index handling_records_unit_completed on handling_records (org_unit, completed_at)`,
    `create index handling_records_unit_accepted on handling_records (org_unit, accepted_at)`,
    `create index handling_records_unit_error on handling_records (org_unit, error_found_at) where error_found_at is not null`,
    `create index handling_records_unit_noncompliance on handling_records (org_unit, noncompliance_found_at) where noncompliance_found_at is not null`,

    table(
      'ratings',
      `
  rating_id text not null,
  org_unit text not null ${code('org_unit')},
  department text,
  item_code text,
  handling_id text,
  channel text not null ${inList('channel', CHANNELS)},
  level smallint not null check (level between 1 and 5),
  rated_at timestamptz not null,
  real_name boolean not null,
  rater_type text not null ${inList('rater_type', PARTIES)},
  rater_age_band text ${inList('rater_age_band', AGE_BANDS)},
  comment text,
  rectify_due_at timestamptz,
  rectified_at timestamptz,
  revisited_at timestamptz`,
    ),
    `create index ratings_unit_rated on ratings (org_unit, rated_at)`,
    `create index ratings_unit_rectify_due on ratings (org_unit, rectify_due_at) where rectify_due_at is not null`,

    table(
      'app_events',
      `
  event_id text not null,
  app_id text not null,
  app_org_unit text not null ${code('app_org_unit')},
  org_unit text ${code('org_unit')},
  user_id text,
  session_id text,
  task_id text,
  event_type text not null ${inList('event_type', ['page_view', 'click', 'task_start', 'task_finish', 'task_abandon', 'survey_ui', 'survey_nps', 'api_timing', 'register'])},
  item_code text,
  page_path text,
  occurred_at timestamptz not null,
  device text,
  app_version text,
  value numeric,
  core_function boolean not null default false,
  user_age_band text ${inList('user_age_band', AGE_BANDS)}`,
    ),
    `create index app_events_unit_occurred on app_events (org_unit, occurred_at) where org_unit is not null`,
    `create index app_events_app_unit_occurred on app_events (app_org_unit, occurred_at)`,
    `create index app_events_task_starts on app_events (task_id) where event_type = 'task_start'`,

    table(
      'feedback',
      `
  feedback_id text not null,
  org_unit text not null ${code('org_unit')},
  department text,
  app_id text,
  kind text not null ${inList('kind', ['complaint', 'bug', 'suggestion', 'demand', 'consultation'])},
  tier text ${inList('tier', ['red', 'orange', 'yellow', 'blue'])},
  received_at timestamptz not null,
  first_response_at timestamptz,
  due_at timestamptz,
  resolved_at timestamptz,
  resolution text ${inList('resolution', ['resolved', 'not_adopted', 'duplicate', 'unresolved'])},
  status text not null ${inList('status', ['pending_review', 'accepted', 'developing', 'testing', 'online', 'rejected'])},
  closed_at timestamptz,
  delivered_at timestamptz,
  major boolean not null default false,
  major_confirmed_at timestamptz,
  content text,
  page_path text,
  device text,
  app_version text`,
    ),
    `create index feedback_unit_received on feedback (org_unit, received_at)`,
    `create index feedback_unit_due on feedback (org_unit, due_at) where due_at is not null`,
    `create index feedback_unit_delivered on feedback (org_unit, delivered_at) where delivered_at is not null`,
    `create index feedback_unit_closed on feedback (org_unit, closed_at) where closed_at is not null`,
    `create index feedback_unit_major on feedback (org_unit, major_confirmed_at) where major_confirmed_at is not null`,

    table(
      'mystery_shopper_runs',
      `
  run_id text not null,
  org_unit text not null ${code('org_unit')},
  app_id text,
  item_code text not null,
  high_frequency boolean not null,
  run_at timestamptz not null,
  steps integer not null ${count('steps')},
  task_completed boolean not null,
  duration_seconds integer not null ${count('duration_seconds')},
  problems_found integer not null ${count('problems_found')},
  score numeric not null check (score between 0 and 100),
  double_blind boolean not null,
  verified boolean not null,
  notes text`,
    ),
    `create index mystery_shopper_runs_unit_run on mystery_shopper_runs (org_unit, run_at)`,

    // Arrives as 'submitted'; a data operator verifies or rejects it (verified_by/verified_at
    // record who decided and when, for either outcome).
    table(
      'manual_submissions',
      `
  submission_id text not null,
  form_item text not null check (form_item ~ '^[a-z][a-z0-9_]*$'),
  org_unit text not null ${code('org_unit')},
  period text not null check (period ~ ${PERIOD}),
  period_start date not null,
  period_end date not null,
  value numeric not null,
  evidence jsonb not null default '[]',
  submitted_by text,
  status text not null default 'submitted' ${inList('status', ['submitted', 'verified', 'rejected'])},
  verified_by text,
  verified_at timestamptz,
  rejection_reason text,
  check (status = 'submitted' or (verified_by is not null and verified_at is not null)),
  check (status <> 'rejected' or rejection_reason is not null)`,
    ),
    `create index manual_submissions_unit_period on manual_submissions (org_unit, period, form_item)`,

    // The catalogue snapshot: a unit's whole catalogue on snapshot_date. service_items (0001)
    // stays the item definitions with their steps; the items.* metrics read the snapshots.
    table(
      'service_item_snapshots',
      `
  item_code text not null,
  item_name text not null,
  org_unit text not null ${code('org_unit')},
  department text not null,
  snapshot_date date not null,
  in_service boolean not null,
  item_type text not null ${inList('item_type', ITEM_TYPES)},
  high_frequency boolean not null,
  online_capable boolean not null,
  full_online boolean not null,
  app_available boolean not null,
  zero_material boolean not null,
  instant_approval_enabled boolean not null,
  statutory_limit_days integer ${count('statutory_limit_days')},
  promised_limit_days integer ${count('promised_limit_days')},
  approval_steps integer not null ${count('approval_steps')},
  elder_mode boolean not null,
  accessible boolean not null,
  kiosk_available boolean not null,
  min_necessary_compliant boolean not null,
  rating_enabled boolean not null,
  xprov_listed boolean not null,
  xprov_enabled boolean not null,
  inprov_listed boolean not null,
  inprov_enabled boolean not null,
  standardised boolean not null,
  guide_published boolean not null,
  guide_complete boolean not null`,
    ),
    `create index service_item_snapshots_unit_date on service_item_snapshots (org_unit, snapshot_date)`,

    table(
      'ops_availability',
      `
  app_id text not null,
  org_unit text not null ${code('org_unit')},
  day date not null,
  scheduled_minutes numeric not null ${count('scheduled_minutes')},
  downtime_minutes numeric not null ${count('downtime_minutes')}`,
    ),
    `create index ops_availability_unit_day on ops_availability (org_unit, day)`,

    table(
      'ops_incidents',
      `
  incident_id text not null,
  app_id text not null,
  org_unit text not null ${code('org_unit')},
  level smallint not null check (level between 1 and 4),
  core_service boolean not null,
  security boolean not null,
  confirmed boolean not null,
  started_at timestamptz not null,
  responded_at timestamptz,
  recovered_at timestamptz,
  description text`,
    ),
    `create index ops_incidents_unit_started on ops_incidents (org_unit, started_at)`,
    `create index ops_incidents_unit_recovered on ops_incidents (org_unit, recovered_at) where recovered_at is not null`,

    table(
      'ops_releases',
      `
  release_id text not null,
  app_id text not null,
  org_unit text not null ${code('org_unit')},
  released_at timestamptz not null,
  kind text not null ${inList('kind', ['feature', 'fix', 'hotfix'])},
  rolled_back boolean not null default false,
  version text`,
    ),
    `create index ops_releases_unit_released on ops_releases (org_unit, released_at)`,

    table(
      'ops_costs',
      `
  app_id text not null,
  org_unit text not null ${code('org_unit')},
  period text not null check (period ~ ${PERIOD}),
  period_start date not null,
  period_end date not null,
  om_cost_yuan numeric not null ${count('om_cost_yuan')},
  total_cost_yuan numeric not null ${count('total_cost_yuan')}`,
    ),
    `create index ops_costs_unit_period on ops_costs (org_unit, period_start)`,

    table(
      'ops_vulnerabilities',
      `
  vuln_id text not null,
  app_id text not null,
  org_unit text not null ${code('org_unit')},
  severity text not null ${inList('severity', ['critical', 'high', 'medium', 'low'])},
  reported_at timestamptz not null,
  fixed_at timestamptz`,
    ),
    `create index ops_vulnerabilities_unit_fixed on ops_vulnerabilities (org_unit, fixed_at) where fixed_at is not null`,

    table(
      'sharing_calls',
      `
  call_id text not null,
  interface_id text not null,
  provider_org_unit text not null ${code('provider_org_unit')},
  consumer_org_unit text not null ${code('consumer_org_unit')},
  called_at timestamptz not null,
  success boolean not null,
  timed_out boolean not null,
  latency_ms numeric ${count('latency_ms')},
  records_returned integer not null default 0 ${count('records_returned')},
  records_disputed integer not null default 0 ${count('records_disputed')}`,
    ),
    `create index sharing_calls_provider_called on sharing_calls (provider_org_unit, called_at)`,

    table(
      'sharing_applications',
      `
  application_id text not null,
  provider_org_unit text not null ${code('provider_org_unit')},
  consumer_org_unit text not null ${code('consumer_org_unit')},
  submitted_at timestamptz not null,
  response_limit_days integer ${count('response_limit_days')},
  due_at timestamptz,
  answered_at timestamptz,
  decision text ${inList('decision', ['approved', 'rejected'])}`,
    ),
    `create index sharing_applications_provider_submitted on sharing_applications (provider_org_unit, submitted_at)`,

    // The app catalogue's service period (ops.apps: apps in service on at least one day of P).
    `alter table apps add column in_service_from date`,
    `alter table apps add column in_service_to date`,
  ]);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see up().
export async function down(db: Kysely<any>): Promise<void> {
  await runStatements(db, [
    'alter table apps drop column in_service_to',
    'alter table apps drop column in_service_from',
    ...[...FACT_TABLE_NAMES].reverse().map((name) => `drop table ${name}`),
  ]);
}
