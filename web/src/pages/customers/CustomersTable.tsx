import { useTranslation } from 'react-i18next'
import { Link, useNavigate } from 'react-router'
import type { CustomerSummary } from '../../api-types.js'
import { SortableTh } from '../../components/SortableTh.js'
import type { SortState } from '../../components/sorting.js'
import { useFormat } from '../../use-format.js'

/** The columns the server sorts the list by (customers/queries.ts's customerSorts). */
export type CustomerSortKey = 'name' | 'external_id' | 'orders' | 'revenue' | 'last_order'

export function CustomersTable({
  workspaceId,
  customers,
  sort,
  onSort,
}: {
  workspaceId: string
  customers: CustomerSummary[]
  sort: SortState<CustomerSortKey> | null
  onSort: (column: CustomerSortKey) => void
}) {
  const { t } = useTranslation()
  const f = useFormat()
  const navigate = useNavigate()
  const href = (c: CustomerSummary) => `/w/${workspaceId}/customers/${c.id}`

  return (
    <div className="table-scroll">
      <table className="table" data-testid="customers-table">
        <thead>
          <tr>
            <SortableTh
              column="external_id"
              label={t('customers.columns.externalId')}
              sort={sort}
              onSort={onSort}
            />
            <SortableTh column="name" label={t('customers.columns.name')} sort={sort} onSort={onSort} />
            <th>{t('customers.columns.email')}</th>
            <th>{t('customers.columns.language')}</th>
            <th>{t('customers.columns.orgUnit')}</th>
            <SortableTh
              column="orders"
              label={t('customers.columns.orders')}
              sort={sort}
              onSort={onSort}
              numeric
            />
            <SortableTh
              column="revenue"
              label={t('customers.columns.revenue')}
              sort={sort}
              onSort={onSort}
              numeric
            />
            <SortableTh
              column="last_order"
              label={t('customers.columns.lastOrder')}
              sort={sort}
              onSort={onSort}
            />
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
              <td className="num">{f.count(c.ordersCount)}</td>
              <td className="num">{c.ordersCount > 0 ? f.money(c.revenue, c.currency) : '—'}</td>
              <td>{f.date(c.lastOrderAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}
