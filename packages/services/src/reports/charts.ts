// Charts rendered on the server: ECharts' server-side SVG renderer (no DOM, no browser), and a
// PNG of the same SVG by resvg for word processors that cannot show SVG. Chinese labels need a CJK
// font: the SVG names a list of common ones, and resvg is pointed at the system fonts
// (Debian's fonts-wqy-microhei in CI).
import { Resvg } from '@resvg/resvg-js';
import * as echarts from 'echarts';
import { textIn, type ReportChart, type ReportLanguage } from './model';

export const CHART_FONT_FAMILY = "'WenQuanYi Micro Hei', 'Noto Sans CJK SC', 'Source Han Sans SC', 'Microsoft YaHei', 'PingFang SC', sans-serif";
const DEFAULT_FONT = 'WenQuanYi Micro Hei';
const WIDTH = 800;
const PALETTE = ['#1f5fae', '#d9822b', '#2e8b57', '#c0392b', '#7d5ba6', '#17a2b8', '#8c6d31'];

export interface RenderedChart {
  svg: string;
  png: Buffer;
  width: number;
  height: number;
}

function chartHeight(chart: ReportChart): number {
  // Horizontal bars: one row per unit, so the chart grows with the ranking.
  if (chart.kind === 'bar') return Math.max(240, 90 + 22 * chart.categories.length);
  return chart.kind === 'pie' ? 420 : 400;
}

function option(chart: ReportChart, lang: ReportLanguage): echarts.EChartsCoreOption {
  const categories = chart.categories.map((c) => textIn(c, lang));
  const base = {
    animation: false,
    backgroundColor: '#ffffff',
    color: PALETTE,
    textStyle: { fontFamily: CHART_FONT_FAMILY },
    title: { text: textIn(chart.title, lang), left: 'center', top: 8, textStyle: { fontSize: 16, fontFamily: CHART_FONT_FAMILY } },
  };
  if (chart.kind === 'pie') {
    const series = chart.series[0]!;
    return {
      ...base,
      legend: { bottom: 8, textStyle: { fontFamily: CHART_FONT_FAMILY } },
      series: [
        {
          type: 'pie',
          radius: ['30%', '62%'],
          center: ['50%', '52%'],
          label: { formatter: '{b}: {c} ({d}%)', fontFamily: CHART_FONT_FAMILY },
          data: categories.map((name, i) => ({ name, value: series.data[i] ?? 0 })),
        },
      ],
    };
  }
  if (chart.kind === 'bar') {
    return {
      ...base,
      grid: { left: 12, right: 48, top: 48, bottom: 16, containLabel: true },
      xAxis: { type: 'value', name: chart.unit ?? '', max: 100 },
      yAxis: { type: 'category', data: categories, inverse: true, axisLabel: { fontFamily: CHART_FONT_FAMILY } },
      series: chart.series.map((s) => ({ type: 'bar', name: textIn(s.name, lang), data: s.data, label: { show: true, position: 'right', fontSize: 10 } })),
    };
  }
  return {
    ...base,
    legend: { bottom: 8, textStyle: { fontFamily: CHART_FONT_FAMILY } },
    grid: { left: 12, right: 24, top: 48, bottom: 48, containLabel: true },
    xAxis: { type: 'category', data: categories, boundaryGap: false },
    yAxis: { type: 'value', name: chart.unit ?? '', scale: true },
    series: chart.series.map((s) => ({ type: 'line', name: textIn(s.name, lang), data: s.data, connectNulls: true, label: { show: true, fontSize: 10 } })),
  };
}

/** The chart as SVG (ECharts SSR) and PNG (resvg, twice the size for print). */
export function renderChart(chart: ReportChart, lang: ReportLanguage = 'zh'): RenderedChart {
  const height = chartHeight(chart);
  const instance = echarts.init(null, null, { renderer: 'svg', ssr: true, width: WIDTH, height });
  let svg: string;
  try {
    instance.setOption(option(chart, lang));
    svg = instance.renderToSVGString();
  } finally {
    instance.dispose();
  }
  const png = new Resvg(svg, { font: { loadSystemFonts: true, defaultFontFamily: DEFAULT_FONT }, fitTo: { mode: 'width', value: WIDTH * 2 }, background: '#ffffff' }).render().asPng();
  return { svg, png, width: WIDTH, height };
}
