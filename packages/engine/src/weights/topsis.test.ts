import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { WeightsInputError, topsis, type TopsisNormalization } from './index';

interface TopsisExample {
  id: string;
  decision_matrix: number[][];
  criteria_types: number[];
  weights: number[];
  normalization: string;
  published: Record<string, unknown> & { tolerance_used_in_test?: number };
}
const anchors = JSON.parse(
  readFileSync(new URL('../../../../../shared/anchors-data/mcda/entropy_topsis_examples.json', import.meta.url), 'utf8'),
) as { topsis_examples: TopsisExample[] };

const decimalsOf = (value: number): number => (String(value).split('.')[1] ?? '').length;

/** The anchor file describes the normalisation in prose: "minmax (pymcdm TOPSIS default; …)". */
function normalizationOf(e: TopsisExample): TopsisNormalization {
  const word = e.normalization.split(/\s/)[0];
  if (word === 'vector' || word === 'minmax' || word === 'none') return word;
  throw new Error(`unexpected normalisation ${e.normalization} in ${e.id}`);
}

function run(e: TopsisExample) {
  return topsis(e.decision_matrix, e.weights, { cost: e.criteria_types.map((t) => t === -1), normalization: normalizationOf(e) });
}

describe('TOPSIS against published examples', () => {
  it('has the four published cases', () => {
    expect(anchors.topsis_examples.map((e) => e.id)).toEqual([
      'tzeng_huang_2011_topsis_4x3',
      'jmcdm_topsis_3x4',
      'opricovic_tzeng_2004_topsis_3x2',
      'skcriteria_topsis_raw_2x3',
    ]);
  });

  for (const e of anchors.topsis_examples) {
    it(`${e.id}: closeness to the published precision`, () => {
      const key = Object.keys(e.published).find((k) => k.startsWith('closeness'))!;
      const published = e.published[key] as number[];
      const dp = /_(\d)dp$/.exec(key);
      const { closeness } = run(e);
      closeness.forEach((c, i) => {
        const tolerance =
          e.published.tolerance_used_in_test ?? 0.5 * 10 ** -(dp ? Number(dp[1]) : decimalsOf(published[i]!)) + 1e-12;
        expect(Math.abs(c - published[i]!), `${e.id} C[${i}]`).toBeLessThanOrEqual(tolerance);
      });
    });
  }

  it('tzeng_huang_2011: ranks 3, 2, 1, 4', () => {
    const e = anchors.topsis_examples[0]!;
    expect(run(e).ranks).toEqual(e.published['rank_1_is_best']);
  });

  it('jmcdm: un-normalised weights [4, 2, 6, 8] are unitised; best alternative is 2', () => {
    const e = anchors.topsis_examples[1]!;
    expect(e.weights).toEqual([4, 2, 6, 8]);
    const result = run(e);
    expect(result.ranks.indexOf(1) + 1).toBe(e.published['bestIndex_1based']);
    expect(topsis(e.decision_matrix, [0.2, 0.1, 0.3, 0.4]).closeness).toEqual(result.closeness);
  });

  it('opricovic_tzeng_2004: min-max with a cost first column gives 0.5, 0.617, 0.5; vector would not', () => {
    const e = anchors.topsis_examples[2]!;
    const result = run(e);
    expect(result.closeness.map((c) => Number(c.toFixed(3)))).toEqual([0.5, 0.617, 0.5]);
    expect(result.ranks).toEqual([2, 1, 2]);
    // After min-max every criterion is a benefit: the ideal is 1 and the anti-ideal 0 everywhere.
    expect(result.ideal).toEqual([1, 1]);
    expect(result.antiIdeal).toEqual([0, 0]);
    const vector = topsis(e.decision_matrix, e.weights, { cost: [true, false], normalization: 'vector' });
    expect(vector.closeness[1]).not.toBeCloseTo(0.617, 2);
  });

  it('skcriteria raw: ideal [1, 5, 6], anti-ideal [0, 0, 3], closeness to 1e-8, ranks 2, 1', () => {
    const e = anchors.topsis_examples[3]!;
    const result = run(e);
    expect(result.ideal).toEqual(e.published['ideal']);
    expect(result.antiIdeal).toEqual(e.published['anti_ideal']);
    (e.published['closeness'] as number[]).forEach((c, i) => expect(Math.abs(result.closeness[i]! - c)).toBeLessThan(1e-8));
    expect(result.ranks).toEqual(e.published['rank_1_is_best']);
  });
});

describe('TOPSIS edge cases', () => {
  it('cost criteria take the minimum as ideal under vector and none', () => {
    const result = topsis([[1, 5], [3, 5], [2, 9]], [1, 1], { cost: [true, false], normalization: 'none' });
    expect(result.ideal).toEqual([1, 9]);
    expect(result.antiIdeal).toEqual([3, 5]);
  });

  it('a constant column contributes no distance', () => {
    const withConstant = topsis([[1, 7], [2, 7], [4, 7]], [0.5, 0.5], { normalization: 'minmax' });
    const without = topsis([[1], [2], [4]], [1], { normalization: 'minmax' });
    withConstant.closeness.forEach((c, i) => expect(c).toBeCloseTo(without.closeness[i]!, 14));
    expect(withConstant.ideal[1]).toBe(0);
    expect(withConstant.antiIdeal[1]).toBe(0);
  });

  it('identical alternatives all get closeness 0.5 and share rank 1', () => {
    const result = topsis([[3, 4], [3, 4], [3, 4]], [1, 2]);
    expect(result.closeness).toEqual([0.5, 0.5, 0.5]);
    expect(result.ranks).toEqual([1, 1, 1]);
    expect(topsis([[0, 0], [0, 0]], [1, 1]).closeness).toEqual([0.5, 0.5]);
  });

  it('ties share a competition rank (1, 2, 2, 4)', () => {
    expect(topsis([[9], [5], [5], [1]], [1]).ranks).toEqual([1, 2, 2, 4]);
  });
});

describe('bad TOPSIS input names the field', () => {
  it.each([
    [() => topsis([[1, 2], [3, 4]], [1]), /^weights: expected 2 weights \(one per criterion\), got 1/],
    [() => topsis([[1, 2], [3, 4]], [1, -1]), /^weights\[1\]: a weight must be a non-negative finite number, got -1/],
    [() => topsis([[1, 2], [3, 4]], [0, 0]), /^weights: all weights are zero/],
    [() => topsis([[1, 2], [3, 4]], [1, 1], { cost: [true] }), /^cost: expected 2 flags/],
    [() => topsis([[1, 2], [3]], [1, 1]), /^matrix\[1\]: has 1 values/],
    [() => topsis([], []), /^matrix: needs at least 1 row/],
    [() => topsis([[1, Number.POSITIVE_INFINITY]], [1, 1]), /^matrix\[0\]\[1\]: must be a finite number/],
    [() => topsis([[1]], [1], { normalization: 'l1' as 'none' }), /^normalization: unknown/],
    [() => topsis([[1e200], [1]], [1]), /^matrix: column 0: values too large/],
    [() => topsis([[-1e308], [1e308]], [1], { normalization: 'none' }), /^matrix: values too large/],
  ])('%#', (f, message) => {
    expect(f).toThrow(WeightsInputError);
    expect(f).toThrow(message);
  });
});

describe('TOPSIS properties', () => {
  const problem = fc.record({ m: fc.integer({ min: 1, max: 8 }), n: fc.integer({ min: 1, max: 5 }) }).chain(({ m, n }) =>
    fc.record({
      matrix: fc.array(fc.array(fc.double({ min: -50, max: 50, noNaN: true }), { minLength: n, maxLength: n }), { minLength: m, maxLength: m }),
      weights: fc.array(fc.double({ min: 0.01, max: 10, noNaN: true }), { minLength: n, maxLength: n }),
      cost: fc.array(fc.boolean(), { minLength: n, maxLength: n }),
      normalization: fc.constantFrom<TopsisNormalization>('vector', 'minmax', 'none'),
      seed: fc.array(fc.nat(), { minLength: m, maxLength: m }),
    }),
  );

  it('closeness lies in [0, 1]', () => {
    fc.assert(
      fc.property(problem, ({ matrix, weights, cost, normalization }) => {
        const { closeness } = topsis(matrix, weights, { cost, normalization });
        expect(closeness.every((c) => c >= 0 && c <= 1)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('permuting the alternatives permutes the closeness the same way', () => {
    fc.assert(
      fc.property(problem, ({ matrix, weights, cost, normalization, seed }) => {
        // A permutation derived from random keys (stable sort: deterministic for equal keys).
        const order = seed.map((s, i) => [s, i] as const).sort((a, b) => a[0] - b[0] || a[1] - b[1]).map(([, i]) => i);
        const original = topsis(matrix, weights, { cost, normalization }).closeness;
        const permuted = topsis(order.map((i) => matrix[i]!), weights, { cost, normalization }).closeness;
        order.forEach((i, k) => expect(Math.abs(permuted[k]! - original[i]!)).toBeLessThan(1e-12));
      }),
      { numRuns: 300 },
    );
  });
});
