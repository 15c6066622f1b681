import { useTranslation } from 'react-i18next'
import { useFormat } from '../../../use-format.js'
import type { Estimate } from '../surveys-api.js'
import { serverIssues } from './draft-issues.js'
import { issueText } from './IssueText.js'

/**
 * The time the survey takes to answer (flagged when too long), or the first five problems of the draft as the
 * server finds them, in the dashboard's language.
 */
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
        <ul className="notice notice-error" data-testid="builder-estimate-issues">
          {serverIssues(estimate.issues.map((i) => ({ ...i, field: `definition.${i.field}` })))
            .slice(0, 5)
            .map((i) => (
              <li key={`${i.field}:${i.key}`}>
                <span className="mono">{i.field.replace(/^definition\./, '')}</span>: {issueText(i, t)}
              </li>
            ))}
        </ul>
      ) : null}
    </div>
  )
}
