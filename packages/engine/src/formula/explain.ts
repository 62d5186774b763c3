// How a value was derived: every sub-expression with its value, for showing users the working.
import { childrenOf, type FormulaAst } from './ast';
import { formatFormula } from './format';
import { applyNode } from './semantics';
import type { FormulaValue, MetricLookup } from './value';

export interface FormulaExplanation {
  /** The sub-expression in canonical form (`formatFormula`). */
  readonly text: string;
  readonly value: FormulaValue;
  /**
   * True when evaluation did not need this sub-expression: the branch of `if` not taken,
   * `coalesce` arguments after the first with data, the right side of a short-circuited
   * `and`/`or` (and everything inside those). Its value is still shown, computed as if asked.
   */
  readonly skipped: boolean;
  /** Source span of the sub-expression (UTF-16 offsets, end exclusive). */
  readonly start: number;
  readonly end: number;
  readonly children: readonly FormulaExplanation[];
}

/** The evaluation tree; the root's `value` equals `evaluateFormula(ast, lookup)`. */
export function explainFormula(ast: FormulaAst, lookup: MetricLookup): FormulaExplanation {
  const children = childrenOf(ast).map((child) => explainFormula(child, lookup));
  const used = children.map(() => false);
  const value = applyNode(
    ast,
    (index) => {
      used[index] = true;
      return children[index]!.value;
    },
    lookup,
  );
  return {
    text: formatFormula(ast),
    value,
    skipped: false,
    start: ast.start,
    end: ast.end,
    children: children.map((child, index) => (used[index] ? child : markSkipped(child))),
  };
}

function markSkipped(explanation: FormulaExplanation): FormulaExplanation {
  return { ...explanation, skipped: true, children: explanation.children.map(markSkipped) };
}
