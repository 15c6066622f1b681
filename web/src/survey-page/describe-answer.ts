import type { PageQuestion } from '../../../src/surveys/page-boot.js'
import type { AnswerValue } from '../../../src/surveys/survey-path.js'

/** An answer as the respondent's chat bubble shows it: option labels, "statement: score" for a battery. */
export function describeAnswer(q: PageQuestion, value: AnswerValue): string {
  const label = (id: string) => q.options?.find((o) => o.id === id)?.label ?? id
  if (typeof value === 'number') return String(value)
  if (typeof value === 'string') return label(value)
  if (Array.isArray(value)) return value.map(label).join(', ')
  return (q.statements ?? []).map((s) => `${s.text}: ${value[s.id]}`).join('; ')
}
