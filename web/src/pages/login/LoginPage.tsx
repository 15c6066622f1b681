import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { api } from '../../api.js'
import { AuthLayout } from '../../components/AuthLayout.js'
import { Field } from '../../components/Field.js'
import { useFormSubmit } from '../../components/use-form-submit.js'
import { useSession } from '../../session.js'

export function LoginPage() {
  const { t } = useTranslation()
  const { signIn } = useSession()
  const [email, setEmail] = useState('')
  const [password, setPassword] = useState('')
  // Signed in, the routes change and HomeRedirect takes the user back where they were.
  const { busy, error, onSubmit } = useFormSubmit(async () => signIn(await api.login(email, password)))

  return (
    <AuthLayout title={t('login.title')}>
      <form className="form" onSubmit={onSubmit} data-testid="login-form">
        <Field label={t('login.email')}>
          <input
            className="input"
            type="email"
            required
            autoComplete="username"
            value={email}
            onChange={(e) => setEmail(e.target.value)}
            data-testid="login-email"
          />
        </Field>
        <Field label={t('login.password')}>
          <input
            className="input"
            type="password"
            required
            autoComplete="current-password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            data-testid="login-password"
          />
        </Field>
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
