import { type ReactNode, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { ApiError } from '../../api.js'
import { ErrorNotice } from '../../components/ErrorNotice.js'

// Saving one section of the program settings.

/** Saving one section: busy, the API's error (naming the field), and a word when saved. */
export function useSave() {
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<ApiError | undefined>()
  const [saved, setSaved] = useState(false)
  async function run(save: () => Promise<unknown>, onSaved: () => void) {
    setBusy(true)
    setSaved(false)
    setError(undefined)
    try {
      await save()
      setSaved(true)
      onSaved()
    } catch (err) {
      setError(err instanceof ApiError ? err : new ApiError(0, 'unexpected', String(err)))
    } finally {
      setBusy(false)
    }
  }
  return { busy, error, saved, run }
}

export function SaveBar({ state, testId }: { state: ReturnType<typeof useSave>; testId: string }) {
  const { t } = useTranslation()
  return (
    <>
      {state.error && <ErrorNotice error={state.error} />}
      <div className="toolbar">
        <button type="submit" className="button" disabled={state.busy} data-testid={testId}>
          {t('loyalty.settings.save')}
        </button>
        {state.saved && (
          <span className="muted" role="status">
            {t('loyalty.settings.saved')}
          </span>
        )}
      </div>
    </>
  )
}

/** One card of the program settings: its title (which names the section for screen readers), a hint, and what it holds. */
export function SettingsCard({
  id,
  title,
  hint,
  children,
}: {
  id: string
  title: string
  hint?: string
  children: ReactNode
}) {
  return (
    <section className="card" aria-labelledby={`${id}-title`}>
      <h2 className="card-title" id={`${id}-title`}>
        {title}
      </h2>
      {hint && <p className="muted">{hint}</p>}
      {children}
    </section>
  )
}
