import { useTranslation } from 'react-i18next'
import { Link, useParams } from 'react-router'
import { api } from '../../api.js'
import { ErrorNotice } from '../../components/ErrorNotice.js'
import { useApi } from '../../use-api.js'
import { CustomerDiagnosisPanel } from '../feedback/CustomerDiagnosisPanel.js'
import { CustomerProfilesPanel } from '../feedback/CustomerProfilesPanel.js'
import { CustomerForecastPanel } from '../forecasts/CustomerForecastPanel.js'
import { CustomerEngagementPanel } from '../loyalty/CustomerEngagementPanel.js'
import { CustomerDataRights } from '../privacy/CustomerDataRights.js'
import { CustomerSegmentPanel } from '../segments/CustomerSegmentPanel.js'
import { CustomerSurveyPanel } from '../surveys/distribution/CustomerSurveyPanel.js'
import { surveysApi } from '../surveys/surveys-api.js'
import { CustomerRecord } from './CustomerRecord.js'
import { CustomerTimeline } from './CustomerTimeline.js'

/** One customer: the record, its stats as the API reports them, and the timeline. */
export function CustomerPage() {
  const { t } = useTranslation()
  const { workspaceId = '', customerId = '' } = useParams()
  const customer = useApi(`customer:${workspaceId}:${customerId}`, () =>
    api.getCustomer(workspaceId, customerId),
  )
  const timeline = useApi(`timeline:${workspaceId}:${customerId}`, () =>
    api.getTimeline(workspaceId, customerId),
  )
  // The newest answers (up to 100) join the orders and events on the timeline.
  const answers = useApi(`customer-responses:${workspaceId}:${customerId}`, () =>
    surveysApi.responses(workspaceId, { customerId }, 100, 0),
  )
  const record = customer.fresh ? customer.data : undefined

  return (
    <div className="page">
      <Link className="back-link" to={`/w/${workspaceId}/customers`} data-testid="customer-back">
        ← {t('customer.back')}
      </Link>
      {customer.error &&
        (customer.error.status === 404 ? (
          <div className="notice notice-error" role="alert" data-testid="customer-not-found">
            {t('customer.notFound')}
          </div>
        ) : (
          <ErrorNotice error={customer.error} onRetry={customer.reload} />
        ))}
      {!record && !customer.error && <div className="muted">{t('app.loading')}</div>}
      {record && (
        <>
          <div className="page-header">
            <div>
              <h1 className="page-title" data-testid="customer-name">
                {record.name ?? t('customer.unnamed')}
              </h1>
              <div className="muted">
                <span className="mono">{record.externalId}</span>
                {record.email && <> · {record.email}</>}
              </div>
            </div>
          </div>
          <CustomerSegmentPanel workspaceId={workspaceId} customerId={record.id} />
          <CustomerDiagnosisPanel workspaceId={workspaceId} customerId={record.id} />
          <CustomerProfilesPanel workspaceId={workspaceId} customerId={record.id} />
          <div className="customer-layout">
            <CustomerRecord customer={record} />
            <CustomerForecastPanel workspaceId={workspaceId} customerId={record.id} />
            <CustomerEngagementPanel workspaceId={workspaceId} customerId={record.id} />
            <section className="card" aria-labelledby="timeline-title">
              <h2 className="card-title" id="timeline-title">
                {t('timeline.title')}
              </h2>
              {timeline.error && <ErrorNotice error={timeline.error} onRetry={timeline.reload} />}
              {timeline.fresh && timeline.data ? (
                <CustomerTimeline
                  workspaceId={workspaceId}
                  items={timeline.data.items}
                  responses={answers.data?.items}
                />
              ) : (
                !timeline.error && <div className="muted">{t('app.loading')}</div>
              )}
            </section>
          </div>
          <CustomerSurveyPanel workspaceId={workspaceId} customerId={customerId} />
          <CustomerDataRights
            workspaceId={workspaceId}
            customerId={record.id}
            onErased={() => {
              customer.reload()
              timeline.reload()
              answers.reload()
            }}
          />
        </>
      )}
    </div>
  )
}
