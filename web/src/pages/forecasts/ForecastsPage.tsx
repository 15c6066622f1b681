import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useParams } from 'react-router'
import { ApiError } from '../../api.js'
import { ErrorNotice } from '../../components/ErrorNotice.js'
import { useApi } from '../../use-api.js'
import { useFormat } from '../../use-format.js'
import { AtRiskTable } from './AtRiskTable.js'
import { FitSummary } from './FitSummary.js'
import { ForecastCharts } from './ForecastCharts.js'
import { forecastsApi } from './forecasts-api.js'

/** Forecasts: the current model and its explanation, the holdout check as charts, revenue at risk. */
export function ForecastsPage() {
  const { t } = useTranslation()
  const f = useFormat()
  const { workspaceId = '' } = useParams()
  const [version, setVersion] = useState(0)
  const [fitting, setFitting] = useState(false)
  const [fitError, setFitError] = useState<ApiError | undefined>()
  const current = useApi(`forecast:${workspaceId}:${version}`, () => forecastsApi.current(workspaceId))
  const validation = useApi(`forecast-validation:${workspaceId}:${version}`, () =>
    forecastsApi.validation(workspaceId),
  )
  const fit = current.data?.fit
  const holdout = validation.data?.validation ?? null
  const report = holdout && !('error' in holdout) ? holdout : null

  const runFit = async () => {
    setFitting(true)
    setFitError(undefined)
    try {
      await forecastsApi.fit(workspaceId)
      setVersion((v) => v + 1)
    } catch (error) {
      setFitError(error instanceof ApiError ? error : new ApiError(0, 'unexpected', String(error)))
    } finally {
      setFitting(false)
    }
  }

  return (
    <div className="page">
      <div className="page-header">
        <div>
          <h1 className="page-title">{t('forecasts.title')}</h1>
          <div className="muted" data-testid="forecast-fitted-at">
            {fit ? t('forecasts.fittedAt', { date: f.dateTime(fit.fittedAt) }) : t('forecasts.intro')}
          </div>
        </div>
        <div className="page-header-spacer" />
        <button
          type="button"
          className="button button-primary"
          onClick={runFit}
          disabled={fitting}
          data-testid="forecast-fit"
        >
          {fitting ? t('forecasts.fitting') : t('forecasts.fitNow')}
        </button>
      </div>
      {fitError && <ErrorNotice error={fitError} onRetry={runFit} />}
      {current.error && <ErrorNotice error={current.error} onRetry={current.reload} />}
      {!current.data && !current.error && <div className="muted">{t('app.loading')}</div>}
      {current.data && !fit && (
        <div className="notice" data-testid="forecast-none">
          {t('forecasts.none')}
        </div>
      )}
      {fit?.status === 'failed' && (
        <div className="notice notice-error" role="alert" data-testid="forecast-failed">
          {t('forecasts.failed', { reason: fit.error })}
        </div>
      )}
      {fit?.status === 'fitted' && (
        <>
          {fit.warnings.length > 0 && (
            <div className="notice" data-testid="forecast-warnings">
              <strong>{t('forecasts.warnings')}</strong>
              <ul style={{ margin: '4px 0 0', paddingLeft: 18 }}>
                {fit.warnings.map((w) => (
                  <li key={w}>{w}</li>
                ))}
              </ul>
            </div>
          )}
          <FitSummary fit={fit} validation={report} />
          {report ? (
            <ForecastCharts validation={report} />
          ) : (
            holdout &&
            'error' in holdout && (
              <div className="notice" data-testid="forecast-no-validation">
                {t('forecasts.noValidation', { reason: holdout.error })}
              </div>
            )
          )}
          <AtRiskTable workspaceId={workspaceId} fitId={fit.id} />
        </>
      )}
    </div>
  )
}
