import type { PageQuestion, PageSurvey } from '../../../src/surveys/page-boot.js'
import { type Answers, isAnswered, nextStep } from '../../../src/surveys/survey-path.js'

type Ending = { ending: string }

/** The first required question of a page that has no answer yet. */
export function firstMissingAnswer(questions: PageQuestion[], answers: Answers): PageQuestion | undefined {
  return questions.find((q) => q.required && !isAnswered(q, answers[q.id]))
}

/** Conversation mode's place: a question of a page. */
export interface ChatPosition {
  page: number
  question: number
}

/** The question after this one: the next on the page, else the first of the page skip logic leads to. */
export function chatForward(
  survey: PageSurvey,
  position: ChatPosition,
  answers: Answers,
): ChatPosition | Ending {
  const questions = survey.pages[position.page]?.questions ?? []
  if (position.question + 1 < questions.length) return { ...position, question: position.question + 1 }
  const step = nextStep(survey, position.page, answers)
  return 'ending' in step ? step : { page: step.page, question: 0 }
}

/** How many questions the survey has, skipped or not (the "n of total" in conversation mode). */
export function questionCount(survey: PageSurvey): number {
  return survey.pages.reduce((n, p) => n + p.questions.length, 0)
}
