// The dispersion measure against the hand-worked examples of docs/weights.md §2.
import { describe, expect, it } from 'vitest';
import { HIGH_DISPERSION_GSD, judgementDispersion, meanDispersion } from './dispersion';

const matrix = (a12: number, a13: number, a23: number) => [[1, a12, a13], [1 / a12, 1, a23], [1 / a13, 1 / a23, 1]];

describe('judgement dispersion (geometric standard deviation of the log-judgements)', () => {
  it('two experts answering 2 and 8: group 4, GSD 2 (flagged), spread 4', () => {
    const [d] = judgementDispersion([[[1, 2], [1 / 2, 1]], [[1, 8], [1 / 8, 1]]]);
    expect(d!.group).toBeCloseTo(4, 12);
    expect(d!.gsd).toBeCloseTo(2, 12);
    expect(d!.spread).toBeCloseTo(4, 12);
    expect(d!.high).toBe(true);
    expect(HIGH_DISPERSION_GSD).toBe(2);
  });

  it('three experts on three criteria, as worked by hand', () => {
    // a12: 1, 3, 9 → ln: 0, ln3, 2ln3; mean ln3 (group 3); σ = ln3·√(2/3) → GSD = e^0.89701 = 2.4523.
    // a13: 5, 5, 5 → group 5, GSD 1.
    // a23: 2, 2, 1/2 → mean ln2/3 (group 2^(1/3) = 1.2599); σ = (2√2/3)·ln2 = 0.65347 → GSD 1.9223.
    const ds = judgementDispersion([matrix(1, 5, 2), matrix(3, 5, 2), matrix(9, 5, 1 / 2)]);
    expect(ds.map((d) => [d.row, d.col])).toEqual([[0, 1], [0, 2], [1, 2]]);
    expect(ds[0]!.group).toBeCloseTo(3, 12);
    expect(ds[0]!.gsd).toBeCloseTo(2.4523, 4);
    expect(ds[0]!.high).toBe(true);
    expect(ds[1]!.gsd).toBeCloseTo(1, 12);
    expect(ds[1]!.high).toBe(false);
    expect(ds[2]!.group).toBeCloseTo(1.259921, 6);
    expect(ds[2]!.gsd).toBeCloseTo(1.9223, 4);
    expect(ds[2]!.high).toBe(false);
    // The panel's mean: exp(mean ln GSD) = exp((0.89701 + 0 + 0.65347) / 3) = 1.6767.
    expect(meanDispersion(ds)).toBeCloseTo(1.6767, 4);
  });

  it('is the same for a_ij and its reciprocal, and 1 for one expert or full agreement', () => {
    const up = judgementDispersion([matrix(3, 5, 2), matrix(7, 5, 2)])[0]!;
    const down = judgementDispersion([[[1, 1 / 3], [3, 1]], [[1, 1 / 7], [7, 1]]])[0]!;
    expect(down.gsd).toBeCloseTo(up.gsd, 12);
    expect(judgementDispersion([matrix(3, 5, 2)]).every((d) => d.gsd === 1)).toBe(true);
    expect(meanDispersion([])).toBe(1);
  });
});
