import { type Language, localize, type SurveyDefinition, scaleOf, type Text } from './definition.js'
import { type PageTexts, pageTexts } from './page-texts.js'
import type { Answers } from './survey-path.js'

/** A question with its texts in the page's language and its scale resolved. */
export interface PageQuestion {
  id: string
  type: string
  text: string
  description: string
  required: boolean
  min?: number
  max?: number
  minLabel?: string
  maxLabel?: string
  options?: { id: string; label: string }[]
  maxChoices?: number
  multiline?: boolean
  maxLength?: number
  statements?: { id: string; text: string }[]
}

export interface PageSurvey {
  title: string
  intro: string
  version: number
  pages: {
    id: string
    title: string
    questions: PageQuestion[]
    skip: SurveyDefinition['pages'][number]['skip']
  }[]
  endings: { id: string; title: string; message: string }[]
}

/** Everything the survey page needs, embedded in its HTML. */
export interface SurveyPageBoot {
  state: 'open' | 'completed' | 'expired' | 'withdrawn' | 'closed' | 'not_found'
  language: Language
  texts: PageTexts
  mode: 'page' | 'conversation'
  preview: boolean
  /** Where answers are posted; null in preview. */
  submitUrl: string | null
  survey: PageSurvey | null
  /** Resuming a personal link: what was saved before. */
  saved: { clientId: string; answers: Answers } | null
  hidden: Record<string, string>
  /** ?score=N from an e-mail: shown chosen on the first question, saved only after the person confirms. */
  preselect: { question: string; score: number } | null
}

/** The definition's texts in one language (falling back to the default), scales resolved. */
export function localizeSurvey(
  definition: SurveyDefinition,
  version: number,
  language: Language,
): PageSurvey {
  const t = (text: Text | undefined) => localize(text, language, definition.defaultLanguage)
  const words = pageTexts[language]
  return {
    title: t(definition.title),
    intro: t(definition.intro),
    version,
    pages: definition.pages.map((page) => ({
      id: page.id,
      title: t(page.title),
      skip: page.skip,
      questions: page.questions.map((q) => {
        const scale = scaleOf(q)
        const out: PageQuestion = {
          id: q.id,
          type: q.type,
          text: t(q.text),
          description: t(q.description),
          required: q.required,
        }
        if (scale) {
          const [low, high] =
            q.type === 'nps'
              ? [words.npsLow, words.npsHigh]
              : q.type === 'csat'
                ? [words.csatLow, words.csatHigh]
                : q.type === 'ces' || q.type === 'battery'
                  ? [words.agreeLow, words.agreeHigh]
                  : ['', '']
          Object.assign(out, {
            min: scale[0],
            max: scale[1],
            minLabel: ('minLabel' in q && q.minLabel ? t(q.minLabel) : '') || low,
            maxLabel: ('maxLabel' in q && q.maxLabel ? t(q.maxLabel) : '') || high,
          })
        }
        if (q.type === 'single' || q.type === 'multiple')
          out.options = q.options.map((o) => ({ id: o.id, label: t(o.label) }))
        if (q.type === 'multiple' && q.maxChoices) out.maxChoices = q.maxChoices
        if (q.type === 'text') Object.assign(out, { multiline: q.multiline, maxLength: q.maxLength })
        if (q.type === 'battery') out.statements = q.statements.map((s) => ({ id: s.id, text: t(s.text) }))
        return out
      }),
    })),
    endings: definition.endings.map((e) => ({ id: e.id, title: t(e.title), message: t(e.message) })),
  }
}
