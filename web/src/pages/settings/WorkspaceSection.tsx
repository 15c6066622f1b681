import { type FormEvent, useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { api } from '../../api.js'
import { ErrorNotice } from '../../components/ErrorNotice.js'
import { Field } from '../../components/Field.js'
import { languages } from '../../i18n/index.js'
import { useSession } from '../../session.js'
import { useApi } from '../../use-api.js'
import type { SectionProps } from './SettingsPage.js'
import { settingsApi, type WorkspaceSettings } from './settings-api.js'
import { ActionError, useAction } from './use-action.js'

const timeZones = (): string[] => {
  const intl = Intl as unknown as { supportedValuesOf?: (key: string) => string[] }
  return intl.supportedValuesOf?.('timeZone') ?? ['UTC']
}

/** Name, time zone, main currency, default language and survey languages. */
export function WorkspaceSection({ workspaceId, wholeWorkspace }: SectionProps) {
  const { t } = useTranslation()
  const { signIn } = useSession()
  const loaded = useApi(`settings:${workspaceId}`, () => settingsApi.getSettings(workspaceId))
  const [form, setForm] = useState<WorkspaceSettings | null>(null)
  const [saved, setSaved] = useState(false)
  const action = useAction()
  useEffect(() => {
    if (loaded.data) setForm(loaded.data)
  }, [loaded.data])
  if (loaded.error) return <ErrorNotice error={loaded.error} onRetry={loaded.reload} />
  if (!form) return <div className="muted">{t('app.loading')}</div>

  const set = <K extends keyof WorkspaceSettings>(key: K, value: WorkspaceSettings[K]) => {
    setSaved(false)
    setForm({ ...form, [key]: value })
  }
  const toggleLanguage = (code: WorkspaceSettings['defaultLanguage'], on: boolean) =>
    set(
      'surveyLanguages',
      on ? [...form.surveyLanguages, code] : form.surveyLanguages.filter((l) => l !== code),
    )

  const submit = async (e: FormEvent) => {
    e.preventDefault()
    const ok = await action.run(async () => {
      const next = await settingsApi.saveSettings(workspaceId, {
        name: form.name,
        timeZone: form.timeZone,
        currency: form.currency,
        defaultLanguage: form.defaultLanguage,
        surveyLanguages: form.surveyLanguages,
      })
      setForm(next)
      // The new name shows in the workspace switcher at once.
      signIn(await api.getMe())
    })
    setSaved(ok)
  }

  return (
    <form className="card form" onSubmit={(e) => void submit(e)} data-testid="workspace-settings">
      <h2 className="card-title">{t('settings.sections.workspace')}</h2>
      {!wholeWorkspace && <p className="muted">{t('settings.wholeWorkspaceOnly')}</p>}
      <fieldset className="settings-form" disabled={!wholeWorkspace || action.busy}>
        <Field label={t('settings.workspace.name')}>
          <input
            className="input"
            value={form.name}
            onChange={(e) => set('name', e.target.value)}
            required
            maxLength={200}
          />
        </Field>
        <Field label={t('settings.workspace.timeZone')} hint={t('settings.workspace.timeZoneHint')}>
          <input
            className="input"
            list="time-zones"
            value={form.timeZone}
            onChange={(e) => set('timeZone', e.target.value)}
            required
          />
        </Field>
        <datalist id="time-zones">
          {timeZones().map((z) => (
            <option key={z} value={z} />
          ))}
        </datalist>
        <Field label={t('settings.workspace.currency')} hint={t('settings.workspace.currencyHint')}>
          <input
            className="input"
            value={form.currency}
            onChange={(e) => set('currency', e.target.value.toUpperCase())}
            pattern="[A-Za-z]{3}"
            maxLength={3}
            required
          />
        </Field>
        <Field label={t('settings.workspace.defaultLanguage')}>
          <select
            className="select"
            value={form.defaultLanguage}
            onChange={(e) => {
              const code = e.target.value as WorkspaceSettings['defaultLanguage']
              setSaved(false)
              setForm({
                ...form,
                defaultLanguage: code,
                surveyLanguages: form.surveyLanguages.includes(code)
                  ? form.surveyLanguages
                  : [code, ...form.surveyLanguages],
              })
            }}
          >
            {languages.map((l) => (
              <option key={l.code} value={l.code}>
                {l.name}
              </option>
            ))}
          </select>
        </Field>
      </fieldset>
      <fieldset className="checkbox-row" disabled={!wholeWorkspace || action.busy}>
        <legend className="field-label">{t('settings.workspace.surveyLanguages')}</legend>
        {languages.map((l) => (
          <label key={l.code} className="checkbox-label">
            <input
              type="checkbox"
              className="checkbox"
              checked={form.surveyLanguages.includes(l.code)}
              disabled={l.code === form.defaultLanguage}
              onChange={(e) => toggleLanguage(l.code, e.target.checked)}
            />
            {l.name}
          </label>
        ))}
      </fieldset>
      <ActionError error={action.error} testId="workspace-settings-error" />
      <div className="settings-actions">
        <button type="submit" className="button button-primary" disabled={!wholeWorkspace || action.busy}>
          {action.busy ? t('settings.saving') : t('settings.save')}
        </button>
        {saved && (
          <span className="muted" role="status">
            {t('settings.saved')}
          </span>
        )}
      </div>
    </form>
  )
}
