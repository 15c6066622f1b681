import type { Definition, Language, Question } from '../surveys-api.js'
import type { SurveySettings } from './survey-draft.js'

/**
 * A problem of one field of the builder, in words the dashboard translates: where (the same path the server's
 * 400 names, e.g. `definition.pages.0.questions.1.text`), which message, and what to fill into it.
 */
export interface FieldIssue {
  field: string
  key: IssueKey
  params?: Record<string, string | number>
}

export type IssueKey =
  | 'required'
  | 'needsText'
  | 'tooLong'
  | 'tooFew'
  | 'tooMany'
  | 'idFormat'
  | 'duplicateId'
  | 'minMax'
  | 'defaultLanguage'
  | 'skipQuestion'
  | 'skipForward'
  | 'noEnding'
  | 'scaleWeight'
  | 'invalid'

const idPattern = /^[a-z][a-z0-9_]{0,62}$/

/** The checks the builder makes before saving: the common mistakes, in the form the server would name them. */
export function draftIssues(settings: SurveySettings, definition: Definition): FieldIssue[] {
  const issues: FieldIssue[] = []
  const add = (field: string, key: IssueKey, params?: FieldIssue['params']) =>
    issues.push(params ? { field, key, params } : { field, key })
  if (!settings.name.trim()) add('name', 'required')
  else if (settings.name.trim().length > 200) add('name', 'tooLong', { max: 200 })
  if (!settings.touchpoint.trim()) add('touchpoint', 'required')
  else if (settings.touchpoint.trim().length > 100) add('touchpoint', 'tooLong', { max: 100 })
  const main = definition.defaultLanguage
  if (!definition.title[main]?.trim()) add('definition.title', 'needsText', { language: main })
  const seen = new Set<string>()
  definition.pages.forEach((page, p) => {
    page.questions.forEach((q, i) => {
      questionIssues(q, `definition.pages.${p}.questions.${i}`, main, seen, add)
    })
  })
  skipIssues(definition, add)
  return issues
}

function questionIssues(
  q: Question,
  at: string,
  main: Language,
  seen: Set<string>,
  add: (field: string, key: IssueKey, params?: FieldIssue['params']) => void,
): void {
  if (!idPattern.test(q.id)) add(`${at}.id`, 'idFormat')
  else if (seen.has(q.id)) add(`${at}.id`, 'duplicateId', { id: q.id })
  seen.add(q.id)
  if (!q.text[main]?.trim()) add(`${at}.text`, 'needsText', { language: main })
  for (const [code, text] of Object.entries(q.text))
    if ((text?.length ?? 0) > 2000) add(`${at}.text`, 'tooLong', { max: 2000, language: code })
  if (q.type === 'single' || q.type === 'multiple') {
    if (q.options.length < 2) add(`${at}.options`, 'tooFew', { min: 2 })
    q.options.forEach((o, k) => {
      if (!o.label[main]?.trim()) add(`${at}.options.${k}.label`, 'needsText', { language: main })
    })
  }
  if (q.type === 'battery')
    q.statements.forEach((s, k) => {
      if (!s.text[main]?.trim()) add(`${at}.statements.${k}.text`, 'needsText', { language: main })
    })
  if (q.type === 'rating' && (q.min ?? 1) >= (q.max ?? 5)) add(`${at}.max`, 'minMax')
}

function skipIssues(
  definition: Definition,
  add: (field: string, key: IssueKey, params?: FieldIssue['params']) => void,
): void {
  const askedOn = new Map<string, number>()
  definition.pages.forEach((page, p) => {
    for (const q of page.questions) if (!askedOn.has(q.id)) askedOn.set(q.id, p)
  })
  const endings = new Set(definition.endings.map((e) => e.id))
  definition.pages.forEach((page, p) => {
    ;(page.skip ?? []).forEach((rule, r) => {
      const at = `definition.pages.${p}.skip.${r}`
      const asked = askedOn.get(rule.when.question)
      if (asked === undefined || asked > p) add(`${at}.when.question`, 'skipQuestion')
      const needsValue = rule.when.op !== 'answered' && rule.when.op !== 'not_answered'
      if (needsValue && (rule.when.value === undefined || rule.when.value === ''))
        add(`${at}.when.value`, 'required')
      if ('page' in rule.goTo) {
        const target = rule.goTo.page
        if (definition.pages.findIndex((x) => x.id === target) <= p) add(`${at}.goTo`, 'skipForward')
      } else if (!endings.has(rule.goTo.ending)) add(`${at}.goTo`, 'noEnding')
    })
  })
}

/** The server's messages (definition.ts and zod) by what they say; anything else is "not valid". */
const serverMessages: [RegExp, IssueKey][] = [
  [/needs a text in (?<language>[a-z]{2})/, 'needsText'],
  [/^duplicate/, 'duplicateId'],
  [/must exceed min/, 'minMax'],
  [/must include the default language/, 'defaultLanguage'],
  [/not asked on or before/, 'skipQuestion'],
  [/only jump forward/, 'skipForward'],
  [/no such ending/, 'noEnding'],
  [/must be a scale question/, 'scaleWeight'],
  [/must be lowercase letters/, 'idFormat'],
  [/^Too small/i, 'tooFew'],
  [/^Too big/i, 'tooMany'],
  [/expected .*received undefined|^Required/i, 'required'],
]

/** The details of a 400 from the server as builder issues: never the server's English (or zod's) words. */
export function serverIssues(details: unknown): FieldIssue[] {
  if (!Array.isArray(details)) return []
  return details.flatMap((d): FieldIssue[] => {
    if (!d || typeof d !== 'object') return []
    const { field, message } = d as { field?: unknown; message?: unknown }
    if (typeof field !== 'string') return []
    const text = typeof message === 'string' ? message : ''
    for (const [pattern, key] of serverMessages) {
      const match = pattern.exec(text)
      if (!match) continue
      const language = match.groups?.language
      if (key === 'duplicateId') return [{ field, key, params: { id: text.split(' ').at(-1) ?? '' } }]
      return [language ? { field, key, params: { language } } : { field, key }]
    }
    return [{ field, key: 'invalid' }]
  })
}

const ownFields = new Set(['name', 'touchpoint', 'definition.title', 'definition.languages'])
const questionPart =
  /^(definition\.pages\.\d+\.questions\.\d+)(?:\.(text|options\.\d+\.label|statements\.\d+\.text|minLabel|maxLabel)(?:\.|$))?/
const rulePart = /^definition\.pages\.\d+\.skip\.\d+/

/**
 * Where the builder shows an issue: the field's own control (a question's text, an option's label), else the
 * question or skip rule it is part of; '' for what no control shows (the summary above the form lists those).
 */
export function slotOf(field: string): string {
  if (ownFields.has(field)) return field
  const question = questionPart.exec(field)
  if (question) return question[2] ? `${question[1]}.${question[2]}` : question[1]!
  return rulePart.exec(field)?.[0] ?? ''
}

/** The issues shown at one slot (see slotOf). */
export function issuesIn(issues: FieldIssue[], slot: string): FieldIssue[] {
  return issues.filter((i) => slotOf(i.field) === slot)
}
