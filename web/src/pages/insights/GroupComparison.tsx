import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { formatCount } from '../../format.js'
import { useApi } from '../../use-api.js'
import { formatInterval, formatValue } from './format-estimate.js'
import {
  type InsightWindow,
  insightsApi,
  type MetricParams,
  type MetricRow,
  metricsCsvUrl,
} from './insights-api.js'

const dimensions = ['segment', 'abc', 'channel', 'language', 'orgUnit', 'survey'] as const

function groupName(row: MetricRow): string {
  const name = row.segment ?? row.abc ?? row.channel ?? row.language ?? row.orgUnitName ?? row.surveyName
  return name ?? '—'
}

/** Transactional NPS of groups side by side, each with its interval and change from the window before. */
export function GroupComparison({ workspaceId, window }: { workspaceId: string; window: InsightWindow }) {
  const { t, i18n } = useTranslation()
  const [by, setBy] = useState<(typeof dimensions)[number]>('segment')
  const params: MetricParams = { metric: 'nps', npsKind: 'transactional', by, compare: 'previous', ...window }
  const rows = useApi(`insights-groups:${workspaceId}:${JSON.stringify(params)}`, () =>
    insightsApi.metrics(workspaceId, params),
  )
  return (
    <section className="card" style={{ marginTop: 16 }}>
      <div className="page-header">
        <h2 className="card-title">{t('insights.compareTitle')}</h2>
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
            <th>{t(`insights.dimensions.${by}`)}</th>
            <th>{t('insights.nps')}</th>
            <th>{t('insights.ci95')}</th>
            <th>{t('insights.n')}</th>
            <th>{t('insights.trend')}</th>
          </tr>
        </thead>
        <tbody>
          {(rows.data?.rows ?? []).map((r) => (
            <tr
              key={JSON.stringify([r.segment, r.abc, r.channel, r.language, r.orgUnitId, r.surveyId])}
              className={r.belowMinN ? 'muted' : undefined}
            >
              <td>{groupName(r)}</td>
              <td>{formatValue(r.value, i18n.language)}</td>
              <td>{formatInterval(r, i18n.language)}</td>
              <td>{formatCount(r.n, i18n.language)}</td>
              <td>
                {r.change
                  ? `${r.change.difference > 0 ? '+' : ''}${formatValue(r.change.difference, i18n.language)}${r.change.significant ? ' *' : ''}`
                  : '—'}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  )
}
