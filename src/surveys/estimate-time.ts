import type { Question, SurveyDefinition } from './definition.js'

/** Above this the builder warns: the interview should take at most four minutes. */
export const MAX_RECOMMENDED_SECONDS = 240

const WORDS_PER_SECOND = 4 // silent reading, ~240 words a minute

function words(text: Record<string, string | undefined>, language: string): number {
  return (text[language] ?? Object.values(text)[0] ?? '').split(/\s+/).filter(Boolean).length
}

/** Seconds to read and answer one question: reading time plus a per-type answering time. */
export function questionSeconds(question: Question, language: string): number {
  const reading = words(question.text, language) / WORDS_PER_SECOND
  switch (question.type) {
    case 'nps':
    case 'csat':
    case 'ces':
    case 'rating':
      return reading + 4
    case 'single':
      return reading + 3 + 1.5 * question.options.length
    case 'multiple':
      return reading + 4 + 2 * question.options.length
    case 'text':
      return reading + (question.multiline ? 40 : 15)
    case 'battery':
      return (
        reading +
        question.statements.reduce((sum, s) => sum + words(s.text, language) / WORDS_PER_SECOND + 3, 0)
      )
  }
}

/** The estimated completion time of the longest path (every page), rounded up to whole seconds. */
export function estimateSeconds(definition: SurveyDefinition): number {
  const language = definition.defaultLanguage
  const perPage = 3 // reading a heading, pressing "next"
  const total = definition.pages.reduce(
    (sum, page) => sum + perPage + page.questions.reduce((s, q) => s + questionSeconds(q, language), 0),
    0,
  )
  return Math.ceil(total)
}
