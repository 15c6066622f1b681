import { lazy, Suspense, useMemo, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Link, useParams } from 'react-router'
import type { ApiError } from '../../../api.js'
import { ErrorNotice } from '../../../components/ErrorNotice.js'
import { useApi } from '../../../use-api.js'
import { useFormat } from '../../../use-format.js'
import { surveysApi } from '../surveys-api.js'
import { toApiError } from '../to-api-error.js'
import { orgUnitsOf } from './DistributionPage.js'
import { deliveryApi } from './delivery-api.js'
import { ProgramForm } from './ProgramForm.js'

// ECharts is large: loaded only when a funnel is shown, not with the rest of the dashboard.
const FunnelChart = lazy(() => import('./FunnelChart.js').then((m) => ({ default: m.FunnelChart })))

/** One program: its funnel (eligible → invited → opened → started → completed), the reasons not sent, its settings. */
export function ProgramPage() {
  const { t } = useTranslation()
  const f = useFormat()
  const { workspaceId = '', programId = '' } = useParams()
  const program = useApi(`program:${workspaceId}:${programId}`, () =>
    deliveryApi.program(workspaceId, programId),
  )
  const surveys = useApi(`surveys-all:${workspaceId}`, () => surveysApi.all(workspaceId))
  const units = useApi(`org-units:${workspaceId}`, () => orgUnitsOf(workspaceId))
  const [error, setError] = useState<ApiError | null>(null)
  const p = program.data
  const steps = useMemo(
    () =>
      p
        ? (['eligible', 'invited', 'opened', 'started', 'completed'] as const).map((k) => ({
            label: t(`surveyDelivery.funnel.${k}`),
            value: p.funnel[k],
          }))
        : [],
    [p, t],
  )

  return (
    <div className="page">
      <Link className="back-link" to={`/w/${workspaceId}/surveys/distribution`}>
        ← {t('surveyDelivery.title')}
      </Link>
      {program.error && <ErrorNotice error={program.error} onRetry={program.reload} />}
      {p && (
        <>
          <div className="page-header">
            <h1 className="page-title" data-testid="program-title">
              {p.name}
            </h1>
            <div className="page-header-spacer" />
            <button
              className="button button-secondary"
              type="button"
              data-testid="program-toggle"
              onClick={async () => {
                try {
                  await deliveryApi.updateProgram(workspaceId, p.id, { enabled: !p.enabled })
                  program.reload()
                } catch (e) {
                  setError(toApiError(e))
                }
              }}
            >
              {p.enabled ? t('surveyDelivery.pause') : t('surveyDelivery.resume')}
            </button>
          </div>
          {error && <ErrorNotice error={error} />}
          <section className="card">
            <h2 className="card-title">{t('surveyDelivery.funnel.title')}</h2>
            <Suspense fallback={<div className="muted">{t('app.loading')}</div>}>
              <FunnelChart steps={steps} />
            </Suspense>
            <table className="table" data-testid="funnel-table">
              <tbody>
                {steps.map((s) => (
                  <tr key={s.label}>
                    <td>{s.label}</td>
                    <td className="num">{f.count(s.value)}</td>
                  </tr>
                ))}
                <tr>
                  <td>{t('surveyDelivery.funnel.pending')}</td>
                  <td className="num">{f.count(p.funnel.pending)}</td>
                </tr>
              </tbody>
            </table>
            <h3 className="card-title">{t('surveyDelivery.funnel.notSent')}</h3>
            {p.funnel.suppressed.length === 0 ? (
              <p className="muted">—</p>
            ) : (
              <table className="table" data-testid="suppressed-table">
                <tbody>
                  {p.funnel.suppressed.map((s) => (
                    <tr key={s.reason}>
                      <td>{t(`surveyDelivery.reasons.${s.reason}`, { defaultValue: s.reason })}</td>
                      <td className="num">{f.count(s.count)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </section>
          {surveys.data && (
            <section className="card">
              <h2 className="card-title">{t('surveyDelivery.settings.program')}</h2>
              <ProgramForm
                key={p.id}
                surveys={surveys.data.items}
                orgUnits={units.data?.items ?? []}
                initial={p}
                submitLabel={t('surveyDelivery.save')}
                onSubmit={async (changes) => {
                  setError(null)
                  try {
                    await deliveryApi.updateProgram(workspaceId, p.id, changes)
                    program.reload()
                  } catch (e) {
                    setError(toApiError(e))
                  }
                }}
              />
            </section>
          )}
        </>
      )}
    </div>
  )
}
