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
  // Leaves need no child thunk; the hot path evaluates hundreds of thousands of them.
  if (ast.kind === 'number' || ast.kind === 'metric') return applyNode(ast, noChildren, lookup);
  return applyNode(ast, (index) => evaluateFormula(nthChild(ast, index), lookup), lookup);
}

function noChildren(): never {
  throw new Error('a number or metric has no children');
}

/** The i-th child as `childrenOf` orders them, without allocating the list. */
function nthChild(node: FormulaAst, index: number): FormulaAst {
  switch (node.kind) {
    case 'unary':
      return node.operand;
    case 'binary':
      return index === 0 ? node.left : node.right;
    case 'call':
      return node.args[index]!;
    default:
      return childrenOf(node)[index]!;
  }
}
