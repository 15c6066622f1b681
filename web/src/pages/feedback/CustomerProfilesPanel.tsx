import { useTranslation } from 'react-i18next'
import { CustomerPanel, type CustomerPanelProps } from '../../components/CustomerPanel.js'
import { formatDate } from '../../format.js'
import { type CustomerProfiles, driversApi } from './drivers-api.js'
import './diagnosis.css'

type Battery = NonNullable<CustomerProfiles['forces']>

/** On the customer page, beside the diagnosis: their own commitment profile (with its warning) and forces profile. */
export function CustomerProfilesPanel({ workspaceId, customerId }: CustomerPanelProps) {
  const { t } = useTranslation()
  return (
    <CustomerPanel
      id="profiles-panel"
      title={t('drivers.customerPanel.title')}
      testId="customer-profiles-panel"
      apiKey={`customer-profiles:${workspaceId}:${customerId}`}
      load={() => driversApi.customer(workspaceId, customerId)}
      unavailable={t('drivers.customerPanel.unavailable')}
    >
      {(p) => (
        <>
          <div className="profile-pair">
            <div data-testid="customer-commitment-profile">
              {p.commitment?.heldWithoutAttachment && (
                <div className="notice notice-error" role="status" data-testid="customer-held-warning">
                  {t('drivers.heldWithoutAttachment')}
                </div>
              )}
              <ProfileTable battery="commitment" profile={p.commitment} />
            </div>
            <div data-testid="customer-forces-profile">
              <ProfileTable battery="forces" profile={p.forces} />
            </div>
          </div>
          <p className="muted small">{t('drivers.commitmentHint')}</p>
        </>
      )}
    </CustomerPanel>
  )
}

function ProfileTable({ battery, profile }: { battery: 'commitment' | 'forces'; profile: Battery | null }) {
  const { t, i18n } = useTranslation()
  const caption = t(`drivers.customerPanel.${battery}`)
  if (!profile)
    return (
      <p className="muted">
        {caption}: {t('drivers.customerPanel.notAnswered')}
      </p>
    )
  return (
    <table className="table profile-table">
      <caption>
        {caption} ·{' '}
        {t('drivers.customerPanel.answered', { date: formatDate(profile.answeredAt, i18n.language) })}
      </caption>
      <tbody>
        {profile.dimensions.map((d) => {
          const mean = profile.scores[d] ?? 0
          return (
            <tr key={d} data-testid={`customer-profile-${d}`}>
              <th scope="row">{t(`drivers.dimensions.${d}`, { defaultValue: d })}</th>
              <td className="num">{mean.toLocaleString(i18n.language, { maximumFractionDigits: 1 })}</td>
              <td className="profile-bar-cell" aria-hidden="true">
                <span className="profile-bar" style={{ width: `${((mean - 1) / 6) * 100}%` }} />
              </td>
            </tr>
          )
        })}
      </tbody>
    </table>
  )
}
