import { useTranslation } from 'react-i18next'
import { Link } from 'react-router'
import { useFormat } from '../../use-format.js'
import { formatInterval, formatValue } from './format-estimate.js'
import type { MetricRow } from './insights-api.js'

export interface Headline {
  key: string
  label: string
  row: MetricRow | undefined
  digits: number
  /** The card's number as CSV. */
  csv?: string
  /** The responses page behind the number. */
  responses?: string
}

/** Headline metrics, each with its interval and n; a value below the minimum n is greyed. */
export function HeadlineCards({ headlines }: { headlines: Headline[] }) {
  const { t, i18n } = useTranslation()
  const f = useFormat()
  return (
    <div style={grid}>
      {headlines.map(({ key, label, row, digits, csv, responses }) => (
        <section
          key={key}
          className={row?.belowMinN ? 'card below-min-n' : 'card'}
          data-testid={`insight-headline-${key}`}
        >
          <div className="muted">{label}</div>
          <div style={{ fontSize: 32, fontWeight: 600 }} data-testid={`insight-headline-${key}-value`}>
            {responses ? (
              <Link to={responses} data-testid={`insight-headline-${key}-responses`}>
                {formatValue(row?.value ?? null, i18n.language, digits)}
              </Link>
            ) : (
              formatValue(row?.value ?? null, i18n.language, digits)
            )}
          </div>
          <div className="muted" data-testid={`insight-headline-${key}-interval`}>
            {row ? t('insights.interval', { interval: formatInterval(row, i18n.language, digits) }) : '—'}
          </div>
          <div className="muted">
            {t('insights.answers', { n: f.count(row?.n ?? 0) })}
            {row?.belowMinN ? ` · ${t('insights.belowMinN')}` : ''}
          </div>
          {row?.change && (
            <div className="muted" data-testid={`insight-headline-${key}-change`}>
              {t(row.change.significant ? 'insights.changeSignificant' : 'insights.changeNotSignificant', {
                difference: `${row.change.difference > 0 ? '+' : ''}${formatValue(row.change.difference, i18n.language, digits)}`,
              })}
            </div>
          )}
          {csv && (
            <a className="muted" href={csv} download data-testid={`insight-headline-${key}-csv`}>
              {t('insights.csv')}
            </a>
          )}
        </section>
      ))}
    </div>
  )
}

const grid = { display: 'grid', gridTemplateColumns: 'repeat(auto-fit, minmax(200px, 1fr))', gap: 16 }
