import type { ApiError } from '../../../api.js'
import type { Definition, Language, Question, Survey, Text } from '../surveys-api.js'
import { type FieldIssue, serverIssues } from './draft-issues.js'
import type { SkipRule } from './skip-logic.js'
import { setTextAt, type TextPath } from './translatable-texts.js'

/** The survey's own settings, saved with its definition. */
export type SurveySettings = Pick<Survey, 'name' | 'touchpoint' | 'npsKind' | 'status'>

/** Everything the builder edits before saving, and where the last save stands. */
export interface SurveyDraft {
  /** The survey as last saved: its name, version and links are shown until the next save. */
  survey: Survey
  definition: Definition
  settings: SurveySettings
  /** The language whose texts are being edited. */
  language: Language
  /** Texts in one language at a time, or every language side by side. */
  view: 'one' | 'sideBySide'
  /** Whether the builder's own checks are shown: from the first save that they stopped. */
  checked: boolean
  /** What the server refused in the last save, by field (a 400's details). */
  serverIssues: FieldIssue[]
  /** The JSON editor's text while it is open, `null` while it is closed. */
  json: string | null
  saving: boolean
  /** Successful saves so far: the preview reloads after each. */
  saves: number
  /** A failed save. */
  error: ApiError | null
  /** Why the JSON editor's text was not applied: where it does not parse, or what it lacks. */
  jsonError: JsonProblem | null
}

/** A problem of the JSON editor's text: a message key, and the line and column when it does not parse. */
export interface JsonProblem {
  key: 'syntax' | 'notDefinition'
  line?: number
  column?: number
}

export type DraftAction =
  | { type: 'changeSettings'; changes: Partial<SurveySettings> }
  | { type: 'toggleLanguage'; code: Language }
  | { type: 'editLanguage'; code: Language }
  | { type: 'setTitle'; text: string }
  | { type: 'setText'; path: TextPath; language: Language; text: string }
  | { type: 'setView'; view: SurveyDraft['view'] }
  | { type: 'movePage'; page: number; by: -1 | 1 }
  | { type: 'checkFailed' }
  | { type: 'archived'; survey: Survey }
  | { type: 'addQuestion'; questionType: Question['type'] }
  | { type: 'updateQuestion'; page: number; index: number; question: Question }
  | { type: 'removeQuestion'; page: number; index: number }
  | { type: 'moveQuestion'; page: number; index: number; by: -1 | 1 }
  | { type: 'addPage' }
  | { type: 'setSkip'; page: number; rules: SkipRule[] }
  | { type: 'openJson' }
  | { type: 'closeJson' }
  | { type: 'editJson'; text: string }
  | { type: 'applyJson' }
  | { type: 'saveStarted' }
  | { type: 'saved'; survey: Survey }
  | { type: 'saveFailed'; error: ApiError }

/** The draft of a survey as loaded, edited in its default language. */
export function initialDraft(survey: Survey): SurveyDraft {
  const { name, touchpoint, npsKind, status } = survey
  return {
    survey,
    definition: survey.definition,
    settings: { name, touchpoint, npsKind, status },
    language: survey.definition.defaultLanguage,
    view: 'one',
    checked: false,
    serverIssues: [],
    json: null,
    saving: false,
    saves: 0,
    error: null,
    jsonError: null,
  }
}

/** The builder's state after one of its actions; pure, so every edit can be tested without a browser. */
export function draftReducer(draft: SurveyDraft, action: DraftAction): SurveyDraft {
  switch (action.type) {
    case 'changeSettings':
      return { ...draft, settings: { ...draft.settings, ...action.changes } }
    case 'toggleLanguage':
      return { ...draft, definition: toggleLanguage(draft.definition, action.code) }
    case 'editLanguage':
      return { ...draft, language: action.code }
    case 'setTitle':
      return { ...draft, definition: setTitle(draft.definition, draft.language, action.text) }
    case 'setText':
      return {
        ...draft,
        definition: setTextAt(draft.definition, action.path, action.language, action.text),
      }
    case 'setView':
      return { ...draft, view: action.view }
    case 'movePage':
      return { ...draft, definition: movePage(draft.definition, action.page, action.by) }
    case 'checkFailed':
      return { ...draft, checked: true }
    case 'archived':
      // Archived or restored: the edits stay, the saved survey says where it stands.
      return { ...draft, survey: { ...draft.survey, archivedAt: action.survey.archivedAt } }
    case 'addQuestion':
      return { ...draft, definition: addQuestion(draft.definition, action.questionType) }
    case 'updateQuestion':
      return {
        ...draft,
        definition: replaceQuestion(draft.definition, action.page, action.index, action.question),
      }
    case 'removeQuestion':
      return { ...draft, definition: replaceQuestion(draft.definition, action.page, action.index, null) }
    case 'moveQuestion':
      return { ...draft, definition: moveQuestion(draft.definition, action.page, action.index, action.by) }
    case 'addPage':
      return { ...draft, definition: addPage(draft.definition) }
    case 'setSkip':
      return {
        ...draft,
        definition: {
          ...draft.definition,
          pages: draft.definition.pages.map((p, i) => (i === action.page ? { ...p, skip: action.rules } : p)),
        },
      }
    case 'openJson':
      return { ...draft, json: JSON.stringify(draft.definition, null, 2), jsonError: null }
    case 'closeJson':
      return { ...draft, json: null, jsonError: null }
    case 'editJson':
      return { ...draft, json: action.text }
    case 'applyJson':
      return applyJson(draft)
    case 'saveStarted':
      return { ...draft, saving: true, error: null, serverIssues: [] }
    case 'saved':
      return { ...draft, survey: action.survey, saving: false, saves: draft.saves + 1 }
    case 'saveFailed':
      return {
        ...draft,
        saving: false,
        error: action.error,
        serverIssues: action.error.status === 400 ? serverIssues(action.error.details) : [],
      }
  }
}

/** Adds or removes a language; the default language always stays. */
function toggleLanguage(definition: Definition, code: Language): Definition {
  if (code === definition.defaultLanguage) return definition
  const languages = definition.languages.includes(code)
    ? definition.languages.filter((l) => l !== code)
    : [...definition.languages, code]
  return { ...definition, languages }
}

/** An emptied title is removed in that language, so that the default language's shows through. */
function setTitle(definition: Definition, language: Language, text: string): Definition {
  return { ...definition, title: { ...definition.title, [language]: text || undefined } }
}

/** Appends a new question to the last page, with the first free id `qN` (N counting from the questions + 1). */
function addQuestion(definition: Definition, type: Question['type']): Definition {
  const ids = new Set(definition.pages.flatMap((p) => p.questions.map((q) => q.id)))
  let n = ids.size + 1
  while (ids.has(`q${n}`)) n += 1
  const question = newQuestion(type, `q${n}`, definition.defaultLanguage)
  const last = definition.pages.length - 1
  return {
    ...definition,
    pages: definition.pages.map((page, p) =>
      p === last ? { ...page, questions: [...page.questions, question] } : page,
    ),
  }
}

/** Replaces the `index`-th question of page `page`, or removes it when `question` is null. */
function replaceQuestion(
  definition: Definition,
  page: number,
  index: number,
  question: Question | null,
): Definition {
  return {
    ...definition,
    pages: definition.pages.map((p, pi) =>
      pi !== page
        ? p
        : {
            ...p,
            questions: p.questions.flatMap((q, qi) => (qi !== index ? [q] : question ? [question] : [])),
          },
    ),
  }
}

/**
 * The JSON editor's text becomes the definition. Text that does not parse, or is no definition at all (`{}`:
 * no pages, no languages), leaves the definition as it was and says where; the server checks the rest on save.
 */
function applyJson(draft: SurveyDraft): SurveyDraft {
  if (draft.json === null) return draft
  let value: unknown
  try {
    value = JSON.parse(draft.json)
  } catch (e) {
    return { ...draft, jsonError: { key: 'syntax', ...syntaxPosition(draft.json, e) } }
  }
  if (!looksLikeDefinition(value)) return { ...draft, jsonError: { key: 'notDefinition' } }
  return { ...draft, definition: value, jsonError: null }
}

function looksLikeDefinition(value: unknown): value is Definition {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false
  const d = value as Record<string, unknown>
  return (
    typeof d.defaultLanguage === 'string' &&
    Array.isArray(d.languages) &&
    Array.isArray(d.pages) &&
    d.pages.length > 0 &&
    d.pages.every(
      (p) => typeof p === 'object' && p !== null && Array.isArray((p as { questions?: unknown }).questions),
    ) &&
    Array.isArray(d.endings) &&
    typeof d.title === 'object'
  )
}

/** The 1-based line and column of a JSON.parse error, from the offset V8 puts in its message. */
export function syntaxPosition(text: string, error: unknown): { line?: number; column?: number } {
  const message = error instanceof Error ? error.message : ''
  const at = /position (\d+)/.exec(message)
  const lineColumn = /line (\d+) column (\d+)/.exec(message)
  if (lineColumn) return { line: Number(lineColumn[1]), column: Number(lineColumn[2]) }
  // "Unexpected end of JSON input" names no position: the end of the text.
  const offset = at ? Number(at[1]) : text.length
  const before = text.slice(0, offset).split('\n')
  return { line: before.length, column: (before.at(-1)?.length ?? 0) + 1 }
}

/** Moves a question one place up or down; past the top or bottom of its page, onto the page before or after. */
function moveQuestion(definition: Definition, page: number, index: number, by: -1 | 1): Definition {
  const pages = definition.pages.map((p) => ({ ...p, questions: [...p.questions] }))
  const from = pages[page]
  const question = from?.questions[index]
  if (!from || !question) return definition
  const to = index + by
  if (to >= 0 && to < from.questions.length) {
    from.questions.splice(index, 1)
    from.questions.splice(to, 0, question)
    return { ...definition, pages }
  }
  const other = pages[page + by]
  // A page keeps at least one question.
  if (!other || from.questions.length === 1) return definition
  from.questions.splice(index, 1)
  if (by < 0) other.questions.push(question)
  else other.questions.unshift(question)
  return { ...definition, pages }
}

/** Moves a page one place up or down, with its questions and its skip rules. */
function movePage(definition: Definition, page: number, by: -1 | 1): Definition {
  const to = page + by
  const moved = definition.pages[page]
  if (!moved || to < 0 || to >= definition.pages.length) return definition
  const pages = definition.pages.filter((_, i) => i !== page)
  pages.splice(to, 0, moved)
  return { ...definition, pages }
}

/** Adds an empty page at the end with a first text question (a page needs one), id `pageN`. */
function addPage(definition: Definition): Definition {
  const ids = new Set(definition.pages.map((p) => p.id))
  let n = definition.pages.length + 1
  while (ids.has(`page${n}`)) n += 1
  const withPage = { ...definition, pages: [...definition.pages, { id: `page${n}`, questions: [] }] }
  return addQuestion(withPage, 'text')
}

/** A new question of a type, with placeholder texts in the default language. */
export function newQuestion(type: Question['type'], id: string, language: Language): Question {
  const text = (value: string): Text => ({ [language]: value })
  const base = { id, text: text('New question'), required: true }
  switch (type) {
    case 'rating':
      return { ...base, type, min: 1, max: 5 }
    case 'single':
    case 'multiple':
      return {
        ...base,
        type,
        options: [
          { id: 'a', label: text('Option A') },
          { id: 'b', label: text('Option B') },
        ],
      }
    case 'text':
      return { ...base, type, required: false, multiline: true }
    case 'battery':
      return { ...base, type, points: 7, statements: [{ id: 's1', text: text('Statement') }] }
    default:
      return { ...base, type }
  }
}
