// The few facts of the wire contract (@govperf/contracts, intake.ts) the SDK needs. The SDK has no
// runtime dependencies, so they are copied here; constants.test.ts imports both and compares them,
// so a change in the contract that is not made here fails the tests.

/** Longest feedback text the server accepts (UTF-16 code units after trimming, like zod's max). */
export const FEEDBACK_TEXT_MAX = 2000;
export const RATING_COMMENT_MAX = 500;
export const PAGE_PATH_MAX = 500;
export const DEVICE_MAX = 200;
export const APP_VERSION_MAX = 50;
export const LOCALE_MAX = 20;
export const PERSON_NAME_MAX = 100;

export const FEEDBACK_KINDS = ['complaint', 'bug', 'suggestion', 'demand', 'consultation'] as const;
export type FeedbackKind = (typeof FEEDBACK_KINDS)[number];
export const FEEDBACK_KIND_LABELS: Record<FeedbackKind, Localized> = {
  suggestion: { zh: '建议', en: 'Suggestion' },
  bug: { zh: '问题反馈', en: 'Problem' },
  complaint: { zh: '投诉', en: 'Complaint' },
  demand: { zh: '诉求', en: 'Request' },
  consultation: { zh: '咨询', en: 'Question' },
};

/** The national 好差评 dimensions by channel. */
export const RATING_DIMENSIONS = {
  online: ['overall', 'efficiency', 'guide_accuracy', 'convenience', 'usability'],
  offline: ['overall', 'efficiency', 'service_level', 'attitude'],
} as const;
export type RatingChannel = keyof typeof RATING_DIMENSIONS;
export type RatingDimension = (typeof RATING_DIMENSIONS)[RatingChannel][number];
export const RATING_DIMENSION_LABELS: Record<RatingDimension, Localized> = {
  overall: { zh: '整体满意度', en: 'Overall satisfaction' },
  efficiency: { zh: '办事效率', en: 'Efficiency' },
  guide_accuracy: { zh: '办事指南精确度', en: 'Accuracy of the service guide' },
  convenience: { zh: '办事便捷度', en: 'Convenience' },
  usability: { zh: '平台操作性', en: 'Ease of use of the platform' },
  service_level: { zh: '服务水平', en: 'Service level' },
  attitude: { zh: '服务态度', en: 'Attitude' },
};
export const RATING_STAGES = ['consultation', 'application', 'completion'] as const;
export type RatingStage = (typeof RATING_STAGES)[number];
/** The five 好差评 levels, 5 best; 1–2 are 差评. */
export const RATING_LEVELS: Record<1 | 2 | 3 | 4 | 5, Localized> = {
  5: { zh: '非常满意', en: 'Very satisfied' },
  4: { zh: '满意', en: 'Satisfied' },
  3: { zh: '基本满意', en: 'Fairly satisfied' },
  2: { zh: '不满意', en: 'Dissatisfied' },
  1: { zh: '非常不满意', en: 'Very dissatisfied' },
};

/** 待审核 → 已受理 → 开发中 → 测试中 → 已上线, or 不予采纳. */
export const FEEDBACK_STATUSES = ['pending_review', 'accepted', 'developing', 'testing', 'online', 'rejected'] as const;

/** clientId and submissionId: 8–64 letters, digits, _ or -. */
export const ID_PATTERN = /^[A-Za-z0-9_-]{8,64}$/;
/** The contract's phone numbers: a mainland mobile, or a landline with its area code. */
export const MOBILE_PATTERN = /^(?:(?:\+|00)?86[- ]?)?1[3-9]\d(?:[- ]?\d{4}){2}$/;
export const LANDLINE_PATTERN = /^(?:(?:\+|00)?86[- ]?)?(?:\(0\d{2,3}\)|0\d{2,3})[- ]?[2-9]\d{6,7}(?:[-#转]\d{1,6})?$/;

export interface Localized {
  zh: string;
  en: string;
}
