import { allQuestions, type SurveyDefinition } from '../surveys/definition.js'
import type { AnswerValue } from './answers.js'

/** One column of the responses CSV of one survey: its header and how a response's answers fill it. */
export interface AnswerColumn {
  header: string
  get: (answers: Record<string, AnswerValue>) => string
}

/** An answer as one CSV cell: choices joined by ';', a battery's object as JSON. */
export function answerCell(value: AnswerValue | undefined): string {
  if (value === undefined) return ''
  if (Array.isArray(value)) return value.join(';')
  if (typeof value === 'object') return JSON.stringify(value)
  return String(value)
}

/**
 * One column per question (a battery's statements each their own): the current version's questions in its order,
 * then those only earlier versions asked, newest first, so that answers to a dropped question are not lost.
 */
export function answerColumns(current: SurveyDefinition, earlier: SurveyDefinition[]): AnswerColumn[] {
  const seen = new Set<string>()
  const columns: AnswerColumn[] = []
  for (const definition of [current, ...earlier])
    for (const q of allQuestions(definition)) {
      const parts =
        q.type === 'battery'
          ? q.statements.map((s) => ({
              header: `${q.id}.${s.id}`,
              get: (a: Record<string, AnswerValue>) =>
                answerCell((a[q.id] as Record<string, number> | undefined)?.[s.id]),
            }))
          : [{ header: q.id, get: (a: Record<string, AnswerValue>) => answerCell(a[q.id]) }]
      for (const part of parts)
        if (!seen.has(part.header)) {
          seen.add(part.header)
          columns.push(part)
        }
    }
  return columns
}
