import { describe, expect, it } from 'vitest';
import type { FormulaAst } from './ast';
import { evaluateFormula } from './evaluate';
import { parseFormula } from './parser';
import { lookupIn } from './testing';
import type { FormulaValue } from './value';

const metrics = { a: 6, b: 3, zero: 0, neg: -2.5, big: 1e308, rate: 94.99999999999999, 'ops.availability_pct': 99.5 };

function run(source: string, values: Readonly<Record<string, number>> = metrics): FormulaValue {
  return evaluateFormula(parseFormula(source), lookupIn(values));
}

const value = (v: number): FormulaValue => ({ ok: true, value: v });

/** The source text a no-data position points at. */
function blamed(source: string, values: Readonly<Record<string, number>> = metrics): string {
  const result = run(source, values);
  if (result.ok || result.noData.kind === 'missing-metric') throw new Error(`expected a positioned no-data reason, got ${JSON.stringify(result)}`);
  return source.slice(result.noData.start, result.noData.end);
}

describe('evaluateFormula: values', () => {
  it.each([
    ['1 + 2 * 3', 7],
    ['(1 + 2) * 3', 9],
    ['a / b', 2],
    ['a - b - 1', 2],
    ['24 / a / 2', 2],
    ['-a + +b', -3],
    ['- -a', 6],
    ['ops.availability_pct / 100', 0.995],
    ['a × b − 1 ÷ 2', 17.5],
    ['2.5E-2 * 1e3', 25],
    ['a > b', 1],
    ['a < b', 0],
    ['a >= 6', 1],
    ['a <= 5', 0],
    ['a == 6', 1],
    ['a = 6', 1],
    ['a != 6', 0],
    ['a <> 6', 0],
    ['not a', 0],
    ['not zero', 1],
    ['!neg', 0],
    ['a and b', 1],
    ['a and zero', 0],
    ['zero or neg', 1],
    ['zero || zero', 0],
    ['true + true', 2],
    ['false', 0],
    ['min(a, b, neg)', -2.5],
    ['max(a)', 6],
    ['MAX(a, b, 10)', 10],
    ['abs(neg)', 2.5],
    ['if(a > b, a, b)', 6],
    ['if(zero, 1, 2)', 2],
    ['if(neg, 1, 2)', 1],
    ['coalesce(missing, a)', 6],
    ['round(2.675, 2)', 2.68],
    ['round(1.005, 2)', 1.01],
    ['round(-2.5)', -3],
    ['round(a / 4)', 2],
    ['round(1e300, 12)', 1e300],
    ['round(12345678901.5, 12)', 12345678901.5],
  ])('%s = %d', (source, expected) => {
    expect(run(source)).toEqual(value(expected));
  });

  it('normalises -0 to 0', () => {
    expect(Object.is((run('-zero') as { value: number }).value, 0)).toBe(true);
    expect(Object.is((run('zero * neg') as { value: number }).value, 0)).toBe(true);
  });
});

describe('evaluateFormula: comparison tolerance', () => {
  it('treats values within a relative 1e-12 as equal', () => {
    expect(run('0.1 + 0.2 == 0.3')).toEqual(value(1));
    expect(run('0.1 + 0.2 != 0.3')).toEqual(value(0));
    expect(run('rate >= 95')).toEqual(value(1));
    expect(run('rate < 95')).toEqual(value(0));
    expect(run('1e20 + 1e5 == 1e20')).toEqual(value(1));
  });
  it('still tells apart values that differ meaningfully', () => {
    expect(run('94.9999 >= 95')).toEqual(value(0));
    expect(run('1 + 1e-9 == 1')).toEqual(value(0));
    expect(run('0 == 1e-300')).toEqual(value(0));
    expect(run('0 < 1e-300')).toEqual(value(1));
  });
});

describe('evaluateFormula: no data', () => {
  it('treats an absent or NaN metric as missing, never as 0', () => {
    expect(run('missing')).toEqual({ ok: false, noData: { kind: 'missing-metric', metric: 'missing' } });
    expect(run('a * 0 + x', { a: 1, x: Number.NaN })).toEqual({ ok: false, noData: { kind: 'missing-metric', metric: 'x' } });
  });

  it.each([
    'missing + 1',
    '1 - missing',
    '-missing',
    'missing > 0',
    '0 == missing',
    'not missing',
    'missing and 0',
    'missing or 1',
    'a and missing',
    'zero or missing',
    'min(1, missing)',
    'max(missing, 1)',
    'abs(missing)',
    'round(missing, 2)',
    'if(missing, 1, 1)',
    'if(1, missing, 0)',
    'coalesce(missing)',
    'missing / 0',
  ])('%s propagates the missing metric', (source) => {
    expect(run(source)).toEqual({ ok: false, noData: { kind: 'missing-metric', metric: 'missing' } });
  });

  it('reports the first cause, left to right', () => {
    expect(run('first + second')).toEqual({ ok: false, noData: { kind: 'missing-metric', metric: 'first' } });
    expect(run('a / zero + second')).toMatchObject({ ok: false, noData: { kind: 'division-by-zero' } });
    expect(run('second + a / zero')).toEqual({ ok: false, noData: { kind: 'missing-metric', metric: 'second' } });
    expect(run('min(a, b / zero, missing)')).toMatchObject({ noData: { kind: 'division-by-zero' } });
    expect(run('coalesce(x, y, z)')).toEqual({ ok: false, noData: { kind: 'missing-metric', metric: 'z' } });
  });

  it('gives division by zero with the position of the division', () => {
    expect(run('a / zero')).toEqual({ ok: false, noData: { kind: 'division-by-zero', start: 0, end: 8 } });
    expect(blamed('1 + (a + 1) / (b - 3) * 2')).toBe('(a + 1) / (b - 3)');
    expect(blamed('0 / 0')).toBe('0 / 0');
    expect(blamed('1 / -zero')).toBe('1 / -zero');
  });

  it('gives not-finite for overflow, with the position of the node that overflowed', () => {
    expect(blamed('1 + big * 10')).toBe('big * 10');
    expect(blamed('big + big')).toBe('big + big');
    expect(blamed('-big - big')).toBe('-big - big');
    expect(blamed('1 / 1e-320')).toBe('1 / 1e-320');
    expect(blamed('x + 1', { x: Number.POSITIVE_INFINITY })).toBe('x');
  });

  it('evaluates only the branch of if() it needs', () => {
    expect(run('if(zero > 0, a / zero, 0)')).toEqual(value(0));
    expect(run('if(a > 0, a / b, missing)')).toEqual(value(2));
    expect(run('if(zero, missing, 5)')).toEqual(value(5));
  });

  it('returns the first coalesce() argument with data, evaluating no further', () => {
    expect(run('coalesce(missing, a / zero, b, other)')).toEqual(value(3));
    expect(run('coalesce(a / zero, missing)')).toEqual({ ok: false, noData: { kind: 'missing-metric', metric: 'missing' } });
    const calls: string[] = [];
    evaluateFormula(parseFormula('coalesce(x, a, y)'), (m) => (calls.push(m), m === 'a' ? 1 : undefined));
    expect(calls).toEqual(['x', 'a']);
  });

  it('short-circuits and/or when the left side decides', () => {
    // Documented semantics: the right side is not looked at, so its missing data does not matter.
    expect(run('zero and missing')).toEqual(value(0));
    expect(run('a or missing')).toEqual(value(1));
    expect(run('zero > 0 and a / zero > 1')).toEqual(value(0));
    // …but a missing left side is no data even if the right side would decide it.
    expect(run('missing and zero')).toEqual({ ok: false, noData: { kind: 'missing-metric', metric: 'missing' } });
  });

  it('does not look metrics up for branches it skips', () => {
    const calls: string[] = [];
    const lookup = (m: string): number | undefined => (calls.push(m), m === 'n' ? 0 : 1);
    expect(evaluateFormula(parseFormula('if(n > 0, x / n, 0) + (n and y) + (1 or z)'), lookup)).toEqual(value(1));
    expect(calls).toEqual(['n', 'n']);
  });

  it('handles hand-built trees the parser would not produce without throwing', () => {
    const at = { start: 0, end: 0 };
    const num = (v: number): FormulaAst => ({ kind: 'number', value: v, ...at });
    expect(evaluateFormula({ kind: 'number', value: Number.NaN, ...at }, () => undefined)).toMatchObject({ ok: false, noData: { kind: 'not-finite' } });
    expect(evaluateFormula({ kind: 'call', fn: 'coalesce', args: [], ...at }, () => undefined)).toMatchObject({ ok: false, noData: { kind: 'not-finite' } });
    expect(evaluateFormula({ kind: 'call', fn: 'round', args: [num(1.23456), num(2.7)], ...at }, () => undefined)).toEqual(value(1.23));
    expect(evaluateFormula({ kind: 'call', fn: 'round', args: [num(1.5), num(-4)], ...at }, () => undefined)).toEqual(value(2));
  });
});
