// Analytic Hierarchy Process for one pairwise-comparison matrix: priorities, consistency
// ratio against a named random-index table, and the judgements that most break consistency
// (so a person knows which comparison to revisit).

import { WeightsInputError } from './errors';
import { parseMatrix } from './judgement';
import { columnSumPriorities, eigenvectorPriorities, geometricPriorities, lambdaMaxFor } from './ahp-priorities';
import { DEFAULT_RI_TABLE, assertRiTableId, randomIndex, type RiTableId } from './ri-tables';
import { formatRatio, saatyScaleNearest } from './saaty-scale';

export type AhpMethod = 'eigenvector' | 'sum' | 'geometric';

export interface AhpOptions {
  method?: AhpMethod;
  riTable?: RiTableId;
  /** The matrix is consistent when CR < threshold. Default 0.1 (Saaty). */
  threshold?: number;
  /** How many of the most inconsistent judgements to report. Default 3. */
  topInconsistencies?: number;
}

export interface AhpInconsistency {
  /** 0-based row i (i < col). */
  row: number;
  /** 0-based column j. */
  col: number;
  /** The judgement a_ij as entered. */
  given: number;
  /** w_i / w_j: the value that would be perfectly consistent with the derived weights. */
  implied: number;
  /** The Saaty-scale value (1/9..9) nearest to `implied`. */
  suggested: number;
  /** |ln(a_ij · w_j / w_i)|: how far the judgement is from the weights, as a log-ratio. */
  deviation: number;
}

export interface AhpResult {
  weights: number[];
  lambdaMax: number;
  ci: number;
  cr: number;
  ri: number;
  consistent: boolean;
  threshold: number;
  method: AhpMethod;
  riTable: RiTableId;
  inconsistencies: AhpInconsistency[];
}

const METHODS: readonly AhpMethod[] = ['eigenvector', 'sum', 'geometric'];
const DEFAULT_THRESHOLD = 0.1;
const DEFAULT_TOP_INCONSISTENCIES = 3;
/** λmax below n by at most this much is rounding noise in a consistent matrix. */
const CI_NOISE = 1e-12;

export function ahp(matrix: number[][], options: AhpOptions = {}): AhpResult {
  const method = options.method ?? 'eigenvector';
  if (!METHODS.includes(method)) {
    throw new WeightsInputError('method', `unknown AHP method "${String(method)}" (known: ${METHODS.join(', ')})`);
  }
  const riTable = options.riTable ?? DEFAULT_RI_TABLE;
  assertRiTableId(riTable);
  const threshold = options.threshold ?? DEFAULT_THRESHOLD;
  if (!Number.isFinite(threshold) || threshold <= 0) {
    throw new WeightsInputError('threshold', `must be a positive number, got ${threshold}`);
  }
  const top = options.topInconsistencies ?? DEFAULT_TOP_INCONSISTENCIES;
  if (!Number.isInteger(top) || top < 0) {
    throw new WeightsInputError('topInconsistencies', `must be a non-negative integer, got ${top}`);
  }

  const a = parseMatrix(matrix);
  const n = a.length;
  const weights =
    method === 'eigenvector' ? eigenvectorPriorities(a) : method === 'sum' ? columnSumPriorities(a) : geometricPriorities(a);
  const lambdaMax = lambdaMaxFor(a, weights);
  let ci = n <= 2 ? 0 : (lambdaMax - n) / (n - 1);
  if (ci < 0 && ci >= -CI_NOISE) ci = 0;
  const ri = randomIndex(riTable, n);
  const cr = ri === 0 ? 0 : ci / ri;
  return {
    weights,
    lambdaMax,
    ci,
    cr,
    ri,
    consistent: cr < threshold,
    threshold,
    method,
    riTable,
    inconsistencies: n <= 2 ? [] : worstJudgements(a, weights, top),
  };
}

function worstJudgements(a: number[][], weights: number[], top: number): AhpInconsistency[] {
  const all: AhpInconsistency[] = [];
  for (let i = 0; i < a.length; i++) {
    for (let j = i + 1; j < a.length; j++) {
      const given = a[i]![j]!;
      const implied = weights[i]! / weights[j]!;
      all.push({ row: i, col: j, given, implied, suggested: saatyScaleNearest(implied), deviation: Math.abs(Math.log(given / implied)) });
    }
  }
  all.sort((x, y) => y.deviation - x.deviation || x.row - y.row || x.col - y.col);
  return all.slice(0, top);
}

/** Thrown by assertConsistent; the message tells the person which judgements to revisit. */
export class AhpInconsistentError extends WeightsInputError {
  override name = 'AhpInconsistentError';

  constructor(readonly result: AhpResult) {
    super('matrix', inconsistencyReason(result));
  }
}

/** Throws AhpInconsistentError unless the result is consistent or inconsistency is explicitly allowed. */
export function assertConsistent(result: AhpResult, options: { allowInconsistent?: boolean } = {}): void {
  if (!result.consistent && options.allowInconsistent !== true) throw new AhpInconsistentError(result);
}

function inconsistencyReason(result: AhpResult): string {
  const worst = result.inconsistencies
    .map((x) => `row ${x.row + 1} vs column ${x.col + 1}: given ${formatRatio(x.given)}, consistent value ≈ ${formatRatio(x.suggested)}`)
    .join('; ');
  return (
    `inconsistent judgements: CR ${result.cr.toFixed(4)} is not below the threshold ${result.threshold} ` +
    `(RI ${result.ri} from table ${result.riTable})` +
    (worst ? `; most inconsistent: ${worst}` : '') +
    '; revise these judgements or explicitly allow an inconsistent matrix'
  );
}
