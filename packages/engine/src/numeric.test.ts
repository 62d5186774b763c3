import { describe, expect, it } from 'vitest';
import { competitionRanks, roundHalfUp, seededRandom } from './numeric';

describe('roundHalfUp', () => {
  it('rounds the printed decimal, not the binary approximation', () => {
    expect(roundHalfUp(1.005, 2)).toBe(1.01);
    expect(roundHalfUp(2.675, 2)).toBe(2.68);
    expect(roundHalfUp(89.995, 2)).toBe(90);
    expect(roundHalfUp(0.12344, 4)).toBe(0.1234);
    expect(roundHalfUp(-1.005, 2)).toBe(-1.01);
    expect(roundHalfUp(1e-7, 2)).toBe(0);
    // Values too large to carry decimals come back unchanged (not NaN).
    expect(roundHalfUp(1e10, 12)).toBe(1e10);
    expect(roundHalfUp(1e300, 2)).toBe(1e300);
  });
  it('refuses a nonsensical precision', () => {
    expect(() => roundHalfUp(1, -1)).toThrow(/digits/);
  });
});

describe('competitionRanks', () => {
  it('gives ties the same rank and skips the next ones (1, 2, 2, 4)', () => {
    expect(competitionRanks([90, 80, 80, 70])).toEqual([1, 2, 2, 4]);
    expect(competitionRanks([70, 80, 90, 80])).toEqual([4, 2, 1, 2]);
    expect(competitionRanks([3, 1, 2], false)).toEqual([3, 1, 2]);
  });
});

describe('seededRandom', () => {
  it('repeats its sequence for a seed, differs across seeds, stays in [0, 1)', () => {
    const a = seededRandom(42);
    const b = seededRandom(42);
    const xs = Array.from({ length: 1000 }, () => a());
    expect(Array.from({ length: 1000 }, () => b())).toEqual(xs);
    expect(seededRandom(43)()).not.toBe(xs[0]);
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
    // Roughly uniform: the mean of 1,000 draws is near 0.5.
    expect(Math.abs(xs.reduce((s, x) => s + x, 0) / xs.length - 0.5)).toBeLessThan(0.05);
  });
});
