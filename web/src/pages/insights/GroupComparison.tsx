import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Link } from 'react-router'
import { useClientSort } from '../../components/SortableTh.js'
import { useApi } from '../../use-api.js'
import { useFormat } from '../../use-format.js'
import { formatInterval, formatValue } from './format-estimate.js'
import {
  type ComparedMetric,
  type InsightWindow,
  insightsApi,
  type MetricParams,
  type MetricRow,
  metricsCsvUrl,
  type ResponsesFilter,
  responsesLink,
  type WindowBounds,
} from './insights-api.js'

const dimensions = ['segment', 'abc', 'stage', 'channel', 'language', 'orgUnit', 'survey'] as const
const metrics = [
  ['nps', 'insights.nps', 1],
  ['csat', 'insights.csat', 1],
  ['ces', 'insights.ces', 2],
] as const satisfies readonly (readonly [ComparedMetric, string, number])[]

function groupName(row: MetricRow, by: (typeof dimensions)[number], unplaced: string): string {
  if (by === 'stage') return row.stageName ? `${row.journeyName ?? ''} · ${row.stageName}` : unplaced
  const name = row.segment ?? row.abc ?? row.channel ?? row.language ?? row.orgUnitName ?? row.surveyName
  return name ?? '—'
}

/** The responses page narrows by survey, channel and language; other groups lead to the window's responses. */
function groupFilter(row: MetricRow): ResponsesFilter {
  return { surveyId: row.surveyId, channel: row.channel, language: row.language }
}

/** NPS (transactional), CSAT or CES of groups side by side, each with its interval and change from before. */
export function GroupComparison({
  workspaceId,
  window,
  bounds,
}: {
  workspaceId: string
  window: InsightWindow
  bounds: WindowBounds | undefined
}) {
  const { t, i18n } = useTranslation()
  const f = useFormat()
  const [by, setBy] = useState<(typeof dimensions)[number]>('segment')
  const [metric, setMetric] = useState<ComparedMetric>('nps')
  const params: MetricParams = {
    metric,
    npsKind: metric === 'nps' ? 'transactional' : undefined,
    by,
    compare: 'previous',
    ...window,
  }
  const rows = useApi(`insights-groups:${workspaceId}:${JSON.stringify(params)}`, () =>
    insightsApi.metrics(workspaceId, params),
  )
  const [, label, digits] = metrics.find(([m]) => m === metric) ?? metrics[0]
  const { sorted, th } = useClientSort(rows.data?.rows ?? [], {
    group: { value: (r) => groupName(r, by, t('insights.unplacedStage')) },
    value: { value: (r) => r.value, firstDir: 'desc' },
    n: { value: (r) => r.n, firstDir: 'desc' },
    trend: { value: (r) => r.change?.difference, firstDir: 'desc' },
  })
  return (
    <section className="card" style={{ marginTop: 16 }}>
      <div className="page-header">
        <h2 className="card-title">{t('insights.compareTitle')}</h2>
        <select
          className="select"
          value={metric}
          onChange={(e) => setMetric(e.target.value as ComparedMetric)}
          aria-label={t('insights.compareMetric')}
          data-testid="insight-compare-metric"
        >
          {metrics.map(([m, name]) => (
            <option key={m} value={m}>
              {t(name)}
            </option>
          ))}
        </select>
        <select
          className="select"
          value={by}
          onChange={(e) => setBy(e.target.value as (typeof dimensions)[number])}
          aria-label={t('insights.compareBy')}
          data-testid="insight-compare-by"
        >
          {dimensions.map((d) => (
            <option key={d} value={d}>
              {t(`insights.dimensions.${d}`)}
            </option>
          ))}
        </select>
        <div className="page-header-spacer" />
        <a
          className="button"
          href={metricsCsvUrl(workspaceId, params)}
          download
          data-testid="insight-compare-csv"
        >
          {t('insights.csv')}
        </a>
      </div>
      <table className="table" data-testid="insight-compare">
        <thead>
          <tr>
            {th('group', t(`insights.dimensions.${by}`))}
            {th('value', t(label))}
            <th>{t('insights.ci95')}</th>
            {th('n', t('insights.n'))}
            {th('trend', t('insights.trend'))}
          </tr>
        </thead>
        <tbody>
          {sorted.map((r) => (
            <tr
              key={JSON.stringify([
                r.segment,
                r.abc,
                r.stageId,
                r.channel,
                r.language,
                r.orgUnitId,
                r.surveyId,
              ])}
              className={r.belowMinN ? 'muted' : undefined}
            >
              <td>{groupName(r, by, t('insights.unplacedStage'))}</td>
              <td>
                {bounds ? (
                  <Link
                    to={responsesLink(workspaceId, bounds, groupFilter(r))}
                    data-testid="insight-compare-responses"
                  >
                    {formatValue(r.value, i18n.language, digits)}
                  </Link>
                ) : (
                  formatValue(r.value, i18n.language, digits)
                )}
              </td>
              <td>{formatInterval(r, i18n.language, digits)}</td>
              <td>{f.count(r.n)}</td>
              <td>
                {r.change
                  ? `${r.change.difference > 0 ? '+' : ''}${formatValue(r.change.difference, i18n.language, digits)}${r.change.significant ? ' *' : ''}`
                  : '—'}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  )
}
