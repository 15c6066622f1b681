import { type FormEvent, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useNavigate, useParams } from 'react-router'
import { type ApiError, request } from '../../api.js'
import type { Me } from '../../api-types.js'
import { AuthLayout } from '../../components/AuthLayout.js'
import { Field } from '../../components/Field.js'
import { formErrorText } from '../../components/form-error.js'
import { useSession } from '../../session.js'
import { useApi } from '../../use-api.js'

interface OpenInvitation {
  workspaceName: string
  email: string
  role: 'owner' | 'admin' | 'analyst' | 'agent' | 'viewer'
  existingUser: boolean
}

/** Where an invitation link leads: a new person picks a name and password, someone known enters theirs. */
export function InvitePage() {
  const { t, i18n } = useTranslation()
  const { token = '' } = useParams()
  const { signIn } = useSession()
  const navigate = useNavigate()
  const path = `/api/v1/invitations/${encodeURIComponent(token)}`
  const invitation = useApi<OpenInvitation>(`invitation:${token}`, () => request('GET', path))
  const [name, setName] = useState('')
  const [password, setPassword] = useState('')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)

  const submit = async (e: FormEvent) => {
    e.preventDefault()
    setBusy(true)
    setError(null)
    try {
      const me = await request<Me>('POST', `${path}/accept`, {
        ...(invitation.data?.existingUser ? {} : { name }),
        password,
        language: i18n.language,
      })
      signIn(me)
      // The workspace of the invitation (by name: the link does not carry its id), else the newest one.
      const joined =
        me.workspaces.find((w) => w.name === invitation.data?.workspaceName) ?? me.workspaces.at(-1)
      navigate(joined ? `/w/${joined.id}/customers` : '/', { replace: true })
    } catch (err) {
      setError(formErrorText(err, t))
      setBusy(false)
    }
  }

  const data = invitation.data
  return (
    <AuthLayout title={data ? t('invite.title', { workspace: data.workspaceName }) : t('invite.heading')}>
      {invitation.error && (
        <p className="notice notice-error" role="alert" data-testid="invite-invalid">
          {(invitation.error as ApiError).status === 404
            ? t('invite.invalid')
            : formErrorText(invitation.error, t)}
        </p>
      )}
      {!data && !invitation.error && <p className="muted">{t('app.loading')}</p>}
      {data && (
        <form className="form" onSubmit={(e) => void submit(e)} data-testid="invite-accept-form">
          <p>{t('invite.intro', { email: data.email, role: t(`settings.roles.${data.role}`) })}</p>
          {data.existingUser ? (
            <p className="muted">{t('invite.existingHint')}</p>
          ) : (
            <Field label={t('invite.name')}>
              <input
                className="input"
                value={name}
                onChange={(e) => setName(e.target.value)}
                required
                maxLength={200}
                autoComplete="name"
                data-testid="invite-name"
              />
            </Field>
          )}
          <Field label={t('invite.password')} hint={data.existingUser ? undefined : t('setup.passwordHint')}>
            <input
              className="input"
              type="password"
              value={password}
              onChange={(e) => setPassword(e.target.value)}
              required
              autoComplete={data.existingUser ? 'current-password' : 'new-password'}
              data-testid="invite-password"
            />
          </Field>
          {error && (
            <p className="notice notice-error" role="alert" data-testid="invite-accept-error">
              {error}
            </p>
          )}
          <button type="submit" className="button button-primary" disabled={busy} data-testid="invite-accept">
            {busy ? t('invite.accepting') : t('invite.accept')}
          </button>
        </form>
      )}
    </AuthLayout>
  )
}
