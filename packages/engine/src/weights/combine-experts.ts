// Group AHP by aggregation of individual judgements (AIJ): the element-wise geometric mean
// is the only mean that keeps the combined matrix reciprocal (Aczél & Saaty 1983).

import { WeightsInputError } from './errors';
import { parseMatrix } from './judgement';

export function combineExperts(matrices: number[][][]): number[][] {
  if (!Array.isArray(matrices) || matrices.length === 0) {
    throw new WeightsInputError('experts', 'at least one expert matrix is needed');
  }
  const parsed = matrices.map((m, k) => parseMatrix(m, `experts[${k}]`));
  const n = parsed[0]!.length;
  parsed.forEach((m, k) => {
    if (m.length !== n) {
      throw new WeightsInputError(`experts[${k}]`, `is ${m.length}×${m.length} but experts[0] is ${n}×${n}; every expert must compare the same elements`);
    }
  });
  return Array.from({ length: n }, (_, i) =>
    Array.from({ length: n }, (_, j) => {
      const values = parsed.map((m) => m[i]![j]!);
      // A unanimous judgement is kept verbatim rather than round-tripped through exp/log.
      if (values.every((v) => v === values[0])) return values[0]!;
      return Math.exp(values.reduce((acc, v) => acc + Math.log(v), 0) / values.length);
    }),
  );
}
