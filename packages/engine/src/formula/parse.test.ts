import { describe, expect, it } from 'vitest';
import { parseFormula } from './parser';
import { sexpr } from './testing';

const shape = (source: string): string => sexpr(parseFormula(source));

describe('parseFormula: precedence and associativity', () => {
  it.each([
    ['a + b * c', '(+ a (* b c))'],
    ['a * b + c', '(+ (* a b) c)'],
    ['a - b - c', '(- (- a b) c)'],
    ['a / b / c', '(/ (/ a b) c)'],
    ['a - b + c', '(+ (- a b) c)'],
    ['a / b * c', '(* (/ a b) c)'],
    ['(a + b) * c', '(* (+ a b) c)'],
    ['a - (b - c)', '(- a (- b c))'],
    ['-a * b', '(* (- a) b)'],
    ['- -a', '(- (- a))'],
    ['--a', '(- (- a))'],
    ['+a - -b', '(- (+ a) (- b))'],
    ['a + b < c * d', '(< (+ a b) (* c d))'],
    ['a < b and c > d', '(and (< a b) (> c d))'],
    ['a or b and c', '(or a (and b c))'],
    ['a and b or c', '(or (and a b) c)'],
    ['a or b or c', '(or (or a b) c)'],
    ['a and b and c', '(and (and a b) c)'],
    ['not a and b', '(and (not a) b)'],
    ['not a == b', '(== (not a) b)'],
    ['not (a == b)', '(not (== a b))'],
    ['not not a', '(not (not a))'],
    ['-a < -b', '(< (- a) (- b))'],
    ['(a < b) < c', '(< (< a b) c)'],
    ['a < (b < c)', '(< a (< b c))'],
    ['a == b or c != d and e', '(or (== a b) (and (!= c d) e))'],
    ['a + if(b, c, d) * 2', '(+ a (* (if b c d) 2))'],
  ])('%s → %s', (source, expected) => {
    expect(shape(source)).toBe(expected);
  });
});

describe('parseFormula: operator spellings', () => {
  it.each([
    ['a || b', '(or a b)'],
    ['a OR b', '(or a b)'],
    ['a && b', '(and a b)'],
    ['a And b', '(and a b)'],
    ['!a', '(not a)'],
    ['NOT a', '(not a)'],
    ['!!a', '(not (not a))'],
    ['a = b', '(== a b)'],
    ['a == b', '(== a b)'],
    ['a != b', '(!= a b)'],
    ['a <> b', '(!= a b)'],
    ['a ≠ b', '(!= a b)'],
    ['a ≤ b', '(<= a b)'],
    ['a ≥ b', '(>= a b)'],
    ['a <= b', '(<= a b)'],
    ['a >= b', '(>= a b)'],
    ['a − b', '(- a b)'],
    ['−a', '(- a)'],
    ['a × b', '(* a b)'],
    ['a ÷ b', '(/ a b)'],
    ['（a + b）× c', '(* (+ a b) c)'],
    ['min（a，b）', '(min a b)'],
    ['true + false', '(+ 1 0)'],
    ['TRUE and False', '(and 1 0)'],
  ])('%s → %s', (source, expected) => {
    expect(shape(source)).toBe(expected);
  });
});

describe('parseFormula: literals, names, calls', () => {
  it.each([
    ['12', 12],
    ['1.5', 1.5],
    ['.5', 0.5],
    ['1e3', 1000],
    ['2.5E-2', 0.025],
    ['1e+2', 100],
    ['007', 7],
  ])('number %s', (source, value) => {
    expect(parseFormula(source)).toEqual({ kind: 'number', value, start: 0, end: source.length });
  });

  it('reads dotted, case-sensitive metric names', () => {
    expect(parseFormula('handling.on_time_rate')).toEqual({ kind: 'metric', name: 'handling.on_time_rate', start: 0, end: 21 });
    expect(shape('_x.y2 + Ops.Availability_pct')).toBe('(+ _x.y2 Ops.Availability_pct)');
    expect(shape('a.1')).toBe('a.1');
  });

  it('treats function names as metrics unless a "(" follows', () => {
    expect(shape('min + max')).toBe('(+ min max)');
    expect(shape('if')).toBe('if');
    expect(shape('round (x)')).toBe('(round x)');
    expect(shape('abs # comment\n (x)')).toBe('(abs x)');
  });

  it('accepts function names in any case and normalises them', () => {
    expect(shape('MIN(a, b, c)')).toBe('(min a b c)');
    expect(shape('Coalesce(a)')).toBe('(coalesce a)');
    expect(shape('IF(a > 0, b, c)')).toBe('(if (> a 0) b c)');
    expect(shape('abs(-x)')).toBe('(abs (- x))');
    expect(shape('round(x)')).toBe('(round x)');
    expect(shape('round(x, 2)')).toBe('(round x 2)');
    expect(shape('max(a)')).toBe('(max a)');
  });

  it('skips whitespace, line breaks and # comments anywhere', () => {
    const source = [
      '# on-time rate, in percent',
      'handling.completed_on_time   # numerator',
      '  / handling.completed',
      '\t* 100\r\n',
    ].join('\n');
    expect(shape(source)).toBe('(* (/ handling.completed_on_time handling.completed) 100)');
    expect(shape('\u3000a\u00a0+\ufeffb')).toBe('(+ a b)');
  });

  it('records source spans; parenthesised nodes include their parentheses', () => {
    const source = '(a + b) * abs(c)';
    const ast = parseFormula(source);
    if (ast.kind !== 'binary') throw new Error('expected a binary node');
    expect(source.slice(ast.start, ast.end)).toBe(source);
    expect(source.slice(ast.left.start, ast.left.end)).toBe('(a + b)');
    expect(source.slice(ast.right.start, ast.right.end)).toBe('abs(c)');
    const negated = parseFormula('  -x ');
    expect([negated.start, negated.end]).toEqual([2, 4]);
  });

  it('produces a plain JSON-serialisable tree', () => {
    const ast = parseFormula('if(a >= 1, -b, max(c, 2))');
    expect(JSON.parse(JSON.stringify(ast))).toEqual(ast);
  });
});
