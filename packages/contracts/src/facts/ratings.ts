// 好差评 service ratings (docs/metrics.md §2 ratings).
import { z } from 'zod';
import { SourceId, factType, strictFields } from './define';
import { AgeBand, ApplicantType, FactChannel, FactTimestamp, Flag, FreeText, Identifier, OrgUnitCode, intBetween, orNull } from './fields';

/** The five 好差评 levels, 5 best. */
export const RATING_LEVELS = {
  5: { zh: '非常满意', en: 'Very satisfied' },
  4: { zh: '满意', en: 'Satisfied' },
  3: { zh: '基本满意', en: 'Fairly satisfied' },
  2: { zh: '不满意', en: 'Dissatisfied' },
  1: { zh: '非常不满意', en: 'Very dissatisfied' },
} as const;

export const RatingSchema = z.strictObject(
  {
    source_id: SourceId.optional(),
    rating_id: Identifier,
    org_unit: OrgUnitCode,
    department: orNull(Identifier),
    /** Null when the rating is about the unit or channel rather than one item. */
    item_code: orNull(Identifier),
    /** record_id of the rated handling record, if linked. */
    handling_id: orNull(Identifier),
    channel: FactChannel,
    level: intBetween(1, 5),
    rated_at: FactTimestamp,
    real_name: Flag,
    rater_type: ApplicantType,
    rater_age_band: orNull(AgeBand),
    comment: orNull(FreeText),
    /** Rectification done and fed back to the rater. */
    rectified_at: orNull(FactTimestamp),
    revisited_at: orNull(FactTimestamp),
  },
  strictFields,
);

export const RATINGS = factType(RatingSchema, {
  label: { zh: '好差评', en: 'Service ratings' },
  sourceIdField: 'rating_id',
});
export type Rating = z.output<typeof RATINGS.schema>;
