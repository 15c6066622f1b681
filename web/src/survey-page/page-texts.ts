import type { SurveyPageBoot } from '../../../src/surveys/page-boot.js'
import type { PageTexts } from '../../../src/surveys/page-texts.js'

/** Puts a value in place of a `{name}` placeholder (the first) of a text in the page's language. */
export function fillText(text: string, name: string, value: string | number): string {
  return text.replace(`{${name}}`, String(value))
}

/** What the page says instead of the survey when it cannot be answered. */
export function stateText(texts: PageTexts, state: SurveyPageBoot['state']): string {
  const byState: Partial<Record<SurveyPageBoot['state'], string>> = {
    completed: texts.completed,
    expired: texts.expired,
    withdrawn: texts.withdrawn,
    closed: texts.closed,
    not_found: texts.notFound,
  }
  return byState[state] ?? texts.notFound
}
