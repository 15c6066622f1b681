import { useTranslation } from 'react-i18next'
import { Link } from 'react-router'
import { CustomerPanel } from '../../components/CustomerPanel.js'
import { useApi } from '../../use-api.js'
import { AttitudeText } from './DiagnosisPage.js'
import { diagnosisApi, diagnosisListPath } from './diagnosis-api.js'
import './diagnosis.css'
import { useFormat } from '../../use-format.js'

/** On the customer page: the customer's loyalty quadrant, and the attitude and patronage it comes from. */
export function CustomerDiagnosisPanel({
  workspaceId,
  customerId,
}: {
  workspaceId: string
  customerId: string
}) {
  const { t } = useTranslation()
  const f = useFormat()
  const diagnosis = useApi(`diagnosis-customer:${workspaceId}:${customerId}`, () =>
    diagnosisApi.customer(workspaceId, customerId),
  )
  const d = diagnosis.fresh ? diagnosis.data : undefined
  return (
    <CustomerPanel
      id="diagnosis-panel"
      title={t('diagnosis.panelTitle')}
      testId="customer-diagnosis-panel"
      unavailable={diagnosis.error ? t('diagnosis.panelUnavailable') : null}
    >
      {d && (
        <>
          <p>
            <Link
              className={`diagnosis-badge diagnosis-${d.quadrant}`}
              to={diagnosisListPath(workspaceId, { quadrant: d.quadrant })}
              data-testid="customer-diagnosis-quadrant"
            >
              {t(`diagnosis.quadrants.${d.quadrant}`)}
            </Link>{' '}
            <span className="muted">{t(`diagnosis.hints.${d.quadrant}`)}</span>
          </p>
          <dl className="diagnosis-facts">
            <dt>{t('diagnosis.columns.attitude')}</dt>
            <dd data-testid="customer-diagnosis-attitude">
              <AttitudeText customer={d} />
            </dd>
            <dt>{t('diagnosis.columns.patronage')}</dt>
            <dd data-testid="customer-diagnosis-patronage">
              {t(`diagnosis.levels.${d.patronage}`)}
              {d.r !== null && (
                <span className="muted">
                  {' '}
                  · R {d.r} F {d.f} · {t('diagnosis.asOf', { date: f.date(d.asOf) })}
                </span>
              )}
              {d.r === null && <span className="muted"> · {t('diagnosis.noPurchases')}</span>}
            </dd>
          </dl>
        </>
      )}
    </CustomerPanel>
  )
}
