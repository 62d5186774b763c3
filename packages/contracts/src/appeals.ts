// Appeals against a published evaluation result (申诉, issue 7 §4).
import { z } from 'zod';
import { RectificationEvidenceSchema } from './rectification';

/** Calendar days after publication during which the evaluated unit may appeal. */
export const APPEAL_WINDOW_DAYS = 15;

export const APPEAL_STATUS_LABELS = {
  pending: { zh: '待复核', en: 'Pending review' },
  upheld: { zh: '申诉成立', en: 'Upheld' },
  rejected: { zh: '申诉不成立', en: 'Rejected' },
} as const;

export const AppealSubmissionSchema = z.strictObject({
  /** The evaluated unit that appeals (the caller's own unit or one in their subtree). */
  unit: z.string().regex(/^\d{6,12}$/, 'unit is an administrative division code'),
  /** The indicator contested; absent: the composite result. */
  indicator: z.string().min(1).max(64).optional(),
  grounds: z.string().trim().min(10, 'grounds must say what is wrong and why (at least 10 characters)').max(5000, 'grounds are longer than 5000 characters'),
  evidence: z.array(RectificationEvidenceSchema).min(1, 'an appeal needs at least one piece of evidence').max(20, 'at most 20 pieces of evidence'),
});
export type AppealSubmission = z.infer<typeof AppealSubmissionSchema>;

export const AppealDecisionSchema = z.strictObject({
  outcome: z.enum(['upheld', 'rejected'], { error: 'outcome is upheld or rejected' }),
  reason: z.string().trim().min(1, 'reason is empty').max(5000, 'reason is longer than 5000 characters'),
});
export type AppealDecision = z.infer<typeof AppealDecisionSchema>;
