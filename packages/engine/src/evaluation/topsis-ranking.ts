// TOPSIS as an alternative ranking of the evaluated units: per peer group, on the leaves' raw
// values with their directions, weighted by each leaf's share of the composite in that group
// (the product of the group's weights down the tree).
import { topsis } from '../weights';
import type { CompiledSystem } from '../system/compile';
import type { GroupState } from './evaluate';

export type TopsisNormalization = 'vector' | 'minmax';

export interface TopsisRank {
  closeness: number;
  rank: number;
}

function leafShares(system: CompiledSystem, group: GroupState): Map<number, number> {
  const shares = new Map<number, number>();
  const walk = (index: number, share: number) => {
    const node = system.nodes[index]!;
    if (node.leaf) {
      shares.set(index, share);
      return;
    }
    const weights = group.weights.get(index);
    node.children.forEach((c, k) => {
      if (group.applicable[c] && weights) walk(c, share * weights[k]!);
    });
  };
  walk(0, 1);
  return shares;
}

/** Closeness and rank per unit id; units missing any leaf value are left out (and named in a warning). */
export function topsisRanking(system: CompiledSystem, group: GroupState, normalization: TopsisNormalization, warnings: string[]): Map<string, TopsisRank> {
  const shares = leafShares(system, group);
  const leaves = [...shares.keys()].filter((i) => shares.get(i)! > 0);
  const complete = group.units.filter((u) => leaves.every((i) => u.value[i]?.ok));
  const out = new Map<string, TopsisRank>();
  const left = group.units.length - complete.length;
  if (left > 0) warnings.push(`TOPSIS, peer group ${group.code}: ${left} unit(s) without a value for every indicator are not ranked by TOPSIS`);
  if (complete.length === 0 || leaves.length === 0) return out;
  const matrix = complete.map((u) => leaves.map((i) => {
    const v = u.value[i]!;
    return v.ok ? v.value : 0;
  }));
  const result = topsis(matrix, leaves.map((i) => shares.get(i)!), { cost: leaves.map((i) => system.nodes[i]!.direction === 'cost'), normalization });
  complete.forEach((u, k) => out.set(u.unit.id, { closeness: result.closeness[k]!, rank: result.ranks[k]! }));
  return out;
}
