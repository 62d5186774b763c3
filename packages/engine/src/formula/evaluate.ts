// Evaluation: a pure function of the AST and the metric values.
import { childrenOf, type FormulaAst } from './ast';
import { applyNode } from './semantics';
import type { FormulaValue, MetricLookup } from './value';

/**
 * Evaluates a formula. Missing metrics, division by zero and non-finite intermediates give
 * no data (the first cause, left to right); `if`, `coalesce`, `and` and `or` evaluate only
 * the arguments they need. Comparisons and logic yield 1 or 0.
 */
export function evaluateFormula(ast: FormulaAst, lookup: MetricLookup): FormulaValue {
  const children = childrenOf(ast);
  return applyNode(ast, (index) => evaluateFormula(children[index]!, lookup), lookup);
}
