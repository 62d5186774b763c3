// The rank-change chart of a comparison: one horizontal bar per unit, up (green) or down (red),
// largest moves first; units without a rank in either run are left out.
export interface RankMove {
  name: string;
  change: number | null;
}

/** +3, −2, 0, or — when there is nothing to compare. */
export function signed(value: number | null | undefined): string {
  if (value === null || value === undefined) return '—';
  if (value > 0) return `+${value}`;
  if (value < 0) return `−${Math.abs(value)}`;
  return '0';
}

/** At most this many bars: the largest moves either way. */
export const MAX_MOVES = 30;

const LEVELS = ['country', 'province', 'city', 'county', 'township'];

/** The peer group to show first: the highest level with more than one unit (else the first). */
export function defaultPeerGroup(units: readonly { peerGroup: string }[]): string | undefined {
  const counts = new Map<string, number>();
  for (const u of units) counts.set(u.peerGroup, (counts.get(u.peerGroup) ?? 0) + 1);
  const groups = [...counts.keys()].sort((a, b) => (LEVELS.indexOf(a) + 1 || 99) - (LEVELS.indexOf(b) + 1 || 99) || a.localeCompare(b));
  return groups.find((g) => counts.get(g)! > 1) ?? groups[0];
}

export function rankChangeOption(moves: readonly RankMove[]) {
  const ranked = moves
    .filter((m): m is RankMove & { change: number } => m.change !== null)
    .sort((a, b) => Math.abs(b.change) - Math.abs(a.change) || a.name.localeCompare(b.name))
    .slice(0, MAX_MOVES)
    .sort((a, b) => b.change - a.change || a.name.localeCompare(b.name));
  // ECharts draws a category axis bottom-up: reversed, the largest rise is on top.
  const rows = [...ranked].reverse();
  return {
    grid: { left: 8, right: 32, top: 8, bottom: 8, containLabel: true },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    xAxis: { type: 'value', minInterval: 1 },
    yAxis: { type: 'category', data: rows.map((m) => m.name) },
    series: [
      {
        type: 'bar',
        data: rows.map((m) => ({ value: m.change, itemStyle: { color: m.change > 0 ? '#389e0d' : m.change < 0 ? '#cf1322' : '#8c8c8c' } })),
        label: { show: true, position: 'right', formatter: (p: { value: number }) => signed(p.value) },
      },
    ],
  };
}

export interface GradeSlot {
  code: string;
  label: string;
}

/**
 * How many units of a peer group hold each grade in the base and in the compared run: two bars
 * per grade, best grade first (the comparison's legend order). Units without a grade are left out;
 * a grade code missing from the legend gets a bar of its own at the end, labelled by its code.
 */
export function gradeDistributionOption(grades: readonly GradeSlot[], units: readonly { base: string | null; other: string | null }[], series: { base: string; other: string }) {
  const slots = [...grades];
  for (const u of units) for (const code of [u.base, u.other]) if (code !== null && !slots.some((s) => s.code === code)) slots.push({ code, label: code });
  const count = (side: 'base' | 'other') => slots.map((s) => units.filter((u) => u[side] === s.code).length);
  return {
    grid: { left: 8, right: 16, top: 32, bottom: 8, containLabel: true },
    legend: { data: [series.base, series.other], top: 0 },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    xAxis: { type: 'category', data: slots.map((s) => s.label) },
    yAxis: { type: 'value', minInterval: 1 },
    series: [
      { name: series.base, type: 'bar', data: count('base'), itemStyle: { color: '#8c8c8c' }, label: { show: true, position: 'top' } },
      { name: series.other, type: 'bar', data: count('other'), itemStyle: { color: '#1677ff' }, label: { show: true, position: 'top' } },
    ],
  };
}
