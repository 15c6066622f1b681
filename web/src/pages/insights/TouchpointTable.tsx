import { useTranslation } from 'react-i18next'
import { Link } from 'react-router'
import { formatCount } from '../../format.js'
import { formatInterval, formatValue } from './format-estimate.js'
import type { MetricRow } from './insights-api.js'

/** Transactional NPS per touchpoint, each leading to its responses; a row below the minimum n is greyed. */
export function TouchpointTable({
  rows,
  responses,
}: {
  rows: MetricRow[]
  /** The responses page of a touchpoint, once the window's instants are known. */
  responses?: (touchpoint: string) => string
}) {
  const { t, i18n } = useTranslation()
  if (rows.length === 0) return <div className="muted">{t('insights.noAnswers')}</div>
  return (
    <table className="table" data-testid="insight-touchpoints">
      <thead>
        <tr>
          <th>{t('insights.touchpoint')}</th>
          <th>{t('insights.nps')}</th>
          <th>{t('insights.ci95')}</th>
          <th>{t('insights.n')}</th>
          <th>{t('insights.promoters')}</th>
          <th>{t('insights.detractors')}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr
            key={r.touchpoint}
            data-testid="insight-touchpoint-row"
            className={r.belowMinN ? 'muted' : undefined}
            title={r.belowMinN ? t('insights.belowMinN') : undefined}
          >
            <td>{r.touchpoint}</td>
            <td>
              {responses && r.touchpoint !== undefined ? (
                <Link to={responses(r.touchpoint)}>{formatValue(r.value, i18n.language)}</Link>
              ) : (
                formatValue(r.value, i18n.language)
              )}
            </td>
            <td>{formatInterval(r, i18n.language)}</td>
            <td>{formatCount(r.n, i18n.language)}</td>
            <td>{formatCount(r.counts.promoters ?? 0, i18n.language)}</td>
            <td>{formatCount(r.counts.detractors ?? 0, i18n.language)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}
