// An ECharts chart in a div: created once, updated with each new option, disposed with the component.
import * as echarts from 'echarts';
import { useEffect, useRef } from 'react';

export function Chart({ option, height = 320, label }: { option: echarts.EChartsCoreOption; height?: number; label: string }) {
  const element = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  useEffect(() => {
    if (!element.current) return;
    chart.current = echarts.init(element.current, undefined, { renderer: 'canvas' });
    const resize = () => chart.current?.resize();
    window.addEventListener('resize', resize);
    return () => {
      window.removeEventListener('resize', resize);
      chart.current?.dispose();
      chart.current = null;
    };
  }, []);
  useEffect(() => {
    chart.current?.setOption(option, true);
  }, [option]);
  // The label sits on a wrapper: ECharts' own aria option writes a generated description onto the
  // element it draws in, which would otherwise replace the label.
  return (
    <div role="img" aria-label={label}>
      <div ref={element} style={{ width: '100%', height }} />
    </div>
  );
}
