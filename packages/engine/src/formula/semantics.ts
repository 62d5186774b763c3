// What each node means, given its children's values as thunks. Evaluation passes thunks that
// evaluate lazily; explanation passes precomputed values and records which were asked for.
// One definition of the semantics therefore serves both, and laziness (if, coalesce,
// and/or) is decided here alone.
import { roundHalfUp } from '../numeric';
import type { BinaryNode, CallNode, FormulaAst, SourceSpan } from './ast';
import { ROUND_MAX_DIGITS } from './functions';
import { noData, withData, type FormulaValue, type MetricLookup } from './value';

/** Value of the i-th child (see `childrenOf`). */
export type ChildValue = (index: number) => FormulaValue;

/**
 * Relative tolerance for comparisons. Metrics are floating-point aggregates: a rate computed
 * as 0.1 + 0.2 must equal 0.3, and a threshold `rate >= 95` must hold for
 * 94.99999999999999. 1e-12 is ~4,500 ulps: far above rounding noise from a few operations,
 * far below any difference a person would mean.
 */
export const COMPARISON_TOLERANCE = 1e-12;

/** -1, 0 or 1; values within the relative tolerance compare equal. */
export function compareNumbers(a: number, b: number): number {
  if (a === b || Math.abs(a - b) <= COMPARISON_TOLERANCE * Math.max(Math.abs(a), Math.abs(b))) return 0;
  return a < b ? -1 : 1;
}

export function applyNode(node: FormulaAst, child: ChildValue, lookup: MetricLookup): FormulaValue {
  switch (node.kind) {
    case 'number':
      return finite(node.value, node);
    case 'metric': {
      const value = lookup(node.name);
      if (value === undefined || Number.isNaN(value)) return noData({ kind: 'missing-metric', metric: node.name });
      return finite(value, node);
    }
    case 'unary': {
      const operand = child(0);
      if (!operand.ok) return operand;
      if (node.op === 'not') return truth(operand.value === 0);
      return withData(node.op === '-' ? -operand.value : operand.value);
    }
    case 'binary':
      return applyBinary(node, child);
    case 'call':
      return applyCall(node, child);
  }
}

function applyBinary(node: BinaryNode, child: ChildValue): FormulaValue {
  const left = child(0);
  if (!left.ok) return left;
  // Short-circuit: `0 and X` is 0 and `1 or X` is 1 even when X has no data, so a guard like
  // `n > 0 and x / n > 0.5` is safe. A no-data left side is still no data.
  if (node.op === 'and' && left.value === 0) return truth(false);
  if (node.op === 'or' && left.value !== 0) return truth(true);
  const right = child(1);
  if (!right.ok) return right;
  const a = left.value;
  const b = right.value;
  switch (node.op) {
    case 'and':
    case 'or':
      return truth(b !== 0);
    case '+':
      return finite(a + b, node);
    case '-':
      return finite(a - b, node);
    case '*':
      return finite(a * b, node);
    case '/':
      if (b === 0) return noData({ kind: 'division-by-zero', start: node.start, end: node.end });
      return finite(a / b, node);
    case '<':
      return truth(compareNumbers(a, b) < 0);
    case '<=':
      return truth(compareNumbers(a, b) <= 0);
    case '>':
      return truth(compareNumbers(a, b) > 0);
    case '>=':
      return truth(compareNumbers(a, b) >= 0);
    case '==':
      return truth(compareNumbers(a, b) === 0);
    case '!=':
      return truth(compareNumbers(a, b) !== 0);
  }
}

function applyCall(node: CallNode, child: ChildValue): FormulaValue {
  switch (node.fn) {
    case 'if': {
      const condition = child(0);
      if (!condition.ok) return condition;
      return child(condition.value !== 0 ? 1 : 2);
    }
    case 'coalesce': {
      let last: FormulaValue | undefined;
      for (let i = 0; i < node.args.length; i++) {
        last = child(i);
        if (last.ok) return last;
      }
      return last ?? notFinite(node);
    }
    case 'min':
    case 'max': {
      const values: number[] = [];
      for (let i = 0; i < node.args.length; i++) {
        const arg = child(i);
        if (!arg.ok) return arg;
        values.push(arg.value);
      }
      return finite(node.fn === 'min' ? Math.min(...values) : Math.max(...values), node);
    }
    case 'abs': {
      const x = child(0);
      return x.ok ? withData(Math.abs(x.value)) : x;
    }
    case 'round': {
      const x = child(0);
      if (!x.ok) return x;
      const digits = node.args.length > 1 ? child(1) : withData(0);
      if (!digits.ok) return digits;
      return finite(roundTo(x.value, digits.value), node);
    }
  }
}

/**
 * Half away from zero on the printed decimal (`roundHalfUp`). The parser only admits literal
 * digits 0–12; hand-built ASTs are clamped into that range rather than throwing. Above about
 * 1e21 / 10^digits `roundHalfUp` yields NaN, but there a double has no digits left to round,
 * so the value is returned as it is.
 */
function roundTo(value: number, digits: number): number {
  const d = Math.min(ROUND_MAX_DIGITS, Math.max(0, Math.trunc(digits)));
  const rounded = roundHalfUp(value, d);
  return Number.isFinite(rounded) ? rounded : value;
}

function truth(condition: boolean): FormulaValue {
  return withData(condition ? 1 : 0);
}

function finite(value: number, at: SourceSpan): FormulaValue {
  return Number.isFinite(value) ? withData(value) : notFinite(at);
}

function notFinite(at: SourceSpan): FormulaValue {
  return noData({ kind: 'not-finite', start: at.start, end: at.end });
}
