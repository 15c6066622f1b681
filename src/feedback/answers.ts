import { type Question, questionIndex, type SurveyDefinition, scaleOf } from '../surveys/definition.js'

/** A stored answer: a score, an option id, option ids, a text, or statement id → score for a battery. */
import type { Answers, AnswerValue } from '../surveys/survey-path.js'

export type { Answers, AnswerValue } from '../surveys/survey-path.js'
export { conditionHolds, surveyPath } from '../surveys/survey-path.js'

export interface AnswerIssue {
  /** The question id (or `question.statement` for a battery row); the API reports it as the field. */
  question: string
  message: string
}

/**
 * Checks each given answer against its question (type and range); null means "cleared" and is dropped.
 * Returns the cleaned answers, or the issues naming each bad question.
 */
export function validateAnswers(
  definition: SurveyDefinition,
  given: Record<string, unknown>,
  index = questionIndex(definition),
): { answers: Answers; issues: AnswerIssue[] } {
  const answers: Answers = {}
  const issues: AnswerIssue[] = []
  for (const [id, value] of Object.entries(given)) {
    const question = index.get(id)
    if (!question) {
      issues.push({ question: id, message: 'no such question in this survey' })
      continue
    }
    if (value === null) continue
    const problem = checkAnswer(question, value)
    if (problem)
      issues.push({
        question: problem.statement ? `${id}.${problem.statement}` : id,
        message: problem.message,
      })
    else answers[id] = value as AnswerValue
  }
  return { answers, issues }
}

function checkAnswer(q: Question, value: unknown): { message: string; statement?: string } | undefined {
  const scale = scaleOf(q)
  switch (q.type) {
    case 'nps':
    case 'csat':
    case 'ces':
    case 'rating':
      return checkScore(value, scale!)
    case 'single':
      if (typeof value !== 'string') return { message: 'must be an option id (a string)' }
      return q.options.some((o) => o.id === value) ? undefined : { message: `no option ${value}` }
    case 'multiple': {
      if (!Array.isArray(value) || value.some((v) => typeof v !== 'string'))
        return { message: 'must be a list of option ids' }
      const unknown = value.find((v) => !q.options.some((o) => o.id === v))
      if (unknown !== undefined) return { message: `no option ${unknown}` }
      if (new Set(value).size !== value.length) return { message: 'an option is chosen twice' }
      if (q.maxChoices !== undefined && value.length > q.maxChoices)
        return { message: `at most ${q.maxChoices} choices` }
      return undefined
    }
    case 'text':
      if (typeof value !== 'string') return { message: 'must be a text' }
      return value.length > q.maxLength ? { message: `at most ${q.maxLength} characters` } : undefined
    case 'battery': {
      if (typeof value !== 'object' || value === null || Array.isArray(value))
        return { message: 'must be an object of statement id → score' }
      for (const [statement, score] of Object.entries(value)) {
        if (!q.statements.some((s) => s.id === statement)) return { statement, message: 'no such statement' }
        const problem = checkScore(score, scale!)
        if (problem) return { statement, message: problem.message }
      }
      return undefined
    }
  }
}

function checkScore(value: unknown, [min, max]: [number, number]): { message: string } | undefined {
  if (typeof value !== 'number' || !Number.isInteger(value))
    return { message: `must be a whole number ${min}–${max}` }
  return value < min || value > max ? { message: `must be between ${min} and ${max}` } : undefined
}
