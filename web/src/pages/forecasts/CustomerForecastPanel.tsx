import { useTranslation } from 'react-i18next'
import { useApi } from '../../use-api.js'
import { useFormat } from '../../use-format.js'
import { forecastsApi } from './forecasts-api.js'

/** On the customer page: P(alive), expected purchases in the next 90 days and CLV from the newest fit. */
export function CustomerForecastPanel({
  workspaceId,
  customerId,
}: {
  workspaceId: string
  customerId: string
}) {
  const { t } = useTranslation()
  const f = useFormat()
  const forecast = useApi(`customer-forecast:${workspaceId}:${customerId}`, () =>
    forecastsApi.customer(workspaceId, customerId),
  )
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
              {f.percent(current.pAlive, 0)}
            </div>
          </div>
          <div>
            <div className="stat-label">
              {t('forecasts.expectedPurchases', { days: forecast.data.horizonDays })}
            </div>
            <div className="stat-value">{f.number(current.expectedPurchases, 2)}</div>
          </div>
          <div>
            <div className="stat-label">{t('forecasts.clv')}</div>
            <div className="stat-value">
              {current.clv === null ? '—' : f.money(current.clv, forecast.data.currency)}
            </div>
          </div>
        </div>
      )}
    </section>
  )
}
