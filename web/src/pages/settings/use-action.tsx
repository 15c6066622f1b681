import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { formErrorText } from '../../components/form-error.js'

/** Runs a settings action with its busy flag and error text; a success reloads what it changed. */
export function useAction() {
  const { t } = useTranslation()
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const run = async (action: () => Promise<unknown>): Promise<boolean> => {
    setBusy(true)
    setError(null)
    try {
      await action()
      return true
    } catch (err) {
      setError(formErrorText(err, t))
      return false
    } finally {
      setBusy(false)
    }
  }
  return { busy, error, run, setError }
}

/** The error of a failed action, read out by screen readers as it appears. */
export function ActionError({ error, testId }: { error: string | null; testId?: string }) {
  if (!error) return null
  return (
    <div className="notice notice-error" role="alert" data-testid={testId}>
      {error}
    </div>
  )
}
