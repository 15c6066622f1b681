import { useTranslation } from 'react-i18next'
import { ErrorNotice } from '../../../components/ErrorNotice.js'
import { useClientSort } from '../../../components/SortableTh.js'
import { useApi } from '../../../use-api.js'
import { useFormat } from '../../../use-format.js'
import { deliveryApi } from './delivery-api.js'

/** A customer's survey invitations on every channel; those not sent show why. */
export function CustomerSurveyPanel({
  workspaceId,
  customerId,
}: {
  workspaceId: string
  customerId: string
}) {
  const { t } = useTranslation()
  const f = useFormat()
  const data = useApi(`survey-invitations:${workspaceId}:${customerId}`, () =>
    deliveryApi.customerInvitations(workspaceId, customerId),
  )
  const { sorted, th } = useClientSort(data.data?.items ?? [], {
    when: { value: (i) => i.createdAt, firstDir: 'desc' },
    survey: { value: (i) => i.surveyName },
    channel: { value: (i) => t(`surveyDelivery.channels.${i.channel}`, { defaultValue: i.channel }) },
    status: { value: (i) => t(`surveyDelivery.statuses.${i.status}`, { defaultValue: i.status }) },
  })
  return (
    <section className="card" aria-labelledby="survey-invitations-title" data-testid="customer-survey-panel">
      <h2 className="card-title" id="survey-invitations-title">
        {t('surveyDelivery.customer.title')}
      </h2>
      {data.error && <ErrorNotice error={data.error} onRetry={data.reload} />}
      {data.data && data.data.unsubscribes.length > 0 && (
        <p className="small" data-testid="customer-unsubscribes">
          {data.data.unsubscribes
            .map((u) =>
              u.surveyId
                ? t('surveyDelivery.customer.unsubscribedFrom', { survey: u.surveyName })
                : t('surveyDelivery.customer.unsubscribedAll'),
            )
            .join(' · ')}
        </p>
      )}
      {data.data && data.data.items.length === 0 && (
        <p className="muted">{t('surveyDelivery.customer.none')}</p>
      )}
      {data.data && data.data.items.length > 0 && (
        <table className="table">
          <thead>
            <tr>
              {th('when', t('surveyDelivery.customer.when'))}
              {th('survey', t('surveyDelivery.customer.survey'))}
              {th('channel', t('surveyDelivery.customer.channel'))}
              {th('status', t('surveyDelivery.customer.status'))}
            </tr>
          </thead>
          <tbody>
            {sorted.map((i) => (
              <tr key={i.id} data-testid="survey-invitation-row">
                <td>{f.dateTime(i.createdAt)}</td>
                <td>
                  {i.surveyName}
                  {i.programName && <div className="small muted">{i.programName}</div>}
                </td>
                <td>{t(`surveyDelivery.channels.${i.channel}`, { defaultValue: i.channel })}</td>
                <td>
                  {t(`surveyDelivery.statuses.${i.status}`, { defaultValue: i.status })}
                  {i.suppressedReason && (
                    <div className="small muted" data-testid="suppressed-reason">
                      {t(`surveyDelivery.reasons.${i.suppressedReason}`, {
                        defaultValue: i.suppressedReason,
                      })}
                    </div>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  )
}
