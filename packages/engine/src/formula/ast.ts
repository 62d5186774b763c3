// The formula AST: a plain, serialisable tree tagged by `kind`, shared by the evaluator,
// the formatter and (later) the SQL compiler. Spellings are normalised by the parser
// (`×` → `*`, `||` → `or`, `TRUE` → 1, `MIN` → `min`), so consumers see one form per meaning.
//
// `start`/`end` are UTF-16 offsets into the source, end exclusive, so
// `source.slice(node.start, node.end)` is the node's text, including its parentheses if the
// author wrote any.

export type UnaryOp = '-' | '+' | 'not';
export type ArithmeticOp = '+' | '-' | '*' | '/';
export type ComparisonOp = '<' | '<=' | '>' | '>=' | '==' | '!=';
export type LogicalOp = 'and' | 'or';
export type BinaryOp = ArithmeticOp | ComparisonOp | LogicalOp;
export type FunctionName = 'if' | 'min' | 'max' | 'abs' | 'coalesce' | 'round';

export interface SourceSpan {
  readonly start: number;
  readonly end: number;
}

/** A literal; `true`/`false` parse to 1/0. Parsed literals are finite and never negative. */
export interface NumberNode extends SourceSpan {
  readonly kind: 'number';
  readonly value: number;
}

/** A reference to a named metric, e.g. `handling.completed_on_time`. Case-sensitive. */
export interface MetricNode extends SourceSpan {
  readonly kind: 'metric';
  readonly name: string;
}

export interface UnaryNode extends SourceSpan {
  readonly kind: 'unary';
  readonly op: UnaryOp;
  readonly operand: FormulaAst;
}

export interface BinaryNode extends SourceSpan {
  readonly kind: 'binary';
  readonly op: BinaryOp;
  readonly left: FormulaAst;
  readonly right: FormulaAst;
}

export interface CallNode extends SourceSpan {
  readonly kind: 'call';
  readonly fn: FunctionName;
  readonly args: readonly FormulaAst[];
}

export type FormulaAst = NumberNode | MetricNode | UnaryNode | BinaryNode | CallNode;

export const COMPARISON_OPS: readonly ComparisonOp[] = ['<', '<=', '>', '>=', '==', '!='];

export function isComparisonOp(op: string): op is ComparisonOp {
  return (COMPARISON_OPS as readonly string[]).includes(op);
}

/** The direct sub-expressions of a node, in source (and evaluation) order. */
export function childrenOf(node: FormulaAst): readonly FormulaAst[] {
  switch (node.kind) {
    case 'number':
    case 'metric':
      return [];
    case 'unary':
      return [node.operand];
    case 'binary':
      return [node.left, node.right];
    case 'call':
      return node.args;
  }
}
