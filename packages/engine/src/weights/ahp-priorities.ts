// The three usual ways to derive a priority vector from a positive reciprocal matrix.
// All return weights normalised to sum 1. Inputs are assumed validated (see parseMatrix).

import { sum } from '../numeric';

const POWER_ITERATION_TOLERANCE = 1e-15;
const POWER_ITERATION_MAX_STEPS = 10_000;

/**
 * Principal (Perron) eigenvector by power iteration. The matrix is strictly positive, so
 * the Perron root dominates and the iteration converges from the uniform start.
 */
export function eigenvectorPriorities(matrix: readonly (readonly number[])[]): number[] {
  const n = matrix.length;
  let weights = new Array<number>(n).fill(1 / n);
  for (let step = 0; step < POWER_ITERATION_MAX_STEPS; step++) {
    const product = multiply(matrix, weights);
    const total = sum(product);
    const next = product.map((v) => v / total);
    let change = 0;
    for (let i = 0; i < n; i++) change = Math.max(change, Math.abs(next[i]! - weights[i]!));
    weights = next;
    if (change < POWER_ITERATION_TOLERANCE) break;
  }
  return weights;
}

/** 和积法: normalise each column to sum 1, then average across each row. */
export function columnSumPriorities(matrix: readonly (readonly number[])[]): number[] {
  const n = matrix.length;
  const columnTotals = Array.from({ length: n }, (_, j) => sum(matrix.map((row) => row[j]!)));
  return matrix.map((row) => sum(row.map((a, j) => a / columnTotals[j]!)) / n);
}

/** 方根法: n-th root of each row product, normalised. Computed through logs so large n cannot overflow. */
export function geometricPriorities(matrix: readonly (readonly number[])[]): number[] {
  const n = matrix.length;
  const roots = matrix.map((row) => Math.exp(sum(row.map(Math.log)) / n));
  const total = sum(roots);
  return roots.map((r) => r / total);
}

/** λmax estimate mean_i((A w)_i / w_i); equals the Perron root when w is the eigenvector. */
export function lambdaMaxFor(matrix: readonly (readonly number[])[], weights: readonly number[]): number {
  const product = multiply(matrix, weights);
  return sum(product.map((v, i) => v / weights[i]!)) / matrix.length;
}

function multiply(matrix: readonly (readonly number[])[], vector: readonly number[]): number[] {
  return matrix.map((row) => sum(row.map((a, j) => a * vector[j]!)));
}
