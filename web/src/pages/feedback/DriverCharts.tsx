import { ScatterChart } from 'echarts/charts'
import { MarkLineComponent } from 'echarts/components'
import * as echarts from 'echarts/core'
import { useMemo } from 'react'
import { useTranslation } from 'react-i18next'
import { type ChartOption, EChart } from '../../components/EChart.js'
import { useFormat } from '../../use-format.js'
import type { WorkspaceDrivers } from './drivers-api.js'

// The quadrant chart is a scatter with the mean lines: registered here, with the page that draws it.
echarts.use([ScatterChart, MarkLineComponent])

type Overall = NonNullable<WorkspaceDrivers['overall']>

/** Each driver's share of R² with its bootstrap interval, largest first. */
export function WeightsChart({ overall, name }: { overall: Overall; name: (driver: string) => string }) {
  const { t } = useTranslation()
  const option = useMemo<ChartOption>(() => {
    const rows = [...overall.drivers].sort((a, b) => a.weight - b.weight)
    const pct = (v: number | null) => (v === null || overall.r2 <= 0 ? null : (100 * v) / overall.r2)
    return {
      grid: { left: 8, right: 24, top: 8, bottom: 24, containLabel: true },
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      xAxis: { type: 'value', name: '%', axisLabel: { formatter: '{value}%' } },
      yAxis: { type: 'category', data: rows.map((d) => name(d.driver)) },
      series: [
        {
          name: t('drivers.share'),
          type: 'bar',
          data: rows.map((d) => Number((100 * d.share).toFixed(1))),
          itemStyle: { color: '#3867d6' },
          label: { show: true, position: 'right', formatter: '{c}%' },
        },
        {
          name: t('drivers.interval'),
          type: 'scatter',
          symbol: 'diamond',
          symbolSize: 6,
          data: rows.flatMap((d, i) => [
            [pct(d.ciLow), i],
            [pct(d.ciHigh), i],
          ]),
          itemStyle: { color: '#20262e' },
        },
      ],
    }
  }, [overall, name, t])
  return (
    <EChart
      option={option}
      height={Math.max(200, 44 * overall.drivers.length)}
      testId="drivers-chart"
      label={t('drivers.chartLabel')}
    />
  )
}

/** Importance (share of R²) against performance (mean score), one series per group, split at the means. */
export function QuadrantChart({
  view,
  name,
  groupName,
}: {
  view: WorkspaceDrivers
  name: (driver: string) => string
  groupName: (group: { group: string | null; label: string | null }) => string
}) {
  const { t } = useTranslation()
  const f = useFormat()
  const option = useMemo<ChartOption>(() => {
    const points = view.groups.flatMap((g) => g.drivers)
    const mean = (f: (d: (typeof points)[number]) => number) =>
      points.reduce((s, d) => s + f(d), 0) / Math.max(points.length, 1)
    const meanLines = {
      silent: true,
      symbol: 'none',
      lineStyle: { type: 'dashed', color: '#8a94a6' },
      data: [{ xAxis: mean((d) => d.mean) }, { yAxis: mean((d) => 100 * d.share) }],
    }
    return {
      grid: { left: 8, right: 24, top: 40, bottom: 32, containLabel: true },
      legend: { type: 'scroll', top: 0 },
      tooltip: {
        trigger: 'item',
        formatter: (p: { seriesName: string; data: [number, number, string] }) =>
          `${p.seriesName}<br/>${p.data[2]}: ${t('drivers.mean')} ${f.number(p.data[0], 2)}, ${t('drivers.share')} ${f.number(p.data[1], 1)} %`,
      },
      xAxis: {
        type: 'value',
        name: t('drivers.performance'),
        nameLocation: 'middle',
        nameGap: 24,
        scale: true,
      },
      yAxis: {
        type: 'value',
        name: t('drivers.importance'),
        nameTextStyle: { align: 'left' },
        axisLabel: { formatter: '{value}%' },
      },
      series: view.groups.map((g, i) => ({
        name: groupName(g),
        type: 'scatter',
        symbolSize: 10,
        data: g.drivers.map((d) => [d.mean, Number((100 * d.share).toFixed(2)), name(d.driver)]),
        label: {
          show: view.groups.length <= 3,
          formatter: (p: { data: unknown[] }) => String(p.data[2]),
          position: 'top',
          fontSize: 10,
        },
        ...(i === 0 ? { markLine: meanLines } : {}),
      })),
    }
  }, [view, name, groupName, t, f])
  return <EChart option={option} height={360} testId="drivers-quadrant" label={t('drivers.quadrantLabel')} />
}
