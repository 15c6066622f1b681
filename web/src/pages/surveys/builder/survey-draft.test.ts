import { describe, expect, test } from 'vitest'
import { ApiError } from '../../../api.js'
import type { Question, Survey } from '../surveys-api.js'
import {
  type DraftAction,
  draftReducer,
  initialDraft,
  newQuestion,
  type SurveyDraft,
} from './survey-draft.js'

// As the server answers it: the defaults filled in.
const definition: Survey['definition'] = {
  defaultLanguage: 'en',
  languages: ['en', 'uk'],
  title: { en: 'After delivery', uk: 'Після доставки' },
  pages: [
    {
      id: 'p1',
      questions: [
        { id: 'nps', type: 'nps', text: { en: 'Would you recommend us?' }, required: true },
        { id: 'q2', type: 'text', text: { en: 'Why?' }, required: false, multiline: true, maxLength: 2000 },
      ],
      skip: [],
    },
    {
      id: 'p2',
      questions: [
        {
          id: 'reason',
          type: 'text',
          text: { en: 'Anything else?' },
          required: true,
          multiline: true,
          maxLength: 2000,
        },
      ],
      skip: [],
    },
  ],
  hiddenFields: [],
  endings: [{ id: 'thanks', title: { en: 'Thank you' } }],
}

const survey: Survey = {
  id: '8a6e0d8e-9a61-4a39-9a37-3b3b7a3f0c11',
  workspaceId: '0b0c5f3e-2d6a-4c1e-9f1a-6c0f2e7d9a10',
  name: 'After delivery',
  touchpoint: 'order_delivered',
  touchpointId: null,
  npsKind: 'transactional',
  status: 'draft',
  template: null,
  slug: 'after-delivery',
  currentVersion: 1,
  archivedAt: null,
  estimatedSeconds: 40,
  estimateWarning: false,
  createdAt: '2026-11-01T10:00:00.000Z',
  updatedAt: '2026-11-01T10:00:00.000Z',
  anonymousLink: true,
  anonymousUrl: '/s/after-delivery',
  definition,
}

/** Applies actions in turn, checking on the way that no action changes the state it was given. */
function run(...actions: DraftAction[]): SurveyDraft {
  return actions.reduce((state, action) => {
    const before = structuredClone(state)
    const next = draftReducer(state, action)
    expect(state).toEqual(before)
    return next
  }, initialDraft(survey))
}

const questionIds = (draft: SurveyDraft) => draft.definition.pages.map((p) => p.questions.map((q) => q.id))

describe('the survey draft', () => {
  test('starts as loaded: the saved settings and definition, edited in the default language, nothing saved', () => {
    const draft = initialDraft(survey)
    expect(draft.settings).toEqual({
      name: 'After delivery',
      touchpoint: 'order_delivered',
      npsKind: 'transactional',
      status: 'draft',
    })
    expect(draft.definition).toBe(definition)
    expect(draft).toMatchObject({ language: 'en', json: null, saving: false, saves: 0, error: null })
  })

  test('a settings change touches only the named settings', () => {
    const draft = run({ type: 'changeSettings', changes: { status: 'active' } })
    expect(draft.settings).toEqual({ ...initialDraft(survey).settings, status: 'active' })
    expect(draft.definition).toBe(definition)
  })

  test('toggling a language adds it when absent and removes it when present', () => {
    expect(run({ type: 'toggleLanguage', code: 'pl' }).definition.languages).toEqual(['en', 'uk', 'pl'])
    expect(run({ type: 'toggleLanguage', code: 'uk' }).definition.languages).toEqual(['en'])
  })

  test('the default language cannot be toggled off', () => {
    expect(run({ type: 'toggleLanguage', code: 'en' }).definition.languages).toEqual(['en', 'uk'])
  })

  test('the title is edited in the language being edited, and emptying it lets the default show through', () => {
    const edited = run({ type: 'editLanguage', code: 'uk' }, { type: 'setTitle', text: 'Після отримання' })
    expect(edited.language).toBe('uk')
    expect(edited.definition.title).toEqual({ en: 'After delivery', uk: 'Після отримання' })
    const emptied = run({ type: 'editLanguage', code: 'uk' }, { type: 'setTitle', text: '' })
    expect(emptied.definition.title.uk).toBeUndefined()
    expect(emptied.definition.title.en).toBe('After delivery')
  })

  test('switching the language being edited leaves the definition as it is', () => {
    expect(run({ type: 'editLanguage', code: 'uk' }).definition).toBe(definition)
  })

  test('a new question goes to the end of the last page, numbered after the questions there are', () => {
    const draft = run({ type: 'addQuestion', questionType: 'csat' })
    // Three questions: the next is q4.
    expect(questionIds(draft)).toEqual([
      ['nps', 'q2'],
      ['reason', 'q4'],
    ])
    expect(draft.definition.pages[1]?.questions[1]).toEqual({
      id: 'q4',
      type: 'csat',
      text: { en: 'New question' },
      required: true,
    })
  })

  test('a new question skips a number that is taken', () => {
    // nps, q2, reason and q4 after the first: four questions, so q5.
    const twice = run(
      { type: 'addQuestion', questionType: 'nps' },
      { type: 'addQuestion', questionType: 'nps' },
    )
    expect(questionIds(twice)[1]).toEqual(['reason', 'q4', 'q5'])
    // q2, reason and q4 are left: three questions point at q4, which is taken, so q5.
    const afterRemoval = run(
      { type: 'addQuestion', questionType: 'nps' },
      { type: 'removeQuestion', page: 0, index: 0 },
      { type: 'addQuestion', questionType: 'nps' },
    )
    expect(questionIds(afterRemoval)).toEqual([['q2'], ['reason', 'q4', 'q5']])
  })

  test('new questions carry what their type needs, in the default language', () => {
    expect(newQuestion('rating', 'q9', 'uk')).toMatchObject({ min: 1, max: 5, text: { uk: 'New question' } })
    expect(newQuestion('single', 'q9', 'en')).toMatchObject({
      options: [
        { id: 'a', label: { en: 'Option A' } },
        { id: 'b', label: { en: 'Option B' } },
      ],
    })
    expect(newQuestion('multiple', 'q9', 'en')).toMatchObject({ options: [{ id: 'a' }, { id: 'b' }] })
    expect(newQuestion('text', 'q9', 'en')).toMatchObject({ required: false, multiline: true })
    expect(newQuestion('battery', 'q9', 'en')).toMatchObject({
      points: 7,
      statements: [{ id: 's1', text: { en: 'Statement' } }],
    })
  })

  test('a question edit replaces that question only', () => {
    const edited: Question = { id: 'q2', type: 'text', text: { en: 'Why?', uk: 'Чому?' }, required: true }
    const draft = run({ type: 'updateQuestion', page: 0, index: 1, question: edited })
    expect(draft.definition.pages[0]?.questions).toEqual([definition.pages[0]?.questions[0], edited])
    expect(draft.definition.pages[1]).toBe(definition.pages[1])
  })

  test('a removed question is gone from its page and the others stay', () => {
    const draft = run({ type: 'removeQuestion', page: 0, index: 0 })
    expect(questionIds(draft)).toEqual([['q2'], ['reason']])
  })

  test('the JSON editor opens on the current definition, and applying edited JSON replaces the definition', () => {
    const opened = run({ type: 'toggleLanguage', code: 'pl' }, { type: 'openJson' })
    expect(JSON.parse(opened.json ?? '')).toEqual({ ...definition, languages: ['en', 'uk', 'pl'] })
    expect(opened.json).toContain('\n  "defaultLanguage": "en"')
    const replaced = { ...definition, title: { en: 'Replaced' } }
    const draft = run(
      { type: 'openJson' },
      { type: 'editJson', text: JSON.stringify(replaced) },
      { type: 'applyJson' },
    )
    expect(draft.definition).toEqual(replaced)
    expect(draft.error).toBeNull()
  })

  test('editing the JSON text changes nothing until it is applied', () => {
    const draft = run({ type: 'openJson' }, { type: 'editJson', text: '{}' })
    expect(draft.json).toBe('{}')
    expect(draft.definition).toBe(definition)
  })

  test('JSON that does not parse leaves the definition and the text, and says where (not as a network error)', () => {
    const text = '{\n  "title": {\n    "en": "x",,\n  }\n}'
    const draft = run({ type: 'openJson' }, { type: 'editJson', text }, { type: 'applyJson' })
    expect(draft.definition).toBe(definition)
    expect(draft.json).toBe(text)
    expect(draft.error).toBeNull()
    // Line 3 is four spaces and `"en": "x",,`: the second comma is its 15th character.
    expect(draft.jsonError).toEqual({ key: 'syntax', line: 3, column: 15 })
  })

  test('{} parses but is no definition: nothing is applied, and the editor says what a definition needs', () => {
    const draft = run({ type: 'openJson' }, { type: 'editJson', text: '{}' }, { type: 'applyJson' })
    expect(draft.definition).toBe(definition)
    expect(draft.jsonError).toEqual({ key: 'notDefinition' })
    const fixed = draftReducer(draftReducer(draft, { type: 'editJson', text: JSON.stringify(definition) }), {
      type: 'applyJson',
    })
    expect(fixed.jsonError).toBeNull()
  })

  test('a question moves within its page, then across to the next page at its edge', () => {
    const down = run({ type: 'moveQuestion', page: 0, index: 0, by: 1 })
    expect(questionIds(down)).toEqual([['q2', 'nps'], ['reason']])
    const across = draftReducer(down, { type: 'moveQuestion', page: 0, index: 1, by: 1 })
    expect(questionIds(across)).toEqual([['q2'], ['nps', 'reason']])
    // The last question of a page stays: a page needs one.
    expect(draftReducer(across, { type: 'moveQuestion', page: 0, index: 0, by: 1 }).definition).toBe(
      across.definition,
    )
  })

  test('a new page comes last with a first question, and later questions are added to it', () => {
    const draft = run({ type: 'addPage' }, { type: 'addQuestion', questionType: 'csat' })
    expect(draft.definition.pages.map((p) => p.id)).toEqual(['p1', 'p2', 'page3'])
    expect(questionIds(draft)[2]).toEqual(['q4', 'q5'])
  })

  test('closing the JSON editor drops its text', () => {
    expect(run({ type: 'openJson' }, { type: 'editJson', text: '[' }, { type: 'closeJson' }).json).toBeNull()
  })

  test('a save clears the last error while it runs, then shows the saved survey and keeps the edits', () => {
    const failed = run({ type: 'saveFailed', error: new ApiError(400, 'invalid_definition', 'x') })
    expect(failed.error).not.toBeNull()
    const started = draftReducer(failed, { type: 'saveStarted' })
    expect(started).toMatchObject({ saving: true, error: null })
    const next = { ...survey, currentVersion: 2, name: 'Delivered' }
    const saved = draftReducer(
      draftReducer(started, { type: 'changeSettings', changes: { name: 'Delivered' } }),
      { type: 'saved', survey: next },
    )
    expect(saved).toMatchObject({ survey: next, saving: false, saves: 1, error: null })
    expect(saved.settings.name).toBe('Delivered')
  })

  test('a failed save keeps the survey as last saved and the count of saves, and shows the error', () => {
    const error = new ApiError(400, 'invalid_definition', 'pages: too many')
    const saved = run({ type: 'saveStarted' }, { type: 'saved', survey: { ...survey, currentVersion: 2 } })
    const failed = draftReducer(draftReducer(saved, { type: 'saveStarted' }), { type: 'saveFailed', error })
    expect(failed).toMatchObject({ saving: false, saves: 1, error })
    expect(failed.survey.currentVersion).toBe(2)
  })

  test('a page moves up and down with its questions and skip rules, and stays put at the ends', () => {
    const withRule = run({
      type: 'setSkip',
      page: 0,
      rules: [{ when: { question: 'nps', op: 'gte', value: 9 }, goTo: { ending: 'thanks' } }],
    })
    const down = draftReducer(withRule, { type: 'movePage', page: 0, by: 1 })
    expect(down.definition.pages.map((p) => p.id)).toEqual(['p2', 'p1'])
    expect(questionIds(down)).toEqual([['reason'], ['nps', 'q2']])
    expect(down.definition.pages[1]!.skip).toEqual(withRule.definition.pages[0]!.skip)
    expect(draftReducer(down, { type: 'movePage', page: 1, by: -1 }).definition).toEqual(withRule.definition)
    expect(run({ type: 'movePage', page: 0, by: -1 }).definition).toBe(definition)
    expect(run({ type: 'movePage', page: 1, by: 1 }).definition).toBe(definition)
  })

  test('a text set side by side lands in its language only; emptied, the language is gone from it', () => {
    const path = ['pages', 0, 'questions', 0, 'text']
    const set = run({ type: 'setText', path, language: 'uk', text: 'Порекомендуєте нас?' })
    expect(set.definition.pages[0]!.questions[0]!.text).toEqual({
      en: 'Would you recommend us?',
      uk: 'Порекомендуєте нас?',
    })
    expect(set.definition.pages[1]).toBe(definition.pages[1])
    const emptied = draftReducer(set, { type: 'setText', path, language: 'uk', text: '' })
    expect(JSON.parse(JSON.stringify(emptied.definition.pages[0]!.questions[0]!.text))).toEqual({
      en: 'Would you recommend us?',
    })
    // A scale label nobody wrote yet is created in the language typed.
    const label = run({
      type: 'setText',
      path: ['pages', 0, 'questions', 0, 'minLabel'],
      language: 'uk',
      text: 'Ні',
    })
    expect((label.definition.pages[0]!.questions[0] as { minLabel?: object }).minLabel).toEqual({ uk: 'Ні' })
  })

  test("a refused save keeps the server's fields with message keys, never its words; the next save clears them", () => {
    const error = new ApiError(400, 'invalid_request', 'definition.title: needs a text in en', [
      { field: 'definition.title', message: 'needs a text in en' },
      { field: 'definition.pages.0.questions.0.type', message: 'Invalid input' },
    ])
    const failed = run({ type: 'saveStarted' }, { type: 'saveFailed', error })
    expect(failed.serverIssues).toEqual([
      { field: 'definition.title', key: 'needsText', params: { language: 'en' } },
      { field: 'definition.pages.0.questions.0.type', key: 'invalid' },
    ])
    expect(draftReducer(failed, { type: 'saveStarted' }).serverIssues).toEqual([])
    // A failure that is no 400 (the network) has no fields.
    expect(run({ type: 'saveFailed', error: new ApiError(0, 'network', 'down') }).serverIssues).toEqual([])
  })

  test('the checks are shown once a save was stopped by them; archiving changes only the saved survey', () => {
    expect(run().checked).toBe(false)
    expect(run({ type: 'checkFailed' }).checked).toBe(true)
    const archived = run(
      { type: 'changeSettings', changes: { name: 'Edited' } },
      { type: 'archived', survey: { ...survey, archivedAt: '2026-12-01T00:00:00.000Z' } },
    )
    expect(archived.survey.archivedAt).toBe('2026-12-01T00:00:00.000Z')
    expect(archived.settings.name).toBe('Edited')
    expect(archived.saves).toBe(0)
  })
})
