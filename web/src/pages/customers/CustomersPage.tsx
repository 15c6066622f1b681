import { useEffect, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Link, useParams, useSearchParams } from 'react-router'
import { api, customersCsvUrl } from '../../api.js'
import { ErrorNotice } from '../../components/ErrorNotice.js'
import { formatCount } from '../../format.js'
import { useApi } from '../../use-api.js'
import { CustomersTable } from './CustomersTable.js'
import { Pager } from './Pager.js'
import { useDebouncedValue } from './use-debounced-value.js'

const pageSize = 50

/** The customer list: search, page through, export, open one. */
export function CustomersPage() {
  const { t, i18n } = useTranslation()
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
    setParams(debounced ? { q: debounced } : {}, { replace: true })
  }, [debounced, setParams])
  useEffect(() => {
    if (q === typedQuery.current) return
    typedQuery.current = q
    setSearch(q)
  }, [q])

  const list = useApi(`customers:${workspaceId}:${q}:${offset}`, () =>
    api.listCustomers(workspaceId, { q, limit: pageSize, offset }),
  )
  const page = list.data

  const goTo = (nextOffset: number) => {
    const next: Record<string, string> = {}
    if (q) next.q = q
    if (nextOffset > 0) next.offset = String(nextOffset)
    setParams(next)
  }

  return (
    <div className="page">
      <div className="page-header">
        <h1 className="page-title">{t('customers.title')}</h1>
        {page && (
          <span className="badge" data-testid="customers-total">
            {t('customers.total', { total: formatCount(page.total, i18n.language) })}
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
          href={customersCsvUrl(workspaceId, q)}
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
      </div>
      {list.error && <ErrorNotice error={list.error} onRetry={list.reload} />}
      {page && (
        <div className={`card table-card${list.loading ? ' is-loading' : ''}`} aria-busy={list.loading}>
          {page.items.length > 0 ? (
            <CustomersTable workspaceId={workspaceId} customers={page.items} />
          ) : (
            <div className="empty-state" data-testid="customers-empty">
              {q ? (
                <p>{t('customers.noMatches', { q })}</p>
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
