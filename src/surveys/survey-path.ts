// Skip logic, shared by the server (checking a completed response) and the survey page in the browser:
// no imports but types, so that the page bundle stays small.

/** A stored answer: a score, an option id, option ids, a text, or statement id → score for a battery. */
export type AnswerValue = number | string | string[] | Record<string, number>
export type Answers = Record<string, AnswerValue>

export interface PathCondition {
  question: string
  op: 'eq' | 'neq' | 'lt' | 'lte' | 'gt' | 'gte' | 'includes' | 'answered' | 'not_answered'
  value?: number | string | undefined
}

/** The shape skip logic needs: localized and raw definitions both fit. */
export interface PathSurvey {
  pages: {
    id: string
    questions: { id: string; type: string; required: boolean; statements?: { id: string }[] }[]
    skip: { when: PathCondition; goTo: { page: string } | { ending: string } }[]
  }[]
  endings: { id: string }[]
}

/** Whether a question counts as answered (a battery needs every statement). */
export function isAnswered(
  question: PathSurvey['pages'][number]['questions'][number],
  value: AnswerValue | undefined,
): boolean {
  if (value === undefined || value === null) return false
  if (Array.isArray(value)) return value.length > 0
  if (typeof value === 'string') return value.trim() !== ''
  if (typeof value === 'object' && question.type === 'battery')
    return (question.statements ?? []).every((s) => value[s.id] !== undefined)
  return true
}

/** Whether a skip condition holds for the answers given so far. */
export function conditionHolds(condition: PathCondition, answers: Answers): boolean {
  const value = answers[condition.question]
  switch (condition.op) {
    case 'answered':
      return value !== undefined
    case 'not_answered':
      return value === undefined
    case 'includes':
      return Array.isArray(value) && value.includes(String(condition.value))
    case 'eq':
      return value === condition.value
    case 'neq':
      return value !== condition.value
  }
  if (typeof value !== 'number' || typeof condition.value !== 'number') return false
  if (condition.op === 'lt') return value < condition.value
  if (condition.op === 'lte') return value <= condition.value
  if (condition.op === 'gt') return value > condition.value
  return value >= condition.value
}

/** Where to go after a page: the first skip rule that holds, else the next page (null = the end). */
export function nextStep(
  survey: PathSurvey,
  pageIndex: number,
  answers: Answers,
): { page: number } | { ending: string } {
  const page = survey.pages[pageIndex]
  if (page === undefined) throw new Error(`the survey has no page ${pageIndex}`)
  const rule = page.skip.find((r) => conditionHolds(r.when, answers))
  if (rule && 'ending' in rule.goTo) return { ending: rule.goTo.ending }
  if (rule && 'page' in rule.goTo) {
    const target = rule.goTo.page
    return { page: survey.pages.findIndex((x) => x.id === target) }
  }
  if (pageIndex + 1 < survey.pages.length) return { page: pageIndex + 1 }
  const [ending] = survey.endings
  if (ending === undefined) throw new Error('the survey has no ending')
  return { ending: ending.id }
}

/**
 * Walks the pages as the person would: after each page the first skip rule that holds jumps forward
 * (to a page or an ending). Returns the pages shown, the ending reached (the first ending when none
 * jumps) and the required questions on the way that are still unanswered.
 */
export function surveyPath(
  survey: PathSurvey,
  answers: Answers,
): { pages: string[]; ending: string; missing: string[] } {
  const pages: string[] = []
  const missing: string[] = []
  let p = 0
  for (;;) {
    const page = survey.pages[p]
    if (page === undefined) throw new Error(`the survey has no page ${p}`)
    pages.push(page.id)
    for (const q of page.questions) if (q.required && !isAnswered(q, answers[q.id])) missing.push(q.id)
    const next = nextStep(survey, p, answers)
    if ('ending' in next) return { pages, ending: next.ending, missing }
    p = next.page
  }
}
