import type { Dispatch } from 'react'
import { useTranslation } from 'react-i18next'
import type { DraftAction } from './survey-draft.js'

/** The definition as JSON, taken from the draft when opened and applied to it on request. */
export function JsonEditor({ json, dispatch }: { json: string | null; dispatch: Dispatch<DraftAction> }) {
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
            className="input mono"
            rows={16}
            value={json}
            onChange={(e) => dispatch({ type: 'editJson', text: e.target.value })}
          />
          <button
            type="button"
            className="button button-secondary"
            onClick={() => dispatch({ type: 'applyJson' })}
          >
            {t('surveys.builder.applyJson')}
          </button>
        </>
      )}
    </details>
  )
}
