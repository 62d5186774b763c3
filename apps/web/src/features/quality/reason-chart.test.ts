import { describe, expect, it } from 'vitest';
import { ageParts, MAX_BARS, reasonChartOption, reasonLabel } from './reason-chart';

describe('the rejected-records chart', () => {
  it('shows the largest groups, largest on top, at most MAX_BARS', () => {
    const groups = Array.from({ length: MAX_BARS + 5 }, (_, i) => ({ factType: 'ratings', field: `f${i}`, reason: 'r', count: i + 1 }));
    const option = reasonChartOption(groups);
    expect(option.series[0]!.data).toHaveLength(MAX_BARS);
    expect(option.series[0]!.data.at(-1)).toBe(MAX_BARS + 5);
    expect(option.series[0]!.data[0]).toBe(6);
    expect(option.yAxis.data.at(-1)).toBe('ratings · f19 · r');
  });

  it('shortens long labels', () => {
    const label = reasonLabel({ factType: 'handling-records', field: 'org_unit', reason: 'unknown org unit code N (load the org units first)', count: 3 });
    expect(label.length).toBe(36);
    expect(label.endsWith('…')).toBe(true);
  });
});

describe('a source\'s age', () => {
  it('reads in minutes, hours or days', () => {
    expect(ageParts(59)).toEqual({ value: 59, unit: 'minutes' });
    expect(ageParts(125)).toEqual({ value: 2, unit: 'hours' });
    expect(ageParts(47 * 60 + 59)).toEqual({ value: 47, unit: 'hours' });
    expect(ageParts(3 * 1440 + 5)).toEqual({ value: 3, unit: 'days' });
  });
});
