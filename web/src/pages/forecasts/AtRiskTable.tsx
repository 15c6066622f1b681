import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Link } from 'react-router'
import { ErrorNotice } from '../../components/ErrorNotice.js'
import { Pager } from '../../components/Pager.js'
import { useServerSort } from '../../components/server-sort.js'
import { useApi } from '../../use-api.js'
import { useFormat } from '../../use-format.js'
import { type AtRiskSort, atRiskCsvUrl, forecastsApi } from './forecasts-api.js'

const PAGE = 25

/** Valuable customers whose P(alive) is falling, by revenue × (1 − P(alive)), paged, with a CSV export. */
export function AtRiskTable({ workspaceId, fitId }: { workspaceId: string; fitId: string }) {
  const { t } = useTranslation()
  const f = useFormat()
  const [offset, setOffset] = useState(0)
  // Unsorted, the largest revenue at risk first; the customer column starts from A, the figures from the largest.
  const { th, order, sort } = useServerSort<AtRiskSort>(
    (key) => (key === 'customer' ? 'asc' : 'desc'),
    () => setOffset(0),
  )
  const list = useApi(`at-risk:${workspaceId}:${fitId}:${offset}:${sort?.key}:${sort?.dir}`, () =>
    forecastsApi.atRisk(workspaceId, offset, PAGE, order),
  )
  const pct = (v: number) => f.percent(v, 0)
  const data = list.data
  return (
    <section className="card" aria-labelledby="at-risk-title">
      <div className="page-header">
        <h2 className="card-title" id="at-risk-title">
          {t('forecasts.atRiskTitle')}
        </h2>
        <div className="page-header-spacer" />
        <a
          className="button button-secondary"
          href={atRiskCsvUrl(workspaceId, order)}
          download
          data-testid="at-risk-csv"
        >
          {t('forecasts.downloadCsv')}
        </a>
      </div>
      <p className="muted">{t('forecasts.atRiskHint')}</p>
      {list.error && <ErrorNotice error={list.error} onRetry={list.reload} />}
      {data && data.total === 0 && (
        <div className="muted" data-testid="at-risk-empty">
          {t('forecasts.atRiskEmpty')}
        </div>
      )}
      {data && data.total > 0 && (
        <>
          <div className="table-scroll">
            <table className="table" data-testid="at-risk-table">
              <thead>
                <tr>
                  {th('customer', t('forecasts.customer'))}
                  {th('revenue', t('forecasts.revenue'), true)}
                  {th('p_alive_before', t('forecasts.pAliveBefore'), true)}
                  {th('p_alive', t('forecasts.pAlive'), true)}
                  {th('revenue_at_risk', t('forecasts.revenueAtRisk'), true)}
                  {th('clv', t('forecasts.clv'), true)}
                </tr>
              </thead>
              <tbody>
                {data.items.map((r) => (
                  <tr key={r.customerId} data-testid="at-risk-row">
                    <td className="truncate">
                      <Link to={`/w/${workspaceId}/customers/${r.customerId}`}>{r.name ?? r.externalId}</Link>
                    </td>
                    <td className="num">{f.money(r.revenue, data.currency)}</td>
                    <td className="num">{pct(r.pAliveBefore)}</td>
                    <td className="num">{pct(r.pAlive)}</td>
                    <td className="num">{f.money(r.revenueAtRisk, data.currency)}</td>
                    <td className="num">{r.clv === null ? '—' : f.money(r.clv, data.currency)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <Pager page={data} onGo={setOffset} testId="at-risk" words={{ range: 'forecasts.range' }} />
        </>
      )}
    </section>
  )
}
