import { useTranslation } from 'react-i18next'
import { Link, useParams } from 'react-router'
import { ErrorNotice } from '../../components/ErrorNotice.js'
import { useApi } from '../../use-api.js'
import { useFormat } from '../../use-format.js'
import { GroupComparison } from './GroupComparison.js'
import { HeadlineCards } from './HeadlineCards.js'
import {
  analysisCsvUrl,
  insightsApi,
  type MetricParams,
  metricsCsvUrl,
  responsesLink,
} from './insights-api.js'
import { PainPointsTable } from './PainPointsTable.js'
import { ReachChart } from './ReachChart.js'
import { TouchpointTable } from './TouchpointTable.js'
import { TrendChart } from './TrendChart.js'
import { useInsightWindow } from './use-window.js'
import { WindowPicker } from './WindowPicker.js'

const transactional: MetricParams = { metric: 'nps', npsKind: 'transactional' }

/**
 * The executive overview of a window: headline NPS (each kind apart), CSAT and CES with intervals and change,
 * the monthly trend, top pain points, revenue at risk, silent customers, touchpoints and group comparison.
 */
export function InsightsPage() {
  const { t } = useTranslation()
  const f = useFormat()
  const { workspaceId = '' } = useParams()
  const [window, setWindow] = useInsightWindow()
  const overview = useApi(`insights-overview:${workspaceId}:${window.from}:${window.to}`, () =>
    insightsApi.overview(workspaceId, window),
  )
  const byTouchpoint: MetricParams = { ...transactional, by: 'touchpoint', ...window }
  const touchpoints = useApi(`insights:${workspaceId}:${JSON.stringify(byTouchpoint)}`, () =>
    insightsApi.metrics(workspaceId, byTouchpoint),
  )
  const failed = [overview, touchpoints].find((s) => s.error)
  const data = overview.data
  const headlineCsv = (params: MetricParams) =>
    metricsCsvUrl(workspaceId, { ...params, compare: 'previous', ...window })
  const responses = data ? responsesLink(workspaceId, data) : undefined
  const money = (value: string) => f.money(value)

  return (
    <div className="page">
      <div className="page-header">
        <div>
          <h1 className="page-title">{t('insights.title')}</h1>
          <div className="muted">{t('insights.intro', { minN: touchpoints.data?.minN ?? 30 })}</div>
        </div>
        <div className="page-header-spacer" />
        <WindowPicker window={window} onChange={setWindow} />
        <Link
          className="button button-secondary"
          to={`/w/${workspaceId}/insights/touchpoints?from=${window.from}&to=${window.to}`}
          data-testid="insight-touchpoint-view-link"
        >
          {t('insights.touchpointView')}
        </Link>
      </div>
      {failed?.error && <ErrorNotice error={failed.error} onRetry={failed.reload} />}
      <HeadlineCards
        headlines={[
          {
            key: 'nps-transactional',
            label: t('insights.npsTransactional'),
            row: data?.headline.nps,
            digits: 1,
            csv: headlineCsv(transactional),
            responses,
          },
          {
            key: 'nps-relational',
            label: t('insights.npsRelational'),
            row: data?.headline.npsRelational,
            digits: 1,
            csv: headlineCsv({ metric: 'nps', npsKind: 'relational' }),
            responses,
          },
          {
            key: 'csat',
            label: t('insights.csat'),
            row: data?.headline.csat,
            digits: 1,
            csv: headlineCsv({ metric: 'csat' }),
            responses,
          },
          {
            key: 'ces',
            label: t('insights.ces'),
            row: data?.headline.ces,
            digits: 2,
            csv: headlineCsv({ metric: 'ces' }),
            responses,
          },
        ]}
      />
      <div style={grid}>
        <section className="card" data-testid="insight-revenue-at-risk">
          <div className="muted">{t('insights.revenueAtRisk')}</div>
          <div style={{ fontSize: 28, fontWeight: 600 }} data-testid="insight-revenue-at-risk-value">
            {data?.revenueAtRisk ? money(data.revenueAtRisk.amount) : '—'}
          </div>
          <div className="muted">
            {data?.revenueAtRisk
              ? t('insights.customersCount', { n: f.count(data.revenueAtRisk.customers) })
              : t('insights.noForecast')}
          </div>
          <Link to={`/w/${workspaceId}/forecasts`}>{t('insights.openForecasts')}</Link>
          {' · '}
          <a href={`/api/v1/workspaces/${encodeURIComponent(workspaceId)}/forecasts/at-risk.csv`} download>
            {t('insights.csv')}
          </a>
        </section>
        <section className="card" data-testid="insight-silent">
          <div className="muted">{t('insights.silentTitle')}</div>
          <div style={{ fontSize: 28, fontWeight: 600 }} data-testid="insight-silent-value">
            {data ? f.count(data.silent.customers) : '—'}
          </div>
          <div className="muted">
            {data ? t('insights.silentValue', { value: money(data.silent.value) }) : ''}
          </div>
          <a
            href={analysisCsvUrl(workspaceId, 'silent-customers', window)}
            download
            data-testid="insight-silent-csv"
          >
            {t('insights.silentCsv')}
          </a>
        </section>
      </div>
      <section className="card" style={{ marginTop: 16 }}>
        <div className="page-header">
          <h2 className="card-title">{t('insights.trendTitle')}</h2>
          <div className="page-header-spacer" />
          <a
            className="button"
            href={metricsCsvUrl(workspaceId, {
              ...transactional,
              by: 'month',
              compare: 'previous',
              ...window,
            })}
            data-testid="insight-trend-csv"
            download
          >
            {t('insights.csv')}
          </a>
        </div>
        <p className="muted">{t('insights.trendHint')}</p>
        {data && <TrendChart rows={data.trend} />}
      </section>
      <section className="card" style={{ marginTop: 16 }}>
        <div className="page-header">
          <h2 className="card-title">{t('insights.painPointsTitle')}</h2>
          <div className="page-header-spacer" />
          <a
            className="button"
            href={analysisCsvUrl(workspaceId, 'pain-points', window)}
            download
            data-testid="insight-pain-points-csv"
          >
            {t('insights.csv')}
          </a>
        </div>
        <p className="muted" data-testid="insight-pain-formula">
          {t('insights.painFormula')}
        </p>
        {data && <PainPointsTable workspaceId={workspaceId} bounds={data} items={data.painPoints} />}
      </section>
      <section className="card" style={{ marginTop: 16 }}>
        <div className="page-header">
          <h2 className="card-title">{t('insights.touchpointsTitle')}</h2>
          <div className="page-header-spacer" />
          {responses && <Link to={responses}>{t('insights.openResponses')}</Link>}
          <a
            className="button"
            href={metricsCsvUrl(workspaceId, byTouchpoint)}
            data-testid="insight-touchpoints-csv"
            download
          >
            {t('insights.csv')}
          </a>
        </div>
        {touchpoints.data && (
          <TouchpointTable
            rows={touchpoints.data.rows}
            responses={data ? (touchpoint) => responsesLink(workspaceId, data, { touchpoint }) : undefined}
          />
        )}
      </section>
      <GroupComparison workspaceId={workspaceId} window={window} bounds={data} />
      <ReachChart workspaceId={workspaceId} window={window} />
    </div>
  )
}

const grid = {
  display: 'grid',
  gridTemplateColumns: 'repeat(auto-fit, minmax(240px, 1fr))',
  gap: 16,
  marginTop: 16,
}
