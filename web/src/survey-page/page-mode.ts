import type { PageQuestion } from '../../../src/surveys/page-boot.js'
import { nextStep } from '../../../src/surveys/survey-path.js'
import { button, h } from './dom.js'
import { firstMissingAnswer } from './navigation.js'
import { questionInput } from './question-input.js'
import {
  answers,
  boot,
  errorBox,
  finish,
  honeypot,
  newErrorBox,
  onRerender,
  preselect,
  rerender,
  root,
  survey,
  t,
} from './session.js'

type Page = { title: string; questions: PageQuestion[] }

/** Form mode: one page at a time, Back and Next; skip logic picks the page Next leads to. */
export function pageMode(): void {
  const history: number[] = []
  let index = 0
  const render = () => {
    const page = survey.pages[index]
    if (!page) return
    newErrorBox()
    const next = () => {
      if (firstMissingAnswer(page.questions, answers) || preselect)
        return errorBox?.replaceChildren(t.required)
      const step = nextStep(survey, index, answers)
      if ('ending' in step) return finish(step.ending)
      history.push(index)
      index = step.page
      render()
    }
    const back = () => {
      index = history.pop() ?? 0
      render()
    }
    root.replaceChildren(pageForm(index, page, next, history.length > 0 && back))
  }
  onRerender(render)
  render()
}

/** The page's form; `back` is false on the first page shown. */
function pageForm(index: number, page: Page, next: () => void, back: false | (() => void)): HTMLElement {
  const isLast = 'ending' in nextStep(survey, index, answers)
  const onsubmit = (e: Event) => {
    e.preventDefault()
    next()
  }
  return h(
    'form',
    { class: 'card', onsubmit },
    boot.preview && h('div', { class: 'preview' }, t.preview),
    index === 0 && h('h1', {}, survey.title),
    index === 0 && survey.intro && h('p', { class: 'intro' }, survey.intro),
    page.title && h('h3', { class: 'page-title' }, page.title),
    ...page.questions.map(questionBlock),
    honeypot,
    errorBox,
    h(
      'div',
      { class: 'nav' },
      back && button({ onclick: back }, t.back),
      h(
        'button',
        { type: 'submit', class: 'primary', 'data-testid': isLast ? 'submit' : 'next' },
        isLast ? t.submit : t.next,
      ),
    ),
  )
}

function questionBlock(q: PageQuestion): HTMLElement {
  return h(
    'section',
    { class: 'question', 'data-testid': `question-${q.id}` },
    h('h2', {}, q.text, !q.required && h('span', { class: 'optional' }, ` ${t.optional}`)),
    q.description && h('p', { class: 'description' }, q.description),
    questionInput(q, () => rerender()),
  )
}
