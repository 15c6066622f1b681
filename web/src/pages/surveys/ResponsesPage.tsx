import { Fragment, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Link, useParams, useSearchParams } from 'react-router'
import { ErrorNotice } from '../../components/ErrorNotice.js'
import { Pager } from '../../components/Pager.js'
import { useUrlSort } from '../../components/server-sort.js'
import { useApi } from '../../use-api.js'
import { useFormat } from '../../use-format.js'
import { QuestionSummary } from './QuestionSummary.js'
import { ResponseDetail } from './ResponseDetail.js'
import { type ResponseFilter, type ResponseSort, responsesCsvUrl, surveysApi } from './surveys-api.js'

const pageSize = 50
const filterKeys = ['surveyId', 'status', 'channel', 'language', 'touchpoint', 'from', 'to'] as const
/** The columns the server sorts by (feedback/responses.ts's responseSorts); times start with the newest. */
const sortKeys: ResponseSort[] = ['started', 'survey', 'customer', 'channel', 'language', 'completed']
const newestFirst: ResponseSort[] = ['started', 'completed']

function answerText(value: unknown): string {
  if (Array.isArray(value)) return value.join(', ')
  if (value && typeof value === 'object')
    return Object.entries(value)
      .map(([k, v]) => `${k}: ${v}`)
      .join('; ')
  return String(value)
}

/** Responses with filters (survey, status, channel, language, dates), paged, and their CSV export. */
export function ResponsesPage() {
  const { t } = useTranslation()
  const f = useFormat()
  const { workspaceId = '' } = useParams()
  const [params, setParams] = useSearchParams()
  const filter: ResponseFilter = Object.fromEntries(
    filterKeys.map((k) => [k, params.get(k) ?? undefined]).filter(([, v]) => v),
  )
  const offset = Math.max(0, Number(params.get('offset')) || 0)
  // Newest first unless a column was chosen; the page always sends its order, so the CSV matches it.
  const { order, th } = useUrlSort(sortKeys, (column) => (newestFirst.includes(column) ? 'desc' : 'asc'), {
    key: 'started',
    dir: 'desc',
  })
  const [open, setOpen] = useState<string | null>(null)
  const surveys = useApi(`surveys-all:${workspaceId}`, () => surveysApi.all(workspaceId))
  const list = useApi(`responses:${workspaceId}:${params.toString()}`, () =>
    surveysApi.responses(workspaceId, filter, pageSize, offset, order),
  )
  const set = (key: string, value: string) => {
    const next = new URLSearchParams(params)
    if (value) next.set(key, value)
    else next.delete(key)
    next.delete('offset')
    setParams(next)
  }
  const select = (key: (typeof filterKeys)[number], options: [string, string][]) => (
    <select
      className="select"
      value={params.get(key) ?? ''}
      onChange={(e) => set(key, e.target.value)}
      aria-label={t(`surveys.filters.${key}`)}
      data-testid={`filter-${key}`}
    >
      <option value="">{t(`surveys.filters.${key}`)}</option>
      {options.map(([value, label]) => (
        <option key={value} value={value}>
          {label}
        </option>
      ))}
    </select>
  )

  return (
    <div className="page">
      <div className="page-header">
        <Link className="back-link" to={`/w/${workspaceId}/surveys`}>
          ← {t('surveys.title')}
        </Link>
        <h1 className="page-title">{t('surveys.responses')}</h1>
        {list.data && (
          <span className="badge" data-testid="responses-total">
            {f.count(list.data.total)}
          </span>
        )}
        <div className="page-header-spacer" />
        <a
          className="button button-secondary"
          href={responsesCsvUrl(workspaceId, filter, order)}
          download
          data-testid="responses-csv"
        >
          {t('surveys.downloadCsv')}
        </a>
      </div>
      <div className="toolbar">
        {select(
          'surveyId',
          (surveys.data?.items ?? []).map((s) => [
            s.id,
            s.archivedAt ? `${s.name} (${t('surveys.archived')})` : s.name,
          ]),
        )}
        {select('status', [
          ['completed', t('surveys.filters.completed')],
          ['partial', t('surveys.filters.partial')],
        ])}
        {select(
          'channel',
          (['link', 'email', 'widget', 'conversation'] as const).map((c) => [c, t(`surveys.channels.${c}`)]),
        )}
        {select(
          'language',
          ['en', 'uk', 'ru', 'pl', 'lv'].map((l) => [l, l]),
        )}
        <input
          className="input"
          type="date"
          value={params.get('from') ?? ''}
          onChange={(e) => set('from', e.target.value)}
          aria-label={t('surveys.filters.from')}
        />
        <input
          className="input"
          type="date"
          value={params.get('to') ?? ''}
          onChange={(e) => set('to', e.target.value)}
          aria-label={t('surveys.filters.to')}
        />
        {params.get('touchpoint') && (
          <button
            type="button"
            className="button button-secondary"
            onClick={() => set('touchpoint', '')}
            data-testid="filter-touchpoint"
          >
            {t('surveys.filters.touchpoint')}: {params.get('touchpoint')} ×
          </button>
        )}
      </div>
      {filter.surveyId && (
        <details className="card" open data-testid="question-summary-toggle">
          <summary className="card-title">{t('surveys.summary.title')}</summary>
          <QuestionSummary workspaceId={workspaceId} filter={filter} />
        </details>
      )}
      {list.error && <ErrorNotice error={list.error} onRetry={list.reload} />}
      {list.data && (
        <div className="card table-card">
          {list.data.items.length === 0 ? (
            <div className="empty-state" data-testid="responses-empty">
              <p>{t('surveys.noResponses')}</p>
            </div>
          ) : (
            <div className="table-scroll">
              <table className="table" data-testid="responses-table">
                <thead>
                  <tr>
                    {th('started', t('surveys.columns.started'))}
                    {th('survey', t('surveys.columns.name'))}
                    {th('customer', t('surveys.columns.customer'))}
                    {th('channel', t('surveys.filters.channel'))}
                    {th('language', t('surveys.filters.language'))}
                    {th('completed', t('surveys.columns.status'))}
                    <th>{t('surveys.columns.answers')}</th>
                  </tr>
                </thead>
                <tbody>
                  {list.data.items.map((r) => (
                    <Fragment key={r.id}>
                      <tr data-testid="response-row">
                        <td>{f.dateTime(r.startedAt)}</td>
                        <td>
                          {r.surveyName} <span className="muted small">v{r.surveyVersion}</span>
                        </td>
                        <td>
                          {r.customerId ? (
                            <Link to={`/w/${workspaceId}/customers/${r.customerId}`}>
                              {r.customerName ?? r.customerExternalId}
                            </Link>
                          ) : (
                            '—'
                          )}
                        </td>
                        <td>{t(`surveys.channels.${r.channel as 'link'}`)}</td>
                        <td>{r.language}</td>
                        <td>
                          {r.completedAt ? t('surveys.filters.completed') : t('surveys.filters.partial')}
                        </td>
                        <td className="small">
                          <button
                            type="button"
                            className="link-button"
                            aria-expanded={open === r.id}
                            onClick={() => setOpen(open === r.id ? null : r.id)}
                            data-testid="response-open"
                          >
                            {Object.entries(r.answers)
                              .map(([k, v]) => `${k}: ${answerText(v)}`)
                              .join(' · ')}
                          </button>
                        </td>
                      </tr>
                      {open === r.id && (
                        <tr>
                          <td colSpan={7}>
                            <ResponseDetail workspaceId={workspaceId} response={r} />
                          </td>
                        </tr>
                      )}
                    </Fragment>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          <Pager page={list.data} onGo={(o) => set('offset', o > 0 ? String(o) : '')} />
        </div>
      )}
    </div>
  )
}
