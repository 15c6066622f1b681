import { useTranslation } from 'react-i18next'
import { useFormat } from '../../use-format.js'

interface PagerProps {
  /** A page of a paged list, as the API answers it. */
  page: { total: number; offset: number; limit: number; items: readonly unknown[] }
  onGo(offset: number): void
}

export function Pager({ page, onGo }: PagerProps) {
  const { total, offset, limit } = page
  const count = page.items.length
  const { t } = useTranslation()
  const f = useFormat()
  if (total === 0) return null
  const n = (v: number) => f.count(v)
  return (
    <div className="pager">
      <span className="muted" data-testid="customers-range">
        {t('customers.range', { from: n(count ? offset + 1 : 0), to: n(offset + count), total: n(total) })}
      </span>
      <div className="pager-buttons">
        <button
          type="button"
          className="button button-secondary"
          disabled={offset <= 0}
          onClick={() => onGo(Math.max(0, offset - limit))}
          data-testid="customers-previous"
        >
          {t('customers.previous')}
        </button>
        <button
          type="button"
          className="button button-secondary"
          disabled={offset + count >= total}
          onClick={() => onGo(offset + limit)}
          data-testid="customers-next"
        >
          {t('customers.next')}
        </button>
      </div>
    </div>
  )
}
