import { type FormEvent, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { formErrorText } from './form-error.js'

/**
 * A form's submit handler with its busy flag and error text: a failed action shows its error and frees the
 * button again. `check` runs first and, when it returns a message, shows it without calling the action.
 */
export function useFormSubmit(action: () => Promise<void>, check?: () => string | null) {
  const { t } = useTranslation()
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const submit = async (e: FormEvent) => {
    e.preventDefault()
    const problem = check?.() ?? null
    if (problem) return setError(problem)
    setBusy(true)
    setError(null)
    try {
      await action()
    } catch (err) {
      setError(formErrorText(err, t))
      setBusy(false)
    }
  }
  return { busy, error, onSubmit: (e: FormEvent) => void submit(e) }
}
