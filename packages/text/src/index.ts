// @govperf/text: offline Chinese text processing for citizen feedback (decision 0006).
export { GOVERNMENT_USER_WORDS, segment, sharedJieba, tokenize } from './segment';
export { NEUTRAL_BAND, scoreSentiment, type SentimentLabel, type SentimentResult } from './sentiment';
export { DEFAULT_TAXONOMY, DEFAULT_TAXONOMY_INPUT, parseTaxonomy, TagSchema, TagTaxonomySchema, type Tag, type TagTaxonomy, type TagTaxonomyInput } from './taxonomy';
export { createClassifier, type Classifier, type TagMatch } from './classify';
export { AlertRuleSchema, createAlertMatcher, DEFAULT_ALERT_RULES, type Alert, type AlertMatcher, type AlertRule, type AlertSeverity } from './alerts';
export {
  clusterSimilar, findNearDuplicates, jaccard, normalizeForSimilarity, shingles, type Cluster, type NearDuplicatePair, type SimilarityItem, type SimilarityOptions,
} from './similarity';
export { createTextAnalyzer, type TextAnalysis, type TextAnalyzer, type TextAnalyzerOptions } from './analyze';
export {
  classMetrics, evaluateSentiment, evaluateTags, LabelledFeedbackSchema, type ClassMetrics, type LabelledFeedback, type SentimentEvaluation, type TagEvaluation,
} from './evaluate';
