import { type FormEvent, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { api } from '../../api.js'
import { AuthLayout } from '../../components/AuthLayout.js'
import { formErrorText } from '../../components/form-error.js'
import { useSession } from '../../session.js'

const minPasswordLength = 10

/** First run: creates the organization, the first workspace and its owner, then signs in. */
export function SetupPage() {
  const { t } = useTranslation()
  const { signIn } = useSession()
  const [organizationName, setOrganizationName] = useState('')
  const [workspaceName, setWorkspaceName] = useState('')
  const [name, setName] = useState('')
  const [email, setEmail] = useState('')
  const [password, setPassword] = useState('')
  const [demo, setDemo] = useState(false)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)

  const submit = async (e: FormEvent) => {
    e.preventDefault()
    if (password.length < minPasswordLength) return setError(t('setup.passwordTooShort'))
    setBusy(true)
    setError(null)
    try {
      signIn(await api.setup({ organizationName, workspaceName, name, email, password, demo }))
    } catch (err) {
      setError(formErrorText(err, t))
      setBusy(false)
    }
  }

  return (
    <AuthLayout title={t('setup.title')} intro={t('setup.intro')}>
      <form className="form" onSubmit={(e) => void submit(e)} data-testid="setup-form">
        <label className="field">
          <span className="field-label">{t('setup.organizationName')}</span>
          <input
            className="input"
            required
            value={organizationName}
            onChange={(e) => setOrganizationName(e.target.value)}
            data-testid="setup-organization"
          />
        </label>
        <label className="field">
          <span className="field-label">{t('setup.workspaceName')}</span>
          <input
            className="input"
            required
            value={workspaceName}
            onChange={(e) => setWorkspaceName(e.target.value)}
            data-testid="setup-workspace"
          />
        </label>
        <label className="field">
          <span className="field-label">{t('setup.name')}</span>
          <input
            className="input"
            required
            autoComplete="name"
            value={name}
            onChange={(e) => setName(e.target.value)}
            data-testid="setup-name"
          />
        </label>
        <label className="field">
          <span className="field-label">{t('setup.email')}</span>
          <input
            className="input"
            type="email"
            required
            autoComplete="email"
            value={email}
            onChange={(e) => setEmail(e.target.value)}
            data-testid="setup-email"
          />
        </label>
        <label className="field">
          <span className="field-label">{t('setup.password')}</span>
          <input
            className="input"
            type="password"
            required
            minLength={minPasswordLength}
            autoComplete="new-password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            data-testid="setup-password"
          />
          <span className="field-hint">{t('setup.passwordHint')}</span>
        </label>
        <label className="checkbox">
          <input
            type="checkbox"
            checked={demo}
            onChange={(e) => setDemo(e.target.checked)}
            data-testid="setup-demo"
          />
          <span>
            <span className="checkbox-label">{t('setup.demo')}</span>
            <span className="field-hint">{t('setup.demoHint')}</span>
          </span>
        </label>
        {error && (
          <div className="notice notice-error" role="alert" data-testid="setup-error">
            {error}
          </div>
        )}
        <button type="submit" className="button button-primary" disabled={busy} data-testid="setup-submit">
          {busy ? t('setup.submitting') : t('setup.submit')}
        </button>
      </form>
    </AuthLayout>
  )
}
