// 诉求、投诉、建议: feedback, complaints and demands with their context (docs/metrics.md §2 feedback).
import { z } from 'zod';
import { SourceId, factType, strictFields } from './define';
import { FactTimestamp, Flag, FreeText, Identifier, Label, OrgUnitCode, oneOf, orNull } from './fields';
import { PersonName, PhoneNumber, ResidentIdNumber } from './personal-data';

export const FEEDBACK_KINDS = ['complaint', 'bug', 'suggestion', 'demand', 'consultation'] as const;
/** 四色 response tiers: red 2 h, orange 24 h, yellow 72 h, blue 7 working days. */
export const FEEDBACK_TIERS = ['red', 'orange', 'yellow', 'blue'] as const;
export const FEEDBACK_RESOLUTIONS = ['resolved', 'not_adopted', 'duplicate', 'unresolved'] as const;
/** 待审核 → 已受理 → 开发中 → 测试中 → 已上线 / 不予采纳. */
export const FEEDBACK_STATUSES = ['pending_review', 'accepted', 'developing', 'testing', 'online', 'rejected'] as const;

export const FeedbackSchema = z.strictObject(
  {
    source_id: SourceId.optional(),
    feedback_id: Identifier,
    /** The responsible unit after routing (转办). */
    org_unit: OrgUnitCode,
    department: orNull(Identifier),
    app_id: orNull(Identifier),
    kind: oneOf(FEEDBACK_KINDS),
    /** Null until triaged; without a tier there is no due_at. */
    tier: orNull(oneOf(FEEDBACK_TIERS)),
    received_at: FactTimestamp,
    first_response_at: orNull(FactTimestamp),
    resolved_at: orNull(FactTimestamp),
    resolution: orNull(oneOf(FEEDBACK_RESOLUTIONS)),
    status: oneOf(FEEDBACK_STATUSES),
    /** Status became online (已上线) or rejected (不予采纳). */
    closed_at: orNull(FactTimestamp),
    /** Status became online (已上线). */
    delivered_at: orNull(FactTimestamp),
    /** Designated 重大投诉 by the performance office. */
    major: Flag.default(false),
    major_confirmed_at: orNull(FactTimestamp),
    /** The submitter's text (the platform masks personal data in it for display). */
    content: orNull(FreeText),
    page_path: orNull(Label),
    device: orNull(Label),
    app_version: orNull(Label),
    // The submitter's contact details, when the channel collects them (实名诉求). Personal data:
    // encrypted at rest, masked in responses (PERSONAL_DATA, docs/data-model.md §7).
    /** 联系人姓名. */
    contact_name: orNull(PersonName),
    /** 联系电话: a mainland mobile number or a landline with its area code. */
    contact_phone: orNull(PhoneNumber),
    /** 居民身份证号码 (18 characters, GB 11643 check character). */
    contact_id_number: orNull(ResidentIdNumber),
  },
  strictFields,
);

export const FEEDBACK = factType(FeedbackSchema, {
  label: { zh: '诉求、投诉与建议', en: 'Feedback, complaints and suggestions' },
  sourceIdField: 'feedback_id',
});
export type Feedback = z.output<typeof FEEDBACK.schema>;
