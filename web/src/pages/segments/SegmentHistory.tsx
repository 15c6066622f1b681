import { useMemo } from 'react'
import { useTranslation } from 'react-i18next'
import { EChart } from '../../components/EChart.js'
import { ErrorNotice } from '../../components/ErrorNotice.js'
import { useApi } from '../../use-api.js'
import { segmentColors } from './segment-colors.js'
import { segmentsApi } from './segments-api.js'

/** Segment sizes per analysis date, one line per segment. */
export function SegmentHistory({ workspaceId }: { workspaceId: string }) {
  const { t } = useTranslation()
  const history = useApi(`segments-history:${workspaceId}`, () => segmentsApi.history(workspaceId))
  const items = history.fresh ? (history.data?.items ?? []) : []
  const option = useMemo(() => {
    const dates = [...new Set(items.map((i) => i.asOf))].sort()
    const segments = Object.keys(segmentColors)
    return {
      tooltip: { trigger: 'axis' },
      legend: { type: 'scroll', bottom: 0 },
      grid: { left: 50, right: 16, top: 16, bottom: 50 },
      xAxis: { type: 'category', data: dates },
      yAxis: { type: 'value' },
      series: segments.map((segment) => ({
        type: 'line',
        name: t(`segments.names.${segment}` as 'segments.names.champions'),
        color: segmentColors[segment],
        symbolSize: 6,
        data: dates.map((d) => items.find((i) => i.asOf === d && i.segment === segment)?.customers ?? 0),
      })),
    }
  }, [items, t])
  return (
    <section className="card" aria-labelledby="history-title">
      <h2 className="card-title" id="history-title">
        {t('segments.historyTitle')}
      </h2>
      {history.error && <ErrorNotice error={history.error} onRetry={history.reload} />}
      <EChart option={option} height={300} testId="segments-history" />
    </section>
  )
}
