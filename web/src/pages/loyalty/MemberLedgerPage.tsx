import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Link, useParams } from 'react-router'
import { api } from '../../api.js'
import { ErrorNotice } from '../../components/ErrorNotice.js'
import { StepPager } from '../../components/Pager.js'
import { SortableTh } from '../../components/SortableTh.js'
import { nextSort, type SortState } from '../../components/sorting.js'
import { useApi } from '../../use-api.js'
import { useFormat } from '../../use-format.js'
import { LoyaltyTabs } from './LoyaltyTabs.js'
import { type Entry, type EntrySort, loyaltyApi } from './loyalty-api.js'

/** One member's points: their lots (what remains, until when) and the ledger's entries, who/when/why/source. */
export function MemberLedgerPage() {
  const { t } = useTranslation()
  const f = useFormat()
  const { workspaceId = '', customerId = '' } = useParams()
  const customer = useApi(`customer:${workspaceId}:${customerId}`, () =>
    api.getCustomer(workspaceId, customerId),
  )
  const member = useApi(`loyalty-member:${workspaceId}:${customerId}`, () =>
    loyaltyApi.member(workspaceId, customerId),
  )
  const people = useApi(`people:${workspaceId}`, () =>
    loyaltyApi.people(workspaceId).catch(() => ({ items: [] })),
  )
  const [pages, setPages] = useState<string[]>([])
  // The ledger is paged by cursor, so the server sorts it (newest first until a column is chosen); a new order
  // starts again from its first page.
  const [sort, setSort] = useState<SortState<EntrySort> | null>(null)
  const onSort = (key: EntrySort) => {
    setSort((s) => nextSort(s, key, key === 'kind' ? 'asc' : 'desc'))
    setPages([])
  }
  const th = (column: EntrySort, label: string, numeric = false) => (
    <SortableTh column={column} label={label} sort={sort} onSort={onSort} numeric={numeric} />
  )
  const before = pages.at(-1)
  const entries = useApi(
    `loyalty-entries:${workspaceId}:${customerId}:${before ?? ''}:${sort?.key}:${sort?.dir}`,
    () =>
      loyaltyApi.entries(
        workspaceId,
        customerId,
        before,
        sort ? { sort: sort.key, dir: sort.dir } : undefined,
      ),
  )
  const names = new Map((people.data?.items ?? []).map((p) => [p.userId, p.name]))
  const who = (e: Entry) =>
    e.actorUserId
      ? (names.get(e.actorUserId) ?? t('loyalty.ledger.aPerson'))
      : e.actorApiKeyId
        ? t('loyalty.ledger.apiKey')
        : t('loyalty.ledger.system')
  const m = member.data
  return (
    <div className="page">
      <LoyaltyTabs />
      <Link className="back-link" to={`/w/${encodeURIComponent(workspaceId)}/loyalty/members`}>
        ← {t('loyalty.ledger.back')}
      </Link>
      {member.error && <ErrorNotice error={member.error} onRetry={member.reload} />}
      {m && (
        <>
          <div className="page-header">
            <div>
              <h2 className="page-title" data-testid="loyalty-ledger-name">
                <Link to={`/w/${workspaceId}/customers/${customerId}`}>
                  {customer.data?.name ?? customer.data?.externalId ?? t('customer.unnamed')}
                </Link>
              </h2>
              <div className="muted">
                {m.tier ? t('loyalty.ledger.tier', { tier: m.tier.name }) : t('loyalty.members.noTier')}
              </div>
            </div>
            <div className="page-header-spacer" />
            <div>
              <div className="muted">{t('loyalty.members.balance')}</div>
              <div className="loyalty-figure" data-testid="loyalty-ledger-balance">
                {f.decimal(m.balance)}
              </div>
            </div>
          </div>
          <section className="card" aria-labelledby="lots-title">
            <h3 className="card-title" id="lots-title">
              {t('loyalty.ledger.lots')}
            </h3>
            {m.lots.length === 0 ? (
              <div className="muted">{t('loyalty.ledger.noLots')}</div>
            ) : (
              <div className="table-scroll">
                <table className="table" data-testid="loyalty-lots-table">
                  <thead>
                    <tr>
                      <th>{t('loyalty.ledger.source')}</th>
                      <th className="num">{t('loyalty.ledger.points')}</th>
                      <th className="num">{t('loyalty.ledger.remaining')}</th>
                      <th>{t('loyalty.ledger.expires')}</th>
                      <th>{t('loyalty.ledger.credited')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {m.lots.map((l) => (
                      <tr key={l.id} data-testid="loyalty-lot-row">
                        <td className="truncate">
                          {l.sourceType}: {l.sourceId} <span className="muted">({l.rule})</span>
                        </td>
                        <td className="num">{f.decimal(l.points)}</td>
                        <td className="num">{f.decimal(l.remaining)}</td>
                        <td>{l.expiresAt ? f.date(l.expiresAt) : t('loyalty.ledger.never')}</td>
                        <td>{f.date(l.createdAt)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </section>
        </>
      )}
      <section className="card" aria-labelledby="entries-title">
        <h3 className="card-title" id="entries-title">
          {t('loyalty.ledger.entries')}
        </h3>
        {entries.error && <ErrorNotice error={entries.error} onRetry={entries.reload} />}
        {entries.data && entries.data.entries.length === 0 && (
          <div className="muted">{t('loyalty.ledger.noEntries')}</div>
        )}
        {entries.data && entries.data.entries.length > 0 && (
          <div className="table-scroll">
            <table className="table" data-testid="loyalty-entries-table">
              <thead>
                <tr>
                  {th('at', t('loyalty.ledger.when'))}
                  {th('kind', t('loyalty.ledger.kind'))}
                  {th('points', t('loyalty.ledger.points'), true)}
                  <th>{t('loyalty.ledger.who')}</th>
                  <th>{t('loyalty.ledger.why')}</th>
                  <th>{t('loyalty.ledger.source')}</th>
                </tr>
              </thead>
              <tbody>
                {entries.data.entries.map((e) => (
                  <tr key={e.seq} data-testid="loyalty-entry-row">
                    <td>{f.dateTime(e.at)}</td>
                    <td>{t(`loyalty.ledger.kinds.${e.kind}`)}</td>
                    <td className="num">
                      {e.kind === 'credit' ? '+' : '−'}
                      {f.decimal(e.points)}
                      {e.shortfall !== '0' && (
                        <div className="muted">
                          {t('loyalty.ledger.shortfall', { points: f.decimal(e.shortfall) })}
                        </div>
                      )}
                    </td>
                    <td>{who(e)}</td>
                    <td className="wrap">{e.reason ?? e.rule ?? '—'}</td>
                    <td className="truncate">
                      {e.sourceType}: {e.sourceId}
                      {e.reference && <div className="muted">{e.reference}</div>}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <StepPager
          hasPrevious={pages.length > 0}
          hasNext={Boolean(entries.data?.nextBefore)}
          onPrevious={() => setPages(pages.slice(0, -1))}
          onNext={() => entries.data?.nextBefore && setPages([...pages, entries.data.nextBefore])}
          testId="loyalty-entries"
          labels={sort ? undefined : { previous: t('loyalty.ledger.newer'), next: t('loyalty.ledger.older') }}
        />
      </section>
    </div>
  )
}
