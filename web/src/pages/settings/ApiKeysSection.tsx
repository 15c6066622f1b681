import { type FormEvent, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { ErrorNotice } from '../../components/ErrorNotice.js'
import { Field } from '../../components/Field.js'
import { useClientSort } from '../../components/SortableTh.js'
import { useApi } from '../../use-api.js'
import { useFormat } from '../../use-format.js'
import { CopyButton } from './CopyButton.js'
import type { SectionProps } from './SettingsPage.js'
import { type ApiKey, type CreatedApiKey, settingsApi } from './settings-api.js'
import { ActionError, useAction } from './use-action.js'

const scopes: ApiKey['scopes'] = ['read', 'write', 'ingest']

/** API keys: create (the secret shown once), list with last use, revoke. */
export function ApiKeysSection({ workspaceId, wholeWorkspace }: SectionProps) {
  const { t } = useTranslation()
  const f = useFormat()
  const keys = useApi(`api-keys:${workspaceId}`, () =>
    wholeWorkspace ? settingsApi.apiKeys(workspaceId) : Promise.resolve([]),
  )
  const [name, setName] = useState('')
  const [chosen, setChosen] = useState<ApiKey['scopes']>(['ingest'])
  const [created, setCreated] = useState<CreatedApiKey | null>(null)
  const action = useAction()
  const { sorted, th } = useClientSort(keys.data ?? [], {
    name: { value: (k) => k.name },
    prefix: { value: (k) => k.prefix },
    created: { value: (k) => k.createdAt, firstDir: 'desc' },
    lastUsed: { value: (k) => k.lastUsedAt, firstDir: 'desc' },
  })
  if (!wholeWorkspace) return <p className="card muted">{t('settings.wholeWorkspaceOnly')}</p>

  const submit = async (e: FormEvent) => {
    e.preventDefault()
    if (chosen.length === 0) return action.setError(t('settings.apiKeys.pickScope'))
    await action.run(async () => {
      setCreated(await settingsApi.createApiKey(workspaceId, { name: name.trim(), scopes: chosen }))
      setName('')
      keys.reload()
    })
  }
  const revoke = (key: ApiKey) => {
    if (!window.confirm(t('settings.apiKeys.confirmRevoke', { name: key.name }))) return
    void action.run(async () => {
      await settingsApi.revokeApiKey(workspaceId, key.id)
      keys.reload()
    })
  }

  return (
    <>
      <form className="card form" onSubmit={(e) => void submit(e)} data-testid="api-key-form">
        <h2 className="card-title">{t('settings.apiKeys.create')}</h2>
        <div className="settings-form">
          <Field label={t('settings.apiKeys.name')}>
            <input
              className="input"
              value={name}
              onChange={(e) => setName(e.target.value)}
              required
              maxLength={200}
              data-testid="api-key-name"
            />
          </Field>
          <fieldset className="checkbox-row">
            <legend className="field-label">{t('settings.apiKeys.scopes')}</legend>
            {scopes.map((s) => (
              <label key={s} className="checkbox-label">
                <input
                  type="checkbox"
                  className="checkbox"
                  checked={chosen.includes(s)}
                  onChange={(e) =>
                    setChosen(e.target.checked ? [...chosen, s] : chosen.filter((c) => c !== s))
                  }
                />
                {t(`settings.apiKeys.scope.${s}`)}
              </label>
            ))}
          </fieldset>
          <button
            type="submit"
            className="button button-primary"
            disabled={action.busy}
            data-testid="api-key-create"
          >
            {t('settings.apiKeys.create')}
          </button>
        </div>
        <ActionError error={action.error} />
        {created && (
          <div className="secret-box" role="status" data-testid="api-key-secret-box">
            <p>{t('settings.apiKeys.secretOnce')}</p>
            <code data-testid="api-key-secret">{created.secret}</code>
            <CopyButton text={created.secret} />
          </div>
        )}
      </form>
      <div className="card table-card">
        {keys.error && <ErrorNotice error={keys.error} onRetry={keys.reload} />}
        <div className="table-scroll">
          <table className="table" data-testid="api-keys">
            <thead>
              <tr>
                {th('name', t('settings.apiKeys.name'))}
                {th('prefix', t('settings.apiKeys.prefix'))}
                <th scope="col">{t('settings.apiKeys.scopes')}</th>
                {th('created', t('settings.apiKeys.created'))}
                {th('lastUsed', t('settings.apiKeys.lastUsed'))}
                <th scope="col">
                  <span className="visually-hidden">{t('settings.people.actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {sorted.map((k) => (
                <tr key={k.id} data-testid="api-key-row">
                  <td>{k.name}</td>
                  <td className="mono">{k.prefix}…</td>
                  <td>{k.scopes.map((s) => t(`settings.apiKeys.scope.${s}`)).join(', ')}</td>
                  <td>{f.dateTime(k.createdAt)}</td>
                  <td>{k.lastUsedAt ? f.dateTime(k.lastUsedAt) : t('settings.never')}</td>
                  <td>
                    {k.revokedAt ? (
                      <span className="badge" data-testid="api-key-revoked">
                        {t('settings.apiKeys.revoked')}
                      </span>
                    ) : (
                      <button
                        type="button"
                        className="button button-secondary"
                        onClick={() => revoke(k)}
                        data-testid="api-key-revoke"
                      >
                        {t('settings.apiKeys.revoke')}
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        {keys.data?.length === 0 && <p className="muted empty-state">{t('settings.apiKeys.empty')}</p>}
      </div>
    </>
  )
}
