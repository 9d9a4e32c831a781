import { BarChart, LineChart, PieChart } from 'echarts/charts';
import { GridComponent, LegendComponent, MarkLineComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';

echarts.use([
  BarChart,
  LineChart,
  PieChart,
  GridComponent,
  LegendComponent,
  MarkLineComponent,
  TooltipComponent,
  CanvasRenderer,
]);

export type EChartOption = echarts.EChartsCoreOption;

/**
 * One ECharts chart, resized with the window. Pages that use it are loaded lazily, so the charting
 * library stays out of the first download. Every chart is shown with a table of the same numbers.
 */
export function EChart(props: { option: EChartOption; height?: number; label: string; testId?: string }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!ref.current) return;
    const chart = echarts.init(ref.current);
    chart.setOption(props.option);
    const resize = () => chart.resize();
    window.addEventListener('resize', resize);
    return () => {
      window.removeEventListener('resize', resize);
      chart.dispose();
    };
  }, [props.option]);
  return (
    <div
      ref={ref}
      style={{ height: props.height ?? 260, width: '100%' }}
      role="img"
      aria-label={props.label}
      data-testid={props.testId}
    />
  );
}
