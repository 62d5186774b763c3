// From a published evaluation result to the inputs of the budget linkage: the units of one peer
// group with their published scores and grades, and the indicator weights the run used for that
// group (what the finance office needs to see next to the money).
import type { LocalizedText } from '@govperf/contracts';
import { ROOT_CODE, type EvaluationResult, type FundingUnit } from '@govperf/engine';

export interface IndicatorWeight {
  code: string;
  name: LocalizedText | null;
  /** 1 for a first-level indicator, 2 below it… */
  depth: number;
  /** Weight among its siblings in this peer group. */
  local: number;
  /** Share of the composite: the product of the local weights down the tree. */
  weight: number;
}

function peerGroupOf(result: EvaluationResult, peerGroup: string) {
  const group = result.peerGroups.find((g) => g.code === peerGroup);
  if (!group) throw new Error(`peer group ${peerGroup} is not in the run (groups: ${result.peerGroups.map((g) => g.code).join(', ') || 'none'})`);
  return group;
}

/** The units of one peer group, with the published (rounded) score, as allocateFunding takes them. */
export function fundingUnitsOfRun(result: EvaluationResult, peerGroup: string): FundingUnit[] {
  peerGroupOf(result, peerGroup);
  return result.units.filter((u) => u.peerGroup === peerGroup).map((u) => ({ unit: u.unit, name: u.name, peerGroup: u.peerGroup, score: u.scoreRounded, grade: u.grade }));
}

/**
 * The weights the run gave the indicators in one peer group, depth first in the system's order.
 * Entropy and combined weights differ by group and period, so they are read from the result, not
 * from the system file. `names` is e.g. CompiledSystem.nodes.
 */
export function peerGroupWeights(result: EvaluationResult, peerGroup: string, names: ReadonlyArray<{ code: string; name: LocalizedText }> = []): IndicatorWeight[] {
  const { weights } = peerGroupOf(result, peerGroup);
  const nameOf = new Map(names.map((n) => [n.code, n.name]));
  const out: IndicatorWeight[] = [];
  const walk = (node: string, effective: number, depth: number) => {
    for (const [code, local] of Object.entries(weights[node] ?? {})) {
      out.push({ code, name: nameOf.get(code) ?? null, depth, local, weight: effective * local });
      walk(code, effective * local, depth + 1);
    }
  };
  walk(ROOT_CODE, 1, 1);
  return out;
}
