// 运维与数据共享: operations and data-sharing records, one record kind per row, discriminated by
// `kind` (docs/metrics.md §2 ops and sharing). Each kind is stored in its own table.
import { z } from 'zod';
import { SourceId, factType, strictFields } from './define';
import { Amount, Count, FactDate, FactPeriod, FactTimestamp, Flag, Identifier, Label, FreeText, OrgUnitCode, intBetween, oneOf, orNull } from './fields';

export const OPERATIONS_KINDS = ['ops_availability', 'ops_incident', 'ops_release', 'ops_cost', 'ops_vulnerability', 'sharing_call', 'sharing_application'] as const;
export type OperationsKind = (typeof OPERATIONS_KINDS)[number];

/** 分级应急预案: 1 core service interrupted, 2 affects > 50 % of users, 3 local function, 4 minor. */
export const INCIDENT_LEVELS = {
  1: { zh: '核心服务中断', en: 'Core service interrupted' },
  2: { zh: '影响半数以上用户', en: 'Affects more than 50 % of users' },
  3: { zh: '局部功能异常', en: 'Local function affected' },
  4: { zh: '轻微', en: 'Minor' },
} as const;
export const RELEASE_KINDS = ['feature', 'fix', 'hotfix'] as const;
/** 超危 / 高危 / 中危 / 低危 (CNNVD grades). */
export const VULNERABILITY_SEVERITIES = ['critical', 'high', 'medium', 'low'] as const;
export const SHARING_DECISIONS = ['approved', 'rejected'] as const;

const kind = <K extends OperationsKind>(value: K) => z.literal(value);

/** Minutes of one app on one day. */
export const OpsAvailabilitySchema = z.strictObject(
  {
    kind: kind('ops_availability'),
    source_id: SourceId.optional(),
    app_id: Identifier,
    org_unit: OrgUnitCode,
    day: FactDate,
    /** Planned service minutes, maintenance windows excluded. */
    scheduled_minutes: Amount,
    /** Core service unavailable by synthetic probes. */
    downtime_minutes: Amount,
  },
  strictFields,
);

export const OpsIncidentSchema = z.strictObject(
  {
    kind: kind('ops_incident'),
    source_id: SourceId.optional(),
    incident_id: Identifier,
    app_id: Identifier,
    org_unit: OrgUnitCode,
    level: intBetween(1, 4),
    core_service: Flag,
    /** A data-security incident (leak, tampering, unauthorised access to personal data). */
    security: Flag,
    confirmed: Flag,
    started_at: FactTimestamp,
    /** Emergency response started. */
    responded_at: orNull(FactTimestamp),
    recovered_at: orNull(FactTimestamp),
    description: orNull(FreeText),
  },
  strictFields,
);

export const OpsReleaseSchema = z.strictObject(
  {
    kind: kind('ops_release'),
    source_id: SourceId.optional(),
    release_id: Identifier,
    app_id: Identifier,
    org_unit: OrgUnitCode,
    released_at: FactTimestamp,
    /** feature, fix or hotfix; stored in column `kind` of ops_releases (`kind` names the record kind here). */
    release_kind: oneOf(RELEASE_KINDS),
    rolled_back: Flag.default(false),
    version: orNull(Label),
  },
  strictFields,
);

export const OpsCostSchema = z.strictObject(
  {
    kind: kind('ops_cost'),
    source_id: SourceId.optional(),
    app_id: Identifier,
    org_unit: OrgUnitCode,
    period: FactPeriod,
    om_cost_yuan: Amount,
    /** Construction + O&M + operations of the app. */
    total_cost_yuan: Amount,
  },
  strictFields,
);

export const OpsVulnerabilitySchema = z.strictObject(
  {
    kind: kind('ops_vulnerability'),
    source_id: SourceId.optional(),
    vuln_id: Identifier,
    app_id: Identifier,
    org_unit: OrgUnitCode,
    severity: oneOf(VULNERABILITY_SEVERITIES),
    reported_at: FactTimestamp,
    fixed_at: orNull(FactTimestamp),
  },
  strictFields,
);

export const SharingCallSchema = z.strictObject(
  {
    kind: kind('sharing_call'),
    source_id: SourceId.optional(),
    call_id: Identifier,
    interface_id: Identifier,
    /** The unit responsible for the interface or the data (attribution). */
    provider_org_unit: OrgUnitCode,
    consumer_org_unit: OrgUnitCode,
    called_at: FactTimestamp,
    /** A valid response within the interface's timeout. */
    success: Flag,
    timed_out: Flag,
    latency_ms: orNull(Amount),
    records_returned: Count.default(0),
    /** Records of this call later confirmed wrong by the 数据异议 process. */
    records_disputed: Count.default(0),
  },
  strictFields,
);

export const SharingApplicationSchema = z.strictObject(
  {
    kind: kind('sharing_application'),
    source_id: SourceId.optional(),
    application_id: Identifier,
    provider_org_unit: OrgUnitCode,
    consumer_org_unit: OrgUnitCode,
    submitted_at: FactTimestamp,
    /** The catalogue's promised response time in working days; null = the default 3. */
    response_limit_days: orNull(Count),
    answered_at: orNull(FactTimestamp),
    decision: orNull(oneOf(SHARING_DECISIONS)),
  },
  strictFields,
);

export const OperationsRecordSchema = z.discriminatedUnion(
  'kind',
  [OpsAvailabilitySchema, OpsIncidentSchema, OpsReleaseSchema, OpsCostSchema, OpsVulnerabilitySchema, SharingCallSchema, SharingApplicationSchema],
  { error: (issue) => (issue.code === 'invalid_union' ? `must be one of ${OPERATIONS_KINDS.join(', ')}` : undefined) },
);

/** The natural key of the kinds without an id of their own (one row per app and day / period). */
function naturalKey(record: z.output<typeof OperationsRecordSchema>): string {
  switch (record.kind) {
    case 'ops_availability':
      return `ops_availability:${record.app_id}:${record.day}`;
    case 'ops_cost':
      return `ops_cost:${record.app_id}:${record.period}`;
    case 'ops_incident':
      return record.incident_id;
    case 'ops_release':
      return record.release_id;
    case 'ops_vulnerability':
      return record.vuln_id;
    case 'sharing_call':
      return record.call_id;
    case 'sharing_application':
      return record.application_id;
  }
}

export const OPERATIONS = factType(OperationsRecordSchema, {
  label: { zh: '运维与数据共享', en: 'Operations and data sharing' },
  sourceIdOf: naturalKey,
});
export type OperationsRecord = z.output<typeof OPERATIONS.schema>;
