import type { Dispatch } from 'react'
import { useTranslation } from 'react-i18next'
import type { DraftAction, JsonProblem } from './survey-draft.js'

/** The definition as JSON, taken from the draft when opened and applied to it on request. */
export function JsonEditor({
  json,
  problem,
  dispatch,
}: {
  json: string | null
  problem: JsonProblem | null
  dispatch: Dispatch<DraftAction>
}) {
  const { t } = useTranslation()
  return (
    <details
      className="card"
      onToggle={(e) => dispatch({ type: (e.target as HTMLDetailsElement).open ? 'openJson' : 'closeJson' })}
    >
      <summary>{t('surveys.builder.json')}</summary>
      <p className="small muted">{t('surveys.builder.jsonHint')}</p>
      {json !== null && (
        <>
          <textarea
            className="input mono builder-json"
            rows={30}
            spellCheck={false}
            aria-label={t('surveys.builder.json')}
            aria-invalid={problem !== null}
            aria-describedby={problem ? 'builder-json-problem' : undefined}
            data-testid="builder-json"
            value={json}
            onChange={(e) => dispatch({ type: 'editJson', text: e.target.value })}
          />
          {problem && (
            <div
              className="field-error"
              id="builder-json-problem"
              role="alert"
              data-testid="builder-json-problem"
            >
              {problem.key === 'syntax'
                ? t('surveys.builder.jsonSyntax', { line: problem.line, column: problem.column })
                : t('surveys.builder.jsonNotDefinition')}
            </div>
          )}
          <button
            type="button"
            className="button button-secondary"
            onClick={() => dispatch({ type: 'applyJson' })}
            data-testid="builder-apply-json"
          >
            {t('surveys.builder.applyJson')}
          </button>
        </>
      )}
    </details>
  )
}
