/**
 * The report's two charts, drawn with Apache ECharts from the report response:
 * the daily trend against the previous period, and issued tickets by weekday ×
 * hour (station time). Only the parts used are imported, to keep the console
 * small; SVG keeps text sharp at any size. Each chart has a text alternative, and
 * the same numbers are in the table and the CSV.
 */
import { useEffect, useMemo, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { HeatmapChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent, VisualMapComponent } from 'echarts/components';
import { init, use, type ComposeOption } from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import type { HeatmapSeriesOption, LineSeriesOption } from 'echarts/charts';
import type {
  GridComponentOption,
  LegendComponentOption,
  TooltipComponentOption,
  VisualMapComponentOption,
} from 'echarts/components';
import type { ReportResponse } from '#protocol/report-api.ts';

use([LineChart, HeatmapChart, GridComponent, LegendComponent, TooltipComponent, VisualMapComponent, SVGRenderer]);

type Option = ComposeOption<
  | LineSeriesOption
  | HeatmapSeriesOption
  | GridComponentOption
  | LegendComponentOption
  | TooltipComponentOption
  | VisualMapComponentOption
>;

// The console's navy and a dark grey: both ≥ 4.5:1 on white, and told apart by the dashed line too.
const NAVY = '#0b3a75';
const GREY = '#5a5a5a';
const TEXT = { color: '#1a1a1a', fontSize: 13 };

function Chart({ option, label, testId }: { option: Option; label: string; testId: string }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!ref.current) return;
    const chart = init(ref.current, undefined, { renderer: 'svg' });
    chart.setOption(option);
    const resize = () => chart.resize();
    window.addEventListener('resize', resize);
    return () => {
      window.removeEventListener('resize', resize);
      chart.dispose();
    };
  }, [option]);
  return <div ref={ref} className="report-chart" role="img" aria-label={label} data-testid={testId} />;
}

export function TrendChart({ report }: { report: ReportResponse }) {
  const { t } = useTranslation();
  const current = t('reports.chart.current');
  const previous = t('reports.chart.previous');
  const option = useMemo<Option>(
    () => ({
      textStyle: TEXT,
      tooltip: { trigger: 'axis' },
      legend: { data: [current, previous], top: 0, left: 'center', textStyle: TEXT },
      grid: { left: 48, right: 24, top: 40, bottom: 32 },
      xAxis: { type: 'category', data: report.daily.map((d) => d.day.slice(5)), axisLabel: TEXT },
      yAxis: { type: 'value', minInterval: 1, axisLabel: TEXT },
      series: [
        { name: current, type: 'line', data: report.daily.map((d) => d.issued), color: NAVY, lineStyle: { width: 3 } },
        {
          name: previous,
          type: 'line',
          data: report.previousDaily.map((d) => d.issued),
          color: GREY,
          lineStyle: { width: 2, type: 'dashed' },
        },
      ],
    }),
    [report, current, previous],
  );
  const label = t('reports.chart.trendLabel', {
    current: report.current.issued,
    previous: report.previous.issued,
    days: report.query.days,
  });
  return <Chart option={option} label={label} testId="report-trend" />;
}

export function HeatmapChartView({ report }: { report: ReportResponse }) {
  const { t } = useTranslation();
  const weekdays = useMemo(() => Array.from({ length: 7 }, (_, i) => t(`reports.weekday.${i + 1}`)), [t]);
  const option = useMemo<Option>(
    () => ({
      textStyle: TEXT,
      tooltip: { position: 'top' },
      grid: { left: 72, right: 24, top: 16, bottom: 72 },
      xAxis: { type: 'category', data: Array.from({ length: 24 }, (_, h) => String(h)), axisLabel: TEXT },
      yAxis: { type: 'category', data: weekdays, inverse: true, axisLabel: TEXT },
      visualMap: {
        min: 0,
        max: Math.max(1, ...report.heatmap.flat()),
        calculable: false,
        // The scale's ends, so the colours can be read as numbers.
        text: [String(Math.max(1, ...report.heatmap.flat())), '0'],
        orient: 'horizontal',
        left: 'center',
        bottom: 0,
        textStyle: TEXT,
        inRange: { color: ['#f4f5f7', '#9db7dc', NAVY] },
      },
      series: [
        {
          type: 'heatmap',
          data: report.heatmap.flatMap((hours, day) => hours.map((n, hour) => [hour, day, n])),
          label: { show: false },
        },
      ],
    }),
    [report, weekdays],
  );
  let busiest = { day: 0, hour: 0, n: 0 };
  report.heatmap.forEach((hours, day) =>
    hours.forEach((n, hour) => {
      if (n > busiest.n) busiest = { day, hour, n };
    }),
  );
  const label = t('reports.chart.heatmapLabel', {
    weekday: weekdays[busiest.day],
    hour: busiest.hour,
    count: busiest.n,
  });
  return <Chart option={option} label={label} testId="report-heatmap" />;
}
