import { useTranslation } from 'react-i18next'
import { Link } from 'react-router'
import { useClientSort } from '../../components/SortableTh.js'
import { useFormat } from '../../use-format.js'
import { formatInterval, formatValue } from './format-estimate.js'
import { type PainPoint, responsesLink, type WindowBounds } from './insights-api.js'

/** Touchpoints ranked by harm, each number leading to the responses behind it, with the newest comments. */
export function PainPointsTable({
  workspaceId,
  bounds,
  items,
}: {
  workspaceId: string
  bounds: WindowBounds
  items: PainPoint[]
}) {
  const { t, i18n } = useTranslation()
  const f = useFormat()
  const money = (value: string) => f.money(value)
  const { sorted, th } = useClientSort(items, {
    touchpoint: { value: (p) => p.touchpoint },
    negativeShare: { value: (p) => p.negativeShare.value, firstDir: 'desc' },
    volume: { value: (p) => p.volume, firstDir: 'desc' },
    customersAffected: { value: (p) => p.customersAffected, firstDir: 'desc' },
    valueAffected: { value: (p) => Number(p.valueAffected), firstDir: 'desc' },
    harm: { value: (p) => Number(p.harm), firstDir: 'desc' },
    trend: { value: (p) => p.change?.difference, firstDir: 'desc' },
  })
  if (items.length === 0) return <div className="muted">{t('insights.noAnswers')}</div>
  return (
    <table className="table" data-testid="insight-pain-points">
      <thead>
        <tr>
          {th('touchpoint', t('insights.touchpoint'))}
          {th('negativeShare', t('insights.negativeShare'))}
          <th>{t('insights.ci95')}</th>
          {th('volume', t('insights.volume'))}
          {th('customersAffected', t('insights.customersAffected'))}
          {th('valueAffected', t('insights.valueAffected'))}
          {th('harm', t('insights.harm'))}
          {th('trend', t('insights.trend'))}
          <th>{t('insights.comments')}</th>
        </tr>
      </thead>
      <tbody>
        {sorted.map((p) => (
          <tr key={p.touchpoint} data-testid="insight-pain-point-row">
            <td>
              <Link to={responsesLink(workspaceId, bounds, { touchpoint: p.touchpoint })}>
                {p.touchpoint}
              </Link>
            </td>
            <td>{formatValue(p.negativeShare.value, i18n.language)} %</td>
            <td>{formatInterval(p.negativeShare, i18n.language)}</td>
            <td>
              <Link
                to={responsesLink(workspaceId, bounds, { touchpoint: p.touchpoint })}
                data-testid="insight-pain-point-volume"
              >
                {f.count(p.volume)}
              </Link>
            </td>
            <td>{f.count(p.customersAffected)}</td>
            <td>{money(p.valueAffected)}</td>
            <td data-testid="insight-pain-point-harm">{money(p.harm)}</td>
            <td title={p.change ? t('insights.changeTitle', { p: f.number(p.change.pValue, 3) }) : undefined}>
              {p.change
                ? `${p.change.difference > 0 ? '+' : ''}${formatValue(p.change.difference, i18n.language)}${p.change.significant ? ' *' : ''}`
                : '—'}
            </td>
            <td>
              {p.comments.map((c) => (
                <div key={c.responseId} className="muted">
                  “{c.text}”
                </div>
              ))}
              {p.themes.length > 0 && (
                <div className="small" data-testid="insight-pain-point-themes">
                  {t('understanding.tabs.themes')}:{' '}
                  {p.themes.map((th, i) => (
                    <span key={th.key}>
                      {i > 0 && ', '}
                      <Link
                        to={`/w/${encodeURIComponent(workspaceId)}/feedback/themes?touchpoint=${encodeURIComponent(p.touchpoint)}&theme=${encodeURIComponent(th.key)}`}
                      >
                        {th.name}
                      </Link>{' '}
                      ({f.count(th.comments)})
                    </span>
                  ))}
                </div>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}
