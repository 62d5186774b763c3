// Parsing and validating pairwise-comparison judgements as people write them in
// configuration files: 3, "3", "1/5", "0.2", " 1/ 7 ".

import { WeightsInputError } from './errors';
import { formatRatio } from './saaty-scale';

/** a_ij · a_ji must be 1 within this relative tolerance (files store 1/3 as 0.3333333333333333). */
export const RECIPROCAL_TOLERANCE = 1e-6;

// A plain decimal number; the sign is allowed so that "-3" is reported as "not positive"
// rather than as unreadable.
const DECIMAL = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

function parseDecimal(text: string, field: string, original: string): number {
  const trimmed = text.trim();
  if (!DECIMAL.test(trimmed)) {
    throw new WeightsInputError(field, `not a number or fraction: "${original}" (write e.g. 3, 0.2 or 1/5)`);
  }
  return Number(trimmed);
}

/** Accepts a positive finite number, or a string "3", "0.2", "1/5" (spaces allowed). */
export function parseJudgement(value: number | string, field: string): number {
  let parsed: number;
  if (typeof value === 'number') {
    parsed = value;
  } else if (typeof value === 'string') {
    const parts = value.split('/');
    if (parts.length > 2) {
      throw new WeightsInputError(field, `not a number or fraction: "${value}" (write e.g. 3, 0.2 or 1/5)`);
    }
    const numerator = parseDecimal(parts[0]!, field, value);
    if (parts.length === 2) {
      const denominator = parseDecimal(parts[1]!, field, value);
      if (denominator === 0) throw new WeightsInputError(field, `division by zero in "${value}"`);
      parsed = numerator / denominator;
    } else {
      parsed = numerator;
    }
  } else {
    throw new WeightsInputError(field, `expected a number or a string such as "1/5", got ${describe(value)}`);
  }
  if (Number.isNaN(parsed) || !Number.isFinite(parsed)) {
    throw new WeightsInputError(field, `must be a finite number, got ${String(value)}`);
  }
  if (parsed <= 0) {
    throw new WeightsInputError(field, `a judgement must be positive, got ${String(value).trim()}`);
  }
  return parsed;
}

/**
 * Validates a pairwise-comparison matrix: square, n ≥ 1, every cell a positive judgement,
 * diagonal 1 and a_ji = 1/a_ij. Reports the exact offending cell.
 */
export function parseMatrix(raw: unknown, field = 'matrix'): number[][] {
  if (!Array.isArray(raw)) {
    throw new WeightsInputError(field, `expected a square array of rows, got ${describe(raw)}`);
  }
  const n = raw.length;
  if (n === 0) throw new WeightsInputError(field, 'is empty: at least one element is needed');
  const matrix: number[][] = [];
  for (let i = 0; i < n; i++) {
    const row: unknown = raw[i];
    if (!Array.isArray(row)) {
      throw new WeightsInputError(`${field}[${i}]`, `expected a row array, got ${describe(row)}`);
    }
    if (row.length !== n) {
      throw new WeightsInputError(`${field}[${i}]`, `not square: row has ${row.length} entries but the matrix has ${n} rows`);
    }
    matrix.push(row.map((cell: unknown, j) => parseCell(cell, `${field}[${i}][${j}]`)));
  }
  for (let i = 0; i < n; i++) {
    const diagonal = matrix[i]![i]!;
    if (Math.abs(diagonal - 1) > RECIPROCAL_TOLERANCE) {
      throw new WeightsInputError(`${field}[${i}][${i}]`, `diagonal must be 1 (an element compared with itself), got ${String((raw[i] as unknown[])[i]).trim()}`);
    }
  }
  // Report the lower-triangle cell against its upper-triangle partner, which is usually
  // the judgement the person actually entered.
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const upper = matrix[i]![j]!;
      const lower = matrix[j]![i]!;
      if (Math.abs(upper * lower - 1) > RECIPROCAL_TOLERANCE) {
        const asWritten = (r: number, c: number): string => String((raw[r] as unknown[])[c]).trim();
        throw new WeightsInputError(
          `${field}[${j}][${i}]`,
          `not reciprocal: ${asWritten(j, i)} but ${field}[${i}][${j}] is ${asWritten(i, j)} (expected ${formatRatio(1 / upper)})`,
        );
      }
    }
  }
  return matrix;
}

function parseCell(cell: unknown, field: string): number {
  if (typeof cell !== 'number' && typeof cell !== 'string') {
    throw new WeightsInputError(field, `expected a number or a string such as "1/5", got ${describe(cell)}`);
  }
  return parseJudgement(cell, field);
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'string' ? `"${value}"` : typeof value;
}
