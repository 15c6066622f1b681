import { useTranslation } from 'react-i18next'
import { formatCount } from '../../format.js'

interface PagerProps {
  total: number
  offset: number
  limit: number
  /** Rows on this page. */
  count: number
  onGo(offset: number): void
}

export function Pager({ total, offset, limit, count, onGo }: PagerProps) {
  const { t, i18n } = useTranslation()
  if (total === 0) return null
  const n = (v: number) => formatCount(v, i18n.language)
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
