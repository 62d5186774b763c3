// Citizen intake (issue 6 §1–2): what the browser SDK, the embeddable widget and the public
// endpoints exchange. One-click feedback carries its context (time, page, device, app version);
// a 好差评 rating follows the national rules (five levels, dimension ratings by channel, one
// rating per case per stage). Every submission carries a client-made id so that the SDK's offline
// queue can retry without creating duplicates.
import { z } from 'zod';
import { FEEDBACK_KINDS } from './facts/feedback';
import { PersonName, PhoneNumber } from './facts/personal-data';

/** Longest feedback text accepted; longer is refused with a message saying so. */
export const FEEDBACK_TEXT_MAX = 2000;
export const RATING_COMMENT_MAX = 500;

/** A pseudonymous device id made by the SDK (never a person's identity). */
export const ClientId = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, 'clientId is 8–64 letters, digits, _ or -');
/** The client's idempotency key: a retry of the same submission sends the same id. */
export const SubmissionId = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, 'submissionId is 8–64 letters, digits, _ or -');

export const FeedbackContextSchema = z.strictObject({
  /** When the user pressed the button (ISO 8601 with offset). */
  occurredAt: z.iso.datetime({ offset: true, error: 'occurredAt is an ISO 8601 time with its offset' }),
  pagePath: z.string().max(500, 'pagePath is longer than 500 characters'),
  device: z.string().max(200, 'device is longer than 200 characters'),
  appVersion: z.string().max(50, 'appVersion is longer than 50 characters'),
  locale: z.string().max(20).optional(),
});
export type FeedbackContext = z.infer<typeof FeedbackContextSchema>;

export const FeedbackSubmissionSchema = z.strictObject({
  clientId: ClientId,
  submissionId: SubmissionId,
  text: z.string().trim().min(1, 'text is empty').max(FEEDBACK_TEXT_MAX, `text is longer than ${FEEDBACK_TEXT_MAX} characters`),
  kind: z.enum(FEEDBACK_KINDS).optional(),
  /** Where the service happened, when the app knows it (GB/T 2260 code). */
  orgUnit: z.string().regex(/^\d{6}(\d{3}(\d{3})?)?$/, 'orgUnit is an administrative division code').optional(),
  appId: z.string().min(1).max(64).optional(),
  itemCode: z.string().min(1).max(64).optional(),
  context: FeedbackContextSchema,
  /** Given only when the citizen wants an answer (实名): personal data, encrypted at rest. */
  contact: z.strictObject({ name: PersonName.optional(), phone: PhoneNumber }).optional(),
});
export type FeedbackSubmission = z.infer<typeof FeedbackSubmissionSchema>;

/** The national 好差评 dimensions (国务院办公厅《关于建立政务服务“好差评”制度》). */
export const RATING_DIMENSIONS = {
  online: ['overall', 'efficiency', 'guide_accuracy', 'convenience', 'usability'],
  offline: ['overall', 'efficiency', 'service_level', 'attitude'],
} as const;
export const RATING_DIMENSION_LABELS = {
  overall: { zh: '整体满意度', en: 'Overall satisfaction' },
  efficiency: { zh: '办事效率', en: 'Efficiency' },
  guide_accuracy: { zh: '办事指南精确度', en: 'Accuracy of the service guide' },
  convenience: { zh: '办事便捷度', en: 'Convenience' },
  usability: { zh: '平台操作性', en: 'Ease of use of the platform' },
  service_level: { zh: '服务水平', en: 'Service level' },
  attitude: { zh: '服务态度', en: 'Attitude' },
} as const;
/** A case may be rated once per stage. */
export const RATING_STAGES = ['consultation', 'application', 'completion'] as const;

const Level = z.number().int('a level is a whole number').min(1, 'a level is 1–5').max(5, 'a level is 1–5');

export const RatingSubmissionSchema = z
  .strictObject({
    clientId: ClientId,
    submissionId: SubmissionId,
    /** The handling record (办件) rated. */
    caseId: z.string().min(1).max(64),
    stage: z.enum(RATING_STAGES),
    channel: z.enum(['online', 'offline']),
    /** 5 非常满意 … 1 非常不满意; 1–2 are 差评. */
    level: Level,
    dimensions: z.record(z.string(), Level),
    comment: z.string().trim().max(RATING_COMMENT_MAX, `comment is longer than ${RATING_COMMENT_MAX} characters`).optional(),
    /** Real-name 差评 get a callback and hear the outcome. */
    contact: z.strictObject({ name: PersonName.optional(), phone: PhoneNumber }).optional(),
  })
  .superRefine((r, ctx) => {
    const allowed: readonly string[] = RATING_DIMENSIONS[r.channel];
    for (const key of Object.keys(r.dimensions)) {
      if (!allowed.includes(key)) ctx.addIssue({ code: 'custom', path: ['dimensions', key], message: `${key} is not a ${r.channel} dimension (${allowed.join(', ')})` });
    }
    if (!('overall' in r.dimensions)) ctx.addIssue({ code: 'custom', path: ['dimensions', 'overall'], message: 'overall (整体满意度) is required' });
  });
export type RatingSubmission = z.infer<typeof RatingSubmissionSchema>;

/** What the public endpoints answer: a code to follow the item without signing in. */
export const IntakeReceiptSchema = z.strictObject({
  trackingCode: z.string(),
  status: z.string(),
  /** True when this submissionId had been received before (a retry): nothing new was stored. */
  duplicate: z.boolean(),
});
export type IntakeReceipt = z.infer<typeof IntakeReceiptSchema>;
