import { describe, expect, it } from 'vitest';
import { computeAhp } from './weights';

describe('AHP on request', () => {
  // Saaty's classic example (1980): three criteria, a consistent-enough matrix.
  it('answers weights, CR and the most inconsistent judgements', () => {
    const answer = computeAhp({ matrix: [[1, 3, 5], [1 / 3, 1, 3], [1 / 5, 1 / 3, 1]] });
    expect(answer.weights.map((w) => Number(w.toFixed(3)))).toEqual([0.637, 0.258, 0.105]);
    expect(answer.cr).toBeCloseTo(0.0332, 3);
    expect(answer.consistent).toBe(true);
    const reversed = computeAhp({ matrix: [[1, 9, 1 / 9], [1 / 9, 1, 9], [9, 1 / 9, 1]] });
    expect(reversed.consistent).toBe(false);
    expect(reversed.inconsistencies.length).toBeGreaterThan(0);
  });

  it('combines experts by geometric mean and shows how far apart they are', () => {
    const answer = computeAhp({ experts: [[[1, 2], [1 / 2, 1]], [[1, 8], [1 / 8, 1]]] });
    // geometric mean of 2 and 8 is 4: weights 0.8 / 0.2.
    expect(answer.weights[0]).toBeCloseTo(0.8, 9);
    // 2 and 8 sit a factor of 2 either side of 4: geometric standard deviation 2, flagged.
    expect(answer.dispersion).toEqual([{ row: 0, col: 1, spread: 4, gsd: expect.closeTo(2, 12), high: true }]);
    expect(answer.experts).toHaveLength(2);
  });

  it('names bad input', () => {
    const detail = (input: unknown) => {
      try {
        computeAhp(input);
      } catch (error) {
        return JSON.stringify((error as { details?: unknown }).details);
      }
      return 'no error';
    };
    expect(detail({ matrix: [[1, 2], [3, 1]] })).toMatch(/matrix.*recipro/i);
    expect(() => computeAhp({ matrix: [[1]] })).toThrow();
    expect(() => computeAhp({})).toThrow();
  });
});
