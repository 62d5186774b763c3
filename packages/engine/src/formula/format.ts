// Canonical pretty-printing with the fewest parentheses that keep the tree's shape, so that
// parseFormula(formatFormula(ast)) equals ast apart from positions.
import type { BinaryOp, FormulaAst } from './ast';

// Binding strength, loosest first; mirrors the parser's levels.
const OR = 1;
const AND = 2;
const COMPARISON = 3;
const ADDITIVE = 4;
const MULTIPLICATIVE = 5;
const UNARY = 6;
const ATOM = 7;

function binaryPrecedence(op: BinaryOp): number {
  switch (op) {
    case 'or':
      return OR;
    case 'and':
      return AND;
    case '+':
    case '-':
      return ADDITIVE;
    case '*':
    case '/':
      return MULTIPLICATIVE;
    default:
      return COMPARISON;
  }
}

function precedence(node: FormulaAst): number {
  switch (node.kind) {
    case 'binary':
      return binaryPrecedence(node.op);
    case 'unary':
      return UNARY;
    case 'number':
      // A negative literal (only in hand-built trees) prints as, and binds like, a unary minus.
      return node.value < 0 ? UNARY : ATOM;
    default:
      return ATOM;
  }
}

/**
 * Canonical text: operators in their ASCII spelling with single spaces (`a + b`, `a == b`,
 * `not x`), lower-case function names, numbers in JavaScript's shortest round-trip form.
 * Metric names are printed as they are; a hand-built AST with a name the grammar cannot
 * read (or a non-finite literal, which throws a RangeError) cannot be round-tripped.
 */
export function formatFormula(ast: FormulaAst): string {
  switch (ast.kind) {
    case 'number':
      if (!Number.isFinite(ast.value)) throw new RangeError(`formatFormula: a number literal must be finite, got ${ast.value}`);
      return String(ast.value);
    case 'metric':
      return ast.name;
    case 'unary': {
      const operand = operandText(ast.operand, UNARY);
      if (ast.op === 'not') return `not ${operand}`;
      // `- -x` rather than `--x`, which reads like a decrement.
      return /^[-+]/.test(operand) ? `${ast.op} ${operand}` : `${ast.op}${operand}`;
    }
    case 'binary': {
      const level = binaryPrecedence(ast.op);
      // Left-associative: the left operand may sit at the same level, the right may not.
      // Comparisons are non-associative, so neither side may.
      const left = operandText(ast.left, level === COMPARISON ? level + 1 : level);
      const right = operandText(ast.right, level + 1);
      return `${left} ${ast.op} ${right}`;
    }
    case 'call':
      return `${ast.fn}(${ast.args.map(formatFormula).join(', ')})`;
  }
}

function operandText(node: FormulaAst, minPrecedence: number): string {
  const text = formatFormula(node);
  return precedence(node) >= minPrecedence ? text : `(${text})`;
}
