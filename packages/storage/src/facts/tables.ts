// Where each ingestion type is stored (docs/data-model.md §4): its table(s), their columns, the
// idempotency key, and `toRow`, which turns a validated record into the row to insert.
import { periodBounds, type FactRecord, type FactTypeName, type OperationsKind, type QualityStatus } from '@govperf/contracts';
import type { Insertable } from 'kysely';
import type { DB } from '../schema';
import type { FactTableName, FactTables } from '../schema/facts';

/** Every column of every fact table, in table order (the metric compiler's allow-list). */
export const FACT_TABLE_COLUMNS: { readonly [T in FactTableName]: readonly (keyof FactTables[T] & string)[] } = (() => {
  const head = ['id', 'source', 'source_id', 'batch_id', 'ingested_at', 'quality_status', 'quality_flags'] as const;
  return {
    handling_records: [
      ...head,
      'record_id', 'item_code', 'org_unit', 'department', 'app_id', 'channel', 'scenario', 'item_type', 'high_frequency',
      'submitted_at', 'accepted_at', 'completed_at', 'result', 'statutory_limit_days', 'promised_limit_days', 'promised_due_at',
      'elapsed_working_days', 'full_online', 'materials_required', 'materials_submitted', 'materials_reused', 'materials_cross_region',
      'materials_cross_region_recognised', 'trips', 'supplement_requests', 'cross_department_required', 'cross_department',
      'applicant_out_of_region', 'cross_region', 'instant_approval', 'auto_review', 'error_found_at', 'noncompliance_found_at',
      'appointment_slot_start', 'appointment_slot_end', 'applicant_type', 'age_band', 'applicant_key',
    ],
    ratings: [
      ...head,
      'rating_id', 'org_unit', 'department', 'item_code', 'handling_id', 'channel', 'level', 'rated_at', 'real_name', 'rater_type',
      'rater_age_band', 'comment', 'rectify_due_at', 'rectified_at', 'revisited_at',
    ],
    app_events: [
      ...head,
      'event_id', 'app_id', 'app_org_unit', 'org_unit', 'user_id', 'session_id', 'task_id', 'event_type', 'item_code', 'page_path',
      'occurred_at', 'device', 'app_version', 'value', 'core_function', 'user_age_band',
    ],
    feedback: [
      ...head,
      'feedback_id', 'org_unit', 'department', 'app_id', 'kind', 'tier', 'received_at', 'first_response_at', 'due_at', 'resolved_at',
      'resolution', 'status', 'closed_at', 'delivered_at', 'major', 'major_confirmed_at', 'content', 'page_path', 'device', 'app_version',
      'contact_name', 'contact_phone', 'contact_id_number',
    ],
    mystery_shopper_runs: [
      ...head,
      'run_id', 'org_unit', 'app_id', 'item_code', 'high_frequency', 'run_at', 'steps', 'task_completed', 'duration_seconds',
      'problems_found', 'score', 'double_blind', 'verified', 'notes',
    ],
    manual_submissions: [
      ...head,
      'submission_id', 'form_item', 'org_unit', 'period', 'period_start', 'period_end', 'value', 'evidence', 'submitted_by', 'status',
      'verified_by', 'verified_at', 'rejection_reason',
    ],
    service_item_snapshots: [
      ...head,
      'item_code', 'item_name', 'org_unit', 'department', 'snapshot_date', 'in_service', 'item_type', 'high_frequency', 'online_capable',
      'full_online', 'app_available', 'zero_material', 'instant_approval_enabled', 'statutory_limit_days', 'promised_limit_days',
      'approval_steps', 'elder_mode', 'accessible', 'kiosk_available', 'min_necessary_compliant', 'rating_enabled', 'xprov_listed',
      'xprov_enabled', 'inprov_listed', 'inprov_enabled', 'standardised', 'guide_published', 'guide_complete',
    ],
    ops_availability: [...head, 'app_id', 'org_unit', 'day', 'scheduled_minutes', 'downtime_minutes'],
    ops_incidents: [
      ...head,
      'incident_id', 'app_id', 'org_unit', 'level', 'core_service', 'security', 'confirmed', 'started_at', 'responded_at', 'recovered_at',
      'description',
    ],
    ops_releases: [...head, 'release_id', 'app_id', 'org_unit', 'released_at', 'kind', 'rolled_back', 'version'],
    ops_costs: [...head, 'app_id', 'org_unit', 'period', 'period_start', 'period_end', 'om_cost_yuan', 'total_cost_yuan'],
    ops_vulnerabilities: [...head, 'vuln_id', 'app_id', 'org_unit', 'severity', 'reported_at', 'fixed_at'],
    sharing_calls: [
      ...head,
      'call_id', 'interface_id', 'provider_org_unit', 'consumer_org_unit', 'called_at', 'success', 'timed_out', 'latency_ms',
      'records_returned', 'records_disputed',
    ],
    sharing_applications: [
      ...head,
      'application_id', 'provider_org_unit', 'consumer_org_unit', 'submitted_at', 'response_limit_days', 'due_at', 'answered_at', 'decision',
    ],
  };
})();

/** The table of each kind of the `operations` type. */
export const OPERATIONS_TABLES = {
  ops_availability: 'ops_availability',
  ops_incident: 'ops_incidents',
  ops_release: 'ops_releases',
  ops_cost: 'ops_costs',
  ops_vulnerability: 'ops_vulnerabilities',
  sharing_call: 'sharing_calls',
  sharing_application: 'sharing_applications',
} as const satisfies Record<OperationsKind, FactTableName>;

/** Master data goes to the core tables of migration 0001, keyed by code. */
export type MasterTableName = 'org_units' | 'departments' | 'apps';

/** A row ready for `insertInto(table).values(row)`. */
export type TableRow = { [T in FactTableName | MasterTableName]: { table: T; row: Insertable<DB[T]> } }[FactTableName | MasterTableName];

/** What the batch and the quality checks add to a record. Ignored for master data. */
export interface RowContext {
  /** The batch's source system; with source_id the idempotency key. */
  source: string;
  batchId?: string | null | undefined;
  /** Default 'accepted'. */
  qualityStatus?: QualityStatus | undefined;
  qualityFlags?: readonly string[] | undefined;
}

type Time = Date | string | null;

/**
 * Fields the ingestion service computes with the holiday calendar before the insert (they are not
 * part of the record). Left out, they are stored as null.
 */
export interface DerivedFields {
  'handling-records': { promised_due_at?: Time; elapsed_working_days?: number | null };
  ratings: { rectify_due_at?: Time };
  feedback: { due_at?: Time };
  /** due_at of a sharing_application (ignored for the other kinds). */
  operations: { due_at?: Time };
  events: Record<never, never>;
  'manual-submissions': Record<never, never>;
  'mystery-shopper-runs': Record<never, never>;
  'service-items': Record<never, never>;
  'org-units': Record<never, never>;
  departments: Record<never, never>;
  apps: Record<never, never>;
}

/** The derived columns of each type, in the order of DerivedFields. */
export const DERIVED_FIELDS: { readonly [T in FactTypeName]: readonly (keyof DerivedFields[T] & string)[] } = {
  'handling-records': ['promised_due_at', 'elapsed_working_days'],
  ratings: ['rectify_due_at'],
  feedback: ['due_at'],
  operations: ['due_at'],
  events: [],
  'manual-submissions': [],
  'mystery-shopper-runs': [],
  'service-items': [],
  'org-units': [],
  departments: [],
  apps: [],
};

export interface FactTableSpec {
  table: FactTableName | MasterTableName;
  /** The columns toRow fills, in order (id and ingested_at are left to their defaults). */
  columns: readonly string[];
  /** For `operations`: the record kind stored in this table. */
  kind?: OperationsKind;
}

export interface FactTableMapping<T extends FactTypeName> {
  /** The table this type writes to (operations: one per kind). */
  tables: readonly FactTableSpec[];
  /** The idempotency key: (source, source_id) for facts; the code for master data. */
  key: readonly string[];
  /** The row to insert for a validated record (for operations the table follows `kind`). */
  toRow(record: FactRecord<T>, context: RowContext, derived?: DerivedFields[T]): TableRow;
}

const NOT_INSERTED = new Set(['id', 'ingested_at']);
const insertColumnsOf = new Map<FactTableName, readonly string[]>();
/** The columns ingestion writes (computed once per table: factRow runs for every record). */
const insertColumns = (table: FactTableName): readonly string[] => {
  let columns = insertColumnsOf.get(table);
  if (!columns) insertColumnsOf.set(table, (columns = FACT_TABLE_COLUMNS[table].filter((c) => !NOT_INSERTED.has(c))));
  return columns;
};

function head(record: { source_id: string }, context: RowContext) {
  return {
    source: context.source,
    source_id: record.source_id,
    batch_id: context.batchId ?? null,
    quality_status: context.qualityStatus ?? 'accepted',
    quality_flags: JSON.stringify(context.qualityFlags ?? []),
  };
}

/** The record's fields that are columns of the table, plus the head and the derived fields. */
function factRow(table: FactTableName, record: { source_id: string }, context: RowContext, extra: Record<string, unknown> = {}): TableRow {
  const fields = record as unknown as Record<string, unknown>;
  const row: Record<string, unknown> = head(record, context);
  for (const column of insertColumns(table)) {
    if (column in row) continue;
    if (column in extra) row[column] = extra[column];
    else if (column in fields) row[column] = fields[column];
    else row[column] = null;
  }
  return { table, row } as TableRow;
}

function bounds(period: string): { period_start: string; period_end: string } {
  const b = periodBounds(period);
  if (b === null) throw new Error(`not a period: ${period}`);
  return { period_start: b.start, period_end: b.end };
}

function single<T extends FactTypeName>(table: FactTableName, toRow: FactTableMapping<T>['toRow']): FactTableMapping<T> {
  return { tables: [{ table, columns: insertColumns(table) }], key: ['source', 'source_id'], toRow };
}

export const FACT_TABLES: { readonly [T in FactTypeName]: FactTableMapping<T> } = {
  'handling-records': single('handling_records', (r, c, d) => factRow('handling_records', r, c, { ...d })),
  ratings: single('ratings', (r, c, d) => factRow('ratings', r, c, { ...d })),
  events: single('app_events', (r, c) => factRow('app_events', r, c)),
  feedback: single('feedback', (r, c, d) => factRow('feedback', r, c, { ...d })),
  'mystery-shopper-runs': single('mystery_shopper_runs', (r, c) => factRow('mystery_shopper_runs', r, c)),
  'manual-submissions': single('manual_submissions', (r, c) =>
    factRow('manual_submissions', r, c, { ...bounds(r.period), evidence: JSON.stringify(r.evidence), status: 'submitted' }),
  ),
  'service-items': single('service_item_snapshots', (r, c) => factRow('service_item_snapshots', r, c)),
  operations: {
    tables: Object.entries(OPERATIONS_TABLES).map(([kind, table]) => ({ table, columns: insertColumns(table), kind: kind as OperationsKind })),
    key: ['source', 'source_id'],
    toRow(r, c, d) {
      const table = OPERATIONS_TABLES[r.kind];
      switch (r.kind) {
        case 'ops_release':
          return factRow(table, r, c, { kind: r.release_kind });
        case 'ops_cost':
          return factRow(table, r, c, bounds(r.period));
        case 'sharing_application':
          return factRow(table, r, c, { due_at: d?.due_at ?? null });
        default:
          return factRow(table, r, c);
      }
    },
  },
  'org-units': {
    tables: [{ table: 'org_units', columns: ['code', 'name', 'level', 'parent_code'] }],
    key: ['code'],
    toRow: (r) => ({ table: 'org_units', row: { code: r.code, name: r.name, level: r.level, parent_code: r.parent_code } }),
  },
  departments: {
    tables: [{ table: 'departments', columns: ['code', 'name', 'org_unit_code'] }],
    key: ['code'],
    toRow: (r) => ({ table: 'departments', row: { code: r.code, name: r.name, org_unit_code: r.org_unit } }),
  },
  apps: {
    tables: [{ table: 'apps', columns: ['code', 'name', 'org_unit_code', 'kind', 'in_service_from', 'in_service_to'] }],
    key: ['code'],
    toRow: (r) => ({
      table: 'apps',
      row: { code: r.app_id, name: r.name, org_unit_code: r.org_unit, kind: r.kind, in_service_from: r.in_service_from, in_service_to: r.in_service_to },
    }),
  },
};

/** The row of a record of a type (FACT_TABLES[type].toRow without the generic at the call site). */
export function toRow<T extends FactTypeName>(type: T, record: FactRecord<T>, context: RowContext, derived?: DerivedFields[T]): TableRow {
  return (FACT_TABLES[type] as FactTableMapping<T>).toRow(record, context, derived);
}

/** PostgreSQL binds at most 65,535 parameters per statement: rows per multi-row INSERT into the table. */
export function insertChunkSize(table: FactTableName, maxParameters = 65_535): number {
  return Math.floor(maxParameters / insertColumns(table).length);
}
