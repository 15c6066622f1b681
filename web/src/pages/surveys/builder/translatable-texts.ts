import type { Definition, Language, Text } from '../surveys-api.js'

/** Where a text sits in the definition, e.g. ['pages', 0, 'questions', 1, 'options', 0, 'label']. */
export type TextPath = (string | number)[]

/** What a text is, for its row label: a kind and the ids that say which one. */
export type TextKind =
  | 'title'
  | 'intro'
  | 'pageTitle'
  | 'question'
  | 'description'
  | 'minLabel'
  | 'maxLabel'
  | 'option'
  | 'statement'
  | 'endingTitle'
  | 'endingMessage'

export interface TextEntry {
  path: TextPath
  kind: TextKind
  params: Record<string, string | number>
  text: Text
}

const scaleTypes = new Set(['nps', 'csat', 'ces', 'rating', 'battery'])

/**
 * Every text of the survey a person translates, in the order a respondent meets them. Optional texts (intro,
 * page titles, descriptions, ending messages) are listed once written; scale labels always, to be filled in.
 */
export function translatableTexts(definition: Definition): TextEntry[] {
  const out: TextEntry[] = []
  const add = (path: TextPath, kind: TextKind, text: Text | undefined, params = {}, always = true) => {
    if (text || always) out.push({ path, kind, params, text: text ?? {} })
  }
  add(['title'], 'title', definition.title)
  add(['intro'], 'intro', definition.intro, {}, false)
  definition.pages.forEach((page, p) => {
    add(['pages', p, 'title'], 'pageTitle', page.title, { n: p + 1 }, false)
    page.questions.forEach((q, i) => {
      const at = ['pages', p, 'questions', i]
      add([...at, 'text'], 'question', q.text, { id: q.id })
      add([...at, 'description'], 'description', q.description, { id: q.id }, false)
      if (scaleTypes.has(q.type)) {
        const labels = q as { minLabel?: Text; maxLabel?: Text }
        add([...at, 'minLabel'], 'minLabel', labels.minLabel, { id: q.id })
        add([...at, 'maxLabel'], 'maxLabel', labels.maxLabel, { id: q.id })
      }
      if ('options' in q)
        q.options.forEach((o, k) => {
          add([...at, 'options', k, 'label'], 'option', o.label, { id: q.id, option: o.id })
        })
      if ('statements' in q)
        q.statements.forEach((s, k) => {
          add([...at, 'statements', k, 'text'], 'statement', s.text, { id: q.id, statement: s.id })
        })
    })
  })
  definition.endings.forEach((e, k) => {
    add(['endings', k, 'title'], 'endingTitle', e.title, { id: e.id })
    add(['endings', k, 'message'], 'endingMessage', e.message, { id: e.id }, false)
  })
  return out
}

/** Whether a text is written in some language but not in this one (a scale label nobody wrote is not missing). */
export function isMissing(text: Text, language: Language): boolean {
  return !text[language]?.trim() && Object.values(text).some((v) => v?.trim())
}

/** For each of the survey's languages, how many of its texts are missing in it. */
export function missingCounts(definition: Definition): Record<string, number> {
  const entries = translatableTexts(definition)
  return Object.fromEntries(
    definition.languages.map((l) => [l, entries.filter((e) => isMissing(e.text, l)).length]),
  )
}

/** The definition with one text set in one language; an emptied text is removed in that language. */
export function setTextAt(
  definition: Definition,
  path: TextPath,
  language: Language,
  value: string,
): Definition {
  return updateAt(definition, path, (text) => ({
    ...(text as Text | undefined),
    [language]: value || undefined,
  })) as Definition
}

function updateAt(value: unknown, path: TextPath, change: (old: unknown) => unknown): unknown {
  if (path.length === 0) return change(value)
  const [head, ...rest] = path
  if (Array.isArray(value)) return value.map((v, i) => (i === head ? updateAt(v, rest, change) : v))
  const record = (value ?? {}) as Record<string, unknown>
  return { ...record, [String(head)]: updateAt(record[String(head)], rest, change) }
}
