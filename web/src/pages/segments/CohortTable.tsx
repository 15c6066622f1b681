import { useTranslation } from 'react-i18next'
import { ErrorNotice } from '../../components/ErrorNotice.js'
import { useApi } from '../../use-api.js'
import { useFormat } from '../../use-format.js'
import { heat } from './segment-colors.js'
import { segmentsApi } from './segments-api.js'

/** The retention triangle: per cohort of first-purchase month, the share buying in each following month. */
export function CohortTable({ workspaceId }: { workspaceId: string }) {
  const { t } = useTranslation()
  const f = useFormat()
  const cohorts = useApi(`segments-cohorts:${workspaceId}`, () => segmentsApi.cohorts(workspaceId))
  const rows = cohorts.fresh ? (cohorts.data?.cohorts ?? []) : []
  const width = Math.max(0, ...rows.map((c) => c.periods.length))
  const pct = (v: string) => f.percent(v, 0)
  return (
    <section className="card" aria-labelledby="cohorts-title" style={{ marginBottom: 16 }}>
      <h2 className="card-title" id="cohorts-title">
        {t('segments.cohortsTitle')}
      </h2>
      {cohorts.error && <ErrorNotice error={cohorts.error} onRetry={cohorts.reload} />}
      <div className="table-scroll">
        <table className="table cohort-table" data-testid="cohort-table">
          <thead>
            <tr>
              <th>{t('segments.cohort')}</th>
              <th>{t('segments.columns.customers')}</th>
              <th>{t('segments.repeatRate')}</th>
              {Array.from({ length: width }, (_, k) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: the month offset is the column's identity
                <th key={k}>{t('segments.month', { n: k })}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((c) => (
              <tr key={c.cohort} data-testid="cohort-row">
                <td>{c.cohort}</td>
                <td>{f.count(c.customers)}</td>
                <td>{pct(c.repeatRate)}</td>
                {c.periods.map((p) => (
                  <td
                    key={p.period}
                    style={{ background: heat(Number(p.activeShare)) }}
                    title={
                      p.retentionRate === null
                        ? undefined
                        : t('segments.retentionTip', {
                            retention: pct(p.retentionRate),
                            churn: pct(p.churnRate ?? '0'),
                          })
                    }
                  >
                    {pct(p.activeShare)}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className="muted" style={{ fontSize: 12, marginTop: 8 }}>
        {t('segments.cohortsHint')}
      </p>
    </section>
  )
}
