import { type FormEvent, useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Link, useNavigate, useParams } from 'react-router'
import { type ApiError, request } from '../../../api.js'
import type { OrgUnit } from '../../../api-types.js'
import { ErrorNotice } from '../../../components/ErrorNotice.js'
import { Field } from '../../../components/Field.js'
import { useClientSort } from '../../../components/SortableTh.js'
import { useApi } from '../../../use-api.js'
import { useFormat } from '../../../use-format.js'
import { surveysApi } from '../surveys-api.js'
import { toApiError } from '../to-api-error.js'
import { type DeliverySettings, deliveryApi } from './delivery-api.js'
import { ProgramForm } from './ProgramForm.js'

export const orgUnitsOf = (workspaceId: string) =>
  request<{ items: OrgUnit[] }>('GET', `/api/v1/workspaces/${encodeURIComponent(workspaceId)}/org-units`)

/** Distribution: the workspace's fatigue rules, its survey programs, and the website widget snippet. */
export function DistributionPage() {
  const { t } = useTranslation()
  const f = useFormat()
  const { workspaceId = '' } = useParams()
  const navigate = useNavigate()
  const settings = useApi(`delivery-settings:${workspaceId}`, () => deliveryApi.settings(workspaceId))
  const programs = useApi(`programs:${workspaceId}`, () => deliveryApi.programs(workspaceId))
  const surveys = useApi(`surveys-all:${workspaceId}`, () => surveysApi.all(workspaceId))
  const units = useApi(`org-units:${workspaceId}`, () => orgUnitsOf(workspaceId))
  const widget = useApi(`widget:${workspaceId}`, () => deliveryApi.widget(workspaceId))
  const [creating, setCreating] = useState(false)
  const [error, setError] = useState<ApiError | null>(null)
  const surveyName = (id: string) => surveys.data?.items.find((s) => s.id === id)?.name ?? '—'
  const { sorted, th } = useClientSort(programs.data?.items ?? [], {
    name: { value: (p) => p.name },
    survey: { value: (p) => surveyName(p.surveyId) },
    channel: { value: (p) => t(`surveyDelivery.channels.${p.channel}`) },
    trigger: { value: (p) => (p.channel === 'email' ? p.triggerEvent : p.widget.on) },
    samplePercent: { value: (p) => p.samplePercent, firstDir: 'desc' },
    enabled: { value: (p) => (p.enabled ? 0 : 1) },
  })

  return (
    <div className="page">
      <Link className="back-link" to={`/w/${workspaceId}/surveys`}>
        ← {t('surveyDelivery.backToSurveys')}
      </Link>
      <div className="page-header">
        <h1 className="page-title">{t('surveyDelivery.title')}</h1>
        <div className="page-header-spacer" />
        <button
          className="button button-primary"
          type="button"
          onClick={() => setCreating(!creating)}
          data-testid="program-new"
        >
          {t('surveyDelivery.newProgram')}
        </button>
      </div>
      {error && <ErrorNotice error={error} />}
      {creating && surveys.data && (
        <section className="card">
          <h2 className="card-title">{t('surveyDelivery.newProgram')}</h2>
          <ProgramForm
            surveys={surveys.data.items}
            orgUnits={units.data?.items ?? []}
            submitLabel={t('surveyDelivery.create')}
            onSubmit={async (p) => {
              try {
                const created = await deliveryApi.createProgram(workspaceId, p)
                navigate(`/w/${workspaceId}/surveys/programs/${created.id}`)
              } catch (e) {
                setError(toApiError(e))
              }
            }}
          />
        </section>
      )}
      <section className="card table-card">
        <h2 className="card-title">{t('surveyDelivery.programs')}</h2>
        {programs.error && <ErrorNotice error={programs.error} onRetry={programs.reload} />}
        {programs.data && programs.data.items.length === 0 && (
          <p className="muted">{t('surveyDelivery.noPrograms')}</p>
        )}
        {programs.data && programs.data.items.length > 0 && (
          <table className="table" data-testid="programs-table">
            <thead>
              <tr>
                {th('name', t('surveyDelivery.program.name'))}
                {th('survey', t('surveyDelivery.program.survey'))}
                {th('channel', t('surveyDelivery.program.channel'))}
                {th('trigger', t('surveyDelivery.program.trigger'))}
                {th('samplePercent', t('surveyDelivery.program.samplePercent'), true)}
                {th('enabled', t('surveyDelivery.program.enabled'))}
              </tr>
            </thead>
            <tbody>
              {sorted.map((p) => (
                <tr key={p.id} data-testid="program-row">
                  <td>
                    <Link to={`/w/${workspaceId}/surveys/programs/${p.id}`}>{p.name}</Link>
                  </td>
                  <td>{surveyName(p.surveyId)}</td>
                  <td>{t(`surveyDelivery.channels.${p.channel}`)}</td>
                  <td className="mono">
                    {p.channel === 'email'
                      ? `${p.triggerEvent} + ${f.duration(p.delayMinutes * 60)}`
                      : t(`surveyDelivery.widgetOn.${p.widget.on}`)}
                  </td>
                  <td className="num">{f.percent(p.samplePercent / 100, 0)}</td>
                  <td>{p.enabled ? t('surveyDelivery.yes') : t('surveyDelivery.no')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      {settings.data && (
        <SettingsCard workspaceId={workspaceId} initial={settings.data} onSaved={settings.reload} />
      )}
      {widget.data && (
        <section className="card" data-testid="widget-card">
          <h2 className="card-title">{t('surveyDelivery.widget.title')}</h2>
          <p className="small">{t('surveyDelivery.widget.help')}</p>
          <pre className="mono small" style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-all' }}>
            {widget.data.snippet}
          </pre>
          <p className="small">{t('surveyDelivery.widget.token')}</p>
          <pre className="mono small" style={{ whiteSpace: 'pre-wrap' }}>
            {
              'token = expiry + "." + base64url(HMAC_SHA256(secret, "widget:" + workspaceId + ":" + customerId + ":" + expiry))'
            }
          </pre>
          {widget.data.secret && (
            <p className="small">
              {t('surveyDelivery.widget.secret')}: <code className="mono">{widget.data.secret}</code>
            </p>
          )}
        </section>
      )}
    </div>
  )
}

function SettingsCard({
  workspaceId,
  initial,
  onSaved,
}: {
  workspaceId: string
  initial: DeliverySettings
  onSaved(): void
}) {
  const { t } = useTranslation()
  const [s, setS] = useState(initial)
  const [error, setError] = useState<ApiError | null>(null)
  const [saved, setSaved] = useState(false)
  useEffect(() => setS(initial), [initial])
  const submit = async (e: FormEvent) => {
    e.preventDefault()
    setError(null)
    try {
      await deliveryApi.saveSettings(workspaceId, s)
      setSaved(true)
      onSaved()
    } catch (err) {
      setError(toApiError(err))
    }
  }
  const field = (key: keyof DeliverySettings, min: number, max: number) => (
    <Field label={t(`surveyDelivery.settings.${key}`)}>
      <input
        className="input"
        type="number"
        min={min}
        max={max}
        value={s[key]}
        data-testid={`settings-${key}`}
        onChange={(e) => {
          setSaved(false)
          setS({ ...s, [key]: Number(e.target.value) })
        }}
      />
    </Field>
  )
  return (
    <section className="card">
      <h2 className="card-title">{t('surveyDelivery.settings.title')}</h2>
      <p className="small muted">{t('surveyDelivery.settings.help')}</p>
      <form className="form" onSubmit={submit} data-testid="settings-form">
        {field('quarantineDays', 0, 365)}
        {field('maxPer90Days', 1, 90)}
        {field('quietStart', 0, 23)}
        {field('quietEnd', 0, 23)}
        <Field label={t('surveyDelivery.settings.timezone')}>
          <input
            className="input mono"
            value={s.timezone}
            onChange={(e) => {
              setSaved(false)
              setS({ ...s, timezone: e.target.value })
            }}
          />
        </Field>
        {error && <ErrorNotice error={error} />}
        <button className="button button-primary" type="submit" data-testid="settings-save">
          {saved ? t('surveyDelivery.saved') : t('surveyDelivery.save')}
        </button>
      </form>
    </section>
  )
}
