import { useTranslation } from 'react-i18next'
import { Link, useNavigate } from 'react-router'
import type { CustomerSummary } from '../../api-types.js'
import { formatCount, formatDate, formatMoney } from '../../format.js'

export function CustomersTable({
  workspaceId,
  customers,
}: {
  workspaceId: string
  customers: CustomerSummary[]
}) {
  const { t, i18n } = useTranslation()
  const navigate = useNavigate()
  const locale = i18n.language
  const href = (c: CustomerSummary) => `/w/${workspaceId}/customers/${c.id}`

  return (
    <div className="table-scroll">
      <table className="table" data-testid="customers-table">
        <thead>
          <tr>
            <th>{t('customers.columns.externalId')}</th>
            <th>{t('customers.columns.name')}</th>
            <th>{t('customers.columns.email')}</th>
            <th>{t('customers.columns.language')}</th>
            <th>{t('customers.columns.orgUnit')}</th>
            <th className="num">{t('customers.columns.orders')}</th>
            <th className="num">{t('customers.columns.revenue')}</th>
            <th>{t('customers.columns.lastOrder')}</th>
          </tr>
        </thead>
        <tbody>
          {customers.map((c) => (
            <tr
              key={c.id}
              className="clickable"
              onClick={() => navigate(href(c))}
              data-testid="customer-row"
              data-customer-id={c.id}
            >
              <td className="mono">{c.externalId}</td>
              <td className="truncate">
                <Link to={href(c)} onClick={(e) => e.stopPropagation()}>
                  {c.name ?? t('customer.unnamed')}
                </Link>
              </td>
              <td className="truncate" title={c.email ?? undefined}>
                {c.email ?? '—'}
              </td>
              <td>{c.language ?? '—'}</td>
              <td className="truncate" title={c.orgUnitName ?? undefined}>
                {c.orgUnitName ?? '—'}
              </td>
              <td className="num">{formatCount(c.ordersCount, locale)}</td>
              <td className="num">{c.ordersCount > 0 ? formatMoney(c.revenue, c.currency, locale) : '—'}</td>
              <td>{formatDate(c.lastOrderAt, locale)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}
