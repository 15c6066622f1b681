import { useTranslation } from 'react-i18next'
import { Link, useParams } from 'react-router'
import { ErrorNotice } from '../../components/ErrorNotice.js'
import { SortableTh, useClientSort } from '../../components/SortableTh.js'
import { useApi } from '../../use-api.js'
import { useFormat } from '../../use-format.js'
import { formatInterval, formatValue } from './format-estimate.js'
import {
  analysisCsvUrl,
  insightsApi,
  type MetricRow,
  responsesLink,
  type TouchpointMetrics,
  type WindowBounds,
} from './insights-api.js'
import { useInsightWindow } from './use-window.js'
import { WindowPicker } from './WindowPicker.js'

const metrics = [
  ['nps', 'insights.npsTransactional', 1],
  ['npsRelational', 'insights.npsRelational', 1],
  ['csat', 'insights.csat', 1],
  ['ces', 'insights.ces', 2],
  ['trim', 'insights.trim', 1],
] as const satisfies readonly (readonly [keyof Omit<TouchpointMetrics, 'touchpoint'>, string, number])[]

/** The managers' view: every metric per touchpoint, within their org unit and below, each leading to its answers. */
export function TouchpointsPage() {
  const { t, i18n } = useTranslation()
  const f = useFormat()
  const { workspaceId = '' } = useParams()
  const [window, setWindow] = useInsightWindow()
  const view = useApi(`insights-touchpoints:${workspaceId}:${window.from}:${window.to}`, () =>
    insightsApi.touchpoints(workspaceId, window),
  )
  const cell = (row: MetricRow | null, digits: number, responses: string) => {
    if (!row) return <td className="muted">—</td>
    const change = row.change
    return (
      <td
        className={row.belowMinN ? 'muted' : undefined}
        title={row.belowMinN ? t('insights.belowMinN') : undefined}
      >
        <Link to={responses}>{formatValue(row.value, i18n.language, digits)}</Link>
        <div className="muted">{formatInterval(row, i18n.language, digits)}</div>
        <div className="muted">
          {t('insights.answers', { n: f.count(row.n) })}
          {change?.significant
            ? ` · ${change.difference > 0 ? '+' : ''}${formatValue(change.difference, i18n.language, digits)} *`
            : ''}
        </div>
      </td>
    )
  }
  return (
    <div className="page">
      <div className="page-header">
        <Link className="back-link" to={`/w/${workspaceId}/insights?from=${window.from}&to=${window.to}`}>
          ← {t('insights.title')}
        </Link>
        <h1 className="page-title">{t('insights.touchpointView')}</h1>
        <div className="page-header-spacer" />
        <WindowPicker window={window} onChange={setWindow} />
        <a
          className="button"
          href={analysisCsvUrl(workspaceId, 'touchpoints', window)}
          download
          data-testid="insight-touchpoint-view-csv"
        >
          {t('insights.csv')}
        </a>
      </div>
      <p className="muted">{t('insights.touchpointViewIntro')}</p>
      {view.error && <ErrorNotice error={view.error} onRetry={view.reload} />}
      {view.data && view.data.rows.length === 0 && <div className="muted">{t('insights.noAnswers')}</div>}
      {view.data && view.data.rows.length > 0 && (
        <TouchpointRows workspaceId={workspaceId} view={view.data} cell={cell} />
      )}
    </div>
  )
}

function TouchpointRows({
  workspaceId,
  view,
  cell,
}: {
  workspaceId: string
  view: { rows: TouchpointMetrics[] } & WindowBounds
  cell: (row: MetricRow | null, digits: number, responses: string) => React.ReactNode
}) {
  const { t } = useTranslation()
  const { sorted, sort, onSort } = useClientSort(view.rows, {
    touchpoint: { value: (r) => r.touchpoint },
    nps: { value: (r) => r.nps?.value, firstDir: 'desc' },
    npsRelational: { value: (r) => r.npsRelational?.value, firstDir: 'desc' },
    csat: { value: (r) => r.csat?.value, firstDir: 'desc' },
    ces: { value: (r) => r.ces?.value, firstDir: 'desc' },
    trim: { value: (r) => r.trim?.value, firstDir: 'desc' },
  })
  return (
    <table className="table" data-testid="insight-touchpoint-view">
      <thead>
        <tr>
          <SortableTh column="touchpoint" label={t('insights.touchpoint')} sort={sort} onSort={onSort} />
          {metrics.map(([key, label]) => (
            <SortableTh key={key} column={key} label={t(label)} sort={sort} onSort={onSort} />
          ))}
        </tr>
      </thead>
      <tbody>
        {sorted.map((row) => {
          const responses = responsesLink(workspaceId, view, { touchpoint: row.touchpoint })
          return (
            <tr key={row.touchpoint} data-testid="insight-touchpoint-view-row">
              <td>
                <Link to={responses}>{row.touchpoint}</Link>
              </td>
              {metrics.map(([key, , digits]) => (
                <Cell key={key}>{cell(row[key], digits, responses)}</Cell>
              ))}
            </tr>
          )
        })}
      </tbody>
    </table>
  )
}

function Cell({ children }: { children: React.ReactNode }) {
  return <>{children}</>
}
