import { useMemo } from 'react'
import { useTranslation } from 'react-i18next'
import { EChart } from '../../components/EChart.js'
import type { MetricRow } from './insights-api.js'

const lineColor = '#2563eb'
const greyColor = '#9ca3af'

/** The monthly trend with its 95 % band; months below the minimum n are drawn grey, significant changes ringed. */
export function TrendChart({ rows }: { rows: MetricRow[] }) {
  const { t } = useTranslation()
  const option = useMemo(() => {
    const months = rows.map((r) => r.period?.slice(0, 7) ?? '')
    const round = (v: number | null | undefined) =>
      v === null || v === undefined ? null : Math.round(v * 10) / 10
    return {
      tooltip: { trigger: 'axis' },
      legend: { data: [t('insights.nps'), t('insights.band')], bottom: 0 },
      grid: { left: 50, right: 20, top: 20, bottom: 60 },
      xAxis: { type: 'category', data: months },
      yAxis: { type: 'value', min: -100, max: 100 },
      series: [
        // The band: an invisible line at the lower bound, and the interval's width stacked on it.
        {
          name: 'lower',
          type: 'line',
          stack: 'band',
          symbol: 'none',
          lineStyle: { opacity: 0 },
          tooltip: { show: false },
          data: rows.map((r) => round(r.ci95?.[0])),
        },
        {
          name: t('insights.band'),
          type: 'line',
          stack: 'band',
          symbol: 'none',
          lineStyle: { opacity: 0 },
          areaStyle: { color: lineColor, opacity: 0.15 },
          data: rows.map((r) => (r.ci95 ? round(r.ci95[1] - r.ci95[0]) : null)),
        },
        {
          name: t('insights.nps'),
          type: 'line',
          color: lineColor,
          data: rows.map((r) => ({
            value: round(r.value),
            itemStyle: {
              color: r.belowMinN ? greyColor : lineColor,
              borderColor: r.change?.significant ? '#dc2626' : undefined,
              borderWidth: r.change?.significant ? 3 : undefined,
            },
            symbolSize: r.change?.significant ? 10 : 6,
          })),
        },
      ],
    }
  }, [rows, t])
  return <EChart option={option} testId="insight-trend-chart" label={t('insights.trendTitle')} />
}
