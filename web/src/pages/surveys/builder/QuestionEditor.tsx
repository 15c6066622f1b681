import type { KeyboardEvent } from 'react'
import { useTranslation } from 'react-i18next'
import type { Question, Text } from '../surveys-api.js'
import { type FieldIssue, issuesIn } from './draft-issues.js'
import { IssueText, invalidProps } from './IssueText.js'

/**
 * One question in the builder: its texts in the language being edited, required, options or statements, and the
 * issues of each next to it. Alt+↑ and Alt+↓ move it, as its buttons do.
 */
export function QuestionEditor({
  question,
  language,
  fallback,
  at,
  issues,
  onChange,
  onRemove,
  onMove,
}: {
  question: Question
  language: string
  fallback: string
  /** The question's place in the definition, as issues name it: definition.pages.P.questions.I */
  at: string
  issues: FieldIssue[]
  onChange: (q: Question) => void
  onRemove: () => void
  /** Moves the question one place up (-1) or down (1), across pages at their edges. */
  onMove?: (by: -1 | 1) => void
}) {
  const { t } = useTranslation()
  const lang = language as keyof Text
  const textInput = (
    value: Text | undefined,
    set: (text: Text) => void,
    testid: string,
    part: string,
    label?: string,
  ) => {
    const slot = `${at}.${part}`
    const own = issuesIn(issues, slot)
    return (
      <>
        <input
          className={`input${!value?.[lang] && value?.[fallback as keyof Text] ? ' missing-translation' : ''}`}
          aria-label={label ?? t('surveys.builder.questionText', { id: question.id })}
          value={value?.[lang] ?? ''}
          placeholder={value?.[fallback as keyof Text] ?? ''}
          onChange={(e) => set({ ...value, [lang]: e.target.value || undefined })}
          data-testid={testid}
          {...invalidProps(own, slot)}
        />
        <IssueText issues={own} slot={slot} />
      </>
    )
  }
  const moveByKey = (e: KeyboardEvent) => {
    if (!onMove || !e.altKey || (e.key !== 'ArrowUp' && e.key !== 'ArrowDown')) return
    e.preventDefault()
    onMove(e.key === 'ArrowUp' ? -1 : 1)
  }
  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: the keys act on the focused control inside, which stays focused as the question moves.
    <div
      className="card builder-question"
      data-testid={`builder-question-${question.id}`}
      onKeyDown={moveByKey}
    >
      <div className="builder-question-head">
        <span className="mono">{question.id}</span>
        <span className="badge">{t(`surveys.types.${question.type}`)}</span>
        <label className="checkbox-label">
          <input
            type="checkbox"
            className="checkbox"
            checked={question.required !== false}
            onChange={(e) => onChange({ ...question, required: e.target.checked })}
          />
          {t('surveys.builder.required')}
        </label>
        <div className="page-header-spacer" />
        {onMove && (
          <>
            <button
              type="button"
              className="button button-secondary"
              aria-label={t('surveys.builder.moveUp', { id: question.id })}
              onClick={() => onMove(-1)}
              data-testid={`move-up-${question.id}`}
            >
              ↑
            </button>
            <button
              type="button"
              className="button button-secondary"
              aria-label={t('surveys.builder.moveDown', { id: question.id })}
              onClick={() => onMove(1)}
              data-testid={`move-down-${question.id}`}
            >
              ↓
            </button>
          </>
        )}
        <button type="button" className="button button-secondary" onClick={onRemove}>
          {t('surveys.builder.remove')}
        </button>
      </div>
      <IssueText issues={issuesIn(issues, at)} slot={at} />
      {textInput(
        question.text,
        (text) => onChange({ ...question, text }),
        `question-text-${question.id}`,
        'text',
      )}
      {'minLabel' in question || ['nps', 'csat', 'ces', 'rating', 'battery'].includes(question.type)
        ? (['minLabel', 'maxLabel'] as const).map((end) => (
            <div className="builder-sub" key={end}>
              <span className="small muted" aria-hidden="true">
                {t(`surveys.builder.${end}`)}
              </span>
              {textInput(
                (question as { minLabel?: Text; maxLabel?: Text })[end],
                (label) => onChange({ ...question, [end]: label } as Question),
                `${end === 'minLabel' ? 'min' : 'max'}-label-${question.id}`,
                end,
                t(`surveys.builder.${end}`),
              )}
            </div>
          ))
        : null}
      {'options' in question &&
        question.options.map((o, i) => (
          <div className="builder-sub" key={o.id}>
            <span className="mono small">{o.id}</span>
            {textInput(
              o.label,
              (label) =>
                onChange({
                  ...question,
                  options: question.options.map((x, j) => (j === i ? { ...x, label } : x)),
                }),
              `option-text-${question.id}-${o.id}`,
              `options.${i}.label`,
            )}
          </div>
        ))}
      {'statements' in question &&
        question.statements.map((s, i) => (
          <div className="builder-sub" key={s.id}>
            <span className="mono small">{s.id}</span>
            {textInput(
              s.text,
              (text) =>
                onChange({
                  ...question,
                  statements: question.statements.map((x, j) => (j === i ? { ...x, text } : x)),
                }),
              `statement-text-${question.id}-${s.id}`,
              `statements.${i}.text`,
            )}
          </div>
        ))}
    </div>
  )
}
