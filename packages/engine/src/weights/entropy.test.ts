import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { WeightsInputError, entropyWeights } from './index';

interface EntropyExample {
  id: string;
  decision_matrix: number[][];
  published: Record<string, unknown> & { tolerance_used_in_test?: number };
}
const anchors = JSON.parse(
  readFileSync(new URL('../../../../../shared/anchors-data/mcda/entropy_topsis_examples.json', import.meta.url), 'utf8'),
) as { entropy_examples: EntropyExample[] };

const decimalsOf = (value: number): number => (String(value).split('.')[1] ?? '').length;

describe('entropy weights against published examples (sum normalisation, as all three libraries use)', () => {
  it('has the three published examples', () => {
    expect(anchors.entropy_examples.map((e) => e.id)).toEqual(['elsayed2017_entropy_12x5', 'jmcdm_entropy_6x8', 'skcriteria_entropy_2x2']);
  });

  for (const e of anchors.entropy_examples) {
    it(`${e.id}: weights to the printed precision and within the source's own tolerance`, () => {
      const key = Object.keys(e.published).find((k) => k.startsWith('weights'))!;
      const published = e.published[key] as number[];
      const { weights, degenerate } = entropyWeights(e.decision_matrix, { normalization: 'sum' });
      expect(degenerate).toBe(false);
      expect(weights).toHaveLength(published.length);
      weights.forEach((w, j) => {
        const printed = 0.5 * 10 ** -decimalsOf(published[j]!) + 1e-12;
        expect(Math.abs(w - published[j]!), `${e.id} w[${j}]`).toBeLessThanOrEqual(printed);
        if (e.published.tolerance_used_in_test !== undefined) {
          expect(Math.abs(w - published[j]!)).toBeLessThanOrEqual(e.published.tolerance_used_in_test);
        }
      });
    });
  }

  it('sum normalisation ignores direction (entropy of proportions does not depend on it)', () => {
    const m = anchors.entropy_examples[2]!.decision_matrix; // objectives min, max in the source
    expect(entropyWeights(m, { normalization: 'sum', cost: [true, false] })).toEqual(entropyWeights(m, { normalization: 'sum' }));
  });
});

describe('entropy weights with min-max scaling (熵权法 with 极差标准化), hand-worked', () => {
  // X = [[1, 10], [2, 20], [3, 40]], column 2 is a cost, m = 3.
  //   benefit col 1: (x − 1)/2        → 0, 0.5, 1   → p = 0, 1/3, 2/3
  //     E1 = −(1/3 ln 1/3 + 2/3 ln 2/3)/ln 3 = 0.579380, d1 = 0.420620
  //   cost col 2:    (40 − x)/30      → 1, 2/3, 0   → p = 0.6, 0.4, 0
  //     E2 = −(0.6 ln 0.6 + 0.4 ln 0.4)/ln 3 = 0.612602, d2 = 0.387398
  //   w = d/Σd = 0.520557, 0.479443
  it('inverts the cost column and weights by divergence', () => {
    const result = entropyWeights([[1, 10], [2, 20], [3, 40]], { cost: [false, true] });
    const e1 = -((1 / 3) * Math.log(1 / 3) + (2 / 3) * Math.log(2 / 3)) / Math.log(3);
    const e2 = -(0.6 * Math.log(0.6) + 0.4 * Math.log(0.4)) / Math.log(3);
    expect(result.entropy[0]).toBeCloseTo(e1, 14);
    expect(result.entropy[1]).toBeCloseTo(e2, 14);
    expect(result.divergence[0]).toBeCloseTo(1 - e1, 14);
    expect(result.weights[0]).toBeCloseTo((1 - e1) / (2 - e1 - e2), 14);
    expect(result.weights.map((w) => Number(w.toFixed(6)))).toEqual([0.520557, 0.479443]);
    expect(result.degenerate).toBe(false);
  });

  it('minmax is the default and works with negative data', () => {
    const data = [[-5, 1], [0, 2], [5, 4]];
    expect(entropyWeights(data)).toEqual(entropyWeights(data, { normalization: 'minmax' }));
    expect(() => entropyWeights(data, { normalization: 'sum' })).toThrow(/^matrix\[0\]\[0\]: negative value -5/);
  });

  it('a constant column carries no information: entropy 1, weight 0', () => {
    const result = entropyWeights([[1, 7], [2, 7], [4, 7]]);
    expect(result.entropy[1]).toBe(1);
    expect(result.divergence[1]).toBe(0);
    expect(result.weights).toEqual([1, 0]);
  });

  it('when no column discriminates, weights are equal and the result says degenerate', () => {
    expect(entropyWeights([[3, 7, 1], [3, 7, 1]])).toEqual({ weights: [1 / 3, 1 / 3, 1 / 3], entropy: [1, 1, 1], divergence: [0, 0, 0], degenerate: true });
    // Uniform proportions in 'sum' mode: every E_j = 1 (up to rounding), also degenerate.
    const uniform = entropyWeights([[2, 5], [2, 5], [2, 5]], { normalization: 'sum' });
    expect(uniform.degenerate).toBe(true);
    expect(uniform.weights).toEqual([0.5, 0.5]);
  });
});

describe('bad entropy input names the field', () => {
  it.each([
    [() => entropyWeights([[1, 2]]), /^matrix: needs at least 2 rows/],
    [() => entropyWeights([[1, 2], [3]]), /^matrix\[1\]: has 1 values but matrix\[0\] has 2/],
    [() => entropyWeights([[1, 2], [3, Number.NaN]]), /^matrix\[1\]\[1\]: must be a finite number/],
    [() => entropyWeights([[1, 2], [3, -1]], { normalization: 'sum' }), /^matrix\[1\]\[1\]: negative value -1/],
    [() => entropyWeights([[1, 2], [3, 4]], { cost: [true] }), /^cost: expected 2 flags/],
    [() => entropyWeights([[1, 2], [3, 4]], { normalization: 'zscore' as 'sum' }), /^normalization: unknown/],
    [() => entropyWeights([[], []]), /^matrix\[0\]: has no criteria/],
    [() => entropyWeights([[1e308, 1], [1e308, 2]], { normalization: 'sum' }), /^matrix: column 0: values too large/],
    [() => entropyWeights([[-1e308, 1], [1e308, 2]]), /^matrix: column 0: values too large/],
  ])('%#', (f, message) => {
    expect(f).toThrow(WeightsInputError);
    expect(f).toThrow(message);
  });
});

describe('entropy properties', () => {
  const matrix = (min: number) =>
    fc.record({ m: fc.integer({ min: 2, max: 8 }), n: fc.integer({ min: 1, max: 6 }) }).chain(({ m, n }) =>
      fc.array(fc.array(fc.double({ min, max: 100, noNaN: true }), { minLength: n, maxLength: n }), { minLength: m, maxLength: m }),
    );

  it('weights are non-negative, sum to 1 and entropies lie in [0, 1]', () => {
    for (const [normalization, min] of [['minmax', -100], ['sum', 0]] as const) {
      fc.assert(
        fc.property(matrix(min), fc.boolean(), (x, firstIsCost) => {
          const cost = x[0]!.map((_, j) => j === 0 && firstIsCost);
          const { weights, entropy } = entropyWeights(x, { normalization, cost });
          expect(weights.every((w) => w >= 0)).toBe(true);
          expect(Math.abs(weights.reduce((a, b) => a + b, 0) - 1)).toBeLessThan(1e-12);
          expect(entropy.every((e) => e >= 0 && e <= 1 + 1e-12)).toBe(true);
        }),
        { numRuns: 200 },
      );
    }
  });
});
