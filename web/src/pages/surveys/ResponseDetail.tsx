import { useTranslation } from 'react-i18next'
import { ErrorNotice } from '../../components/ErrorNotice.js'
import { useApi } from '../../use-api.js'
import { type Question, type ResponseRow, surveysApi, type Text } from './surveys-api.js'

function scaleMax(q: Question): number | undefined {
  switch (q.type) {
    case 'nps':
      return 10
    case 'csat':
      return 5
    case 'ces':
      return 7
    case 'rating':
      return q.max ?? 5
    case 'battery':
      return q.points ?? 7
    default:
      return undefined
  }
}

/**
 * One response as a person reads it: each question's text in the version it was given to (a later edit does not
 * change it), then the answer in words (labels, not ids), and the hidden fields it carried.
 */
export function ResponseDetail({ workspaceId, response }: { workspaceId: string; response: ResponseRow }) {
  const { t, i18n } = useTranslation()
  const survey = useApi(`survey-version:${workspaceId}:${response.surveyId}:${response.surveyVersion}`, () =>
    surveysApi.version(workspaceId, response.surveyId, response.surveyVersion),
  )
  if (survey.error) return <ErrorNotice error={survey.error} onRetry={survey.reload} />
  if (!survey.data) return <p className="muted">{t('app.loading')}</p>
  const definition = survey.data.definition
  const text = (x: Text | undefined) =>
    x?.[i18n.language as keyof Text] ?? x?.[definition.defaultLanguage] ?? Object.values(x ?? {})[0] ?? ''
  const answerOf = (q: Question): string => {
    const value = response.answers[q.id]
    if (value === undefined) return '—'
    if ('options' in q) {
      const label = (id: unknown) => text(q.options.find((o) => o.id === id)?.label) || String(id)
      return Array.isArray(value) ? value.map(label).join(', ') : label(value)
    }
    const max = scaleMax(q)
    if (max !== undefined && typeof value === 'number') return `${value} / ${max}`
    return String(value)
  }
  const questions = definition.pages.flatMap((p) => p.questions)
  return (
    <dl className="response-detail" data-testid="response-detail">
      {questions
        .filter((q) => response.answers[q.id] !== undefined)
        .map((q) => (
          <div key={q.id}>
            <dt>{text(q.text)}</dt>
            {q.type === 'battery' && typeof response.answers[q.id] === 'object' ? (
              q.statements.map((s) => (
                <dd key={s.id}>
                  {text(s.text)}:{' '}
                  <strong>
                    {String((response.answers[q.id] as Record<string, number>)[s.id] ?? '—')} / {scaleMax(q)}
                  </strong>
                </dd>
              ))
            ) : (
              <dd>
                <strong>{answerOf(q)}</strong>
              </dd>
            )}
          </div>
        ))}
      {Object.entries(response.hidden).map(([field, value]) => (
        <div key={`hidden:${field}`}>
          <dt className="mono">{field}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  )
}
