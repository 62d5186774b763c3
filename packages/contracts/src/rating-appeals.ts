// Appeals of a 好差评 rating (申诉, issue 6 §2): a department appeals a mistaken (误评) or
// malicious (恶意差评) bad rating of its unit; a reviewer decides once.
import { z } from 'zod';
import { RectificationEvidenceSchema } from './rectification';

/** Calendar days after the rating (Beijing time; the rating's own day is day 0) during which it may be appealed. */
export const RATING_APPEAL_WINDOW_DAYS = 10;

export const RATING_APPEAL_KINDS = ['mistaken', 'malicious'] as const;
export type RatingAppealKindName = (typeof RATING_APPEAL_KINDS)[number];

export const RATING_APPEAL_KIND_LABELS = {
  mistaken: { zh: '误评', en: 'Mistaken rating' },
  malicious: { zh: '恶意差评', en: 'Malicious rating' },
} as const;

export const RATING_APPEAL_STATUS_LABELS = {
  pending: { zh: '待复核', en: 'Pending review' },
  upheld: { zh: '申诉成立（该评价不计入）', en: 'Upheld (the rating no longer counts)' },
  rejected: { zh: '申诉不成立', en: 'Rejected' },
} as const;

export const RatingAppealSubmissionSchema = z.strictObject({
  /** The rating appealed (ratings.rating_id). */
  ratingId: z.string().trim().min(1, 'ratingId is empty').max(200, 'ratingId is longer than 200 characters'),
  /** The rating's source system; needed only when two sources delivered the same rating id. */
  source: z.string().trim().min(1).max(200).optional(),
  kind: z.enum(RATING_APPEAL_KINDS, { error: 'kind is mistaken (误评) or malicious (恶意差评)' }),
  grounds: z.string().trim().min(10, 'grounds must say what is wrong and why (at least 10 characters)').max(5000, 'grounds are longer than 5000 characters'),
  evidence: z.array(RectificationEvidenceSchema).min(1, 'an appeal needs at least one piece of evidence').max(20, 'at most 20 pieces of evidence'),
});
export type RatingAppealSubmission = z.infer<typeof RatingAppealSubmissionSchema>;

export const RatingAppealDecisionSchema = z.strictObject({
  outcome: z.enum(['upheld', 'rejected'], { error: 'outcome is upheld or rejected' }),
  reason: z.string().trim().min(1, 'reason is empty').max(5000, 'reason is longer than 5000 characters'),
});
export type RatingAppealDecision = z.infer<typeof RatingAppealDecisionSchema>;
