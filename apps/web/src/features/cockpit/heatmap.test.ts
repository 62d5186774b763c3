import { describe, expect, it } from 'vitest';
import type { RunResult } from '../../api-client';
import { heatMapData, warningBoard } from './heatmap';

const def = (code: string, depth: number, leaf: boolean, owner: string | null = null) => ({ code, name: { zh: `指标${code}`, en: `Indicator ${code}` }, parent: null, depth, leaf, unit: null, direction: 'benefit' as const, target: null, owner });
const ind = (code: string, depth: number, leaf: boolean, score: number | null, light: 'green' | 'yellow' | 'red' | null) => ({ code, parent: null, depth, leaf, value: score, score, weight: 1, contribution: null, light });
const run = {
  id: 'run_x', system: { code: 'S', version: '1', name: { zh: '体系', en: 'System' }, indicators: [def('A', 1, false), def('A1', 2, false), def('A1.01', 3, true, '市数据局'), def('A1.02', 3, true), def('A2', 2, true)] },
  period: '2026-Q3', scope: '330100', status: 'succeeded', startedAt: '', publishedAt: null,
  result: {
    peerGroups: [],
    units: [
      { unit: '330102', name: '上城区', peerGroup: 'county', scoreRounded: 80, grade: null, gradeName: null, rank: 1, vetoed: false, indicators: [ind('A', 1, false, 80, null), ind('A1', 2, false, 75.25, null), ind('A1.01', 3, true, 40, 'red'), ind('A1.02', 3, true, 70, 'yellow'), ind('A2', 2, true, null, null)] },
      { unit: '330105', name: '拱墅区', peerGroup: 'county', scoreRounded: 90, grade: null, gradeName: null, rank: 2, vetoed: false, indicators: [ind('A1', 2, false, 90, null), ind('A1.01', 3, true, 95, 'green'), ind('A1.02', 3, true, 95, 'green'), ind('A2', 2, true, 88, 'green')] },
    ],
  },
} satisfies RunResult;

describe('cockpit heat map and warning board', () => {
  it('puts second-level indicator scores in cells, skipping no-data ones', () => {
    const heat = heatMapData(run, ['330102', '330105', '999999']);
    expect(heat.indicators.map((i) => i.code)).toEqual(['A1', 'A2']);
    expect(heat.units.map((u) => u.name)).toEqual(['上城区', '拱墅区']);
    expect(heat.cells).toEqual([[0, 0, 75.3], [0, 1, 90], [1, 1, 88]]);
  });
  it('lists units with red or yellow leaves, worst first, with each red indicator\'s owner', () => {
    expect(warningBoard(run, ['330105', '330102'])).toEqual([
      { unit: '330102', name: '上城区', red: 1, yellow: 1, redIndicators: [{ code: 'A1.01', name: { zh: '指标A1.01', en: 'Indicator A1.01' }, owner: '市数据局' }] },
    ]);
  });
});
