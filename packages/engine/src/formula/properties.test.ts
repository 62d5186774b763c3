// Property-based tests: round-trips, evaluation against an independent reference, parser
// robustness on arbitrary text, and the nesting limit.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ArithmeticOp, BinaryOp, FormulaAst, UnaryOp } from './ast';
import { FormulaSyntaxError } from './errors';
import { evaluateFormula } from './evaluate';
import { explainFormula } from './explain';
import { formatFormula } from './format';
import { metricsOf } from './metrics';
import { parseFormula } from './parser';
import { lookupIn, withoutPositions } from './testing';
import type { FormulaValue } from './value';

const at = { start: 0, end: 0 };
const KEYWORDS = new Set(['and', 'or', 'not', 'true', 'false']);

const metricName = fc.oneof(
  fc.constantFrom('a', 'b', 'c', 'handling.on_time', 'ops.availability_pct'),
  fc
    .stringMatching(/^[A-Za-z_][A-Za-z0-9_]{0,6}(\.[A-Za-z0-9_]{1,4}){0,2}$/)
    .filter((name) => !KEYWORDS.has(name.toLowerCase())),
);

// What the parser can produce: finite, non-negative literals.
const literal = fc
  .oneof(fc.integer({ min: 0, max: 1000 }), fc.double({ min: 0, max: Number.MAX_VALUE, noNaN: true }), fc.constantFrom(0.1, 0.5, 1e-7, 1e21))
  .filter((value) => !Object.is(value, -0));

const numberNode = literal.map((value): FormulaAst => ({ kind: 'number', value, ...at }));
const metricNode = metricName.map((name): FormulaAst => ({ kind: 'metric', name, ...at }));
const leaf = fc.oneof(numberNode, metricNode);

const UNARY_OPS: readonly UnaryOp[] = ['-', '+', 'not'];
const BINARY_OPS: readonly BinaryOp[] = ['+', '-', '*', '/', '<', '<=', '>', '>=', '==', '!=', 'and', 'or'];
const ARITHMETIC_OPS: readonly ArithmeticOp[] = ['+', '-', '*', '/'];

/** Any tree the parser could produce (positions zeroed). */
const anyTree = fc.letrec<{ node: FormulaAst }>((tie) => {
  const node = tie('node');
  const call = fc.oneof(
    fc.tuple(node, node, node).map((args): FormulaAst => ({ kind: 'call', fn: 'if', args, ...at })),
    fc
      .tuple(fc.constantFrom('min' as const, 'max' as const, 'coalesce' as const), fc.array(node, { minLength: 1, maxLength: 4 }))
      .map(([fn, args]): FormulaAst => ({ kind: 'call', fn, args, ...at })),
    node.map((arg): FormulaAst => ({ kind: 'call', fn: 'abs', args: [arg], ...at })),
    fc
      .tuple(node, fc.option(fc.integer({ min: 0, max: 12 }), { nil: undefined }))
      .map(([x, digits]): FormulaAst => ({
        kind: 'call',
        fn: 'round',
        args: digits === undefined ? [x] : [x, { kind: 'number', value: digits, ...at }],
        ...at,
      })),
  );
  return {
    node: fc.oneof(
      { maxDepth: 6, depthSize: 'small' },
      leaf,
      fc.tuple(fc.constantFrom(...UNARY_OPS), node).map(([op, operand]): FormulaAst => ({ kind: 'unary', op, operand, ...at })),
      fc.tuple(fc.constantFrom(...BINARY_OPS), node, node).map(([op, left, right]): FormulaAst => ({ kind: 'binary', op, left, right, ...at })),
      call,
    ),
  };
}).node;

/** Arithmetic only: literals, metrics, unary +/-, and + - * /. */
const arithmeticTree = fc.letrec<{ node: FormulaAst }>((tie) => ({
  node: fc.oneof(
    { maxDepth: 7, depthSize: 'small' },
    leaf,
    fc.tuple(fc.constantFrom<UnaryOp>('-', '+'), tie('node')).map(([op, operand]): FormulaAst => ({ kind: 'unary', op, operand, ...at })),
    fc
      .tuple(fc.constantFrom(...ARITHMETIC_OPS), tie('node'), tie('node'))
      .map(([op, left, right]): FormulaAst => ({ kind: 'binary', op, left, right, ...at })),
  ),
})).node;

/** Metric values including the awkward ones: absent, zero, NaN, infinite, extreme. */
const metricValue = fc.oneof(
  fc.constant(undefined),
  fc.constant(0),
  fc.integer({ min: -100, max: 100 }),
  fc.double({ min: -1e6, max: 1e6, noNaN: true }),
  fc.double(),
);
const metricValues = fc
  .array(fc.tuple(fc.oneof(fc.constantFrom('a', 'b', 'c', 'handling.on_time', 'ops.availability_pct'), metricName), metricValue), { maxLength: 8 })
  .map((entries) => {
    const values: Record<string, number> = {};
    for (const [name, value] of entries) if (value !== undefined) values[name] = value;
    return values;
  });

/**
 * The specified semantics of arithmetic, written out directly: left operand first; a missing
 * (absent or NaN) metric, a zero divisor or a non-finite result is no data at that node.
 */
function reference(node: FormulaAst, values: Readonly<Record<string, number>>): FormulaValue {
  const span = { start: node.start, end: node.end };
  const number = (value: number): FormulaValue =>
    Number.isFinite(value) ? { ok: true, value: value === 0 ? 0 : value } : { ok: false, noData: { kind: 'not-finite', ...span } };
  switch (node.kind) {
    case 'number':
      return number(node.value);
    case 'metric': {
      const value = Object.hasOwn(values, node.name) ? values[node.name] : undefined;
      if (value === undefined || Number.isNaN(value)) return { ok: false, noData: { kind: 'missing-metric', metric: node.name } };
      return number(value);
    }
    case 'unary': {
      const operand = reference(node.operand, values);
      if (!operand.ok) return operand;
      if (node.op === 'not') throw new Error('not arithmetic');
      return number(node.op === '-' ? -operand.value : operand.value);
    }
    case 'binary': {
      const left = reference(node.left, values);
      if (!left.ok) return left;
      const right = reference(node.right, values);
      if (!right.ok) return right;
      const [a, b] = [left.value, right.value];
      if (node.op === '+') return number(a + b);
      if (node.op === '-') return number(a - b);
      if (node.op === '*') return number(a * b);
      if (node.op === '/') return b === 0 ? { ok: false, noData: { kind: 'division-by-zero', ...span } } : number(a / b);
      throw new Error('not arithmetic');
    }
    case 'call':
      throw new Error('not arithmetic');
  }
}

/** Gives every node a distinct span, so reported positions identify the blamed node. */
function numberSpans(node: FormulaAst, next = { offset: 0 }): FormulaAst {
  const start = next.offset++;
  switch (node.kind) {
    case 'number':
    case 'metric':
      return { ...node, start, end: start + 1 };
    case 'unary':
      return { ...node, operand: numberSpans(node.operand, next), start, end: start + 1 };
    case 'binary':
      return { ...node, left: numberSpans(node.left, next), right: numberSpans(node.right, next), start, end: start + 1 };
    case 'call':
      return { ...node, args: node.args.map((arg) => numberSpans(arg, next)), start, end: start + 1 };
  }
}

/** The outcome without positions (which differ between a generated tree and its reparse). */
function outcome(value: FormulaValue): string {
  if (value.ok) return `value ${value.value}`;
  return value.noData.kind === 'missing-metric' ? `missing ${value.noData.metric}` : value.noData.kind;
}

describe('properties', () => {
  it('(1) parseFormula(formatFormula(ast)) is ast, positions aside; formatting is idempotent', () => {
    fc.assert(
      fc.property(anyTree, (ast) => {
        const text = formatFormula(ast);
        const reparsed = parseFormula(text);
        expect(withoutPositions(reparsed)).toEqual(ast);
        expect(formatFormula(reparsed)).toBe(text);
        expect(source(reparsed, text)).toBe(text);
      }),
      { numRuns: 1000 },
    );
  });

  it('(2) arithmetic evaluates like a direct reference evaluation, also after a format/parse round-trip', () => {
    fc.assert(
      fc.property(arithmeticTree.map((ast) => numberSpans(ast)), metricValues, (ast, values) => {
        const expected = reference(ast, values);
        expect(evaluateFormula(ast, lookupIn(values))).toEqual(expected);
        expect(outcome(evaluateFormula(parseFormula(formatFormula(ast)), lookupIn(values)))).toBe(outcome(expected));
      }),
      { numRuns: 2000 },
    );
  });

  it('explanations agree with evaluation on any tree', () => {
    fc.assert(
      fc.property(anyTree.map((ast) => numberSpans(ast)), metricValues, (ast, values) => {
        const explained = explainFormula(ast, lookupIn(values));
        expect(explained.value).toEqual(evaluateFormula(ast, lookupIn(values)));
        expect(explained.text).toBe(formatFormula(ast));
        // Evaluation only ever reads metrics the formula names.
        const read = new Set<string>();
        evaluateFormula(ast, (metric) => (read.add(metric), values[metric]));
        for (const metric of read) expect(metricsOf(ast)).toContain(metric);
      }),
      { numRuns: 500 },
    );
  });

  it('(3) the parser throws nothing but FormulaSyntaxError on arbitrary text', () => {
    const alphabet = [
      ...'0123456789.eE_abcxyzAZ',
      ...'+-*/<>=!&|()，（）,#$ \t\n\r',
      '−', '×', '÷', '≤', '≥', '≠', '<>', '&&', '||', '\u3000', '办', '𝑥', '＋',
      'and ', ' or ', 'not ', 'true', 'false', 'if(', 'min(', 'MAX(', 'abs(', 'coalesce(', 'round(', 'sqrt(', 'a.b', '1e5', '.5',
    ];
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(...alphabet), maxLength: 40 }), (text) => {
        let ast: FormulaAst;
        try {
          ast = parseFormula(text);
        } catch (error) {
          expect(error).toBeInstanceOf(FormulaSyntaxError);
          const syntax = error as FormulaSyntaxError;
          expect(syntax.line).toBeGreaterThanOrEqual(1);
          expect(syntax.column).toBeGreaterThanOrEqual(1);
          expect(syntax.message.split('\n')).toHaveLength(3);
          expect(syntax.message.startsWith(`line ${syntax.line}, column ${syntax.column}: ${syntax.reason}\n`)).toBe(true);
          return;
        }
        // Whatever parses also round-trips and evaluates without throwing.
        expect(withoutPositions(parseFormula(formatFormula(ast)))).toEqual(withoutPositions(ast));
        evaluateFormula(ast, () => 1);
      }),
      { numRuns: 5000 },
    );
  });

  it('(4) nesting beyond 256 levels is a FormulaSyntaxError, never a stack overflow; 256 levels work', () => {
    const wrappers = fc.constantFrom(['(', ')'], ['-', ''], ['not ', ''], ['!', ''], ['abs(', ')'], ['min(1, ', ')'], ['if(1, ', ', 0)'], ['1 + (', ')']);
    fc.assert(
      fc.property(fc.array(wrappers, { minLength: 1, maxLength: 3000 }), (layers) => {
        const text = layers.map(([open]) => open).join('') + 'x' + layers.map(([, close]) => close).reverse().join('');
        if (layers.length > 256) {
          expect(() => parseFormula(text)).toThrow(FormulaSyntaxError);
          expect(() => parseFormula(text)).toThrow('formula nested too deeply (limit 256)');
          return;
        }
        const ast = parseFormula(text);
        expect(withoutPositions(parseFormula(formatFormula(ast)))).toEqual(withoutPositions(ast));
        expect(explainFormula(ast, () => 2).value).toEqual(evaluateFormula(ast, () => 2));
      }),
      { numRuns: 300 },
    );
  });
});

/** The source text a node's span covers. */
function source(ast: FormulaAst, text: string): string {
  return text.slice(ast.start, ast.end);
}
