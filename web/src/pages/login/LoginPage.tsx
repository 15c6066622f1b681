import { type FormEvent, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { api } from '../../api.js'
import { AuthLayout } from '../../components/AuthLayout.js'
import { formErrorText } from '../../components/form-error.js'
import { useSession } from '../../session.js'

export function LoginPage() {
  const { t } = useTranslation()
  const { signIn } = useSession()
  const [email, setEmail] = useState('')
  const [password, setPassword] = useState('')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)

  const submit = async (e: FormEvent) => {
    e.preventDefault()
    setBusy(true)
    setError(null)
    try {
      // Signed in, the routes change and HomeRedirect takes the user back where they were.
      signIn(await api.login(email, password))
    } catch (err) {
      setError(formErrorText(err, t))
      setBusy(false)
    }
  }

  return (
    <AuthLayout title={t('login.title')}>
      <form className="form" onSubmit={(e) => void submit(e)} data-testid="login-form">
        <label className="field">
          <span className="field-label">{t('login.email')}</span>
          <input
            className="input"
            type="email"
            required
            autoComplete="username"
            value={email}
            onChange={(e) => setEmail(e.target.value)}
            data-testid="login-email"
          />
        </label>
        <label className="field">
          <span className="field-label">{t('login.password')}</span>
          <input
            className="input"
            type="password"
            required
            autoComplete="current-password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            data-testid="login-password"
          />
        </label>
        {error && (
          <div className="notice notice-error" role="alert" data-testid="login-error">
            {error}
          </div>
        )}
        <button type="submit" className="button button-primary" disabled={busy} data-testid="login-submit">
          {busy ? t('login.submitting') : t('login.submit')}
        </button>
      </form>
    </AuthLayout>
  )
}
