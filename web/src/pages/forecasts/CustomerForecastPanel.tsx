import { useTranslation } from 'react-i18next'
import { formatMoney } from '../../format.js'
import { useApi } from '../../use-api.js'
import { forecastsApi } from './forecasts-api.js'

/** On the customer page: P(alive), expected purchases in the next 90 days and CLV from the newest fit. */
export function CustomerForecastPanel({
  workspaceId,
  customerId,
}: {
  workspaceId: string
  customerId: string
}) {
  const { t, i18n } = useTranslation()
  const forecast = useApi(`customer-forecast:${workspaceId}:${customerId}`, () =>
    forecastsApi.customer(workspaceId, customerId),
  )
  const locale = i18n.language
  const current = forecast.data?.current
  if (!forecast.data || forecast.error) return null
  return (
    <section className="card" data-testid="customer-forecast">
      <h2 className="card-title">{t('forecasts.panelTitle')}</h2>
      {!current ? (
        <div className="muted">{t('forecasts.panelNone')}</div>
      ) : (
        <div className="stats">
          <div>
            <div className="stat-label">{t('forecasts.pAlive')}</div>
            <div className="stat-value" data-testid="customer-forecast-p-alive">
              {new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 0 }).format(
                current.pAlive,
              )}
            </div>
          </div>
          <div>
            <div className="stat-label">
              {t('forecasts.expectedPurchases', { days: forecast.data.horizonDays })}
            </div>
            <div className="stat-value">
              {new Intl.NumberFormat(locale, { maximumFractionDigits: 2 }).format(current.expectedPurchases)}
            </div>
          </div>
          <div>
            <div className="stat-label">{t('forecasts.clv')}</div>
            <div className="stat-value">
              {current.clv === null
                ? '—'
                : formatMoney(Number(current.clv).toFixed(2), forecast.data.currency, locale)}
            </div>
          </div>
        </div>
      )}
    </section>
  )
}
