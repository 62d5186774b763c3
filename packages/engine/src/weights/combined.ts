// Combining a subjective weight vector (e.g. AHP) with an objective one (e.g. entropy),
// the usual 主客观组合赋权.

import { sum } from '../numeric';
import { WeightsInputError } from './errors';

export type CombineOptions = { mode: 'linear'; alpha: number } | { mode: 'multiplicative' };

/** Scales non-negative finite weights to sum 1; `field` names the vector in errors. */
export function normaliseWeights(raw: number[], field: string): number[] {
  if (!Array.isArray(raw) || raw.length === 0) throw new WeightsInputError(field, 'expected a non-empty list of weights');
  raw.forEach((w, j) => {
    if (typeof w !== 'number' || !Number.isFinite(w) || w < 0) {
      throw new WeightsInputError(`${field}[${j}]`, `a weight must be a non-negative finite number, got ${String(w)}`);
    }
  });
  const total = sum(raw);
  if (total === 0) throw new WeightsInputError(field, 'all weights are zero');
  return raw.map((w) => w / total);
}

/**
 * linear: α·s + (1 − α)·o; multiplicative: s_j·o_j / Σ s_k·o_k. Both inputs are
 * normalised to sum 1 first, so the result sums to 1.
 */
export function combineWeights(subjective: number[], objective: number[], options: CombineOptions): number[] {
  const s = normaliseWeights(subjective, 'subjective');
  const o = normaliseWeights(objective, 'objective');
  if (s.length !== o.length) {
    throw new WeightsInputError('objective', `has ${o.length} weights but subjective has ${s.length}; both must weight the same criteria`);
  }
  if (options.mode === 'linear') {
    const { alpha } = options;
    if (typeof alpha !== 'number' || !Number.isFinite(alpha) || alpha < 0 || alpha > 1) {
      throw new WeightsInputError('alpha', `must be a number from 0 to 1 (the share of the subjective weights), got ${String(alpha)}`);
    }
    return s.map((sj, j) => alpha * sj + (1 - alpha) * o[j]!);
  }
  if (options.mode === 'multiplicative') {
    const products = s.map((sj, j) => sj * o[j]!);
    const total = sum(products);
    if (total === 0) {
      throw new WeightsInputError('objective', 'no criterion has both a positive subjective and a positive objective weight, so the product combination is undefined');
    }
    return products.map((p) => p / total);
  }
  throw new WeightsInputError('mode', `unknown combination mode "${String((options as { mode: unknown }).mode)}" (known: linear, multiplicative)`);
}
