import { useEffect, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Link, useParams, useSearchParams } from 'react-router'
import { api, type CustomerFilter, customersCsvUrl } from '../../api.js'
import { ErrorNotice } from '../../components/ErrorNotice.js'
import { Pager } from '../../components/Pager.js'
import { useUrlSort } from '../../components/server-sort.js'
import { useApi } from '../../use-api.js'
import { useFormat } from '../../use-format.js'
import { segmentColors } from '../segments/segment-colors.js'
import { settingsApi } from '../settings/settings-api.js'
import { type CustomerSortKey, CustomersTable } from './CustomersTable.js'
import { useDebouncedValue } from './use-debounced-value.js'

const pageSize = 50
const filterKeys = ['segment', 'abc', 'orgUnitId', 'language', 'minEngagement'] as const
const engagementSteps = [20, 40, 60, 80] as const
const languages = ['en', 'uk', 'ru', 'pl', 'lv'] as const
const sortKeys: CustomerSortKey[] = ['name', 'external_id', 'orders', 'revenue', 'last_order']
const numericSorts: CustomerSortKey[] = ['orders', 'revenue', 'last_order']

/** The customer list: search, page through, export, open one. */
export function CustomersPage() {
  const { t } = useTranslation()
  const f = useFormat()
  const { workspaceId = '' } = useParams()
  const [params, setParams] = useSearchParams()
  const q = params.get('q') ?? ''
  const offset = Math.max(0, Number(params.get('offset')) || 0)
  const [search, setSearch] = useState(q)
  const debounced = useDebouncedValue(search.trim(), 300)

  const typedQuery = useRef(q)

  // Typing changes `q` (and starts at the first page); navigation that changes `q` refills the box.
  useEffect(() => {
    if (debounced === typedQuery.current) return
    typedQuery.current = debounced
    setParams(
      (current) => {
        const next = new URLSearchParams(current)
        if (debounced) next.set('q', debounced)
        else next.delete('q')
        next.delete('offset')
        return next
      },
      { replace: true },
    )
  }, [debounced, setParams])
  useEffect(() => {
    if (q === typedQuery.current) return
    typedQuery.current = q
    setSearch(q)
  }, [q])

  const filter: CustomerFilter = { q: q || undefined }
  for (const key of filterKeys) filter[key] = params.get(key) || undefined
  const { sort, onSort, order } = useUrlSort(
    sortKeys,
    (column) => (numericSorts.includes(column) ? 'desc' : 'asc'),
    { key: 'name', dir: 'asc' },
  )
  const units = useApi(`org-units:${workspaceId}`, () => settingsApi.orgUnits(workspaceId))
  const list = useApi(`customers:${workspaceId}:${params.toString()}`, () =>
    api.listCustomers(workspaceId, { ...filter, ...order, limit: pageSize, offset }),
  )
  const page = list.data
  const filtered = filterKeys.some((k) => filter[k])

  const goTo = (nextOffset: number) => {
    const next = new URLSearchParams(params)
    if (nextOffset > 0) next.set('offset', String(nextOffset))
    else next.delete('offset')
    setParams(next)
  }
  const setFilter = (key: (typeof filterKeys)[number], value: string) => {
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
      onChange={(e) => setFilter(key, e.target.value)}
      aria-label={t(`customers.filters.${key}`)}
      data-testid={`customers-filter-${key}`}
    >
      <option value="">{t(`customers.filters.${key}`)}</option>
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
        <h1 className="page-title">{t('customers.title')}</h1>
        {page && (
          <span className="badge" data-testid="customers-total">
            {t('customers.total', { total: f.count(page.total) })}
          </span>
        )}
        <div className="page-header-spacer" />
        <Link
          className="button button-secondary"
          to={`/w/${workspaceId}/import`}
          data-testid="customers-import"
        >
          {t('customers.importFile')}
        </Link>
        <a
          className="button button-secondary"
          href={customersCsvUrl(workspaceId, { ...filter, ...order })}
          download
          data-testid="customers-csv"
        >
          {t('customers.downloadCsv')}
        </a>
      </div>
      <div className="toolbar">
        <input
          className="input search-input"
          type="search"
          aria-label={t('customers.search')}
          placeholder={t('customers.searchPlaceholder')}
          value={search}
          onChange={(e) => setSearch(e.target.value)}
          data-testid="customers-search"
        />
        {select(
          'segment',
          Object.keys(segmentColors).map((s) => [s, t(`segments.names.${s}` as 'segments.names.champions')]),
        )}
        {select(
          'abc',
          ['A', 'B', 'C'].map((c) => [c, t('customers.filters.abcClass', { abc: c })]),
        )}
        {(units.data?.length ?? 0) > 0 &&
          select(
            'orgUnitId',
            (units.data ?? []).map((u) => [u.id, u.name]),
          )}
        {select(
          'language',
          languages.map((l) => [l, l]),
        )}
        {select(
          'minEngagement',
          engagementSteps.map((score) => [
            String(score),
            t('customers.filters.engagementAtLeast', { score }),
          ]),
        )}
        {filtered && (
          <button
            type="button"
            className="button button-secondary"
            onClick={() => {
              const next = new URLSearchParams(params)
              for (const k of [...filterKeys, 'offset']) next.delete(k)
              setParams(next)
            }}
            data-testid="customers-filters-clear"
          >
            {t('customers.filters.clear')}
          </button>
        )}
      </div>
      {list.error && <ErrorNotice error={list.error} onRetry={list.reload} />}
      {page && (
        <div className={`card table-card${list.loading ? ' is-loading' : ''}`} aria-busy={list.loading}>
          {page.items.length > 0 ? (
            <CustomersTable workspaceId={workspaceId} customers={page.items} sort={sort} onSort={onSort} />
          ) : (
            <div className="empty-state" data-testid="customers-empty">
              {q || filtered ? (
                <p>{q ? t('customers.noMatches', { q }) : t('customers.filters.none')}</p>
              ) : (
                <>
                  <h2>{t('customers.empty')}</h2>
                  <p className="muted">{t('customers.emptyHint')}</p>
                </>
              )}
            </div>
          )}
          <Pager page={page} onGo={goTo} />
        </div>
      )}
      {!page && !list.error && <div className="muted">{t('app.loading')}</div>}
    </div>
  )
}
