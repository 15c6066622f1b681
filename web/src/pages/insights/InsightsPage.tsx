import { useTranslation } from 'react-i18next'
import { useParams } from 'react-router'
import { ErrorNotice } from '../../components/ErrorNotice.js'
import { useApi } from '../../use-api.js'
import { HeadlineCards } from './HeadlineCards.js'
import { insightsApi, type MetricParams, metricsCsvUrl } from './insights-api.js'
import { TouchpointTable } from './TouchpointTable.js'
import { TrendChart } from './TrendChart.js'

const transactional: MetricParams = { metric: 'nps', npsKind: 'transactional' }
const relational: MetricParams = { metric: 'nps', npsKind: 'relational' }
const trend: MetricParams = { ...transactional, by: 'month', compare: 'previous' }
const byTouchpoint: MetricParams = { ...transactional, by: 'touchpoint' }

function useMetrics(workspaceId: string, params: MetricParams) {
  return useApi(`insights:${workspaceId}:${JSON.stringify(params)}`, () =>
    insightsApi.metrics(workspaceId, params),
  )
}

/** The overview: headline NPS (each kind apart), CSAT and CES with intervals, the monthly trend, touchpoints. */
export function InsightsPage() {
  const { t } = useTranslation()
  const { workspaceId = '' } = useParams()
  const npsT = useMetrics(workspaceId, transactional)
  const npsR = useMetrics(workspaceId, relational)
  const csat = useMetrics(workspaceId, { metric: 'csat' })
  const ces = useMetrics(workspaceId, { metric: 'ces' })
  const months = useMetrics(workspaceId, trend)
  const touchpoints = useMetrics(workspaceId, byTouchpoint)
  const failed = [npsT, npsR, csat, ces, months, touchpoints].find((s) => s.error)

  return (
    <div className="page">
      <div className="page-header">
        <div>
          <h1 className="page-title">{t('insights.title')}</h1>
          <div className="muted">{t('insights.intro', { minN: npsT.data?.minN ?? 30 })}</div>
        </div>
      </div>
      {failed?.error && <ErrorNotice error={failed.error} onRetry={failed.reload} />}
      <HeadlineCards
        headlines={[
          {
            key: 'nps-transactional',
            label: t('insights.npsTransactional'),
            row: npsT.data?.rows[0],
            digits: 1,
          },
          { key: 'nps-relational', label: t('insights.npsRelational'), row: npsR.data?.rows[0], digits: 1 },
          { key: 'csat', label: t('insights.csat'), row: csat.data?.rows[0], digits: 1 },
          { key: 'ces', label: t('insights.ces'), row: ces.data?.rows[0], digits: 2 },
        ]}
      />
      <section className="card" style={{ marginTop: 16 }}>
        <div className="page-header">
          <h2 className="card-title">{t('insights.trendTitle')}</h2>
          <div className="page-header-spacer" />
          <a
            className="button"
            href={metricsCsvUrl(workspaceId, trend)}
            data-testid="insight-trend-csv"
            download
          >
            {t('insights.csv')}
          </a>
        </div>
        <p className="muted">{t('insights.trendHint')}</p>
        {months.data && <TrendChart rows={months.data.rows} />}
      </section>
      <section className="card" style={{ marginTop: 16 }}>
        <div className="page-header">
          <h2 className="card-title">{t('insights.touchpointsTitle')}</h2>
          <div className="page-header-spacer" />
          <a
            className="button"
            href={metricsCsvUrl(workspaceId, byTouchpoint)}
            data-testid="insight-touchpoints-csv"
            download
          >
            {t('insights.csv')}
          </a>
        </div>
        {touchpoints.data && <TouchpointTable rows={touchpoints.data.rows} />}
      </section>
    </div>
  )
}
