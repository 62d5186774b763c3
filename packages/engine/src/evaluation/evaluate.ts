// The evaluation: leaf values → scores → weights → composite → vetoes → grades → ranks.
// Everything runs in a canonical order (units by id, children in tree order) so that the
// same inputs give byte-identical results whatever order they arrived in.
import type { GradeBand } from '@govperf/contracts';
import { evaluateFormula, type FormulaValue, type NoDataReason } from '../formula';
import { competitionRanks, roundHalfUp } from '../numeric';
import type { CompiledNode, CompiledSystem } from '../system/compile';
import { groupWeights, type GroupWeights } from './group-weights';
import { inputHash as hashInputs } from './input-hash';
import { topsisRanking, type TopsisNormalization, type TopsisRank } from './topsis-ranking';
import { peerStats, scoreValue, trafficLight, type PeerStats } from './scoring';
import {
  EvaluationInputError,
  type EvaluationInput,
  type EvaluationResult,
  type FactSource,
  type IndicatorResult,
  type MetricFact,
  type PeerGroupResult,
  type UnitInput,
  type UnitResult,
  type VetoApplied,
} from './types';

export interface NormalisedUnit {
  id: string;
  name: string | null;
  peerGroup: string;
}

export interface UnitMetrics {
  values: ReadonlyMap<string, number>;
  sources: ReadonlyMap<string, FactSource[]>;
}

/** Per unit, per node: what the evaluation found. */
export interface UnitState {
  unit: NormalisedUnit;
  metrics: UnitMetrics;
  /** Reads this unit's metric values (one closure per unit, not per formula). */
  lookup: (metric: string) => number | undefined;
  applicable: boolean[];
  value: (FormulaValue | undefined)[];
  score: (number | null)[];
  clamped: boolean[];
  localWeight: number[];
  globalWeight: number[];
  composite: number | null;
  vetoes: VetoApplied[];
  vetoUnchecked: string[];
}

export interface GroupState {
  code: string;
  units: UnitState[];
  applicable: boolean[];
  stats: (PeerStats | undefined)[];
  weights: GroupWeights;
}

export interface DetailedEvaluation {
  result: EvaluationResult;
  groups: GroupState[];
  unitsById: ReadonlyMap<string, UnitState>;
}

export function noDataText(reason: NoDataReason): string {
  switch (reason.kind) {
    case 'missing-metric':
      return `no data for metric ${reason.metric}`;
    case 'division-by-zero':
      return 'division by zero (the denominator is 0 in this period)';
    case 'not-finite':
      return 'the formula produced a non-finite number';
  }
}

function normaliseUnits(input: EvaluationInput): NormalisedUnit[] {
  const seen = new Set<string>();
  const source: readonly UnitInput[] = input.units ?? [...new Set(input.facts.map((f) => f.unit))].map((id) => ({ id }));
  const units = source.map((u, i) => {
    if (typeof u.id !== 'string' || u.id.trim() === '') throw new EvaluationInputError(`units[${i}].id`, 'a unit needs a non-empty id');
    if (seen.has(u.id)) throw new EvaluationInputError(`units[${i}].id`, `unit "${u.id}" is listed twice`);
    seen.add(u.id);
    return { id: u.id, name: u.name ?? null, peerGroup: u.peerGroup || u.level || 'all' };
  });
  return units.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

function indexFacts(facts: readonly MetricFact[], units: ReadonlySet<string>, declared: ReadonlySet<string> | undefined): Map<string, UnitMetrics> {
  const byUnit = new Map<string, { values: Map<string, number>; sources: Map<string, FactSource[]> }>();
  for (let i = 0; i < facts.length; i++) {
    const fact = facts[i]!;
    if (!units.has(fact.unit)) throw new EvaluationInputError(`facts[${i}].unit`, `unknown unit "${fact.unit}" (not among the evaluated units)`);
    if (declared && !declared.has(fact.metric)) throw new EvaluationInputError(`facts[${i}].metric`, `unknown metric "${fact.metric}" (the system does not declare it)`);
    if (typeof fact.value !== 'number' || !Number.isFinite(fact.value)) throw new EvaluationInputError(`facts[${i}].value`, `not a finite number: ${String(fact.value)}`);
    let entry = byUnit.get(fact.unit);
    if (!entry) byUnit.set(fact.unit, (entry = { values: new Map(), sources: new Map() }));
    if (entry.values.has(fact.metric)) {
      throw new EvaluationInputError(`facts[${i}]`, `metric "${fact.metric}" of unit "${fact.unit}" is given more than once in this period`);
    }
    entry.values.set(fact.metric, fact.value);
    if (fact.source) entry.sources.set(fact.metric, [fact.source]);
  }
  return byUnit;
}

/** Which nodes apply to a peer group: its `appliesTo` and its ancestors' allow it, and a group node keeps at least one child. */
function applicability(system: CompiledSystem, group: string): boolean[] {
  const ok = system.nodes.map(() => true);
  for (const node of system.nodes) {
    const parentOk = node.parent < 0 || ok[node.parent]!;
    ok[node.index] = parentOk && (!node.appliesTo || node.appliesTo.has(group));
  }
  for (const i of system.bottomUp) {
    const node = system.nodes[i]!;
    if (!node.leaf && ok[i]) ok[i] = node.children.some((c) => ok[c]);
  }
  return ok;
}

function evaluateLeaves(system: CompiledSystem, group: GroupState): void {
  for (const node of system.nodes) {
    if (!node.leaf || !group.applicable[node.index] || !node.formula) continue;
    const ast = node.formula.ast;
    const present: number[] = [];
    for (const unit of group.units) {
      const value = evaluateFormula(ast, unit.lookup);
      unit.value[node.index] = value;
      if (value.ok) present.push(value.value);
    }
    const stats = peerStats(present);
    group.stats[node.index] = stats;
    for (const unit of group.units) {
      const value = unit.value[node.index]!;
      if (!value.ok) continue;
      const scored = scoreValue(value.value, node.scoring!, node.direction, node.target, stats);
      unit.score[node.index] = scored.score;
      unit.clamped[node.index] = scored.clamped;
    }
  }
}

/** Weighted mean of the children by the node's missing-data policy; sets the children's local weights. */
function aggregate(node: CompiledNode, weights: readonly number[], unit: UnitState): void {
  let weightTotal = 0;
  let weightWithData = 0;
  let weighted = 0;
  node.children.forEach((c, k) => {
    if (!unit.applicable[c]) return;
    const w = weights[k]!;
    weightTotal += w;
    const s = unit.score[c];
    if (s !== null && s !== undefined) {
      weightWithData += w;
      weighted += w * s;
    }
  });
  const zeroPolicy = node.missing === 'zero';
  const denominator = zeroPolicy ? weightTotal : weightWithData;
  node.children.forEach((c, k) => {
    if (!unit.applicable[c]) return;
    const hasData = unit.score[c] !== null && unit.score[c] !== undefined;
    // Under the zero policy a child without data keeps its weight and counts as 0.
    unit.localWeight[c] = denominator > 0 && (hasData || zeroPolicy) ? weights[k]! / denominator : 0;
  });
  unit.score[node.index] = denominator > 0 && (weightWithData > 0 || zeroPolicy) ? weighted / denominator : null;
}

function propagateWeights(system: CompiledSystem, unit: UnitState): void {
  unit.globalWeight[0] = 1;
  for (const node of system.nodes) {
    if (node.index === 0) continue;
    unit.globalWeight[node.index] = unit.applicable[node.index] ? unit.globalWeight[node.parent]! * unit.localWeight[node.index]! : 0;
  }
}

function applyVetoes(system: CompiledSystem, unit: UnitState): void {
  for (const node of system.nodes) {
    if (!unit.applicable[node.index]) continue;
    for (const veto of node.vetoes) {
      const outcome = evaluateFormula(veto.ast, unit.lookup);
      if (!outcome.ok) {
        unit.vetoUnchecked.push(`${node.code}: ${noDataText(outcome.noData)}`);
        continue;
      }
      if (outcome.value === 0) continue;
      const rule = veto.rule;
      unit.vetoes.push({ indicator: node.code, action: rule.action, ...(rule.action === 'cap' ? { cap: rule.cap } : {}), reason: rule.reason });
    }
  }
  if (unit.composite === null) return;
  if (unit.vetoes.some((v) => v.action === 'zero')) unit.composite = 0;
  for (const v of unit.vetoes) if (v.action === 'cap' && v.cap !== undefined) unit.composite = Math.min(unit.composite, v.cap);
}

function gradeIndex(grades: readonly GradeBand[], score: number): number {
  const i = grades.findIndex((g) => score >= g.min);
  return i < 0 ? grades.length - 1 : i;
}

function indicatorResults(system: CompiledSystem, unit: UnitState): IndicatorResult[] {
  const out: IndicatorResult[] = [];
  for (const node of system.nodes) {
    if (node.index === 0 || !unit.applicable[node.index]) continue;
    const value = unit.value[node.index];
    const numeric = value?.ok ? value.value : null;
    const missingPolicyZero = system.nodes[node.parent]!.missing === 'zero';
    const rawScore = unit.score[node.index] ?? null;
    const score = rawScore === null && missingPolicyZero ? 0 : rawScore;
    const weight = unit.globalWeight[node.index]!;
    const entry: IndicatorResult = {
      code: node.code,
      parent: node.parent === 0 ? null : system.nodes[node.parent]!.code,
      depth: node.depth,
      leaf: node.leaf,
      value: numeric,
      score,
      weight,
      localWeight: unit.localWeight[node.index]!,
      contribution: score === null ? null : weight * score,
      light: node.leaf && numeric !== null && node.target !== undefined ? trafficLight(numeric, node.direction, node.target, node.tolerance) : null,
    };
    if (value && !value.ok) entry.noData = noDataText(value.noData);
    else if (!node.leaf && rawScore === null) entry.noData = 'none of its indicators has data';
    out.push(entry);
  }
  return out;
}

function mean(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  let total = 0;
  for (const v of values) total += v;
  return total / values.length;
}

export interface EvaluateOptions {
  /** Also rank the units by TOPSIS on the leaves' values (an alternative ranking). */
  topsis?: TopsisNormalization | undefined;
}

export function evaluateDetailed(system: CompiledSystem, input: EvaluationInput, options: EvaluateOptions = {}): DetailedEvaluation {
  const units = normaliseUnits(input);
  const declared = system.source.metrics ? new Set(Object.keys(system.source.metrics)) : undefined;
  const facts = indexFacts(input.facts, new Set(units.map((u) => u.id)), declared);
  const grades = system.source.grades;
  const precision = system.source.ranking.precision;
  const warnings: string[] = [];
  const nodeCount = system.nodes.length;

  const groupCodes = [...new Set(units.map((u) => u.peerGroup))].sort();
  const groups: GroupState[] = groupCodes.map((code) => {
    const applicable = applicability(system, code);
    const members = units
      .filter((u) => u.peerGroup === code)
      .map<UnitState>((unit) => {
        const metrics = facts.get(unit.id) ?? { values: new Map<string, number>(), sources: new Map<string, FactSource[]>() };
        return {
          unit,
          metrics,
          lookup: (m: string) => metrics.values.get(m),
          applicable,
          value: new Array(nodeCount).fill(undefined),
          score: new Array(nodeCount).fill(null),
          clamped: new Array(nodeCount).fill(false),
          localWeight: new Array(nodeCount).fill(0),
          globalWeight: new Array(nodeCount).fill(0),
          composite: null,
          vetoes: [],
          vetoUnchecked: [],
        };
      });
    return { code, units: members, applicable, stats: new Array(nodeCount).fill(undefined), weights: new Map() };
  });

  for (const group of groups) {
    evaluateLeaves(system, group);
    for (const i of system.bottomUp) {
      const node = system.nodes[i]!;
      if (node.leaf || !group.applicable[i]) continue;
      const weights = groupWeights(node, group, warnings);
      group.weights.set(i, weights);
      for (const unit of group.units) aggregate(node, weights, unit);
    }
    for (const unit of group.units) {
      propagateWeights(system, unit);
      unit.composite = unit.score[0] ?? null;
      applyVetoes(system, unit);
    }
  }

  const unitResults: UnitResult[] = [];
  const groupResults: PeerGroupResult[] = [];
  for (const group of groups) {
    const scored = group.units.filter((u) => u.composite !== null);
    const rounded = scored.map((u) => roundHalfUp(u.composite!, precision));
    const ranks = competitionRanks(rounded);
    const rankOf = new Map(scored.map((u, k) => [u.unit.id, ranks[k]!]));
    const topsisOf: Map<string, TopsisRank> | undefined = options.topsis ? topsisRanking(system, group, options.topsis, warnings) : undefined;
    const members: UnitResult[] = group.units.map((u) => {
      const scoreRounded = u.composite === null ? null : roundHalfUp(u.composite, precision);
      let grade: number | null = scoreRounded === null ? null : gradeIndex(grades, scoreRounded);
      if (grade !== null) grade = Math.min(grades.length - 1, grade + u.vetoes.filter((v) => v.action === 'downgrade').length);
      return {
        unit: u.unit.id,
        name: u.unit.name,
        peerGroup: group.code,
        score: u.composite,
        scoreRounded,
        grade: grade === null ? null : grades[grade]!.code,
        gradeName: grade === null ? null : grades[grade]!.name,
        rank: rankOf.get(u.unit.id) ?? null,
        vetoed: u.vetoes.length > 0,
        vetoes: u.vetoes,
        vetoUnchecked: u.vetoUnchecked,
        ...(topsisOf ? { topsis: topsisOf.get(u.unit.id) ?? null } : {}),
        indicators: indicatorResults(system, u),
      };
    });
    members.sort((a, b) => (a.rank ?? Infinity) - (b.rank ?? Infinity) || (a.unit < b.unit ? -1 : a.unit > b.unit ? 1 : 0));
    unitResults.push(...members);

    const indicators: PeerGroupResult['indicators'] = {};
    for (const node of system.nodes) {
      if (node.index === 0 || !group.applicable[node.index]) continue;
      const values: number[] = [];
      const scores: number[] = [];
      for (const u of group.units) {
        const v = u.value[node.index];
        if (v?.ok) values.push(v.value);
        const sc = u.score[node.index];
        if (sc !== null && sc !== undefined) scores.push(sc);
      }
      indicators[node.code] = { value: mean(values), score: mean(scores), stats: group.stats[node.index] ?? null };
    }
    const weights: PeerGroupResult['weights'] = {};
    for (const [i, w] of group.weights) {
      const node = system.nodes[i]!;
      weights[node.code] = Object.fromEntries(node.children.filter((c) => group.applicable[c]).map((c) => [system.nodes[c]!.code, w[node.children.indexOf(c)]!]));
    }
    groupResults.push({
      code: group.code,
      units: group.units.length,
      ranked: scored.length,
      average: mean(scored.map((u) => u.composite!)),
      indicators,
      weights,
    });
  }

  const inputHash = hashInputs(input.period, units, (id) => facts.get(id)?.values);

  const result: EvaluationResult = {
    system: { code: system.code, version: system.version, hash: system.hash },
    period: input.period,
    inputHash,
    rankingPrecision: precision,
    peerGroups: groupResults,
    units: unitResults,
    warnings: [...new Set(warnings)],
  };
  const unitsById = new Map(groups.flatMap((g) => g.units.map((u) => [u.unit.id, u] as const)));
  return { result, groups, unitsById };
}

/** Evaluates one period of one system over the given units and metric facts. */
export function evaluate(system: CompiledSystem, input: EvaluationInput, options: EvaluateOptions = {}): EvaluationResult {
  return evaluateDetailed(system, input, options).result;
}
