import { describe, expect, it } from 'vitest';
import type { FormulaAst } from './ast';
import { formatFormula } from './format';
import { parseFormula } from './parser';
import { withoutPositions } from './testing';

const canonical = (source: string): string => formatFormula(parseFormula(source));

describe('formatFormula', () => {
  it.each([
    ['a+b*c', 'a + b * c'],
    ['(a + b) * c', '(a + b) * c'],
    ['((a)) + ((b))', 'a + b'],
    ['(a - b) - c', 'a - b - c'],
    ['a - (b - c)', 'a - (b - c)'],
    ['a - (b + c)', 'a - (b + c)'],
    ['a + (b + c)', 'a + (b + c)'],
    ['a / (b * c)', 'a / (b * c)'],
    ['(a * b) / c', 'a * b / c'],
    ['-(a + b)', '-(a + b)'],
    ['-(a * b)', '-(a * b)'],
    ['(-a) * b', '-a * b'],
    ['- -a', '- -a'],
    ['-(-1)', '- -1'],
    ['-+a', '- +a'],
    ['!(a || b)', 'not (a or b)'],
    ['not not a', 'not not a'],
    ['(a < b) < c', '(a < b) < c'],
    ['a < (b < c)', 'a < (b < c)'],
    ['(a == b) == (c != d)', '(a == b) == (c != d)'],
    ['a < b + c', 'a < b + c'],
    ['(a < b) + c', '(a < b) + c'],
    ['a or (b or c)', 'a or (b or c)'],
    ['(a or b) and c', '(a or b) and c'],
    ['a and b or c', 'a and b or c'],
    ['a ≥ b && c ≠ d', 'a >= b and c != d'],
    ['a = b', 'a == b'],
    ['a <> b', 'a != b'],
    ['a × b ÷ c − d', 'a * b / c - d'],
    ['TRUE or False', '1 or 0'],
    ['MIN（a，b）', 'min(a, b)'],
    ['IF(x>0,(y),Round(z,2))', 'if(x > 0, y, round(z, 2))'],
    ['coalesce(a, (b + c) * 2)', 'coalesce(a, (b + c) * 2)'],
    ['.5 + 1e3 + 2.5E-2 + 1e21 + 1e-7', '0.5 + 1000 + 0.025 + 1e+21 + 1e-7'],
    ['a.b_c # comment\n  + 1', 'a.b_c + 1'],
  ])('%s → %s', (source, expected) => {
    expect(canonical(source)).toBe(expected);
    // The canonical text parses back to the same tree.
    expect(withoutPositions(parseFormula(expected))).toEqual(withoutPositions(parseFormula(source)));
  });

  it('prints a negative literal (hand-built only) as a unary minus', () => {
    const at = { start: 0, end: 0 };
    const tree: FormulaAst = { kind: 'binary', op: '*', left: { kind: 'number', value: -2, ...at }, right: { kind: 'metric', name: 'x', ...at }, ...at };
    expect(formatFormula(tree)).toBe('-2 * x');
  });

  it('refuses a non-finite literal, which the language cannot write', () => {
    expect(() => formatFormula({ kind: 'number', value: Number.POSITIVE_INFINITY, start: 0, end: 0 })).toThrow(RangeError);
  });
});
