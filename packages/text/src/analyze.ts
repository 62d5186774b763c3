// The feedback pipeline: one jieba pass, then sentiment, tags and alerts on its output.
import { createAlertMatcher, DEFAULT_ALERT_RULES, type Alert, type AlertRule } from './alerts';
import { createClassifier } from './classify';
import { segment, tokenize } from './segment';
import { scoreSentiment, type SentimentLabel } from './sentiment';
import { DEFAULT_TAXONOMY, type TagTaxonomy } from './taxonomy';

export interface TextAnalysis {
  text: string;
  sentiment: SentimentLabel;
  score: number;
  /** Tag codes in taxonomy order. */
  tags: string[];
  alerts: Alert[];
}

export interface TextAnalyzerOptions {
  /** A validated taxonomy (parseTaxonomy); the default government-app tags otherwise. */
  taxonomy?: TagTaxonomy;
  alertRules?: readonly AlertRule[];
}

export interface TextAnalyzer {
  readonly taxonomy: TagTaxonomy;
  analyze(text: string): TextAnalysis;
}

export function createTextAnalyzer(options: TextAnalyzerOptions = {}): TextAnalyzer {
  const classifier = createClassifier(options.taxonomy ?? DEFAULT_TAXONOMY);
  const alerts = createAlertMatcher(options.alertRules ?? DEFAULT_ALERT_RULES);
  return {
    taxonomy: classifier.taxonomy,
    analyze(text) {
      const tokens = tokenize(text);
      const { sentiment, score } = scoreSentiment(text, tokens);
      const tags = classifier.classify(text, segment(text, tokens)).map((m) => m.code);
      return { text, sentiment, score, tags, alerts: alerts.match(text) };
    },
  };
}
