// Entropy weight method (熵权法): a criterion whose values barely differ across alternatives
// carries little information and gets little weight.

import { sum } from '../numeric';
import { column, validateCostFlags, validateDecisionMatrix } from './decision-matrix';
import { WeightsInputError } from './errors';

export type EntropyNormalization = 'minmax' | 'sum';

export interface EntropyOptions {
  /** 'minmax' (极差标准化, default) rescales each column to [0, 1] first; 'sum' uses raw proportions. */
  normalization?: EntropyNormalization;
  /** Per criterion: true = cost (smaller is better). Only affects 'minmax'. */
  cost?: boolean[];
}

export interface EntropyResult {
  weights: number[];
  /** Normalised Shannon entropy E_j in [0, 1]. */
  entropy: number[];
  /** Degree of divergence d_j = 1 − E_j. */
  divergence: number[];
  /** True when no criterion discriminates (every d_j = 0); the weights are then equal. */
  degenerate: boolean;
}

export function entropyWeights(matrix: number[][], options: EntropyOptions = {}): EntropyResult {
  const normalization = options.normalization ?? 'minmax';
  if (normalization !== 'minmax' && normalization !== 'sum') {
    throw new WeightsInputError('normalization', `unknown entropy normalisation "${String(normalization)}" (known: minmax, sum)`);
  }
  const x = validateDecisionMatrix(matrix, 2);
  const m = x.length;
  const n = x[0]!.length;
  const cost = validateCostFlags(options.cost, n);

  const entropy: number[] = [];
  for (let j = 0; j < n; j++) {
    let values = column(x, j);
    if (normalization === 'sum') {
      // Proportions need non-negative data; direction is irrelevant since entropy of
      // proportions does not depend on it.
      values.forEach((v, i) => {
        if (v < 0) {
          throw new WeightsInputError(`matrix[${i}][${j}]`, `negative value ${v} cannot be a proportion in 'sum' normalisation (use 'minmax')`);
        }
      });
    } else {
      values = minMaxScale(values, cost[j]!, j);
    }
    entropy.push(normalisedEntropy(values, m, j));
  }
  // Floating-point noise can push E a hair above 1; divergence is never negative.
  const divergence = entropy.map((e) => Math.max(0, 1 - e));
  const total = sum(divergence);
  // No column discriminates between alternatives: there is no information to weight by, so
  // fall back to equal weights and say so rather than divide by zero.
  const degenerate = total === 0;
  const weights = degenerate ? divergence.map(() => 1 / n) : divergence.map((d) => d / total);
  return { weights, entropy, divergence, degenerate };
}

/** Benefit: (x − min)/(max − min); cost: (max − x)/(max − min). A constant column becomes all 0. */
function minMaxScale(values: number[], isCost: boolean, j: number): number[] {
  const min = values.reduce((a, b) => Math.min(a, b));
  const max = values.reduce((a, b) => Math.max(a, b));
  const range = max - min;
  if (range === 0) return values.map(() => 0);
  if (!Number.isFinite(range)) throw tooLarge(j);
  return values.map((v) => (isCost ? max - v : v - min) / range);
}

/**
 * E = −Σ p ln p / ln m with p = v / Σv and 0·ln 0 = 0. A column summing to 0 (all zeros,
 * including a constant column after min-max scaling) carries no information: E = 1.
 */
function normalisedEntropy(values: number[], m: number, j: number): number {
  const total = sum(values);
  if (total === 0) return 1;
  if (!Number.isFinite(total)) throw tooLarge(j);
  let h = 0;
  for (const v of values) {
    const p = v / total;
    // Test p, not v: a subnormal v can underflow to p = 0, and 0 · ln 0 must count as 0.
    if (p > 0) h -= p * Math.log(p);
  }
  return h / Math.log(m);
}

/** Sums or ranges beyond the double range would silently turn into 0 weights; refuse instead. */
function tooLarge(j: number): WeightsInputError {
  return new WeightsInputError('matrix', `column ${j}: values too large to normalise (the column total or range overflows); rescale the data`);
}
