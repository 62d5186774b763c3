import { describe, expect, it } from 'vitest';
import { WeightsInputError, formatRatio, parseJudgement, parseMatrix } from './index';

describe('parseJudgement', () => {
  it('accepts positive numbers, decimals and fractions with spaces', () => {
    expect(parseJudgement(3, 'x')).toBe(3);
    expect(parseJudgement('3', 'x')).toBe(3);
    expect(parseJudgement('1/5', 'x')).toBe(0.2);
    expect(parseJudgement('0.2', 'x')).toBe(0.2);
    expect(parseJudgement(' 1/ 7 ', 'x')).toBe(1 / 7);
    expect(parseJudgement('.5', 'x')).toBe(0.5);
    expect(parseJudgement('2.5/5', 'x')).toBe(0.5);
  });

  it.each([
    [0, /must be positive/],
    [-3, /must be positive/],
    ['-1/3', /must be positive/],
    ['0', /must be positive/],
    [Number.NaN, /finite/],
    [Number.POSITIVE_INFINITY, /finite/],
    ['a/b', /not a number or fraction: "a\/b"/],
    ['1/x', /not a number or fraction/],
    ['1/2/3', /not a number or fraction/],
    ['', /not a number or fraction/],
    ['1/0', /division by zero/],
    ['3 4', /not a number or fraction/],
  ])('rejects %s naming the field', (value, reason) => {
    let error: unknown;
    try {
      parseJudgement(value, 'criteria.c3');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(WeightsInputError);
    expect((error as WeightsInputError).field).toBe('criteria.c3');
    expect((error as WeightsInputError).message).toMatch(/^criteria\.c3: /);
    expect((error as WeightsInputError).reason).toMatch(reason);
  });
});

describe('parseMatrix', () => {
  it('accepts strings and numbers, tolerating 1/3 stored as 0.3333333333333333', () => {
    expect(parseMatrix([[1, '3'], ['1/3', '1']])).toEqual([[1, 3], [1 / 3, 1]]);
    expect(parseMatrix([[1, 3], [0.3333333333333333, 1]])).toEqual([[1, 3], [0.3333333333333333, 1]]);
    expect(parseMatrix([[1]])).toEqual([[1]]);
  });

  it('reports the exact cell and what was expected', () => {
    expect(() => parseMatrix([[1, 3], [0.5, 1]])).toThrow('matrix[1][0]: not reciprocal: 0.5 but matrix[0][1] is 3 (expected 1/3)');
    expect(() => parseMatrix([[1, '1/4'], [3, 1]], 'criteria')).toThrow('criteria[1][0]: not reciprocal: 3 but criteria[0][1] is 1/4 (expected 4)');
    expect(() => parseMatrix([[1, 2.5], [0.5, 1]])).toThrow('(expected 0.4)');
    expect(() => parseMatrix([[1, 2], [0.5, 3]])).toThrow(/^matrix\[1\]\[1\]: diagonal must be 1/);
    expect(() => parseMatrix([[1, 2, 3], [0.5, 1]])).toThrow(/^matrix\[0\]: not square: row has 3 entries but the matrix has 2 rows/);
    expect(() => parseMatrix([])).toThrow(/^matrix: is empty/);
    expect(() => parseMatrix('x')).toThrow(/^matrix: expected a square array/);
    expect(() => parseMatrix([[1, null], [1, 1]])).toThrow(/^matrix\[0\]\[1\]: expected a number or a string/);
    expect(() => parseMatrix([1])).toThrow(/^matrix\[0\]: expected a row array/);
  });

  it('accepts reciprocals within a relative 1e-6 and rejects beyond', () => {
    expect(() => parseMatrix([[1, 3], [0.3333333, 1]])).not.toThrow(); // 3 × 0.3333333 = 0.9999999
    expect(() => parseMatrix([[1, 3], [0.33333, 1]])).toThrow(/not reciprocal/);
  });
});

describe('formatRatio', () => {
  it('prints judgements as people write them', () => {
    expect(formatRatio(3)).toBe('3');
    expect(formatRatio(0.3333333333333333)).toBe('1/3');
    expect(formatRatio(0.5)).toBe('1/2');
    expect(formatRatio(2.5)).toBe('2.5');
    expect(formatRatio(0.4)).toBe('0.4');
    expect(formatRatio(1.23456)).toBe('1.235');
  });
});
