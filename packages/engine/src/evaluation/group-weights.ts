// The weights a group node gives its children within one peer group. Static weights (manual,
// equal, AHP) are fixed by the system; entropy and combined weights come from the period's
// data: the children's scores across the units of the peer group.
import { combineWeights, entropyWeights } from '../weights';
import type { CompiledNode } from '../system/compile';
import type { GroupState } from './evaluate';

/** Node index → weights aligned with `node.children` (0 for children not applicable here), summing to 1. */
export type GroupWeights = Map<number, number[]>;

function normalisedOverApplicable(raw: readonly number[], node: CompiledNode, applicable: readonly boolean[]): number[] {
  const masked = node.children.map((c, k) => (applicable[c] ? raw[k]! : 0));
  const total = masked.reduce((a, b) => a + b, 0);
  return total > 0 ? masked.map((w) => w / total) : masked;
}

/** Rows: units with a score for every applicable child; columns: the applicable children. */
function entropyFromScores(node: CompiledNode, group: GroupState, normalization: 'minmax' | 'sum', warnings: string[]): number[] | undefined {
  const columns = node.children.filter((c) => group.applicable[c]);
  const rows = group.units
    .filter((u) => columns.every((c) => u.score[c] !== null && u.score[c] !== undefined))
    .map((u) => columns.map((c) => u.score[c]!));
  if (rows.length < 2) {
    warnings.push(`${node.code === '$root' ? 'top level' : node.code}, peer group ${group.code}: entropy weights need at least 2 units with complete data (found ${rows.length}); equal weights used`);
    return undefined;
  }
  const { weights } = entropyWeights(rows, { normalization });
  const out = node.children.map(() => 0);
  columns.forEach((c, j) => (out[node.children.indexOf(c)] = weights[j]!));
  return out;
}

export function groupWeights(node: CompiledNode, group: GroupState, warnings: string[]): number[] {
  const spec = node.childWeighting!;
  const equal = node.children.map(() => 1);
  switch (spec.kind) {
    case 'static':
      return normalisedOverApplicable(spec.weights, node, group.applicable);
    case 'entropy':
      return normalisedOverApplicable(entropyFromScores(node, group, spec.normalization, warnings) ?? equal, node, group.applicable);
    case 'combined': {
      const subjective = normalisedOverApplicable(spec.ahpWeights, node, group.applicable);
      const objective = entropyFromScores(node, group, spec.normalization, warnings);
      if (!objective) return subjective;
      const keep = node.children.map((c) => group.applicable[c]!);
      const combined = combineWeights(
        subjective.filter((_, k) => keep[k]),
        objective.filter((_, k) => keep[k]),
        spec.mode === 'linear' ? { mode: 'linear', alpha: spec.alpha } : { mode: 'multiplicative' },
      );
      let j = 0;
      return node.children.map((_, k) => (keep[k] ? combined[j++]! : 0));
    }
  }
}
