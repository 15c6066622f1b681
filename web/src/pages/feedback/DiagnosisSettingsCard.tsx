import { type FormEvent, useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { ApiError } from '../../api.js'
import { ErrorNotice } from '../../components/ErrorNotice.js'
import { Field } from '../../components/Field.js'
import { useMe } from '../../session.js'
import { useApi } from '../../use-api.js'
import { type DiagnosisSettings, diagnosisApi } from './diagnosis-api.js'

const numberFields = [
  ['npsHighMin', 0, 10, 1],
  ['npsLowMax', 0, 10, 1],
  ['commitmentHighMin', 1, 7, 0.05],
  ['commitmentLowMax', 1, 7, 0.05],
  ['patronageFMin', 1, 5, 1],
  ['patronageRMin', 1, 5, 1],
] as const

type Draft = Record<(typeof numberFields)[number][0], string> & { mediumAttitude: 'low' | 'high' }

const draftOf = (s: DiagnosisSettings): Draft => ({
  npsHighMin: String(s.npsHighMin),
  npsLowMax: String(s.npsLowMax),
  commitmentHighMin: String(s.commitmentHighMin),
  commitmentLowMax: String(s.commitmentLowMax),
  patronageFMin: String(s.patronageFMin),
  patronageRMin: String(s.patronageRMin),
  mediumAttitude: s.mediumAttitude,
})

/** The diagnosis thresholds: read by everyone, changed by a manager of the whole workspace; they apply at once. */
export function DiagnosisSettingsCard({
  workspaceId,
  onSaved,
}: {
  workspaceId: string
  onSaved: () => void
}) {
  const { t } = useTranslation()
  const me = useMe()
  const membership = me.workspaces.find((w) => w.id === workspaceId)
  const canEdit =
    (membership?.role === 'owner' || membership?.role === 'admin') && membership.orgUnitId === null
  const settings = useApi(`diagnosis-settings:${workspaceId}`, () => diagnosisApi.settings(workspaceId))
  const [draft, setDraft] = useState<Draft | undefined>()
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<ApiError | undefined>()
  const [saved, setSaved] = useState(false)
  useEffect(() => {
    if (settings.data) setDraft(draftOf(settings.data))
  }, [settings.data])

  async function submit(e: FormEvent) {
    e.preventDefault()
    if (!draft) return
    setBusy(true)
    setSaved(false)
    setError(undefined)
    try {
      const { mediumAttitude, ...numbers } = draft
      const body = Object.fromEntries(Object.entries(numbers).map(([k, v]) => [k, Number(v)]))
      setDraft(draftOf(await diagnosisApi.saveSettings(workspaceId, { ...body, mediumAttitude })))
      setSaved(true)
      onSaved()
    } catch (err) {
      setError(err instanceof ApiError ? err : new ApiError(0, 'unexpected', String(err)))
    } finally {
      setBusy(false)
    }
  }

  return (
    <section className="card" aria-labelledby="diagnosis-settings-title">
      <h2 className="card-title" id="diagnosis-settings-title">
        {t('diagnosis.settings.title')}
      </h2>
      <p className="muted">{t('diagnosis.settings.hint')}</p>
      {settings.error && <ErrorNotice error={settings.error} onRetry={settings.reload} />}
      {draft && (
        <form className="diagnosis-settings" onSubmit={submit} data-testid="diagnosis-settings">
          <fieldset disabled={!canEdit || busy}>
            <div className="diagnosis-settings-grid">
              {numberFields.map(([key, min, max, step]) => (
                <Field key={key} label={t(`diagnosis.settings.${key}`)}>
                  <input
                    className="input"
                    type="number"
                    inputMode="decimal"
                    min={min}
                    max={max}
                    step={step}
                    value={draft[key]}
                    onChange={(e) => setDraft({ ...draft, [key]: e.target.value })}
                    data-testid={`diagnosis-setting-${key}`}
                  />
                </Field>
              ))}
              <Field label={t('diagnosis.settings.mediumAttitude')} hint={t('diagnosis.settings.mediumHint')}>
                <select
                  className="input"
                  value={draft.mediumAttitude}
                  onChange={(e) => setDraft({ ...draft, mediumAttitude: e.target.value as 'low' | 'high' })}
                  data-testid="diagnosis-setting-mediumAttitude"
                >
                  <option value="low">{t('diagnosis.levels.low')}</option>
                  <option value="high">{t('diagnosis.levels.high')}</option>
                </select>
              </Field>
            </div>
          </fieldset>
          {error && <ErrorNotice error={error} />}
          {canEdit ? (
            <div className="toolbar">
              <button type="submit" className="button" disabled={busy} data-testid="diagnosis-settings-save">
                {t('diagnosis.settings.save')}
              </button>
              {saved && (
                <span className="muted" role="status">
                  {t('diagnosis.settings.saved')}
                </span>
              )}
            </div>
          ) : (
            <p className="muted">{t('diagnosis.settings.readOnly')}</p>
          )}
        </form>
      )}
    </section>
  )
}
