// Shared validation for decision matrices (rows = alternatives, columns = criteria) used by
// the entropy and TOPSIS methods.

import { WeightsInputError } from './errors';

/** Checks the matrix is rectangular with at least `minRows` rows and one column, all finite. */
export function validateDecisionMatrix(matrix: unknown, minRows: number, field = 'matrix'): number[][] {
  if (!Array.isArray(matrix)) throw new WeightsInputError(field, 'expected an array of rows (one row per alternative)');
  if (matrix.length < minRows) {
    throw new WeightsInputError(field, `needs at least ${minRows} row${minRows === 1 ? '' : 's'} (alternatives), got ${matrix.length}`);
  }
  let columns = -1;
  return matrix.map((row: unknown, i) => {
    if (!Array.isArray(row)) throw new WeightsInputError(`${field}[${i}]`, 'expected a row array');
    if (columns === -1) {
      if (row.length === 0) throw new WeightsInputError(`${field}[${i}]`, 'has no criteria (columns)');
      columns = row.length;
    } else if (row.length !== columns) {
      throw new WeightsInputError(`${field}[${i}]`, `has ${row.length} values but ${field}[0] has ${columns}; every alternative needs one value per criterion`);
    }
    return row.map((cell: unknown, j) => {
      if (typeof cell !== 'number' || !Number.isFinite(cell)) {
        throw new WeightsInputError(`${field}[${i}][${j}]`, `must be a finite number, got ${String(cell)}`);
      }
      return cell;
    });
  });
}

/** Checks a per-criterion cost flag list; absent means every criterion is a benefit. */
export function validateCostFlags(cost: readonly boolean[] | undefined, columns: number): boolean[] {
  if (cost === undefined) return new Array<boolean>(columns).fill(false);
  if (!Array.isArray(cost) || cost.length !== columns) {
    throw new WeightsInputError('cost', `expected ${columns} flags (one per criterion), got ${Array.isArray(cost) ? cost.length : String(cost)}`);
  }
  return cost.map((flag, j) => {
    if (typeof flag !== 'boolean') throw new WeightsInputError(`cost[${j}]`, `must be true (cost) or false (benefit), got ${String(flag)}`);
    return flag;
  });
}

/** Column j of a rectangular matrix. */
export function column(matrix: readonly (readonly number[])[], j: number): number[] {
  return matrix.map((row) => row[j]!);
}
