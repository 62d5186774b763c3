// quality — 数据质量检查 (docs/metrics.md §3 quality). One quality-check row per arriving fact
// record of any kind: there is no table of them — the arrival checks write their verdict onto
// the fact rows (quality_status, quality_flags; data-model.md §2.5) — so the catalogue reads
// every fact table as one virtual table `quality_checks`, all statuses included (rejected records
// appear here and only here). received_at is the arrival (ingested_at, data-model.md §6.1).
import type { MetricDefinitionInput, UnionExpression, UnionPart } from '../definition';
import { eq, inPeriod, withDefaults } from './shared';

interface FactKind {
  table: string;
  /** record_kind of its quality rows (metrics.md: 'rating' for ratings). */
  kind: string;
  /** The org unit the record is attributed to. */
  unit: string;
  /** The record's own event time; records without one (dates, periods) use their arrival: no delay. */
  businessTime: UnionExpression;
  /** The fields the ingestion schema requires (data-model.md §3, "required = yes"), as stored columns. */
  required: string[];
  /** The ingestion type whose refused records (rejected_records.fact_type) are records of this kind, and the payload field naming their unit. */
  ingested?: { type: string; unitField: string };
}

const FACT_KINDS: FactKind[] = [
  {
    table: 'handling_records',
    ingested: { type: 'handling-records', unitField: 'org_unit' },
    kind: 'handling',
    unit: 'org_unit',
    businessTime: { coalesce: ['completed_at', 'accepted_at', 'submitted_at'] },
    required: [
      'record_id', 'item_code', 'org_unit', 'department', 'channel', 'item_type', 'high_frequency', 'submitted_at', 'full_online',
      'materials_required', 'materials_submitted', 'materials_reused', 'materials_cross_region', 'materials_cross_region_recognised',
      'trips', 'supplement_requests', 'cross_department_required', 'cross_department', 'applicant_out_of_region', 'cross_region',
      'instant_approval', 'applicant_type',
    ],
  },
  { table: 'ratings',
    ingested: { type: 'ratings', unitField: 'org_unit' }, kind: 'rating', unit: 'org_unit', businessTime: 'rated_at', required: ['rating_id', 'org_unit', 'channel', 'level', 'rated_at', 'real_name', 'rater_type'] },
  // An event's item unit may be null; the app owner is always known and answers for its data.
  { table: 'app_events',
    ingested: { type: 'events', unitField: 'app_org_unit' }, kind: 'event', unit: 'app_org_unit', businessTime: 'occurred_at', required: ['event_id', 'app_id', 'app_org_unit', 'event_type', 'occurred_at'] },
  { table: 'feedback',
    ingested: { type: 'feedback', unitField: 'org_unit' }, kind: 'feedback', unit: 'org_unit', businessTime: 'received_at', required: ['feedback_id', 'org_unit', 'kind', 'received_at', 'status'] },
  {
    table: 'mystery_shopper_runs',
    ingested: { type: 'mystery-shopper-runs', unitField: 'org_unit' },
    kind: 'mystery',
    unit: 'org_unit',
    businessTime: 'run_at',
    required: ['run_id', 'org_unit', 'item_code', 'high_frequency', 'run_at', 'steps', 'task_completed', 'duration_seconds', 'problems_found', 'score', 'double_blind', 'verified'],
  },
  { table: 'manual_submissions',
    ingested: { type: 'manual-submissions', unitField: 'org_unit' }, kind: 'manual', unit: 'org_unit', businessTime: 'ingested_at', required: ['submission_id', 'form_item', 'org_unit', 'period', 'value', 'evidence'] },
  {
    table: 'service_item_snapshots',
    ingested: { type: 'service-items', unitField: 'org_unit' },
    kind: 'item',
    unit: 'org_unit',
    businessTime: 'ingested_at',
    required: [
      'item_code', 'item_name', 'org_unit', 'department', 'snapshot_date', 'in_service', 'item_type', 'high_frequency', 'online_capable',
      'full_online', 'app_available', 'zero_material', 'instant_approval_enabled', 'approval_steps', 'elder_mode', 'accessible',
      'kiosk_available', 'min_necessary_compliant', 'rating_enabled', 'xprov_listed', 'xprov_enabled', 'inprov_listed', 'inprov_enabled',
      'standardised', 'guide_published', 'guide_complete',
    ],
  },
  { table: 'ops_availability', kind: 'ops_availability', unit: 'org_unit', businessTime: 'ingested_at', required: ['app_id', 'org_unit', 'day', 'scheduled_minutes', 'downtime_minutes'] },
  {
    table: 'ops_incidents',
    kind: 'ops_incident',
    unit: 'org_unit',
    businessTime: 'started_at',
    required: ['incident_id', 'app_id', 'org_unit', 'level', 'core_service', 'security', 'confirmed', 'started_at'],
  },
  { table: 'ops_releases', kind: 'ops_release', unit: 'org_unit', businessTime: 'released_at', required: ['release_id', 'app_id', 'org_unit', 'released_at', 'kind'] },
  { table: 'ops_costs', kind: 'ops_cost', unit: 'org_unit', businessTime: 'ingested_at', required: ['app_id', 'org_unit', 'period', 'om_cost_yuan', 'total_cost_yuan'] },
  { table: 'ops_vulnerabilities', kind: 'ops_vulnerability', unit: 'org_unit', businessTime: 'reported_at', required: ['vuln_id', 'app_id', 'org_unit', 'severity', 'reported_at'] },
  {
    table: 'sharing_calls',
    kind: 'sharing_call',
    unit: 'provider_org_unit',
    businessTime: 'called_at',
    required: ['call_id', 'interface_id', 'provider_org_unit', 'consumer_org_unit', 'called_at', 'success', 'timed_out'],
  },
  {
    table: 'sharing_applications',
    kind: 'sharing_application',
    unit: 'provider_org_unit',
    businessTime: 'submitted_at',
    required: ['application_id', 'provider_org_unit', 'consumer_org_unit', 'submitted_at'],
  },
];

/** The rule a record refused at ingestion (schema or reference check; kept in rejected_records) fails. */
export const REFUSED_RULE = 'refused';

/**
 * The virtual table: the same columns from every fact table, and from the records ingestion
 * refused (rejected_records: an absent required field, a bad value, an unknown org unit), which
 * arrived as much as the stored ones — without them completeness would always be 100 %, since a
 * stored record has every required field. Their fields are read from the raw payload (same
 * names as the stored columns); a refused record naming no known org unit is attributed to none.
 */
export const QUALITY_CHECKS: UnionPart[] = [
  ...FACT_KINDS.map((f) => ({
    table: f.table,
    columns: {
      org_unit: f.unit,
      record_kind: { value: f.kind },
      received_at: 'ingested_at',
      business_time: f.businessTime,
      status: 'quality_status',
      failed_rules: 'quality_flags',
      required_fields_total: { value: f.required.length },
      required_fields_filled: { filled: f.required },
    },
  })),
  ...FACT_KINDS.flatMap((f) =>
    f.ingested
      ? [
          {
            table: 'rejected_records',
            where: { column: 'fact_type', equals: f.ingested.type },
            columns: {
              org_unit: { json: 'payload', field: f.ingested.unitField },
              record_kind: { value: f.kind },
              received_at: 'received_at',
              business_time: 'received_at',
              status: { value: 'rejected' },
              failed_rules: { jsonArray: [REFUSED_RULE] },
              required_fields_total: { value: f.required.length },
              required_fields_filled: { json: 'payload', filledFields: f.required },
            },
          },
        ]
      : [],
  ),
];

const received = inPeriod('received_at');
/** The validity rules (a refused record fails validation); late_sync and concentrated_scores are findings, not validity failures. */
const VALIDITY_RULES = ['negative_duration', 'impossible_duration', 'future_timestamp', 'out_of_range', 'duplicate', REFUSED_RULE];

export const QUALITY_METRICS: MetricDefinitionInput[] = withDefaults({ table: 'quality_checks', union: QUALITY_CHECKS, acceptedOnly: false }, [
  { name: 'quality.records_checked', window: received, aggregate: { kind: 'count' } },
  { name: 'quality.records_valid', window: received, aggregate: { kind: 'count' }, where: [{ column: 'failed_rules', op: 'has_none', values: VALIDITY_RULES }] },
  { name: 'quality.required_fields_total', window: received, aggregate: { kind: 'sum', column: 'required_fields_total' } },
  { name: 'quality.required_fields_filled', window: received, aggregate: { kind: 'sum', column: 'required_fields_filled' } },
  {
    name: 'quality.sync_delay_minutes_sum',
    window: received,
    aggregate: { kind: 'sum', elapsed: { from: 'business_time', to: 'received_at', unit: 'minutes', atLeastZero: true } },
  },
  { name: 'quality.ratings_checked', window: received, aggregate: { kind: 'count' }, where: [eq('record_kind', 'rating')] },
  {
    name: 'quality.ratings_flagged_brushing',
    window: received,
    aggregate: { kind: 'count' },
    where: [eq('record_kind', 'rating'), { column: 'failed_rules', op: 'has_any', values: ['concentrated_scores'] }],
  },
]);
