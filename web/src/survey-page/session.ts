import type { PageQuestion, PageSurvey, SurveyPageBoot } from '../../../src/surveys/page-boot.js'
import type { PageTexts } from '../../../src/surveys/page-texts.js'
import type { Answers, AnswerValue } from '../../../src/surveys/survey-path.js'
import { h } from './dom.js'
import {
  createSaveQueue,
  randomSecret,
  responseStoreKey,
  resumeResponse,
  type SaveAnswers,
  type StoredResponse,
} from './save-queue.js'
import { storage } from './storage.js'

// The page answers one survey for one respondent, so what the question inputs and the two modes share lives
// here, set once by startSession (module bindings keep the page's bundle small: they minify, properties do not).

export let boot: SurveyPageBoot
export let survey: PageSurvey
/** The page's texts in the respondent's language. */
export let t: PageTexts
export let root: HTMLElement
export let answers: Answers
/** The score from an e-mail link, shown chosen until the respondent confirms or changes it. */
export let preselect: SurveyPageBoot['preselect'] = null
/** The trap field only bots fill in; its value goes with every save. */
export let honeypot: HTMLInputElement
/** The current mode's alert box, where save errors and "required" appear. */
export let errorBox: HTMLElement | null = null
/** Draws the current page or question again (after a choice that changes what is shown). */
export let rerender: () => void = () => {}
let save: SaveAnswers
let storeKey: string | null

/** Starts answering: continues a saved or stored response, and saves each answer as it is given. */
export function startSession(page: HTMLElement, pageBoot: SurveyPageBoot, pageSurvey: PageSurvey): void {
  root = page
  boot = pageBoot
  survey = pageSurvey
  t = boot.texts
  storeKey = responseStoreKey(boot)
  const stored = storeKey ? (JSON.parse(storage.get(storeKey) ?? 'null') as StoredResponse | null) : null
  const identity = resumeResponse(stored, boot.saved, crypto.randomUUID(), randomSecret())
  answers = identity.answers
  preselect = boot.preselect && answers[boot.preselect.question] === undefined ? boot.preselect : null
  const field = h('input', {
    name: 'website',
    tabindex: '-1',
    autocomplete: 'off',
    'aria-hidden': 'true',
    class: 'hp',
  })
  honeypot = field as HTMLInputElement
  save = createSaveQueue(boot, survey.version, storeKey, identity, () => honeypot.value, t.error)
}

export function clearPreselect(): void {
  preselect = null
}

export function onRerender(draw: () => void): void {
  rerender = draw
}

/** A new alert box for the mode being drawn. */
export function newErrorBox(): HTMLElement {
  errorBox = h('div', { class: 'error', role: 'alert', 'data-testid': 'error' })
  return errorBox
}

/** Records an answer and saves it; no answer (nothing, no option ticked, an empty text) removes it. */
export function setAnswer(q: PageQuestion, value: AnswerValue | undefined): void {
  if (value === undefined || (Array.isArray(value) && value.length === 0) || value === '')
    delete answers[q.id]
  else answers[q.id] = value
  void save({ [q.id]: answers[q.id] ?? null } as Answers).catch(showError)
}

export function showError(error: unknown): void {
  errorBox?.replaceChildren(error instanceof Error ? error.message : t.error)
}

/** Completes the response with every answer, then shows the ending. */
export function finish(ending: string): void {
  save({ ...answers }, true).then(() => {
    if (storeKey) storage.remove(storeKey)
    showEnding(ending)
  }, showError)
}

function showEnding(ending: string): void {
  const shown = survey.endings.find((e) => e.id === ending) ?? survey.endings[0]
  if (!shown) return
  root.replaceChildren(
    h(
      'div',
      { class: 'card ending', 'data-testid': 'ending', 'data-ending': shown.id },
      h('h1', {}, shown.title),
      shown.message && h('p', {}, shown.message),
    ),
  )
}
