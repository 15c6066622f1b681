import { useTranslation } from 'react-i18next'
import { Link } from 'react-router'
import { ErrorNotice } from '../../components/ErrorNotice.js'
import { useApi } from '../../use-api.js'
import { useFormat } from '../../use-format.js'
import { type ActKind, ledgerPath, loyaltyApi } from './loyalty-api.js'

/** The customer's engagement score (0–100) and the parts that made it: acts, feedback, purchase habit. */
export function CustomerEngagementPanel({
  workspaceId,
  customerId,
}: {
  workspaceId: string
  customerId: string
}) {
  const { t } = useTranslation()
  const f = useFormat()
  const engagement = useApi(`engagement:${workspaceId}:${customerId}`, () =>
    loyaltyApi.engagement(workspaceId, customerId),
  )
  const e = engagement.data
  const kinds = e ? (Object.entries(e.parts.acts.byKind) as [ActKind, number][]) : []
  return (
    <section className="card" aria-labelledby="engagement-title" data-testid="customer-engagement">
      <div className="page-header">
        <h2 className="card-title" id="engagement-title">
          {t('loyalty.engagement.title')}
        </h2>
        <div className="page-header-spacer" />
        <Link to={ledgerPath(workspaceId, customerId)}>{t('loyalty.engagement.ledger')}</Link>
      </div>
      {engagement.error && <ErrorNotice error={engagement.error} onRetry={engagement.reload} />}
      {e && (
        <>
          <div className="loyalty-figure" data-testid="engagement-score">
            {t('loyalty.engagement.score', { score: f.count(e.score) })}
          </div>
          <p className="muted">{t('loyalty.engagement.hint')}</p>
          <table className="table" data-testid="engagement-parts">
            <thead>
              <tr>
                <th>{t('loyalty.engagement.part')}</th>
                <th>{t('loyalty.engagement.because')}</th>
                <th className="num">{t('loyalty.engagement.points')}</th>
              </tr>
            </thead>
            <tbody>
              <tr data-testid="engagement-acts">
                <td>{t('loyalty.engagement.acts')}</td>
                <td className="wrap">
                  {kinds.length === 0
                    ? t('loyalty.engagement.noActs')
                    : kinds.map(([kind, n]) => `${t(`loyalty.kinds.${kind}`)} × ${f.count(n)}`).join(', ')}
                </td>
                <td className="num">{f.count(e.parts.acts.points)}</td>
              </tr>
              <tr data-testid="engagement-feedback">
                <td>{t('loyalty.engagement.feedback')}</td>
                <td>{t('loyalty.engagement.responses', { n: e.parts.feedback.responses })}</td>
                <td className="num">{f.count(e.parts.feedback.points)}</td>
              </tr>
              <tr data-testid="engagement-habit">
                <td>{t('loyalty.engagement.habit')}</td>
                <td>{t(`loyalty.engagement.habits.${e.parts.habit.state}`)}</td>
                <td className="num">{f.count(e.parts.habit.points)}</td>
              </tr>
            </tbody>
          </table>
        </>
      )}
    </section>
  )
}
