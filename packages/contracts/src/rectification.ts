// The rectification ledger's requests (问题台账, issue 7 §2): plan, progress with evidence,
// submission for checking, manual closure of a review task, and the list filter. The same
// schemas validate the HTTP bodies, the CLI and the services.
import { z } from 'zod';

export const RECTIFICATION_STATUSES = ['open', 'in_progress', 'checking', 'closed'] as const;
export const RECTIFICATION_KINDS = ['special_plan', 'optimisation', 'user_review'] as const;

export const RECTIFICATION_STATUS_LABELS = {
  open: { zh: '待制定方案', en: 'Awaiting plan' },
  in_progress: { zh: '整改中', en: 'In progress' },
  checking: { zh: '待复测验证', en: 'Awaiting re-measurement' },
  closed: { zh: '已销号', en: 'Closed' },
} as const;

export const RECTIFICATION_KIND_LABELS = {
  special_plan: { zh: '专项整改方案', en: 'Special rectification plan' },
  optimisation: { zh: '指标优化事项', en: 'Indicator optimisation item' },
  user_review: { zh: '用户代表评议', en: 'User-representative review' },
} as const;

const Text = (max: number, what: string) => z.string().trim().min(1, `${what} is empty`).max(max, `${what} is longer than ${max} characters`);
const Day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date is YYYY-MM-DD');

/** Evidence is a reference, never the file itself: a name and where it lives, or its digest. */
export const RectificationEvidenceSchema = z.strictObject({
  name: Text(200, 'name'),
  url: z.url('url is not a URL').max(2000).optional(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/, 'sha256 is 64 lowercase hex digits').optional(),
});
export type RectificationEvidence = z.infer<typeof RectificationEvidenceSchema>;

/** P of PDCA: what will be achieved, how, by whom, by when. */
export const RectificationPlanSchema = z.strictObject({
  goal: Text(1000, 'goal'),
  measures: z.array(Text(500, 'measure')).min(1, 'at least one measure').max(50, 'at most 50 measures'),
  owner: Text(100, 'owner'),
  /** The plan's own deadline; never later than the task's due date. */
  deadline: Day,
});
export type RectificationPlan = z.infer<typeof RectificationPlanSchema>;

/** D of PDCA: a progress update with evidence. */
export const RectificationProgressSchema = z.strictObject({
  note: Text(2000, 'note'),
  percent: z.number().int('percent is a whole number').min(0, 'percent is at least 0').max(100, 'percent is at most 100'),
  evidence: z.array(RectificationEvidenceSchema).max(20, 'at most 20 pieces of evidence').default([]),
});
export type RectificationProgress = z.input<typeof RectificationProgressSchema>;

/** The owner declares the measures done; the next published run checks it. */
export const RectificationSubmitSchema = z.strictObject({ note: Text(2000, 'note') });

/** Only a user-representative review is closed by hand, with its conclusion. */
export const RectificationCloseSchema = z.strictObject({ conclusion: Text(2000, 'conclusion') });

export const RectificationFilterSchema = z.strictObject({
  status: z.enum(RECTIFICATION_STATUSES).optional(),
  level: z.coerce.number().int().min(1).max(3).optional(),
  unit: z.string().regex(/^\d{6,12}$/, 'unit is an administrative division code').optional(),
  system: z.string().min(1).max(64).optional(),
  /** Only the key-supervision list (重点督办): overdue tasks. */
  supervised: z.enum(['true', 'false']).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(200),
});
export type RectificationFilter = z.infer<typeof RectificationFilterSchema>;
