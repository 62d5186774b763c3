// The feedback loop's vocabulary: tracker statuses and their labels, the allowed transitions,
// how a kind and a response tier follow from the text analysis, and tracking codes.
import { randomBytes } from 'node:crypto';
import type { FEEDBACK_KINDS, SlaTier } from '@govperf/contracts';
import type { FeedbackItemStatus } from '@govperf/storage';
import type { TextAnalysis } from '@govperf/text';

export type FeedbackKind = (typeof FEEDBACK_KINDS)[number];

/** 待审核 → 已受理 → 开发中 → 测试中 → 已上线, or 不予采纳 (with a reason) from any open status. */
export const TRACKER_STATUSES = ['pending_review', 'accepted', 'developing', 'testing', 'online', 'rejected'] as const satisfies readonly FeedbackItemStatus[];

export const STATUS_LABELS: Record<FeedbackItemStatus, { zh: string; en: string }> = {
  pending_review: { zh: '待审核', en: 'Pending review' },
  accepted: { zh: '已受理', en: 'Accepted' },
  developing: { zh: '开发中', en: 'In development' },
  testing: { zh: '测试中', en: 'In testing' },
  online: { zh: '已上线', en: 'Delivered' },
  rejected: { zh: '不予采纳', en: 'Not adopted' },
};

/** Ratings are tracked too: received, recorded, and for a real-name 差评 the callback. */
export const RATING_STATUS_LABELS = {
  received: { zh: '已收到', en: 'Received' },
  recorded: { zh: '已记录', en: 'Recorded' },
  callback_open: { zh: '待回访整改', en: 'Callback and rectification pending' },
  callback_done: { zh: '已整改回访', en: 'Rectified and called back' },
} as const;

export const CLOSED_STATUSES: readonly FeedbackItemStatus[] = ['online', 'rejected'];

/** The next status along the tracker (rejection is allowed from any open status). */
export const NEXT_STATUS: Partial<Record<FeedbackItemStatus, FeedbackItemStatus>> = {
  pending_review: 'accepted',
  accepted: 'developing',
  developing: 'testing',
  testing: 'online',
};

/** Without a kind from the client: a fault is a bug, a negative text a complaint, anything else a suggestion. */
export function inferKind(analysis: Pick<TextAnalysis, 'sentiment' | 'tags'>): FeedbackKind {
  if (analysis.tags.includes('system_fault')) return 'bug';
  if (analysis.sentiment === 'negative') return 'complaint';
  return 'suggestion';
}

/**
 * The response tier (docs/feedback-loop.md §4): a system fault reported negatively is red; a
 * high-severity alert (投诉、泄露、诈骗…) or another fault is orange; a new-feature demand is blue;
 * everything else (complaints, suggestions, consultations) yellow.
 */
export function tierFor(kind: FeedbackKind, analysis: Pick<TextAnalysis, 'sentiment' | 'tags' | 'alerts'>): SlaTier {
  const fault = analysis.tags.includes('system_fault') || kind === 'bug';
  if (fault && analysis.sentiment === 'negative') return 'red';
  if (analysis.alerts.some((a) => a.severity === 'high') || fault) return 'orange';
  if (kind === 'demand') return 'blue';
  return 'yellow';
}

const TIER_ORDER: readonly SlaTier[] = ['red', 'orange', 'yellow', 'blue'];
export const moreUrgentTier = (a: SlaTier | null, b: SlaTier | null): SlaTier | null =>
  a === null ? b : b === null ? a : TIER_ORDER[Math.min(TIER_ORDER.indexOf(a), TIER_ORDER.indexOf(b))]!;

/** Crockford's base32 alphabet: no I, L, O, U, so a code read aloud over the phone survives. */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
export const TRACKING_CODE_LENGTH = 12;
export const TRACKING_CODE_PATTERN = /^[0-9A-HJKMNP-TV-Z]{12}$/;

/** 12 characters of base32 from 60 random bits: short enough to type, too many to guess. */
export function newTrackingCode(): string {
  const bytes = randomBytes(TRACKING_CODE_LENGTH);
  let code = '';
  for (const byte of bytes) code += ALPHABET[byte & 31];
  return code;
}
