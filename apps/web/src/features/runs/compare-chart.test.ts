import { describe, expect, it } from 'vitest';
import { defaultPeerGroup, gradeDistributionOption, MAX_MOVES, rankChangeOption, signed } from './compare-chart';

describe('the rank-change chart', () => {
  it('puts the largest rise on top and the largest fall at the bottom, leaving out units without a rank', () => {
    const option = rankChangeOption([
      { name: '上城区', change: -2 },
      { name: '拱墅区', change: 3 },
      { name: '西湖区', change: null },
      { name: '滨江区', change: 0 },
    ]);
    // Bottom-up on a category axis.
    expect(option.yAxis.data).toEqual(['上城区', '滨江区', '拱墅区']);
    expect(option.series[0]!.data.map((d) => [d.value, d.itemStyle.color])).toEqual([
      [-2, '#cf1322'],
      [0, '#8c8c8c'],
      [3, '#389e0d'],
    ]);
  });

  it('signs changes for reading', () => {
    expect([signed(3), signed(-2), signed(0), signed(null), signed(undefined)]).toEqual(['+3', '−2', '0', '—', '—']);
  });

  it('keeps the largest moves either way when there are too many units', () => {
    const moves = Array.from({ length: MAX_MOVES + 10 }, (_, i) => ({ name: `u${String(i).padStart(2, '0')}`, change: i % 2 ? i : -i }));
    const option = rankChangeOption(moves);
    expect(option.yAxis.data).toHaveLength(MAX_MOVES);
    expect(option.yAxis.data).not.toContain('u00');
    expect(option.yAxis.data).toContain(`u${MAX_MOVES + 9}`);
  });

  it('opens on the highest level that has more than one unit', () => {
    expect(defaultPeerGroup([{ peerGroup: 'county' }, { peerGroup: 'province' }, { peerGroup: 'city' }, { peerGroup: 'city' }, { peerGroup: 'county' }])).toBe('city');
    expect(defaultPeerGroup([{ peerGroup: 'province' }])).toBe('province');
    expect(defaultPeerGroup([])).toBeUndefined();
  });

  it('counts each grade in both runs by its display name, best first, leaving out units without a grade', () => {
    const grades = [
      { code: 'excellent', label: '优秀' },
      { code: 'good', label: '良好' },
      { code: 'poor', label: '较差' },
    ];
    const option = gradeDistributionOption(
      grades,
      [
        { base: 'good', other: 'excellent' },
        { base: 'good', other: 'good' },
        { base: 'poor', other: null },
        { base: null, other: 'legacy' },
      ],
      { base: '基准评估', other: '对比评估' },
    );
    expect(option.xAxis.data).toEqual(['优秀', '良好', '较差', 'legacy']);
    expect(option.series.map((s) => [s.name, s.data])).toEqual([
      ['基准评估', [0, 2, 1, 0]],
      ['对比评估', [1, 1, 0, 1]],
    ]);
  });
});
