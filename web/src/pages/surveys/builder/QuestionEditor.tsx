import { useTranslation } from 'react-i18next'
import type { Question, Text } from '../surveys-api.js'

/** One question in the builder: its texts in the language being edited, required, options or statements. */
export function QuestionEditor({
  question,
  language,
  fallback,
  onChange,
  onRemove,
  onMove,
}: {
  question: Question
  language: string
  fallback: string
  onChange: (q: Question) => void
  onRemove: () => void
  /** Moves the question one place up (-1) or down (1), across pages at their edges. */
  onMove?: (by: -1 | 1) => void
}) {
  const { t } = useTranslation()
  const lang = language as keyof Text
  const textInput = (value: Text | undefined, set: (text: Text) => void, testid: string, label?: string) => (
    <input
      className={`input${!value?.[lang] && value?.[fallback as keyof Text] ? ' missing-translation' : ''}`}
      aria-label={label ?? t('surveys.builder.questionText', { id: question.id })}
      value={value?.[lang] ?? ''}
      placeholder={value?.[fallback as keyof Text] ?? ''}
      onChange={(e) => set({ ...value, [lang]: e.target.value || undefined })}
      data-testid={testid}
    />
  )
  return (
    <div className="card builder-question" data-testid={`builder-question-${question.id}`}>
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
      {textInput(question.text, (text) => onChange({ ...question, text }), `question-text-${question.id}`)}
      {'minLabel' in question || ['nps', 'csat', 'ces', 'rating', 'battery'].includes(question.type) ? (
        <div className="builder-sub">
          {textInput(
            (question as { minLabel?: Text }).minLabel,
            (minLabel) => onChange({ ...question, minLabel } as Question),
            `min-label-${question.id}`,
            t('surveys.builder.minLabel'),
          )}
          {textInput(
            (question as { maxLabel?: Text }).maxLabel,
            (maxLabel) => onChange({ ...question, maxLabel } as Question),
            `max-label-${question.id}`,
            t('surveys.builder.maxLabel'),
          )}
        </div>
      ) : null}
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
            )}
          </div>
        ))}
    </div>
  )
}
