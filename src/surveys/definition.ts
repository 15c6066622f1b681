import { z } from 'zod'

/**
 * The survey definition: a validated JSON document of pages of questions, skip rules, hidden fields,
 * endings and texts in one or more languages. Parse with `parseDefinition`; types come from the schemas.
 */

export const languages = ['en', 'uk', 'ru', 'pl', 'lv'] as const
export const languageSchema = z.enum(languages)
export type Language = z.infer<typeof languageSchema>

const idSchema = z
  .string()
  .regex(/^[a-z][a-z0-9_]{0,62}$/, 'must be lowercase letters, digits and _ (starting with a letter)')

/** A text in several languages: { en: '…', uk: '…' }; the survey's default language is required. */
export const textSchema = z.partialRecord(languageSchema, z.string().max(2000))
export type Text = z.infer<typeof textSchema>

const base = {
  id: idSchema,
  text: textSchema,
  description: textSchema.optional(),
  required: z.boolean().default(true),
}
const optionSchema = z.object({ id: idSchema, label: textSchema })
const scaleLabels = { minLabel: textSchema.optional(), maxLabel: textSchema.optional() }

export const questionSchema = z.discriminatedUnion('type', [
  /** 0–10, "How likely are you to recommend…" */
  z.object({ ...base, type: z.literal('nps'), ...scaleLabels }),
  /** 1–5 satisfaction. */
  z.object({ ...base, type: z.literal('csat'), ...scaleLabels }),
  /** CES 2.0: 1–7 agreement with "… made it easy for me to …". */
  z.object({ ...base, type: z.literal('ces'), ...scaleLabels }),
  z.object({
    ...base,
    type: z.literal('rating'),
    min: z.number().int().min(0).max(1).default(1),
    max: z.number().int().min(2).max(10).default(5),
    ...scaleLabels,
  }),
  z.object({ ...base, type: z.literal('single'), options: z.array(optionSchema).min(2).max(30) }),
  z.object({
    ...base,
    type: z.literal('multiple'),
    options: z.array(optionSchema).min(2).max(30),
    maxChoices: z.number().int().min(1).optional(),
  }),
  z.object({
    ...base,
    type: z.literal('text'),
    multiline: z.boolean().default(true),
    maxLength: z.number().int().min(1).max(5000).default(2000),
  }),
  /** A grid of statements answered on one agreement scale (1…points). */
  z.object({
    ...base,
    type: z.literal('battery'),
    points: z.number().int().min(3).max(11).default(7),
    ...scaleLabels,
    statements: z
      .array(z.object({ id: idSchema, text: textSchema }))
      .min(1)
      .max(30),
  }),
])
export type Question = z.infer<typeof questionSchema>
export type QuestionType = Question['type']

/** A condition on an earlier answer; `answered` ignores value. */
export const conditionSchema = z.object({
  question: idSchema,
  op: z.enum(['eq', 'neq', 'lt', 'lte', 'gt', 'gte', 'includes', 'answered', 'not_answered']),
  value: z.union([z.number(), z.string()]).optional(),
})
export type Condition = z.infer<typeof conditionSchema>

/** After the page: the first rule whose condition holds jumps to a page or an ending. */
export const skipRuleSchema = z.object({
  when: conditionSchema,
  goTo: z.union([z.object({ page: idSchema }), z.object({ ending: idSchema })]),
})
export type SkipRule = z.infer<typeof skipRuleSchema>

export const pageSchema = z.object({
  id: idSchema,
  /** A heading that groups questions (for example "Impressions", "Expectations"). */
  title: textSchema.optional(),
  questions: z.array(questionSchema).min(1).max(50),
  skip: z.array(skipRuleSchema).max(20).default([]),
})
export type Page = z.infer<typeof pageSchema>

export const endingSchema = z.object({ id: idSchema, title: textSchema, message: textSchema.optional() })
export type Ending = z.infer<typeof endingSchema>

const definitionObject = z.object({
  defaultLanguage: languageSchema,
  languages: z.array(languageSchema).min(1).max(languages.length),
  title: textSchema,
  intro: textSchema.optional(),
  pages: z.array(pageSchema).min(1).max(50),
  /** Values carried with the response but not asked (order id, store…), from the invitation or ?name=. */
  hiddenFields: z.array(idSchema).max(20).default([]),
  endings: z.array(endingSchema).min(1).max(10),
  /** A weighted index over scale questions (the loyalty index): each answer rescaled to 0–100, weighted mean. */
  scoring: z.object({ index: idSchema, weights: z.record(z.string(), z.number().positive()) }).optional(),
})

export const definitionSchema = definitionObject.superRefine((d, ctx) => {
  const issue = (path: (string | number)[], message: string) =>
    ctx.addIssue({ code: 'custom', path, message })
  if (!d.languages.includes(d.defaultLanguage)) issue(['languages'], 'must include the default language')
  const pageIds = new Set<string>()
  const questionIds = new Map<string, number>()
  d.pages.forEach((page, p) => {
    if (pageIds.has(page.id)) issue(['pages', p, 'id'], `duplicate page id ${page.id}`)
    pageIds.add(page.id)
    page.questions.forEach((q, i) => {
      if (questionIds.has(q.id)) issue(['pages', p, 'questions', i, 'id'], `duplicate question id ${q.id}`)
      questionIds.set(q.id, p)
      if (!q.text[d.defaultLanguage])
        issue(['pages', p, 'questions', i, 'text'], `needs a text in ${d.defaultLanguage}`)
      if ('options' in q && new Set(q.options.map((o) => o.id)).size !== q.options.length)
        issue(['pages', p, 'questions', i, 'options'], 'duplicate option id')
      if (q.type === 'battery' && new Set(q.statements.map((s) => s.id)).size !== q.statements.length)
        issue(['pages', p, 'questions', i, 'statements'], 'duplicate statement id')
      if (q.type === 'rating' && q.min >= q.max) issue(['pages', p, 'questions', i, 'max'], 'must exceed min')
    })
  })
  const endingIds = new Set(d.endings.map((e) => e.id))
  if (endingIds.size !== d.endings.length) issue(['endings'], 'duplicate ending id')
  for (const hidden of d.hiddenFields)
    if (questionIds.has(hidden)) issue(['hiddenFields'], `${hidden} is also a question id`)
  if (!d.title[d.defaultLanguage]) issue(['title'], `needs a text in ${d.defaultLanguage}`)
  for (const id of Object.keys(d.scoring?.weights ?? {})) {
    const q = d.pages.flatMap((page) => page.questions).find((x) => x.id === id)
    if (!q || !scaleOf(q) || q.type === 'battery')
      issue(['scoring', 'weights', id], 'must be a scale question')
  }
  d.pages.forEach((page, p) => {
    page.skip.forEach((rule, r) => {
      const at = questionIds.get(rule.when.question)
      if (at === undefined || at > p)
        issue(
          ['pages', p, 'skip', r, 'when', 'question'],
          `${rule.when.question} is not asked on or before this page`,
        )
      if ('page' in rule.goTo) {
        const target = d.pages.findIndex((x) => x.id === (rule.goTo as { page: string }).page)
        if (target <= p) issue(['pages', p, 'skip', r, 'goTo'], 'can only jump forward to a later page')
      } else if (!endingIds.has(rule.goTo.ending)) issue(['pages', p, 'skip', r, 'goTo'], 'no such ending')
    })
  })
})
export type SurveyDefinition = z.infer<typeof definitionSchema>

export class DefinitionError extends Error {
  constructor(readonly issues: { field: string; message: string }[]) {
    super(`invalid survey definition: ${issues[0]?.field}: ${issues[0]?.message}`)
  }
}

/** Parses and checks a definition (unique ids, skip targets, default-language texts); throws DefinitionError. */
export function parseDefinition(value: unknown): SurveyDefinition {
  const result = definitionSchema.safeParse(value)
  if (result.success) return result.data
  throw new DefinitionError(
    result.error.issues.map((i) => ({
      field: i.path.map(String).join('.') || '(definition)',
      message: i.message,
    })),
  )
}

/** Every question of the definition, in order. */
export function allQuestions(definition: SurveyDefinition): Question[] {
  return definition.pages.flatMap((page) => page.questions)
}

/** A text in the wanted language, else the default language, else any. */
export function localize(text: Text | undefined, language: Language, fallback: Language): string {
  if (!text) return ''
  return text[language] ?? text[fallback] ?? Object.values(text)[0] ?? ''
}

/** The language to show: the first wanted one the survey has, else its default. */
export function pickLanguage(definition: SurveyDefinition, wanted: (string | null | undefined)[]): Language {
  for (const w of wanted) {
    const code = w?.toLowerCase().slice(0, 2)
    const hit = definition.languages.find((l) => l === code)
    if (hit) return hit
  }
  return definition.defaultLanguage
}

/** The [min, max] of a scale question. */
export function scaleOf(question: Question): [number, number] | undefined {
  switch (question.type) {
    case 'nps':
      return [0, 10]
    case 'csat':
      return [1, 5]
    case 'ces':
      return [1, 7]
    case 'rating':
      return [question.min, question.max]
    case 'battery':
      return [1, question.points]
    default:
      return undefined
  }
}

/** Question id → question, built once per definition (the hot path reuses it). */
export function questionIndex(definition: SurveyDefinition): Map<string, Question> {
  return new Map(allQuestions(definition).map((q) => [q.id, q]))
}
