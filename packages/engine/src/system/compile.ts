// Turns a validated indicator-system document into the flat, pre-parsed form the evaluator
// walks: formulas parsed once, static weights (manual, equal, AHP) computed once, hash fixed.
import {
  describeSystemPath,
  type Direction,
  type IndicatorNode,
  type IndicatorSystem,
  type LocalizedText,
  type MissingPolicy,
  type Scoring,
  type VetoRule,
  type Weighting,
} from '@govperf/contracts';
import { FormulaSyntaxError, metricsOf, parseFormula, type FormulaAst } from '../formula';
import { ahp, combineExperts, parseMatrix, WeightsInputError, type AhpResult } from '../weights';
import { contentHash } from './canonical-json';

export const ROOT_CODE = '$root';

export interface CompiledVeto {
  rule: VetoRule;
  ast: FormulaAst;
}

/** How a node weighs its children: fixed once, or from each period's data. */
export type ChildWeighting =
  | { kind: 'static'; method: 'manual' | 'equal' | 'ahp'; weights: number[]; ahp?: AhpResult }
  | { kind: 'entropy'; normalization: 'minmax' | 'sum' }
  | { kind: 'combined'; ahpWeights: number[]; ahp: AhpResult; normalization: 'minmax' | 'sum'; mode: 'linear' | 'multiplicative'; alpha: number };

export interface CompiledNode {
  index: number;
  code: string;
  name: LocalizedText;
  definition?: LocalizedText | undefined;
  unit?: string | undefined;
  /** The responsible office (责任单位) named in the system file, if any. */
  owner?: string | undefined;
  direction: Direction;
  /** Index of the parent; -1 for the root. */
  parent: number;
  /** 0 for the root, 1 for first-level indicators. */
  depth: number;
  children: number[];
  leaf: boolean;
  formula?: { source: string; ast: FormulaAst; metrics: string[] } | undefined;
  target?: number | undefined;
  tolerance: number;
  scoring?: Scoring | undefined;
  vetoes: CompiledVeto[];
  appliesTo?: ReadonlySet<string> | undefined;
  /** Policy for this node's children with no data. */
  missing: MissingPolicy;
  childWeighting?: ChildWeighting | undefined;
}

export interface CompiledSystem {
  code: string;
  version: string;
  name: LocalizedText;
  hash: string;
  source: IndicatorSystem;
  /** Nodes in tree order (pre-order); index 0 is the virtual root. */
  nodes: CompiledNode[];
  /** Post-order: children before parents, the root last. */
  bottomUp: number[];
  byCode: ReadonlyMap<string, number>;
  metrics: string[];
}

export interface SystemProblem {
  where: string;
  /** Path into the document, e.g. ["indicators", 0, "weighting"]. */
  path: (string | number)[];
  reason: string;
  /** The reason in Chinese. */
  reasonZh: string;
}

/** The system cannot be evaluated as written; every problem names where it is. */
export class SystemCompileError extends Error {
  constructor(readonly problems: SystemProblem[]) {
    super(problems.map((p) => `${p.where}: ${p.reason}`).join('\n'));
    this.name = 'SystemCompileError';
  }
}

export interface CompileOptions {
  /** Accept AHP matrices with CR ≥ threshold everywhere (a deliberate override). */
  allowInconsistentAhp?: boolean;
}

function formulaProblem(error: unknown, where: string, path: (string | number)[]): SystemProblem {
  if (error instanceof FormulaSyntaxError) {
    return {
      where,
      path,
      reason: `formula error at line ${error.line}, column ${error.column}: ${error.reason}`,
      reasonZh: `公式第 ${error.line} 行第 ${error.column} 列有误：${error.reason}`,
    };
  }
  throw error;
}

function compileAhp(spec: Extract<Weighting, { method: 'ahp' }>['ahp'], where: string, path: (string | number)[], options: CompileOptions, problems: SystemProblem[]): AhpResult | undefined {
  try {
    const matrices = spec.experts
      ? spec.experts.map((m, k) => parseMatrix(m, `experts[${k}]`))
      : [parseMatrix(spec.judgements, 'judgements')];
    const matrix = matrices.length === 1 ? matrices[0]! : combineExperts(matrices);
    const result = ahp(matrix, { method: spec.approximation, riTable: spec.riTable });
    if (!result.consistent && !spec.allowInconsistent && !options.allowInconsistentAhp) {
      const worst = result.inconsistencies
        .map((j) => `row ${j.row + 1} vs column ${j.col + 1}: given ${fraction(j.given)}, consistent value ≈ ${fraction(j.suggested)}`)
        .join('; ');
      const worstZh = result.inconsistencies
        .map((j) => `第 ${j.row + 1} 行第 ${j.col + 1} 列：现为 ${fraction(j.given)}，一致的取值约为 ${fraction(j.suggested)}`)
        .join('；');
      problems.push({
        where,
        path,
        reason: `AHP judgements are inconsistent: CR = ${result.cr.toFixed(4)} ≥ 0.1 (RI table ${result.riTable}). Most inconsistent: ${worst}. Revise them, or set allowInconsistent: true deliberately`,
        reasonZh: `判断矩阵未通过一致性检验：一致性比率 CR = ${result.cr.toFixed(4)} ≥ 0.1（RI 表 ${result.riTable}）。最不一致的判断：${worstZh}。请修改判断，或经慎重考虑后设置 allowInconsistent: true`,
      });
    }
    return result;
  } catch (error) {
    if (error instanceof WeightsInputError) {
      problems.push({ where, path, reason: error.message, reasonZh: `判断矩阵有误：${error.message}` });
      return undefined;
    }
    throw error;
  }
}

function fraction(x: number): string {
  return x >= 1 ? String(Math.round(x * 100) / 100) : `1/${Math.round((1 / x) * 100) / 100}`;
}

export function compileSystem(system: IndicatorSystem, options: CompileOptions = {}): CompiledSystem {
  const problems: SystemProblem[] = [];
  const nodes: CompiledNode[] = [];
  const metricSet = new Set<string>();
  const declared = system.metrics ? new Set(Object.keys(system.metrics)) : undefined;

  const parse = (source: string, path: (string | number)[], owner: { en: string; zh: string }): { ast: FormulaAst; metrics: string[] } | undefined => {
    const where = describeSystemPath(system, path);
    try {
      const ast = parseFormula(source);
      const metrics = metricsOf(ast);
      for (const m of metrics) {
        if (declared && !declared.has(m)) {
          problems.push({ where, path, reason: `unknown metric "${m}" (not declared under metrics:) in ${owner.en}`, reasonZh: `${owner.zh}使用了未在数据项目录（metrics）中声明的数据项“${m}”` });
        }
        metricSet.add(m);
      }
      return { ast, metrics };
    } catch (error) {
      problems.push(formulaProblem(error, where, path));
      return undefined;
    }
  };

  const weightingOf = (weighting: Weighting | undefined, children: IndicatorNode[], path: (string | number)[]): ChildWeighting => {
    const where = describeSystemPath(system, [...path, 'weighting']);
    const weightingPath = [...path, 'weighting'];
    const method = weighting?.method ?? (children.every((c) => c.weight !== undefined) ? 'manual' : 'equal');
    switch (method) {
      case 'manual':
        return { kind: 'static', method, weights: children.map((c) => c.weight ?? 0) };
      case 'equal':
        return { kind: 'static', method, weights: children.map(() => 1) };
      case 'ahp': {
        const spec = (weighting as Extract<Weighting, { method: 'ahp' }>).ahp;
        const result = compileAhp(spec, where, weightingPath, options, problems);
        // Without a result a problem is recorded and compilation fails below.
        if (!result) return { kind: 'static', method: 'equal', weights: children.map(() => 1) };
        return { kind: 'static', method, weights: result.weights, ahp: result };
      }
      case 'entropy':
        return { kind: 'entropy', normalization: (weighting as Extract<Weighting, { method: 'entropy' }>).normalization };
      case 'combined': {
        const spec = weighting as Extract<Weighting, { method: 'combined' }>;
        const result = compileAhp(spec.ahp, where, weightingPath, options, problems);
        if (!result) return { kind: 'static', method: 'equal', weights: children.map(() => 1) };
        return {
          kind: 'combined',
          ahpWeights: result.weights,
          ahp: result,
          normalization: spec.normalization,
          mode: spec.mode,
          alpha: spec.alpha,
        };
      }
    }
  };

  const root: CompiledNode = {
    index: 0,
    code: ROOT_CODE,
    name: system.name,
    direction: 'benefit',
    parent: -1,
    depth: 0,
    children: [],
    leaf: false,
    tolerance: 0,
    vetoes: [],
    missing: system.missing,
    childWeighting: weightingOf(system.weighting, system.indicators, []),
  };
  nodes.push(root);

  const visit = (node: IndicatorNode, parent: CompiledNode, path: (string | number)[]) => {
    const index = nodes.length;
    const vetoes: CompiledVeto[] = [];
    (node.veto ?? []).forEach((rule, k) => {
      const parsed = parse(rule.when, [...path, 'veto', k, 'when'], { en: `veto rule of ${node.code}`, zh: `${node.code} 的否决项规则` });
      if (parsed) vetoes.push({ rule, ast: parsed.ast });
    });
    const formula = node.formula !== undefined ? parse(node.formula, [...path, 'formula'], { en: `formula of ${node.code}`, zh: `${node.code} 的计算公式` }) : undefined;
    const compiled: CompiledNode = {
      index,
      code: node.code,
      name: node.name,
      definition: node.definition,
      unit: node.unit,
      owner: node.owner,
      direction: node.direction,
      parent: parent.index,
      depth: parent.depth + 1,
      children: [],
      leaf: !node.children,
      formula: formula && node.formula !== undefined ? { source: node.formula, ...formula } : undefined,
      target: node.target,
      tolerance: node.tolerance ?? 0,
      scoring: node.scoring,
      vetoes,
      appliesTo: node.appliesTo ? new Set(node.appliesTo) : undefined,
      missing: node.missing ?? parent.missing,
      childWeighting: node.children ? weightingOf(node.weighting, node.children, path) : undefined,
    };
    nodes.push(compiled);
    parent.children.push(index);
    node.children?.forEach((child, i) => visit(child, compiled, [...path, 'children', i]));
  };
  system.indicators.forEach((node, i) => visit(node, root, ['indicators', i]));

  if (problems.length) throw new SystemCompileError(problems);

  const bottomUp: number[] = [];
  const post = (i: number) => {
    for (const c of nodes[i]!.children) post(c);
    bottomUp.push(i);
  };
  post(0);

  return {
    code: system.code,
    version: system.version,
    name: system.name,
    hash: contentHash(system),
    source: system,
    nodes,
    bottomUp,
    byCode: new Map(nodes.map((n) => [n.code, n.index])),
    metrics: [...metricSet].sort(),
  };
}
