// Explains one unit's score on one indicator: facts → metric → formula value → score →
// weight → contribution, with the peer-group figures a relative score depends on.
import type { LocalizedText, Scoring } from '@govperf/contracts';
import { explainFormula, type FormulaExplanation } from '../formula';
import type { CompiledSystem } from '../system/compile';
import { evaluateDetailed, noDataText } from './evaluate';
import type { PeerStats } from './scoring';
import { EvaluationInputError, type EvaluationInput, type FactSource, type UnitResult } from './types';

export interface Explanation {
  unit: { id: string; name: string | null; peerGroup: string };
  indicator: {
    code: string;
    name: LocalizedText;
    definition: LocalizedText | null;
    unit: string | null;
    direction: 'benefit' | 'cost';
    leaf: boolean;
    /** From the first level down to this indicator. */
    path: { code: string; name: LocalizedText }[];
  };
  /** The metric values the formula read, with where they came from. */
  facts: { metric: string; value: number | null; sources: FactSource[] }[];
  formula: { source: string; value: number | null; noData: string | null; steps: FormulaExplanation } | null;
  scoring: { method: Scoring['method']; rule: Scoring; target: number | null; peer: PeerStats | null; score: number | null; clamped: boolean } | null;
  /** For a group indicator: its children's scores and how they were weighed. */
  children: { code: string; name: LocalizedText; score: number | null; localWeight: number; contribution: number | null }[];
  weight: {
    /** How the parent weighs its children (manual, equal, ahp, entropy, combined). */
    method: string;
    local: number;
    global: number;
    /** Local weights from the first level down: their product is the global weight. */
    chain: { code: string; local: number }[];
  };
  score: number | null;
  contribution: number | null;
  light: 'green' | 'yellow' | 'red' | null;
  target: number | null;
  tolerance: number | null;
  composite: Pick<UnitResult, 'score' | 'scoreRounded' | 'grade' | 'rank' | 'vetoed' | 'vetoes'>;
}

function weightingMethod(system: CompiledSystem, parent: number): string {
  const spec = system.nodes[parent]!.childWeighting!;
  return spec.kind === 'static' ? spec.method : spec.kind;
}

export function explain(system: CompiledSystem, input: EvaluationInput, unitId: string, code: string): Explanation {
  const detailed = evaluateDetailed(system, input);
  const unit = detailed.unitsById.get(unitId);
  if (!unit) throw new EvaluationInputError('unit', `unknown unit "${unitId}"`);
  const index = system.byCode.get(code);
  if (index === undefined || index === 0) throw new EvaluationInputError('indicator', `unknown indicator "${code}" in system ${system.code}`);
  const node = system.nodes[index]!;
  if (!unit.applicable[index]) {
    throw new EvaluationInputError('indicator', `indicator ${code} does not apply to peer group ${unit.unit.peerGroup}`);
  }
  const group = detailed.groups.find((g) => g.code === unit.unit.peerGroup)!;
  const unitResult = detailed.result.units.find((u) => u.unit === unitId)!;
  const indicatorResult = unitResult.indicators.find((i) => i.code === code)!;

  const path: Explanation['indicator']['path'] = [];
  const chain: Explanation['weight']['chain'] = [];
  for (let i = index; i > 0; i = system.nodes[i]!.parent) {
    path.unshift({ code: system.nodes[i]!.code, name: system.nodes[i]!.name });
    chain.unshift({ code: system.nodes[i]!.code, local: unit.localWeight[i]! });
  }

  const lookup = (m: string) => unit.metrics.values.get(m);
  const value = unit.value[index];
  const formula = node.formula
    ? {
        source: node.formula.source,
        value: value?.ok ? value.value : null,
        noData: value && !value.ok ? noDataText(value.noData) : null,
        steps: explainFormula(node.formula.ast, lookup),
      }
    : null;
  const facts = (node.formula?.metrics ?? []).map((metric) => ({
    metric,
    value: unit.metrics.values.get(metric) ?? null,
    sources: unit.metrics.sources.get(metric) ?? [],
  }));

  return {
    unit: { id: unit.unit.id, name: unit.unit.name, peerGroup: unit.unit.peerGroup },
    indicator: {
      code,
      name: node.name,
      definition: node.definition ?? null,
      unit: node.unit ?? null,
      direction: node.direction,
      leaf: node.leaf,
      path,
    },
    facts,
    formula,
    scoring: node.scoring
      ? {
          method: node.scoring.method,
          rule: node.scoring,
          target: node.target ?? null,
          peer: group.stats[index] ?? null,
          score: unit.score[index] ?? null,
          clamped: unit.clamped[index]!,
        }
      : null,
    children: node.children
      .filter((c) => unit.applicable[c])
      .map((c) => {
        const score = unit.score[c] ?? null;
        return { code: system.nodes[c]!.code, name: system.nodes[c]!.name, score, localWeight: unit.localWeight[c]!, contribution: score === null ? null : score * unit.localWeight[c]! };
      }),
    weight: { method: weightingMethod(system, node.parent), local: unit.localWeight[index]!, global: unit.globalWeight[index]!, chain },
    score: indicatorResult.score,
    contribution: indicatorResult.contribution,
    light: indicatorResult.light,
    target: node.target ?? null,
    tolerance: node.target === undefined ? null : node.tolerance,
    composite: {
      score: unitResult.score,
      scoreRounded: unitResult.scoreRounded,
      grade: unitResult.grade,
      rank: unitResult.rank,
      vetoed: unitResult.vetoed,
      vetoes: unitResult.vetoes,
    },
  };
}
