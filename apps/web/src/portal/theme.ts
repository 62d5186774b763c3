// The large-text high-contrast mode as the charts need it: ECharts draws on a canvas, outside the
// page's CSS, so its text colours and sizes are set in the option.
import { createContext, useContext } from 'react';

export const LargeText = createContext(false);

type Option = Record<string, unknown>;

const axis = (value: unknown, text: { color: string; fontSize: number }, line: string) => {
  const style = (a: Option) => ({ ...a, axisLabel: { ...(a.axisLabel as Option | undefined), ...text }, axisLine: { lineStyle: { color: line } }, splitLine: { lineStyle: { color: line === '#ffffff' ? '#595959' : '#e8e8e8' } } });
  return Array.isArray(value) ? value.map((a) => style(a as Option)) : value ? style(value as Option) : value;
};

/** The option with readable text: white and larger on black in the large-text mode. */
export function themed(option: Option, large: boolean): Option {
  const text = large ? { color: '#ffffff', fontSize: 18 } : { color: '#262626', fontSize: 13 };
  const line = large ? '#ffffff' : '#8c8c8c';
  const series = (option.series as Option[] | undefined)?.map((s) => ({ ...s, label: s.label ? { ...(s.label as Option), ...text, textBorderWidth: 0 } : s.label }));
  return {
    ...option,
    textStyle: text,
    ...(option.legend ? { legend: { ...(option.legend as Option), textStyle: text } } : {}),
    ...(option.xAxis ? { xAxis: axis(option.xAxis, text, line) } : {}),
    ...(option.yAxis ? { yAxis: axis(option.yAxis, text, line) } : {}),
    ...(series ? { series } : {}),
  };
}

export function useThemed(): (option: Option) => Option {
  const large = useContext(LargeText);
  return (option) => themed(option, large);
}
