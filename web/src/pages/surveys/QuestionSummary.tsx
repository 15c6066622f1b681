import { lazy, Suspense } from 'react'
import { useTranslation } from 'react-i18next'
import { ErrorNotice } from '../../components/ErrorNotice.js'
import { useApi } from '../../use-api.js'
import { useFormat } from '../../use-format.js'
import { type QuestionSummaryRow, type ResponseFilter, surveysApi, type Text } from './surveys-api.js'

const EChart = lazy(() => import('../../components/EChart.js').then((m) => ({ default: m.EChart })))

/** Each question of one survey as a chart of its answers with n, for the responses the filters select. */
export function QuestionSummary({ workspaceId, filter }: { workspaceId: string; filter: ResponseFilter }) {
  const { t, i18n } = useTranslation()
  const f = useFormat()
  const surveyId = filter.surveyId ?? ''
  const survey = useApi(`survey:${workspaceId}:${surveyId}`, () => surveysApi.get(workspaceId, surveyId))
  const summary = useApi(`responses-summary:${workspaceId}:${JSON.stringify(filter)}`, () =>
    surveysApi.summary(workspaceId, { ...filter, surveyId }),
  )
  const error = survey.error ?? summary.error
  const retry = () => {
    survey.reload()
    summary.reload()
  }
  if (error) return <ErrorNotice error={error} onRetry={retry} />
  if (!survey.data || !summary.data) return <p className="muted">{t('app.loading')}</p>
  const definition = survey.data.definition
  const text = (x: Text | undefined) =>
    x?.[i18n.language as keyof Text] ?? x?.[definition.defaultLanguage] ?? Object.values(x ?? {})[0] ?? ''
  const questions = definition.pages.flatMap((p) => p.questions)

  function title(row: QuestionSummaryRow): string {
    const q = questions.find((x) => x.id === row.questionId)
    if (!q) return row.questionId
    if (q.type === 'battery' && row.statementId)
      return `${text(q.text)} — ${text(q.statements.find((s) => s.id === row.statementId)?.text)}`
    return text(q.text)
  }
  function label(row: QuestionSummaryRow, value: string): string {
    const q = questions.find((x) => x.id === row.questionId)
    if (q && 'options' in q) return text(q.options.find((o) => o.id === value)?.label) || value
    return value
  }

  return (
    <section
      className="question-summary"
      aria-label={t('surveys.summary.title')}
      data-testid="question-summary"
    >
      <p className="muted small">
        {t('surveys.summary.intro', {
          count: summary.data.responses,
          n: f.count(summary.data.responses),
        })}
      </p>
      <div className="question-summary-grid">
        {summary.data.questions.map((row) => (
          <div
            className="card"
            key={`${row.questionId}.${row.statementId ?? ''}`}
            data-testid="question-summary-card"
          >
            <h3 className="card-title small">{title(row)}</h3>
            <div className="muted small" data-testid="question-summary-n">
              n = {f.count(row.n)}
              {row.mean !== null && (
                <>
                  {' · '}
                  {t('surveys.summary.mean')} {f.number(row.mean, 2)}
                </>
              )}
            </div>
            {row.values.length > 0 && row.n > 0 && (
              <Suspense fallback={null}>
                <EChart
                  height={Math.max(
                    140,
                    row.type === 'single' || row.type === 'multiple' ? row.values.length * 28 : 160,
                  )}
                  label={t('surveys.summary.chartLabel', { question: title(row) })}
                  option={
                    row.type === 'single' || row.type === 'multiple'
                      ? {
                          tooltip: {},
                          grid: { left: 8, right: 24, top: 8, bottom: 8, containLabel: true },
                          xAxis: { type: 'value', minInterval: 1 },
                          yAxis: {
                            type: 'category',
                            inverse: true,
                            data: row.values.map((v) => label(row, v.value)),
                          },
                          series: [{ type: 'bar', data: row.values.map((v) => v.count) }],
                        }
                      : {
                          tooltip: {},
                          grid: { left: 8, right: 8, top: 8, bottom: 8, containLabel: true },
                          xAxis: { type: 'category', data: row.values.map((v) => v.value) },
                          yAxis: { type: 'value', minInterval: 1 },
                          series: [{ type: 'bar', data: row.values.map((v) => v.count) }],
                        }
                  }
                />
              </Suspense>
            )}
            {row.type === 'text' && <p className="muted small">{t('surveys.summary.textAnswers')}</p>}
          </div>
        ))}
      </div>
    </section>
  )
}
