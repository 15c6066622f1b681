import { useTranslation } from 'react-i18next'
import { Link, useNavigate, useParams, useSearchParams } from 'react-router'
import { ErrorNotice } from '../../components/ErrorNotice.js'
import { Pager } from '../../components/Pager.js'
import { useUrlSort } from '../../components/server-sort.js'
import { useApi } from '../../use-api.js'
import {
  filterKeys,
  type SegmentCustomerSort,
  type SegmentFilter,
  segmentCustomersCsvUrl,
  segmentsApi,
} from './segments-api.js'
import './segments.css'
import { useFormat } from '../../use-format.js'

const pageSize = 50
const sortKeys: SegmentCustomerSort[] = [
  'external_id',
  'name',
  'segment',
  'rfm',
  'abc_xyz',
  'frequency',
  'monetary',
  'last_purchase',
  'next_due',
]
const textSorts: SegmentCustomerSort[] = ['external_id', 'name', 'segment', 'abc_xyz', 'next_due']

/** The customers of one segment or cell (the filter is in the URL), with paging and CSV export. */
export function SegmentCustomersPage() {
  const { t } = useTranslation()
  const f = useFormat()
  const navigate = useNavigate()
  const { workspaceId = '' } = useParams()
  const [params, setParams] = useSearchParams()
  const filter: SegmentFilter = {}
  for (const key of filterKeys) {
    const value = params.get(key)
    if (value) filter[key] = value
  }
  const offset = Math.max(0, Number(params.get('offset')) || 0)
  // Unsorted, the server lists by value (broken habits by due date); a header sorts by its column.
  const { th, order } = useUrlSort(sortKeys, (key) => (textSorts.includes(key) ? 'asc' : 'desc'))
  const listed = { ...filter, ...order }
  const list = useApi(`segment-customers:${workspaceId}:${JSON.stringify(listed)}:${offset}`, () =>
    segmentsApi.customers(workspaceId, listed, pageSize, offset),
  )
  const page = list.data
  const goTo = (next: number) => setParams({ ...listed, ...(next > 0 ? { offset: String(next) } : {}) })
  const describe = [
    filter.segment && t(`segments.names.${filter.segment}` as 'segments.names.champions'),
    filter.abc && `ABC ${filter.abc}`,
    filter.xyz && (filter.xyz === 'none' ? t('segments.noClass') : `XYZ ${filter.xyz}`),
    filter.r && `R ${filter.r}`,
    filter.f && `F ${filter.f}`,
    filter.habitBroken === 'true' && t('segments.habitBrokenTitle'),
  ]
    .filter(Boolean)
    .join(' · ')

  return (
    <div className="page">
      <Link className="back-link" to={`/w/${workspaceId}/segments`}>
        ← {t('segments.back')}
      </Link>
      <div className="page-header">
        <h1 className="page-title" data-testid="segment-customers-title">
          {describe || t('segments.allCustomers')}
        </h1>
        {page && (
          <span className="badge" data-testid="segment-customers-total">
            {t('customers.total', { total: f.count(page.total) })}
          </span>
        )}
        <div className="page-header-spacer" />
        <a className="button button-secondary" href={segmentCustomersCsvUrl(workspaceId, listed)} download>
          {t('segments.downloadCsv')}
        </a>
      </div>
      {list.error && <ErrorNotice error={list.error} onRetry={list.reload} />}
      {page && (
        <div className={`card table-card${list.loading ? ' is-loading' : ''}`}>
          {page.items.length === 0 ? (
            <div className="empty-state">{t('segments.noCustomers')}</div>
          ) : (
            <div className="table-scroll">
              <table className="table" data-testid="segment-customers-table">
                <thead>
                  <tr>
                    {th('external_id', t('customers.columns.externalId'))}
                    {th('name', t('customers.columns.name'))}
                    {th('segment', t('segments.columns.segment'))}
                    {th('rfm', 'R F M')}
                    {th('abc_xyz', 'ABC / XYZ')}
                    {th('frequency', t('segments.columns.frequency'), true)}
                    {th('monetary', t('segments.columns.monetary'), true)}
                    {th('last_purchase', t('segments.columns.lastPurchase'))}
                    {th('next_due', t('segments.columns.nextDue'))}
                  </tr>
                </thead>
                <tbody>
                  {page.items.map((c) => (
                    <tr
                      key={c.id}
                      className="clickable"
                      onClick={() => navigate(`/w/${workspaceId}/customers/${c.id}`)}
                      data-testid="segment-customer-row"
                    >
                      <td className="mono">{c.externalId}</td>
                      <td className="truncate">{c.name ?? t('customer.unnamed')}</td>
                      <td>{t(`segments.names.${c.segment}` as 'segments.names.champions')}</td>
                      <td className="mono">
                        {c.r} {c.f} {c.m}
                      </td>
                      <td className="mono">
                        {c.abc} / {c.xyz ?? '—'}
                      </td>
                      <td className="num">{f.count(c.frequency)}</td>
                      <td className="num">{f.money(c.monetary)}</td>
                      <td>{f.date(c.lastPurchase)}</td>
                      <td>
                        {f.date(c.nextDue)}
                        {c.habitBroken && (
                          <span className="badge" style={{ marginLeft: 6 }}>
                            {t('segments.broken')}
                          </span>
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          <Pager page={page} onGo={goTo} />
        </div>
      )}
      {!page && !list.error && <div className="muted">{t('app.loading')}</div>}
    </div>
  )
}
