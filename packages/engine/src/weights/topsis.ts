// TOPSIS: rank alternatives by relative closeness to the ideal solution (best value of
// every criterion) versus the anti-ideal (worst value of every criterion).

import { competitionRanks, roundHalfUp, sum } from '../numeric';
import { normaliseWeights } from './combined';
import { column, validateCostFlags, validateDecisionMatrix } from './decision-matrix';
import { WeightsInputError } from './errors';

export type TopsisNormalization = 'vector' | 'minmax' | 'none';

export interface TopsisOptions {
  /** Per criterion: true = cost (smaller is better). */
  cost?: boolean[];
  /** 'vector' (default): x/√Σx²; 'minmax': rescale to [0, 1] with costs inverted; 'none': raw values. */
  normalization?: TopsisNormalization;
}

export interface TopsisResult {
  /** C_i = D−/(D+ + D−) in [0, 1]; higher is better. */
  closeness: number[];
  /** Competition ranks on closeness (1 = best, ties share a rank). */
  ranks: number[];
  distanceToIdeal: number[];
  distanceToAntiIdeal: number[];
  /**
   * Best normalised value per criterion, before weighting (with 'none' these are raw values).
   * Weights are positive scalars per criterion, so the weighted ideal is `weight × ideal`.
   */
  ideal: number[];
  /** Worst normalised value per criterion, before weighting. */
  antiIdeal: number[];
}

/** Closeness values equal to 12 decimals share a rank, so floating-point noise cannot split a genuine tie. */
const RANK_DECIMALS = 12;

export function topsis(matrix: number[][], weights: number[], options: TopsisOptions = {}): TopsisResult {
  const normalization = options.normalization ?? 'vector';
  if (normalization !== 'vector' && normalization !== 'minmax' && normalization !== 'none') {
    throw new WeightsInputError('normalization', `unknown TOPSIS normalisation "${String(normalization)}" (known: vector, minmax, none)`);
  }
  const x = validateDecisionMatrix(matrix, 1);
  const n = x[0]!.length;
  if (!Array.isArray(weights) || weights.length !== n) {
    throw new WeightsInputError('weights', `expected ${n} weights (one per criterion), got ${Array.isArray(weights) ? weights.length : String(weights)}`);
  }
  const w = normaliseWeights(weights, 'weights');
  const cost = validateCostFlags(options.cost, n);

  // After min-max scaling every criterion is a benefit (costs were inverted), as in pymcdm.
  const r = normalise(x, cost, normalization);
  const effectiveCost = normalization === 'minmax' ? cost.map(() => false) : cost;

  const ideal: number[] = [];
  const antiIdeal: number[] = [];
  for (let j = 0; j < n; j++) {
    const values = column(r, j);
    const best = effectiveCost[j] ? minOf(values) : maxOf(values);
    const worst = effectiveCost[j] ? maxOf(values) : minOf(values);
    ideal.push(best);
    antiIdeal.push(worst);
  }

  const distance = (row: number[], target: number[]): number =>
    Math.sqrt(sum(row.map((v, j) => (w[j]! * (v - target[j]!)) ** 2)));
  const distanceToIdeal = r.map((row) => distance(row, ideal));
  const distanceToAntiIdeal = r.map((row) => distance(row, antiIdeal));
  if (![...distanceToIdeal, ...distanceToAntiIdeal].every(Number.isFinite)) {
    throw new WeightsInputError('matrix', 'values too large: distances to the ideal overflow; rescale the data');
  }
  // D+ + D− = 0 only when ideal and anti-ideal coincide on every weighted criterion, i.e. all
  // alternatives are indistinguishable: give each the neutral 0.5 so they tie at rank 1.
  const closeness = distanceToIdeal.map((dPlus, i) => {
    const dMinus = distanceToAntiIdeal[i]!;
    return dPlus + dMinus === 0 ? 0.5 : dMinus / (dPlus + dMinus);
  });
  const ranks = competitionRanks(closeness.map((c) => roundHalfUp(c, RANK_DECIMALS)));
  return { closeness, ranks, distanceToIdeal, distanceToAntiIdeal, ideal, antiIdeal };
}

/**
 * A column that cannot be scaled (all zeros for 'vector', constant for 'minmax') becomes all
 * 0: ideal equals anti-ideal there, so it contributes no distance and cannot separate
 * alternatives, which is what an uninformative criterion should do.
 */
function normalise(x: number[][], cost: boolean[], normalization: TopsisNormalization): number[][] {
  if (normalization === 'none') return x.map((row) => [...row]);
  const n = x[0]!.length;
  const scaled: number[][] = x.map(() => new Array<number>(n));
  for (let j = 0; j < n; j++) {
    const values = column(x, j);
    let scale: (v: number) => number;
    if (normalization === 'vector') {
      const norm = Math.sqrt(sum(values.map((v) => v * v)));
      if (!Number.isFinite(norm)) throw tooLarge(j);
      scale = (v) => (norm === 0 ? 0 : v / norm);
    } else {
      const min = minOf(values);
      const max = maxOf(values);
      const range = max - min;
      if (!Number.isFinite(range)) throw tooLarge(j);
      scale = (v) => (range === 0 ? 0 : (cost[j] ? max - v : v - min) / range);
    }
    values.forEach((v, i) => {
      scaled[i]![j] = scale(v);
    });
  }
  return scaled;
}

/** Norms or ranges beyond the double range would silently zero a column; refuse instead. */
function tooLarge(j: number): WeightsInputError {
  return new WeightsInputError('matrix', `column ${j}: values too large to normalise (the norm or range overflows); rescale the data`);
}

function minOf(values: number[]): number {
  return values.reduce((a, b) => Math.min(a, b));
}

function maxOf(values: number[]): number {
  return values.reduce((a, b) => Math.max(a, b));
}
