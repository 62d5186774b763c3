// The formula language: parse, evaluate, format, explain. See README.md in this folder.
export type {
  ArithmeticOp,
  BinaryNode,
  BinaryOp,
  CallNode,
  ComparisonOp,
  FormulaAst,
  FunctionName,
  LogicalOp,
  MetricNode,
  NumberNode,
  SourceSpan,
  UnaryNode,
  UnaryOp,
} from './ast';
export { childrenOf, isComparisonOp } from './ast';
export { FormulaSyntaxError } from './errors';
export { FORMULA_FUNCTIONS, ROUND_MAX_DIGITS, type FunctionSpec } from './functions';
export { MAX_FORMULA_DEPTH, parseFormula } from './parser';
export { evaluateFormula } from './evaluate';
export { COMPARISON_TOLERANCE } from './semantics';
export type { FormulaValue, MetricLookup, NoDataReason } from './value';
export { metricsOf } from './metrics';
export { formatFormula } from './format';
export { explainFormula, type FormulaExplanation } from './explain';
