import type { PageQuestion } from '../../../src/surveys/page-boot.js'
import { isAnswered } from '../../../src/surveys/survey-path.js'
import { button, h } from './dom.js'
import { fillText } from './page-texts.js'
import { answers, clearPreselect, preselect, rerender, setAnswer, t } from './session.js'

/** Called after a choice: form mode draws the page again, conversation mode moves on. */
type OnAnswer = () => void
type Renderer = (q: PageQuestion, onAnswer: OnAnswer) => Node[]

/** Which input a question gets: rows of scales, one scale, option buttons, or a text field. */
function rendererFor(q: PageQuestion): Renderer {
  if (q.type === 'battery') return batteryInput
  if (q.min !== undefined) return scaleInput
  if (q.type === 'single' || q.type === 'multiple') return choiceInput
  return textInput
}

/** One question's input, drawn from the session's current answers. */
export function questionInput(q: PageQuestion, onAnswer: OnAnswer): HTMLElement {
  return h('div', { class: `answer answer-${q.type}` }, ...rendererFor(q)(q, onAnswer))
}

function batteryInput(q: PageQuestion, onAnswer: OnAnswer): Node[] {
  const scores = () => answers[q.id] as Record<string, number> | undefined
  return (q.statements ?? []).map((statement) =>
    h(
      'div',
      { class: 'battery-row' },
      h('div', { class: 'statement' }, statement.text),
      scale(q, `${q.id}-${statement.id}`, scores()?.[statement.id], (n) => {
        const current = { ...(scores() ?? {}), [statement.id]: n }
        setAnswer(q, current)
        if (isAnswered(q, current)) onAnswer()
      }),
    ),
  )
}

function scaleInput(q: PageQuestion, onAnswer: OnAnswer): Node[] {
  const preselected = preselect?.question === q.id ? preselect.score : undefined
  const pick = (n: number) => {
    clearPreselect()
    setAnswer(q, n)
    onAnswer()
  }
  const buttons = scale(q, q.id, preselected ?? (answers[q.id] as number | undefined), pick)
  return preselected === undefined ? [buttons] : [buttons, confirmBar(preselected, pick)]
}

/** Asks to confirm the score an e-mail link chose, or to change it. */
function confirmBar(score: number, pick: (n: number) => void): HTMLElement {
  const change = () => {
    clearPreselect()
    rerender()
  }
  return h(
    'div',
    { class: 'confirm', 'data-testid': 'confirm-bar' },
    h('span', {}, fillText(t.confirmScore, 'score', score)),
    button({ class: 'primary', 'data-testid': 'confirm-score', onclick: () => pick(score) }, t.confirm),
    button({ 'data-testid': 'change-score', onclick: change }, t.change),
  )
}

function scale(
  q: PageQuestion,
  testid: string,
  chosen: number | undefined,
  pick: (n: number) => void,
): HTMLElement {
  const min = q.min ?? 0
  const max = q.max ?? min
  const buttons = h('div', { class: `scale scale-${max - min + 1}`, role: 'radiogroup' })
  for (let n = min; n <= max; n++)
    buttons.append(
      button(
        {
          role: 'radio',
          'aria-checked': String(chosen === n),
          class: chosen === n ? 'selected' : '',
          'data-testid': `score-${testid}-${n}`,
          onclick: () => pick(n),
        },
        String(n),
      ),
    )
  return h(
    'div',
    { class: 'scale-wrap' },
    buttons,
    h('div', { class: 'scale-labels' }, h('span', {}, q.minLabel ?? ''), h('span', {}, q.maxLabel ?? '')),
  )
}

function choiceInput(q: PageQuestion, onAnswer: OnAnswer): Node[] {
  const multiple = q.type === 'multiple'
  const ticked = () => (answers[q.id] as string[] | undefined) ?? []
  const choose = (option: string) => {
    if (!multiple) {
      setAnswer(q, option)
      return onAnswer()
    }
    setAnswer(q, toggleOption(ticked(), option, q.maxChoices))
    rerender()
  }
  return (q.options ?? []).map((o) => {
    const selected = multiple ? ticked().includes(o.id) : answers[q.id] === o.id
    return button(
      {
        class: `option${selected ? ' selected' : ''}`,
        'data-testid': `option-${q.id}-${o.id}`,
        'aria-pressed': String(selected),
        onclick: () => choose(o.id),
      },
      o.label,
    )
  })
}

/** Ticks or unticks an option of a multiple choice; beyond maxChoices a new tick is ignored. */
export function toggleOption(ticked: string[], option: string, maxChoices: number | undefined): string[] {
  const list = new Set(ticked)
  if (list.has(option)) list.delete(option)
  else if (!maxChoices || list.size < maxChoices) list.add(option)
  return [...list]
}

function textInput(q: PageQuestion): Node[] {
  const field = h(q.multiline ? 'textarea' : 'input', {
    'data-testid': `text-${q.id}`,
    placeholder: t.typeHere,
    maxlength: String(q.maxLength ?? 2000),
    rows: '3',
  }) as HTMLInputElement
  field.value = (answers[q.id] as string | undefined) ?? ''
  field.addEventListener('change', () => setAnswer(q, field.value.trim()))
  return [field]
}
