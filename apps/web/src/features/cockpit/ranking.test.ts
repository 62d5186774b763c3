import { describe, expect, it } from 'vitest';
import type { OrgUnit, RunSummary, UnitResult } from '../../api-client';
import { breadcrumb, latestRuns, previousRun, rankingRows } from './ranking';

const run = (id: string, period: string, startedAt: string, publishedAt: string | null): RunSummary => ({ id, system: { code: 'S', version: '1' }, period, scope: '330000', status: 'succeeded', startedAt, publishedAt });
const units: OrgUnit[] = [
  { code: '330000', name: '浙江省', level: 'province', parent: null },
  { code: '330100', name: '杭州市', level: 'city', parent: '330000' },
  { code: '330200', name: '宁波市', level: 'city', parent: '330000' },
  { code: '330102', name: '上城区', level: 'county', parent: '330100' },
];
const result = (unit: string, rank: number | null): UnitResult => ({ unit, name: unit, peerGroup: 'city', scoreRounded: rank === null ? null : 100 - rank, grade: null, gradeName: null, rank, vetoed: false });

describe('cockpit ranking helpers', () => {
  it('prefer the published run of a period, then the newest', () => {
    const runs = [run('a', '2026-Q2', '2026-07-05', null), run('b', '2026-Q2', '2026-07-01', '2026-07-02'), run('c', '2026-Q3', '2026-10-05', null)];
    expect(latestRuns(runs).map((r) => r.id)).toEqual(['c', 'b']);
    expect(previousRun(runs, runs[2]!)?.id).toBe('b');
  });

  it('rank the focused unit\'s children with their change against the previous period', () => {
    const rows = rankingRows(units, [result('330100', 2), result('330200', 1), result('330102', 1)], [result('330100', 1), result('330200', 2)], '330000');
    expect(rows.map((r) => [r.unit, r.rank, r.change, r.hasChildren])).toEqual([
      ['330200', 1, 1, false],
      ['330100', 2, -1, true],
    ]);
    expect(breadcrumb(units, '330102').map((u) => u.name)).toEqual(['浙江省', '杭州市', '上城区']);
  });
});
