// The bar chart of refused records by reason: the largest groups, each labelled by fact type,
// field and reason (shortened; the full text is in the tooltip and the table below).
export interface ReasonGroup {
  factType: string;
  field: string;
  reason: string;
  count: number;
}

export const MAX_BARS = 15;
const MAX_LABEL = 36;

export function reasonLabel(group: ReasonGroup): string {
  const label = `${group.factType} · ${group.field} · ${group.reason}`;
  return label.length > MAX_LABEL ? `${label.slice(0, MAX_LABEL - 1)}…` : label;
}

export function reasonChartOption(groups: readonly ReasonGroup[]) {
  const top = [...groups].sort((a, b) => b.count - a.count).slice(0, MAX_BARS);
  // Bottom-up on a category axis: reversed, the largest bar is on top.
  const rows = top.reverse();
  return {
    grid: { left: 8, right: 40, top: 8, bottom: 8, containLabel: true },
    tooltip: { trigger: 'item', formatter: (p: { dataIndex: number }) => { const g = rows[p.dataIndex]!; return `${g.factType} · ${g.field}<br/>${g.reason}: ${g.count}`; } },
    xAxis: { type: 'value', minInterval: 1 },
    yAxis: { type: 'category', data: rows.map(reasonLabel) },
    series: [{ type: 'bar', data: rows.map((g) => g.count), itemStyle: { color: '#cf1322' }, label: { show: true, position: 'right' } }],
  };
}

/** An age in minutes as people say it: minutes below an hour, hours below two days, then days. */
export function ageParts(minutes: number): { value: number; unit: 'minutes' | 'hours' | 'days' } {
  if (minutes < 60) return { value: minutes, unit: 'minutes' };
  if (minutes < 48 * 60) return { value: Math.floor(minutes / 60), unit: 'hours' };
  return { value: Math.floor(minutes / 1440), unit: 'days' };
}
