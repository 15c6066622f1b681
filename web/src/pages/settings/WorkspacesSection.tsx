import { type FormEvent, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Link, useNavigate } from 'react-router'
import { api } from '../../api.js'
import { Field } from '../../components/Field.js'
import { useMe, useSession } from '../../session.js'
import type { SectionProps } from './SettingsPage.js'
import { settingsApi } from './settings-api.js'
import { ActionError, useAction } from './use-action.js'

/** The user's workspaces, to switch to, and a new one. */
export function WorkspacesSection({ workspaceId }: SectionProps) {
  const { t } = useTranslation()
  const me = useMe()
  const { signIn } = useSession()
  const navigate = useNavigate()
  const [name, setName] = useState('')
  const action = useAction()
  const submit = async (e: FormEvent) => {
    e.preventDefault()
    await action.run(async () => {
      const created = await settingsApi.createWorkspace(name.trim())
      signIn(await api.getMe())
      navigate(`/w/${created.id}/settings/workspace`)
    })
  }
  return (
    <>
      <div className="card">
        <h2 className="card-title">{t('settings.workspaces.yours')}</h2>
        <ul data-testid="workspace-list">
          {me.workspaces.map((w) => (
            <li key={w.id}>
              {w.id === workspaceId ? (
                <strong>
                  {w.name} <span className="muted">({t('settings.workspaces.current')})</span>
                </strong>
              ) : (
                <Link to={`/w/${w.id}/customers`}>{w.name}</Link>
              )}{' '}
              <span className="muted">{t(`settings.roles.${w.role}`)}</span>
            </li>
          ))}
        </ul>
      </div>
      <form className="card form" onSubmit={(e) => void submit(e)}>
        <h2 className="card-title">{t('settings.workspaces.create')}</h2>
        <p className="muted">{t('settings.workspaces.createHint')}</p>
        <div className="settings-form">
          <Field label={t('settings.workspaces.newName')}>
            <input
              className="input"
              value={name}
              onChange={(e) => setName(e.target.value)}
              required
              maxLength={200}
              data-testid="new-workspace-name"
            />
          </Field>
          <button
            type="submit"
            className="button button-primary"
            disabled={action.busy}
            data-testid="new-workspace-submit"
          >
            {t('settings.workspaces.create')}
          </button>
        </div>
        <ActionError error={action.error} />
      </form>
    </>
  )
}
