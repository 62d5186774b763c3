import { describe, expect, it } from 'vitest';
import { cockpitView } from './cockpit-view';

const indicator = (code: string, depth: number, leaf: boolean, light: 'green' | 'yellow' | 'red' | null) => ({ code, parent: null, depth, leaf, light, score: 80, value: 97.5, weight: 0.2, contribution: 16 });

describe('cockpitView', () => {
  const run = {
    id: 'run_1',
    result: {
      period: '2026-Q3',
      units: [
        {
          unit: '330100',
          rank: 1,
          indicators: [
            indicator('A', 1, false, null),
            indicator('A1', 2, false, 'red'),
            indicator('A1a', 3, true, 'green'),
            indicator('A1b', 3, true, 'red'),
            indicator('A1c', 3, true, 'yellow'),
            indicator('A1d', 3, true, null),
            indicator('B', 1, true, 'green'),
          ],
        },
        { unit: '330200', rank: 2 },
      ],
    },
  };

  it('keeps the groups down to the second level and the red and yellow leaves, nothing else', () => {
    const view = cockpitView(run);
    expect(view.result.units[0]!.indicators!.map((i) => i.code)).toEqual(['A', 'A1', 'A1b', 'A1c', 'B']);
    expect(view.result.units[0]!.indicators![1]).toEqual({ code: 'A1', parent: null, depth: 2, leaf: false, score: 80, light: 'red' });
    expect(view.result.units[1]).toEqual({ unit: '330200', rank: 2 });
    expect(view.result.period).toBe('2026-Q3');
    expect(view.id).toBe('run_1');
  });

  it('leaves the stored run as it was', () => {
    cockpitView(run);
    expect(run.result.units[0]!.indicators).toHaveLength(7);
  });
});
