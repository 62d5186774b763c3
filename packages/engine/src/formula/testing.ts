// Helpers for this folder's tests (not exported from index.ts).
import type { FormulaAst } from './ast';

/** Lisp-like shape of a tree, e.g. `(+ a (* b c))`; unary nodes have one operand. */
export function sexpr(ast: FormulaAst): string {
  switch (ast.kind) {
    case 'number':
      return String(ast.value);
    case 'metric':
      return ast.name;
    case 'unary':
      return `(${ast.op} ${sexpr(ast.operand)})`;
    case 'binary':
      return `(${ast.op} ${sexpr(ast.left)} ${sexpr(ast.right)})`;
    case 'call':
      return `(${ast.fn}${ast.args.map((arg) => ` ${sexpr(arg)}`).join('')})`;
  }
}

/** The tree with every `start`/`end` set to 0, for structural comparison. */
export function withoutPositions(ast: FormulaAst): FormulaAst {
  switch (ast.kind) {
    case 'number':
    case 'metric':
      return { ...ast, start: 0, end: 0 };
    case 'unary':
      return { ...ast, operand: withoutPositions(ast.operand), start: 0, end: 0 };
    case 'binary':
      return { ...ast, left: withoutPositions(ast.left), right: withoutPositions(ast.right), start: 0, end: 0 };
    case 'call':
      return { ...ast, args: ast.args.map(withoutPositions), start: 0, end: 0 };
  }
}

/** Lookup over a plain record; absent keys have no data. */
export function lookupIn(values: Readonly<Record<string, number>>): (metric: string) => number | undefined {
  return (metric) => (Object.hasOwn(values, metric) ? values[metric] : undefined);
}

