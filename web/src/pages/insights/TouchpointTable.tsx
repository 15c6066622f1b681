import { useTranslation } from 'react-i18next'
import { Link } from 'react-router'
import { SortableTh, useClientSort } from '../../components/SortableTh.js'
import { useFormat } from '../../use-format.js'
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
  const f = useFormat()
  const { sorted, sort, onSort } = useClientSort(rows, {
    touchpoint: { value: (r) => r.touchpoint },
    nps: { value: (r) => r.value, firstDir: 'desc' },
    n: { value: (r) => r.n, firstDir: 'desc' },
    promoters: { value: (r) => r.counts.promoters ?? 0, firstDir: 'desc' },
    detractors: { value: (r) => r.counts.detractors ?? 0, firstDir: 'desc' },
  })
  if (rows.length === 0) return <div className="muted">{t('insights.noAnswers')}</div>
  const th = (column: 'touchpoint' | 'nps' | 'n' | 'promoters' | 'detractors') => (
    <SortableTh column={column} label={t(`insights.${column}`)} sort={sort} onSort={onSort} />
  )
  return (
    <table className="table" data-testid="insight-touchpoints">
      <thead>
        <tr>
          {th('touchpoint')}
          {th('nps')}
          <th>{t('insights.ci95')}</th>
          {th('n')}
          {th('promoters')}
          {th('detractors')}
        </tr>
      </thead>
      <tbody>
        {sorted.map((r) => (
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
            <td>{f.count(r.n)}</td>
            <td>{f.count(r.counts.promoters ?? 0)}</td>
            <td>{f.count(r.counts.detractors ?? 0)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}
