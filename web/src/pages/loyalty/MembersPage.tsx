import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Link, useParams } from 'react-router'
import { ErrorNotice } from '../../components/ErrorNotice.js'
import { Pager } from '../../components/Pager.js'
import { useServerSort } from '../../components/server-sort.js'
import { useApi } from '../../use-api.js'
import { useFormat } from '../../use-format.js'
import { LoyaltyTabs } from './LoyaltyTabs.js'
import { ledgerPath, loyaltyApi, type MemberSort, membersCsvUrl } from './loyalty-api.js'

const PAGE = 50

/** The program's members, best tier first: tier, points to spend, engagement score, last act; CSV export. */
export function MembersPage() {
  const { t } = useTranslation()
  const f = useFormat()
  const { workspaceId = '' } = useParams()
  const [tier, setTier] = useState('')
  const [offset, setOffset] = useState(0)
  // The list is paged, so the server sorts it; without a choice, best tier first.
  const { th, order, sort } = useServerSort<MemberSort>(
    (key) => (key === 'customer' ? 'asc' : 'desc'),
    () => setOffset(0),
  )
  const tiers = useApi(`loyalty-tiers:${workspaceId}`, () => loyaltyApi.tiers(workspaceId))
  const list = useApi(`loyalty-members:${workspaceId}:${tier}:${offset}:${sort?.key}:${sort?.dir}`, () =>
    loyaltyApi.members(workspaceId, { tier: tier || undefined, limit: PAGE, offset, ...order }),
  )
  const data = list.data
  return (
    <div className="page">
      <LoyaltyTabs />
      <div className="toolbar">
        <label>
          {t('loyalty.members.tier')}{' '}
          <select
            className="input"
            value={tier}
            onChange={(e) => {
              setTier(e.target.value)
              setOffset(0)
            }}
            data-testid="loyalty-tier-filter"
          >
            <option value="">{t('loyalty.members.anyTier')}</option>
            {tiers.data?.tiers.map((x) => (
              <option key={x.code} value={x.code}>
                {x.name}
              </option>
            ))}
            <option value="-">{t('loyalty.members.noTier')}</option>
          </select>
        </label>
        <div className="page-header-spacer" />
        <a
          className="button button-secondary"
          href={membersCsvUrl(workspaceId, tier || undefined, order)}
          download
          data-testid="loyalty-members-csv"
        >
          {t('loyalty.members.downloadCsv')}
        </a>
      </div>
      {list.error && <ErrorNotice error={list.error} onRetry={list.reload} />}
      {data && data.total === 0 && <div className="empty-state">{t('loyalty.members.empty')}</div>}
      {data && data.total > 0 && (
        <>
          <div className="table-scroll">
            <table className="table" data-testid="loyalty-members-table">
              <thead>
                <tr>
                  {th('customer', t('loyalty.members.customer'))}
                  {th('tier', t('loyalty.members.tier'))}
                  {th('balance', t('loyalty.members.balance'), true)}
                  <th className="num">{t('loyalty.members.engagement')}</th>
                  {th('last_act', t('loyalty.members.lastAct'))}
                </tr>
              </thead>
              <tbody>
                {data.items.map((m) => (
                  <tr key={m.customerId} data-testid="loyalty-member-row">
                    <td className="truncate">
                      <Link to={ledgerPath(workspaceId, m.customerId)}>{m.name ?? m.externalId}</Link>
                    </td>
                    <td>{m.tierName ?? '—'}</td>
                    <td className="num" data-testid="loyalty-member-balance">
                      {f.decimal(m.balance)}
                    </td>
                    <td className="num">{f.count(m.engagementScore)}</td>
                    <td>{f.date(m.lastActAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <Pager page={data} onGo={setOffset} />
        </>
      )}
    </div>
  )
}
