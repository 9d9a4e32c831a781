import { type CheckIn, formatPercent, type KeyResult, roundPercent } from '@perfloop/core';
import { Empty, Table } from 'antd';
import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';

echarts.use([LineChart, BarChart, GridComponent, TooltipComponent, LegendComponent, CanvasRenderer]);

/** A KR's check-in history as a line of progress over time, with the same numbers in a table below. */
export function CheckInChart(props: { keyResult: KeyResult; checkIns: CheckIn[] }) {
  const { t } = useTranslation();
  const ref = useRef<HTMLDivElement>(null);
  const points = [...props.checkIns].reverse();
  useEffect(() => {
    if (!ref.current || points.length === 0) return;
    const chart = echarts.init(ref.current);
    chart.setOption({
      tooltip: { trigger: 'axis' },
      grid: { left: 48, right: 24, top: 24, bottom: 32 },
      xAxis: { type: 'time' },
      yAxis: { type: 'value', axisLabel: { formatter: (v: number) => `${v}%` } },
      series: [
        {
          name: t('goals.progress'),
          type: 'line',
          step: 'end',
          data: points.map((c) => [c.at, roundPercent(c.progress)]),
        },
      ],
    });
    const resize = () => chart.resize();
    window.addEventListener('resize', resize);
    return () => {
      window.removeEventListener('resize', resize);
      chart.dispose();
    };
  }, [points, t]);
  if (points.length === 0) return <Empty description={t('goals.noCheckIns')} />;
  return (
    <>
      <div ref={ref} style={{ height: 220 }} role="img" aria-label={t('goals.historyChart')} />
      <Table<CheckIn>
        size="small"
        rowKey="id"
        dataSource={props.checkIns}
        pagination={{ pageSize: 10, hideOnSinglePage: true }}
        columns={[
          {
            title: t('goals.checkInAt'),
            dataIndex: 'at',
            render: (v: string) => new Date(v).toLocaleString(),
          },
          {
            title: t('goals.value'),
            key: 'value',
            render: (_, c) =>
              props.keyResult.kind === 'metric'
                ? `${c.value ?? ''}${props.keyResult.unit ?? ''}`
                : c.done
                  ? t('goals.milestoneDone')
                  : `${c.percent ?? 0}%`,
          },
          { title: t('goals.progress'), dataIndex: 'progress', render: (p: number) => formatPercent(p) },
          { title: t('goals.confidence'), dataIndex: 'confidence' },
          { title: t('goals.by'), dataIndex: 'authorName' },
          { title: t('goals.comment'), dataIndex: 'comment' },
        ]}
      />
    </>
  );
}
