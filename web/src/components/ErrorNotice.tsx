import { useTranslation } from 'react-i18next'
import type { ApiError } from '../api.js'

/** An API error in words, with an optional retry. */
export function ErrorNotice({ error, onRetry }: { error: ApiError; onRetry?: () => void }) {
  const { t } = useTranslation()
  const text = error.status === 0 ? t('errors.network') : t('errors.generic', { message: error.message })
  return (
    <div className="notice notice-error" role="alert" data-testid="error-notice">
      <span>{text}</span>
      {onRetry && (
        <button type="button" className="button button-secondary" onClick={onRetry}>
          {t('errors.retry')}
        </button>
      )}
    </div>
  )
}
