// 办件 handling records: one record per case in an approval system (docs/metrics.md §2 handling).
import { z } from 'zod';
import { SourceId, factType, strictFields } from './define';
import { ApplicantType, AgeBand, Count, FactChannel, FactItemType, FactTimestamp, Flag, Identifier, OrgUnitCode, oneOf, orNull } from './fields';

export const HANDLING_RESULTS = ['approved', 'rejected', 'transferred', 'withdrawn'] as const;
export const AUTO_REVIEW_OUTCOMES = ['passed', 'fallback'] as const;

export const HandlingRecordSchema = z.strictObject(
  {
    source_id: SourceId.optional(),
    /** Case id in the approval system. */
    record_id: Identifier,
    /** 事项编码. */
    item_code: Identifier,
    org_unit: OrgUnitCode,
    department: Identifier,
    app_id: orNull(Identifier),
    channel: FactChannel,
    /** 一件事 scenario, e.g. enterprise_startup, real_estate_registration. */
    scenario: orNull(Identifier),
    item_type: FactItemType,
    high_frequency: Flag,
    submitted_at: FactTimestamp,
    accepted_at: orNull(FactTimestamp),
    completed_at: orNull(FactTimestamp),
    /** Null while the case is open. */
    result: orNull(oneOf(HANDLING_RESULTS)),
    statutory_limit_days: orNull(Count),
    promised_limit_days: orNull(Count),
    full_online: Flag,
    materials_required: Count,
    materials_submitted: Count,
    materials_reused: Count,
    materials_cross_region: Count,
    materials_cross_region_recognised: Count,
    trips: Count,
    supplement_requests: Count,
    cross_department_required: Flag,
    cross_department: Flag,
    applicant_out_of_region: Flag,
    cross_region: Flag,
    instant_approval: Flag,
    auto_review: orNull(oneOf(AUTO_REVIEW_OUTCOMES)),
    error_found_at: orNull(FactTimestamp),
    noncompliance_found_at: orNull(FactTimestamp),
    appointment_slot_start: orNull(FactTimestamp),
    appointment_slot_end: orNull(FactTimestamp),
    applicant_type: ApplicantType,
    /** Null for enterprises and when unknown. */
    age_band: orNull(AgeBand),
    /** Pseudonymised applicant id (per-province keyed hash); never the raw id number. */
    applicant_key: orNull(Identifier),
  },
  strictFields,
);

export const HANDLING_RECORDS = factType(HandlingRecordSchema, {
  label: { zh: '办件', en: 'Handling records' },
  sourceIdField: 'record_id',
});
export type HandlingRecord = z.output<typeof HANDLING_RECORDS.schema>;
