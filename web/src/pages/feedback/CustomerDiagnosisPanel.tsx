import { useTranslation } from 'react-i18next'
import { Link } from 'react-router'
import { CustomerPanel, type CustomerPanelProps } from '../../components/CustomerPanel.js'
import { AttitudeText } from './DiagnosisPage.js'
import { diagnosisApi, diagnosisListPath } from './diagnosis-api.js'
import './diagnosis.css'
import { useFormat } from '../../use-format.js'

/** On the customer page: the customer's loyalty quadrant, and the attitude and patronage it comes from. */
export function CustomerDiagnosisPanel({ workspaceId, customerId }: CustomerPanelProps) {
  const { t } = useTranslation()
  const f = useFormat()
  return (
    <CustomerPanel
      id="diagnosis-panel"
      title={t('diagnosis.panelTitle')}
      testId="customer-diagnosis-panel"
      apiKey={`diagnosis-customer:${workspaceId}:${customerId}`}
      load={() => diagnosisApi.customer(workspaceId, customerId)}
      unavailable={t('diagnosis.panelUnavailable')}
    >
      {(d) => (
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
