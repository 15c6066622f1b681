import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { api } from '../../api.js'
import { AuthLayout } from '../../components/AuthLayout.js'
import { Field } from '../../components/Field.js'
import { useFormSubmit } from '../../components/use-form-submit.js'
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
  const { busy, error, onSubmit } = useFormSubmit(
    async () => signIn(await api.setup({ organizationName, workspaceName, name, email, password, demo })),
    () => (password.length < minPasswordLength ? t('setup.passwordTooShort') : null),
  )

  return (
    <AuthLayout title={t('setup.title')} intro={t('setup.intro')}>
      <form className="form" onSubmit={onSubmit} data-testid="setup-form">
        <Field label={t('setup.organizationName')}>
          <input
            className="input"
            required
            value={organizationName}
            onChange={(e) => setOrganizationName(e.target.value)}
            data-testid="setup-organization"
          />
        </Field>
        <Field label={t('setup.workspaceName')}>
          <input
            className="input"
            required
            value={workspaceName}
            onChange={(e) => setWorkspaceName(e.target.value)}
            data-testid="setup-workspace"
          />
        </Field>
        <Field label={t('setup.name')}>
          <input
            className="input"
            required
            autoComplete="name"
            value={name}
            onChange={(e) => setName(e.target.value)}
            data-testid="setup-name"
          />
        </Field>
        <Field label={t('setup.email')}>
          <input
            className="input"
            type="email"
            required
            autoComplete="email"
            value={email}
            onChange={(e) => setEmail(e.target.value)}
            data-testid="setup-email"
          />
        </Field>
        <Field label={t('setup.password')} hint={t('setup.passwordHint')}>
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
        </Field>
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
