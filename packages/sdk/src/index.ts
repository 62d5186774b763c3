// @govperf/sdk: the browser SDK (one-click feedback, 好差评 ratings, offline queue) and the
// embeddable feedback widget. No runtime dependencies; see docs/sdk.md.
export * from './constants';
export { GovperfError, type GovperfErrorCode, type Lang } from './errors';
export {
  backoffDelay,
  checkFeedbackText,
  createGovperfClient,
  describeDevice,
  isoWithOffset,
  parseRetryAfter,
  randomId,
  type ClientEvent,
  type ContributorAward,
  type ContributorStanding,
  type Contact,
  type EventSourceLike,
  type FeedbackOptions,
  type FetchLike,
  type GovperfClient,
  type GovperfClientOptions,
  type IntakeReceipt,
  type QueuedSubmission,
  type RatingOptions,
  type ResponseLike,
  type StorageLike,
  type StoredReceipt,
  type SubmitOutcome,
  type TrackResult,
} from './client';
export { mountFeedbackWidget, type FeedbackWidget, type WidgetOptions } from './widget';
export const SDK_VERSION = '0.1.0';
