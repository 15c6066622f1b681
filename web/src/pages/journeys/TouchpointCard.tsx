import { useTranslation } from 'react-i18next'
import { Link } from 'react-router'
import { useFormat } from '../../use-format.js'
import { formatCi, formatEmotion, formatMinutes, formatOne } from './journey-format.js'
import type { PromiseResult, Touchpoint, TouchpointExperience } from './journeys-api.js'

const metricKeys = ['nps', 'csat', 'ces'] as const

/**
 * A touchpoint on the map: channel, owner, volume, its metrics with their intervals, intended against measured
 * emotion, the promises with how often they were kept and how long they really took, pain and open cases.
 */
export function TouchpointCard({
  workspaceId,
  touchpoint,
  experience,
}: {
  workspaceId: string
  touchpoint: Touchpoint
  experience: TouchpointExperience | undefined
}) {
  const { t, i18n } = useTranslation()
  const f = useFormat()
  const locale = i18n.language
  const e = experience
  const metrics = e ? metricKeys.flatMap((k) => (e.metrics[k] ? [[k, e.metrics[k]] as const] : [])) : []
  const gap = e?.emotion.gap ?? null
  const headingId = `tp-${touchpoint.id}`
  return (
    <article
      className={`journey-card${gap !== null && gap <= -1 ? ' journey-card-dip' : ''}`}
      aria-labelledby={headingId}
      data-testid={`journey-touchpoint-${touchpoint.key}`}
    >
      <h3 className="journey-card-title" id={headingId}>
        {touchpoint.name}
      </h3>
      <div className="journey-card-meta muted small">
        {touchpoint.channel && <span className="badge">{touchpoint.channel}</span>}
        {touchpoint.owner && (
          <span>
            {t('journeys.owner')}: {touchpoint.owner.name ?? '—'}
          </span>
        )}
      </div>
      {touchpoint.intendedThought && <p className="journey-thought">“{touchpoint.intendedThought}”</p>}
      <dl className="journey-facts">
        <div>
          <dt>{t('journeys.volume')}</dt>
          <dd data-testid="tp-volume">
            {e
              ? t('journeys.volumeValue', {
                  events: f.count(e.volume),
                  customers: f.count(e.customers),
                })
              : '—'}
          </dd>
        </div>
        {metrics.map(([key, m]) => (
          <div key={key} className={m.belowMinN ? 'below-min-n' : undefined}>
            <dt>{t(`journeys.metrics.${key}`)}</dt>
            <dd data-testid={`tp-score-${key}`} title={m.belowMinN ? t('journeys.belowMinN') : undefined}>
              <strong>{formatOne(m.value, locale)}</strong>{' '}
              <span className="muted small">
                {formatCi(m, locale)} · n {f.count(m.n)}
              </span>
            </dd>
          </div>
        ))}
        <div>
          <dt>{t('journeys.emotion')}</dt>
          <dd data-testid="tp-emotion">
            {t('journeys.emotionValue', {
              intended: formatEmotion(touchpoint.intendedEmotion, locale),
              measured: formatEmotion(e?.emotion.measured.value, locale),
            })}
            {gap !== null && (
              <span className={gap < 0 ? ' journey-worse' : ' journey-better'}>
                {' '}
                ({t('journeys.gap')} {formatEmotion(gap, locale)})
              </span>
            )}
          </dd>
        </div>
        {e && e.painPoint.negatives > 0 && (
          <div>
            <dt>{t('journeys.painPoint')}</dt>
            <dd data-testid="tp-pain">
              {t('journeys.painValue', {
                negatives: f.count(e.painPoint.negatives),
                share: formatOne(e.painPoint.negativeShare.value, locale),
              })}
            </dd>
          </div>
        )}
        {e && e.openCases > 0 && (
          <div>
            <dt>{t('journeys.openCases')}</dt>
            <dd>
              <Link to={`/w/${encodeURIComponent(workspaceId)}/cases`} data-testid="tp-open-cases">
                {f.count(e.openCases)}
              </Link>
            </dd>
          </div>
        )}
      </dl>
      {(e?.promises ?? []).map((p) => (
        <PromiseFacts key={p.id} promise={p} />
      ))}
      {touchpoint.surveys.length > 0 && (
        <div className="muted small">
          {t('journeys.surveys')}:{' '}
          {touchpoint.surveys.map((s, i) => (
            <span key={s.id}>
              {i > 0 && ', '}
              <Link to={`/w/${encodeURIComponent(workspaceId)}/surveys/${encodeURIComponent(s.id)}`}>
                {s.name}
              </Link>
            </span>
          ))}
        </div>
      )}
    </article>
  )
}

/** A promise: kept rate with its interval, counts, and the distribution of actual times as small bars. */
function PromiseFacts({ promise: p }: { promise: PromiseResult }) {
  const { t, i18n } = useTranslation()
  const f = useFormat()
  const locale = i18n.language
  const most = Math.max(1, ...p.times.buckets.map((b) => b.count))
  return (
    <div className="journey-promise" data-testid="tp-promise">
      <div>
        <strong>{p.name}</strong>{' '}
        <span className="muted small">
          {p.startEvent} → {p.endEvent} ≤ {formatMinutes(p.limitMinutes, locale)}
          {p.businessHours ? ` (${t('journeys.businessHoursShort')})` : ''}
        </span>
      </div>
      <div>
        {t('journeys.kept')}:{' '}
        <strong data-testid="tp-promise-kept">{formatOne(p.keptRate.value, locale)} %</strong>{' '}
        <span className="muted small">{formatCi(p.keptRate, locale)}</span>
      </div>
      <div className="muted small">
        {t('journeys.promiseCounts', {
          made: f.count(p.made),
          kept: f.count(p.kept),
          broken: f.count(p.broken),
          pending: f.count(p.pending),
        })}
      </div>
      <div className="muted small">
        {t('journeys.actualTimes', {
          p50: formatMinutes(p.times.p50, locale),
          p90: formatMinutes(p.times.p90, locale),
        })}
      </div>
      <ul className="journey-buckets" aria-label={t('journeys.timesDistribution')}>
        {p.times.buckets.map((b) => {
          const late = b.upToMinutes === null || b.upToMinutes > p.limitMinutes
          const label =
            b.upToMinutes === null
              ? t('journeys.bucketMore')
              : t('journeys.bucketUpTo', { time: formatMinutes(b.upToMinutes, locale) })
          return (
            <li key={b.upToMinutes ?? 'more'} title={`${label}: ${b.count}`}>
              <span className="journey-bucket-label">{label}</span>
              <span
                className={`journey-bucket-bar${late ? ' late' : ''}`}
                style={{ width: `${(b.count / most) * 100}%` }}
              />
              <span className="journey-bucket-count">{f.count(b.count)}</span>
            </li>
          )
        })}
      </ul>
    </div>
  )
}
