import type { PageQuestion, SurveyPageBoot } from '../../../src/surveys/page-boot.js'
import type { Answers, AnswerValue } from '../../../src/surveys/survey-path.js'
import { isAnswered, nextStep } from '../../../src/surveys/survey-path.js'
import { storage } from './storage.js'
import './survey-page.css'

// The public survey page: no framework, a few kilobytes. Form mode shows a page at a time; conversation
// mode asks one question at a time, chat-like. Each answer is saved as it is given.

const boot = JSON.parse(document.getElementById('survey-boot')?.textContent ?? 'null') as SurveyPageBoot
const root = document.getElementById('survey')!
const t = boot.texts

type Child = Node | string | null | false | undefined
function h(tag: string, attrs: Record<string, string | boolean | EventListener> = {}, ...children: Child[]) {
  const el = document.createElement(tag)
  for (const [key, value] of Object.entries(attrs)) {
    if (typeof value === 'function') el.addEventListener(key.slice(2), value)
    else if (value === true) el.setAttribute(key, '')
    else if (value !== false) el.setAttribute(key, value)
  }
  for (const child of children) if (child) el.append(child)
  return el
}

function notice(text: string, testid = 'notice') {
  root.replaceChildren(h('div', { class: 'card notice', 'data-testid': testid }, h('p', {}, text)))
}

const stateTexts: Record<string, string> = {
  completed: t.completed,
  expired: t.expired,
  withdrawn: t.withdrawn,
  closed: t.closed,
  not_found: t.notFound,
}

if (!boot) notice('Survey not found')
else if (boot.state !== 'open' || !boot.survey)
  notice(stateTexts[boot.state] ?? t.notFound, `state-${boot.state}`)
else start(boot, boot.survey)

function start(boot: SurveyPageBoot, survey: NonNullable<SurveyPageBoot['survey']>) {
  const storeKey = boot.submitUrl && !boot.saved ? `rapport:${boot.submitUrl}` : null
  const stored = storeKey
    ? (JSON.parse(storage.get(storeKey) ?? 'null') as { clientId: string; answers: Answers } | null)
    : null
  const clientId = boot.saved?.clientId ?? stored?.clientId ?? crypto.randomUUID()
  const answers: Answers = { ...(stored?.answers ?? {}), ...(boot.saved?.answers ?? {}) }
  let preselect = boot.preselect && answers[boot.preselect.question] === undefined ? boot.preselect : null
  const honeypot = h('input', {
    name: 'website',
    tabindex: '-1',
    autocomplete: 'off',
    'aria-hidden': 'true',
    class: 'hp',
  }) as HTMLInputElement
  let pending: Promise<unknown> = Promise.resolve()

  /** Saves (queued, in order); complete=true sends every answer and returns the ending. */
  function save(partial: Answers, complete = false): Promise<{ ending: string | null } | null> {
    if (storeKey) storage.set(storeKey, JSON.stringify({ clientId, answers }))
    if (!boot.submitUrl) return Promise.resolve(null)
    const body = {
      clientId,
      version: survey.version,
      language: boot.language,
      answers: partial,
      hidden: boot.hidden,
      complete,
      mode: boot.mode,
      website: honeypot.value || undefined,
    }
    const run = pending.then(async () => {
      const response = await fetch(boot.submitUrl!, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      })
      if (!response.ok)
        throw new Error(
          ((await response.json().catch(() => null)) as { error?: { message?: string } } | null)?.error
            ?.message ?? t.error,
        )
      return (await response.json()) as { ending: string | null }
    })
    pending = run.catch(() => undefined)
    return run
  }

  function setAnswer(q: PageQuestion, value: AnswerValue | undefined, persist = true) {
    if (value === undefined || (Array.isArray(value) && value.length === 0) || value === '')
      delete answers[q.id]
    else answers[q.id] = value
    if (persist) void save({ [q.id]: answers[q.id] ?? null } as Answers).catch(showError)
  }

  let errorBox: HTMLElement | null = null
  function showError(error: unknown) {
    errorBox?.replaceChildren(error instanceof Error ? error.message : t.error)
  }

  function finish(ending: string) {
    const shown = survey.endings.find((e) => e.id === ending) ?? survey.endings[0]!
    const done = () => {
      if (storeKey) storage.remove(storeKey)
      root.replaceChildren(
        h(
          'div',
          { class: 'card ending', 'data-testid': 'ending', 'data-ending': shown.id },
          h('h1', {}, shown.title),
          shown.message && h('p', {}, shown.message),
        ),
      )
    }
    const all = Object.fromEntries(Object.entries(answers))
    save(all, true).then(done, showError)
  }

  /** One question's input; onAnswer fires after a choice (conversation mode moves on). */
  function questionInput(q: PageQuestion, onAnswer: () => void): HTMLElement {
    const wrap = h('div', { class: `answer answer-${q.type}` })
    if (q.type === 'battery') {
      for (const s of q.statements ?? []) {
        const row = h('div', { class: 'battery-row' }, h('div', { class: 'statement' }, s.text))
        row.append(
          scale(q, `${q.id}-${s.id}`, (answers[q.id] as Record<string, number> | undefined)?.[s.id], (n) => {
            const current = { ...((answers[q.id] as Record<string, number> | undefined) ?? {}), [s.id]: n }
            setAnswer(q, current)
            if (isAnswered(q, current)) onAnswer()
          }),
        )
        wrap.append(row)
      }
      return wrap
    }
    if (q.min !== undefined) {
      const chosen = preselect?.question === q.id ? preselect.score : (answers[q.id] as number | undefined)
      wrap.append(
        scale(q, q.id, chosen, (n) => {
          preselect = null
          setAnswer(q, n)
          onAnswer()
        }),
      )
      if (preselect?.question === q.id) {
        const score = preselect.score
        wrap.append(
          h(
            'div',
            { class: 'confirm', 'data-testid': 'confirm-bar' },
            h('span', {}, t.confirmScore.replace('{score}', String(score))),
            h(
              'button',
              {
                type: 'button',
                class: 'primary',
                'data-testid': 'confirm-score',
                onclick: () => {
                  preselect = null
                  setAnswer(q, score)
                  onAnswer()
                },
              },
              t.confirm,
            ),
            h(
              'button',
              {
                type: 'button',
                'data-testid': 'change-score',
                onclick: () => {
                  preselect = null
                  rerender()
                },
              },
              t.change,
            ),
          ),
        )
      }
      return wrap
    }
    if (q.type === 'single' || q.type === 'multiple') {
      const multiple = q.type === 'multiple'
      for (const o of q.options ?? []) {
        const selected = multiple
          ? ((answers[q.id] as string[] | undefined) ?? []).includes(o.id)
          : answers[q.id] === o.id
        wrap.append(
          h(
            'button',
            {
              type: 'button',
              class: `option${selected ? ' selected' : ''}`,
              'data-testid': `option-${q.id}-${o.id}`,
              'aria-pressed': String(selected),
              onclick: () => {
                if (!multiple) {
                  setAnswer(q, o.id)
                  onAnswer()
                  return
                }
                const list = new Set((answers[q.id] as string[] | undefined) ?? [])
                if (list.has(o.id)) list.delete(o.id)
                else if (!q.maxChoices || list.size < q.maxChoices) list.add(o.id)
                setAnswer(q, [...list])
                rerender()
              },
            },
            o.label,
          ),
        )
      }
      return wrap
    }
    const field = h(q.multiline ? 'textarea' : 'input', {
      'data-testid': `text-${q.id}`,
      placeholder: t.typeHere,
      maxlength: String(q.maxLength ?? 2000),
      rows: '3',
    }) as HTMLInputElement
    field.value = (answers[q.id] as string | undefined) ?? ''
    field.addEventListener('change', () => setAnswer(q, field.value.trim()))
    wrap.append(field)
    return wrap
  }

  function scale(q: PageQuestion, testid: string, chosen: number | undefined, pick: (n: number) => void) {
    const buttons = h('div', { class: `scale scale-${q.max! - q.min! + 1}`, role: 'radiogroup' })
    for (let n = q.min!; n <= q.max!; n++)
      buttons.append(
        h(
          'button',
          {
            type: 'button',
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

  let rerender = () => {}

  // Form mode: one page at a time, Back and Next.
  function pageMode() {
    const history: number[] = []
    let index = 0
    const render = () => {
      const page = survey.pages[index]!
      errorBox = h('div', { class: 'error', role: 'alert', 'data-testid': 'error' })
      const blocks = page.questions.map((q) =>
        h(
          'section',
          { class: 'question', 'data-testid': `question-${q.id}` },
          h('h2', {}, q.text, !q.required && h('span', { class: 'optional' }, ` ${t.optional}`)),
          q.description && h('p', { class: 'description' }, q.description),
          questionInput(q, () => rerender()),
        ),
      )
      const next = () => {
        const missing = page.questions.find((q) => q.required && !isAnswered(q, answers[q.id]))
        if (missing || preselect) return errorBox?.replaceChildren(t.required)
        const step = nextStep(survey, index, answers)
        if ('ending' in step) return finish(step.ending)
        history.push(index)
        index = step.page
        render()
      }
      const isLast = 'ending' in nextStep(survey, index, answers)
      root.replaceChildren(
        h(
          'form',
          {
            class: 'card',
            onsubmit: (e: Event) => {
              e.preventDefault()
              next()
            },
          },
          boot.preview && h('div', { class: 'preview' }, t.preview),
          index === 0 && h('h1', {}, survey.title),
          index === 0 && survey.intro && h('p', { class: 'intro' }, survey.intro),
          page.title && h('h3', { class: 'page-title' }, page.title),
          ...blocks,
          honeypot,
          errorBox,
          h(
            'div',
            { class: 'nav' },
            history.length > 0 &&
              h(
                'button',
                {
                  type: 'button',
                  onclick: () => {
                    index = history.pop()!
                    render()
                  },
                },
                t.back,
              ),
            h(
              'button',
              { type: 'submit', class: 'primary', 'data-testid': isLast ? 'submit' : 'next' },
              isLast ? t.submit : t.next,
            ),
          ),
        ),
      )
    }
    rerender = render
    render()
  }

  // Conversation mode: the same questions one at a time, as chat bubbles.
  function conversationMode() {
    const log = h('div', { class: 'chat-log', 'data-testid': 'chat-log' })
    const dock = h('div', { class: 'chat-dock' })
    errorBox = h('div', { class: 'error', role: 'alert', 'data-testid': 'error' })
    root.replaceChildren(
      h(
        'div',
        { class: 'chat' },
        boot.preview && h('div', { class: 'preview' }, t.preview),
        h('div', { class: 'bubble bot' }, survey.title),
        log,
        honeypot,
        errorBox,
        dock,
      ),
    )
    let pageIndex = 0
    let qIndex = 0
    const total = survey.pages.reduce((n, p) => n + p.questions.length, 0)
    let asked = 0
    const ask = () => {
      const page = survey.pages[pageIndex]!
      const q = page.questions[qIndex]!
      asked += 1
      log.append(
        h(
          'div',
          { class: 'bubble bot', 'data-testid': `chat-question-${q.id}` },
          h('small', {}, t.progress.replace('{n}', String(asked)).replace('{total}', String(total))),
          h('div', {}, q.text),
        ),
      )
      const advance = () => {
        const value = answers[q.id]
        log.append(h('div', { class: 'bubble me' }, value === undefined ? '—' : describe(q, value)))
        dock.replaceChildren()
        if (qIndex + 1 < page.questions.length) qIndex += 1
        else {
          const step = nextStep(survey, pageIndex, answers)
          if ('ending' in step) return finish(step.ending)
          pageIndex = step.page
          qIndex = 0
        }
        ask()
        window.scrollTo(0, document.body.scrollHeight)
      }
      const draw = () => {
        const input = questionInput(
          q,
          q.type === 'multiple' || q.type === 'text' || q.type === 'battery' ? () => draw() : advance,
        )
        const controls = h('div', { class: 'nav' })
        if (q.type === 'multiple' || q.type === 'text' || q.type === 'battery') {
          controls.append(
            h(
              'button',
              {
                type: 'button',
                class: 'primary',
                'data-testid': 'chat-send',
                onclick: () => {
                  if (q.type === 'text') {
                    const f = input.querySelector('input,textarea') as HTMLInputElement
                    setAnswer(q, f.value.trim())
                  }
                  if (q.required && !isAnswered(q, answers[q.id]))
                    return errorBox?.replaceChildren(t.required)
                  errorBox?.replaceChildren()
                  advance()
                },
              },
              t.next,
            ),
          )
        }
        if (!q.required)
          controls.append(
            h('button', { type: 'button', 'data-testid': 'chat-skip', onclick: advance }, t.skip),
          )
        dock.replaceChildren(input, controls)
      }
      rerender = draw
      draw()
    }
    ask()
  }

  function describe(q: PageQuestion, value: AnswerValue): string {
    if (typeof value === 'number') return String(value)
    if (typeof value === 'string') return q.options?.find((o) => o.id === value)?.label ?? value
    if (Array.isArray(value))
      return value.map((v) => q.options?.find((o) => o.id === v)?.label ?? v).join(', ')
    return (q.statements ?? []).map((s) => `${s.text}: ${value[s.id]}`).join('; ')
  }

  if (boot.mode === 'conversation') conversationMode()
  else pageMode()
}
