import { useTranslation } from 'react-i18next'
import { useFormat } from '../../../use-format.js'
import type { Estimate } from '../surveys-api.js'

/** The time the survey takes to answer (flagged when too long), or the first five problems of the draft. */
export function EstimateCard({ estimate }: { estimate: Estimate | null }) {
  const { t } = useTranslation()
  const f = useFormat()
  return (
    <div className="card" data-testid="builder-estimate">
      {estimate?.valid ? (
        <p className={estimate.estimateWarning ? 'notice notice-error' : ''}>
          {t('surveys.builder.estimate', { time: f.duration(estimate.estimatedSeconds ?? 0) })}
          {estimate.estimateWarning ? ` ${t('surveys.tooLong')}` : ''}
        </p>
      ) : estimate ? (
        <ul className="notice notice-error" data-testid="builder-issues">
          {estimate.issues.slice(0, 5).map((i) => (
            <li key={`${i.field}:${i.message}`}>
              <span className="mono">{i.field}</span>: {i.message}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  )
}
