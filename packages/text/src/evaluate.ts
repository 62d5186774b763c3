// Precision, recall and F1 for multi-label tags and for the three sentiment classes, computed
// from gold and predicted labels. A ratio whose denominator is 0 is reported as 0.
import { z } from 'zod';
import type { SentimentLabel } from './sentiment';

export const LabelledFeedbackSchema = z.strictObject({
  id: z.string().min(1),
  text: z.string().min(1),
  sentiment: z.enum(['positive', 'neutral', 'negative']),
  tags: z.array(z.string().min(1)),
  split: z.enum(['dev', 'test']),
});
export type LabelledFeedback = z.output<typeof LabelledFeedbackSchema>;

export interface ClassMetrics {
  truePositives: number;
  falsePositives: number;
  falseNegatives: number;
  /** Gold items carrying the label. */
  support: number;
  precision: number;
  recall: number;
  f1: number;
}

export interface TagEvaluation {
  perTag: Record<string, ClassMetrics>;
  /** Counts pooled over all tags, then P/R/F1. */
  micro: ClassMetrics;
  /** Unweighted means of the per-tag P, R and F1. */
  macro: { precision: number; recall: number; f1: number };
  /** Items whose predicted tag set equals the gold set. */
  exactMatch: number;
}

export interface SentimentEvaluation {
  perClass: Record<SentimentLabel, ClassMetrics>;
  macro: { precision: number; recall: number; f1: number };
  accuracy: number;
  /** confusion[gold][predicted] */
  confusion: Record<SentimentLabel, Record<SentimentLabel, number>>;
}

const ratio = (num: number, den: number) => (den === 0 ? 0 : num / den);

export function classMetrics(truePositives: number, falsePositives: number, falseNegatives: number): ClassMetrics {
  const precision = ratio(truePositives, truePositives + falsePositives);
  const recall = ratio(truePositives, truePositives + falseNegatives);
  return { truePositives, falsePositives, falseNegatives, support: truePositives + falseNegatives, precision, recall, f1: ratio(2 * precision * recall, precision + recall) };
}

const meanOf = (items: ClassMetrics[]) => ({
  precision: ratio(items.reduce((s, m) => s + m.precision, 0), items.length),
  recall: ratio(items.reduce((s, m) => s + m.recall, 0), items.length),
  f1: ratio(items.reduce((s, m) => s + m.f1, 0), items.length),
});

/**
 * Multi-label tag metrics. `tagCodes` fixes which tags are reported (and averaged in the macro
 * mean); labels outside it still count in the micro totals.
 */
export function evaluateTags(gold: readonly (readonly string[])[], predicted: readonly (readonly string[])[], tagCodes: readonly string[]): TagEvaluation {
  if (gold.length !== predicted.length) throw new Error(`evaluateTags: ${gold.length} gold items but ${predicted.length} predictions`);
  const counts = new Map<string, { tp: number; fp: number; fn: number }>(tagCodes.map((c) => [c, { tp: 0, fp: 0, fn: 0 }]));
  const countFor = (code: string) => counts.get(code) ?? counts.set(code, { tp: 0, fp: 0, fn: 0 }).get(code)!;
  let exact = 0;
  gold.forEach((goldTags, i) => {
    const g = new Set(goldTags);
    const p = new Set(predicted[i]);
    for (const tag of p) countFor(tag)[g.has(tag) ? 'tp' : 'fp']++;
    for (const tag of g) if (!p.has(tag)) countFor(tag).fn++;
    if (g.size === p.size && [...g].every((t) => p.has(t))) exact++;
  });
  const perTag: Record<string, ClassMetrics> = {};
  for (const code of tagCodes) {
    const c = counts.get(code)!;
    perTag[code] = classMetrics(c.tp, c.fp, c.fn);
  }
  let tp = 0, fp = 0, fn = 0;
  for (const c of counts.values()) {
    tp += c.tp;
    fp += c.fp;
    fn += c.fn;
  }
  return { perTag, micro: classMetrics(tp, fp, fn), macro: meanOf(Object.values(perTag)), exactMatch: ratio(exact, gold.length) };
}

const LABELS: readonly SentimentLabel[] = ['positive', 'neutral', 'negative'];

export function evaluateSentiment(gold: readonly SentimentLabel[], predicted: readonly SentimentLabel[]): SentimentEvaluation {
  if (gold.length !== predicted.length) throw new Error(`evaluateSentiment: ${gold.length} gold items but ${predicted.length} predictions`);
  const row = () => ({ positive: 0, neutral: 0, negative: 0 });
  const confusion = { positive: row(), neutral: row(), negative: row() };
  gold.forEach((g, i) => confusion[g][predicted[i]!]++);
  const perClass = {} as Record<SentimentLabel, ClassMetrics>;
  for (const label of LABELS) {
    const tp = confusion[label][label];
    const fp = LABELS.reduce((s, other) => s + (other === label ? 0 : confusion[other][label]), 0);
    const fn = LABELS.reduce((s, other) => s + (other === label ? 0 : confusion[label][other]), 0);
    perClass[label] = classMetrics(tp, fp, fn);
  }
  const correct = LABELS.reduce((s, l) => s + confusion[l][l], 0);
  return { perClass, macro: meanOf(LABELS.map((l) => perClass[l])), accuracy: ratio(correct, gold.length), confusion };
}
