import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { WeightsInputError, ahp, combineWeights, entropyWeights, normaliseWeights, topsis } from './index';

describe('normaliseWeights', () => {
  it('scales to sum 1', () => {
    expect(normaliseWeights([1, 3], 'w')).toEqual([0.25, 0.75]);
    expect(normaliseWeights([0, 2], 'w')).toEqual([0, 1]);
  });

  it.each([
    [[], /^w: expected a non-empty list/],
    [[1, -2], /^w\[1\]: a weight must be a non-negative finite number, got -2/],
    [[1, Number.NaN], /^w\[1\]: /],
    [[0, 0], /^w: all weights are zero/],
  ])('rejects %j', (raw, message) => {
    expect(() => normaliseWeights(raw, 'w')).toThrow(WeightsInputError);
    expect(() => normaliseWeights(raw, 'w')).toThrow(message);
  });
});

describe('combineWeights', () => {
  it('linear: α·s + (1 − α)·o after normalising both', () => {
    const w = combineWeights([2, 2], [1, 3], { mode: 'linear', alpha: 0.4 });
    expect(w[0]).toBeCloseTo(0.4 * 0.5 + 0.6 * 0.25, 15);
    expect(w[1]).toBeCloseTo(0.4 * 0.5 + 0.6 * 0.75, 15);
    expect(combineWeights([1, 3], [3, 1], { mode: 'linear', alpha: 1 })).toEqual([0.25, 0.75]);
    expect(combineWeights([1, 3], [3, 1], { mode: 'linear', alpha: 0 })).toEqual([0.75, 0.25]);
  });

  it('multiplicative: s_j·o_j / Σ s_k·o_k', () => {
    // s = (0.2, 0.8), o = (0.5, 0.5): products 0.1, 0.4 → 0.2, 0.8.
    const w = combineWeights([1, 4], [1, 1], { mode: 'multiplicative' });
    expect(w[0]).toBeCloseTo(0.2, 15);
    expect(w[1]).toBeCloseTo(0.8, 15);
  });

  it('names the offending field', () => {
    expect(() => combineWeights([1, 2], [1, 2, 3], { mode: 'linear', alpha: 0.5 })).toThrow(/^objective: has 3 weights but subjective has 2/);
    expect(() => combineWeights([1, 2], [1, 2], { mode: 'linear', alpha: 1.5 })).toThrow(/^alpha: must be a number from 0 to 1/);
    expect(() => combineWeights([1, 2], [1, 2], { mode: 'linear', alpha: Number.NaN })).toThrow(/^alpha: /);
    expect(() => combineWeights([1, 0], [0, 1], { mode: 'multiplicative' })).toThrow(/^objective: no criterion has both/);
    expect(() => combineWeights([-1, 2], [1, 2], { mode: 'multiplicative' })).toThrow(/^subjective\[0\]: /);
    expect(() => combineWeights([1, 2], [1, 2], { mode: 'geometric' } as unknown as { mode: 'multiplicative' })).toThrow(/^mode: unknown/);
  });

  it('weights stay non-negative and sum to 1', () => {
    const vectors = fc.integer({ min: 1, max: 8 }).chain((n) =>
      fc.tuple(
        fc.array(fc.double({ min: 0.001, max: 10, noNaN: true }), { minLength: n, maxLength: n }),
        fc.array(fc.double({ min: 0.001, max: 10, noNaN: true }), { minLength: n, maxLength: n }),
        fc.double({ min: 0, max: 1, noNaN: true }),
      ),
    );
    fc.assert(
      fc.property(vectors, ([s, o, alpha]) => {
        for (const w of [combineWeights(s, o, { mode: 'linear', alpha }), combineWeights(s, o, { mode: 'multiplicative' })]) {
          expect(w.every((x) => x >= 0)).toBe(true);
          expect(Math.abs(w.reduce((a, b) => a + b, 0) - 1)).toBeLessThan(1e-12);
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('the methods compose: AHP + entropy → combined weights → TOPSIS', () => {
  it('produces a full ranking', () => {
    const subjective = ahp([[1, 3, 5], [1 / 3, 1, 2], [1 / 5, 1 / 2, 1]]).weights;
    const data = [[0.92, 3.1, 12], [0.85, 2.4, 9], [0.97, 4.0, 15], [0.88, 2.9, 8]];
    const cost = [false, false, true];
    const objective = entropyWeights(data, { cost }).weights;
    const weights = combineWeights(subjective, objective, { mode: 'linear', alpha: 0.5 });
    const { ranks } = topsis(data, weights, { cost });
    expect([...ranks].sort()).toEqual([1, 2, 3, 4]);
  });
});
