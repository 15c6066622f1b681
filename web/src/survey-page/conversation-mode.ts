import type { PageQuestion } from '../../../src/surveys/page-boot.js'
import { isAnswered } from '../../../src/surveys/survey-path.js'
import { describeAnswer } from './describe-answer.js'
import { button, h } from './dom.js'
import { type ChatPosition, chatForward, questionCount } from './navigation.js'
import { fillText } from './page-texts.js'
import { questionInput } from './question-input.js'
import {
  answers,
  boot,
  errorBox,
  finish,
  honeypot,
  newErrorBox,
  onRerender,
  root,
  setAnswer,
  survey,
  t,
} from './session.js'

/** Whether a question is answered with a Send button rather than by a single tap. */
export function answeredBySend(q: Pick<PageQuestion, 'type'>): boolean {
  return q.type === 'multiple' || q.type === 'text' || q.type === 'battery'
}

/** Conversation mode (`?mode=conversation`): the same questions one at a time, as chat bubbles. */
export function conversationMode(): void {
  const log = h('div', { class: 'chat-log', 'data-testid': 'chat-log' })
  const dock = h('div', { class: 'chat-dock' })
  root.replaceChildren(
    h(
      'div',
      { class: 'chat' },
      boot.preview && h('div', { class: 'preview' }, t.preview),
      h('div', { class: 'bubble bot' }, survey.title),
      log,
      honeypot,
      newErrorBox(),
      dock,
    ),
  )
  const total = questionCount(survey)
  let position: ChatPosition = { page: 0, question: 0 }
  let asked = 0
  const ask = () => {
    const q = survey.pages[position.page]?.questions[position.question]
    if (!q) return
    asked += 1
    log.append(
      h(
        'div',
        { class: 'bubble bot', 'data-testid': `chat-question-${q.id}` },
        h('small', {}, fillText(fillText(t.progress, 'n', asked), 'total', total)),
        h('div', {}, q.text),
      ),
    )
    const advance = () => {
      const value = answers[q.id]
      log.append(h('div', { class: 'bubble me' }, value === undefined ? '—' : describeAnswer(q, value)))
      dock.replaceChildren()
      const step = chatForward(survey, position, answers)
      if ('ending' in step) return finish(step.ending)
      position = step
      ask()
      window.scrollTo(0, document.body.scrollHeight)
    }
    const draw = () => dock.replaceChildren(...questionDock(q, advance, draw))
    onRerender(draw)
    draw()
  }
  ask()
}

/** The question's input with Send (when the answer is not a single tap) and Skip (when it is optional). */
function questionDock(q: PageQuestion, advance: () => void, draw: () => void): HTMLElement[] {
  const bySend = answeredBySend(q)
  const input = questionInput(q, bySend ? draw : advance)
  const send = () => {
    if (q.type === 'text') {
      const field = input.querySelector('input,textarea') as HTMLInputElement
      setAnswer(q, field.value.trim())
    }
    if (q.required && !isAnswered(q, answers[q.id])) return errorBox?.replaceChildren(t.required)
    errorBox?.replaceChildren()
    advance()
  }
  return [
    input,
    h(
      'div',
      { class: 'nav' },
      bySend && button({ class: 'primary', 'data-testid': 'chat-send', onclick: send }, t.next),
      !q.required && button({ 'data-testid': 'chat-skip', onclick: advance }, t.skip),
    ),
  ]
}
