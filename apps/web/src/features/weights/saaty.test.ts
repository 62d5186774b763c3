import { describe, expect, it } from 'vitest';
import { judgementMatrix, saatyLabel } from './saaty';

describe('the judgement matrix the editor sends', () => {
  it('is reciprocal with ones on the diagonal', () => {
    expect(judgementMatrix(3, new Map([['0-1', 3], ['1-2', 1 / 5]]))).toEqual([
      [1, 3, 1],
      [1 / 3, 1, 1 / 5],
      [1, 5, 1],
    ]);
    expect([9, 1, 1 / 7].map(saatyLabel)).toEqual(['9', '1', '1/7']);
  });
});
