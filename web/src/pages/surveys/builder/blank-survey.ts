import type { Language, NewSurvey } from '../surveys-api.js'
import { newQuestion } from './survey-draft.js'

/** The words a blank survey starts with, in the dashboard's language. */
export interface BlankWords {
  name: string
  question: string
  thanks: string
}

/**
 * A blank draft in one language: one page with one free-text question (a page needs a question) and a thank-you
 * ending, for the person to build on.
 */
export function blankSurvey(language: Language, words: BlankWords): NewSurvey {
  const question = newQuestion('text', 'q1', language)
  return {
    name: words.name,
    touchpoint: 'general',
    npsKind: 'transactional',
    definition: {
      defaultLanguage: language,
      languages: [language],
      title: { [language]: words.name },
      pages: [{ id: 'page1', questions: [{ ...question, text: { [language]: words.question } }] }],
      endings: [{ id: 'thanks', title: { [language]: words.thanks } }],
    },
  }
}
