import { type FormEvent, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Field } from '../../../components/Field.js'
import type { NewProgram, ProgramChanges, WidgetOn } from './delivery-api.js'

/** "tier=gold, city=Kyiv" → { tier: 'gold', city: 'Kyiv' } */
export function parseAttributes(text: string): Record<string, string> {
  const out: Record<string, string> = {}
  for (const part of text.split(',')) {
    const [key, ...rest] = part.split('=')
    if (key?.trim() && rest.length > 0) out[key.trim()] = rest.join('=').trim()
  }
  return out
}

export interface ProgramFormProps {
  surveys: { id: string; name: string }[]
  orgUnits: { id: string; name: string }[]
  initial?: ProgramChanges
  submitLabel: string
  onSubmit(program: NewProgram): Promise<void>
}

/** The fields of a survey program: trigger, audience, timing, sampling and fatigue overrides. */
export function ProgramForm({ surveys, orgUnits, initial, submitLabel, onSubmit }: ProgramFormProps) {
  const { t } = useTranslation()
  const [name, setName] = useState(initial?.name ?? '')
  const [surveyId, setSurveyId] = useState(initial?.surveyId ?? surveys[0]?.id ?? '')
  const [channel, setChannel] = useState<'email' | 'widget'>(initial?.channel ?? 'email')
  const [triggerEvent, setTriggerEvent] = useState(initial?.triggerEvent ?? 'order_delivered')
  const [on, setOn] = useState<WidgetOn>(initial?.widget?.on ?? 'page_view')
  const [widgetEvent, setWidgetEvent] = useState(initial?.widget?.event ?? '')
  const [widgetDelay, setWidgetDelay] = useState(initial?.widget?.delaySeconds ?? 10)
  const [delayMinutes, setDelayMinutes] = useState(initial?.delayMinutes ?? 0)
  const [samplePercent, setSamplePercent] = useState(initial?.samplePercent ?? 100)
  const [attributes, setAttributes] = useState(
    Object.entries(initial?.audience?.attributes ?? {})
      .map(([k, v]) => `${k}=${v}`)
      .join(', '),
  )
  const [orgUnitId, setOrgUnitId] = useState(initial?.audience?.orgUnitId ?? '')
  const [engagementMin, setEngagementMin] = useState(initial?.audience?.engagement?.min?.toString() ?? '')
  const [engagementMax, setEngagementMax] = useState(initial?.audience?.engagement?.max?.toString() ?? '')
  const [respectQuietHours, setRespectQuietHours] = useState(initial?.respectQuietHours ?? true)
  const [expiresAfterHours, setExpiresAfterHours] = useState(initial?.expiresAfterHours ?? 168)
  const [reminders, setReminders] = useState(initial?.reminders ?? 2)
  const [quarantineDays, setQuarantineDays] = useState(initial?.quarantineDays?.toString() ?? '')
  const [maxPer90Days, setMaxPer90Days] = useState(initial?.maxPer90Days?.toString() ?? '')
  const [busy, setBusy] = useState(false)

  const submit = async (e: FormEvent) => {
    e.preventDefault()
    setBusy(true)
    try {
      await onSubmit({
        name,
        surveyId,
        channel,
        triggerEvent: channel === 'email' ? triggerEvent : null,
        widget: {
          on,
          ...(on === 'event' ? { event: widgetEvent } : {}),
          ...(on === 'delay' ? { delaySeconds: widgetDelay } : {}),
        },
        delayMinutes,
        samplePercent,
        audience: {
          // What the form does not show (a segment set through the API) is kept as it was.
          ...initial?.audience,
          attributes: parseAttributes(attributes),
          orgUnitId: orgUnitId || undefined,
          engagement: engagementBounds(engagementMin, engagementMax),
        },
        respectQuietHours,
        expiresAfterHours,
        reminders,
        quarantineDays: quarantineDays === '' ? null : Number(quarantineDays),
        maxPer90Days: maxPer90Days === '' ? null : Number(maxPer90Days),
      })
    } finally {
      setBusy(false)
    }
  }
  return (
    <form className="form" onSubmit={submit} data-testid="program-form">
      <Field label={t('surveyDelivery.program.name')}>
        <input
          className="input"
          required
          value={name}
          onChange={(e) => setName(e.target.value)}
          data-testid="program-name"
        />
      </Field>
      <Field label={t('surveyDelivery.program.survey')}>
        <select
          className="select"
          value={surveyId}
          onChange={(e) => setSurveyId(e.target.value)}
          data-testid="program-survey"
        >
          {surveys.map((s) => (
            <option key={s.id} value={s.id}>
              {s.name}
            </option>
          ))}
        </select>
      </Field>
      <Field label={t('surveyDelivery.program.channel')}>
        <select
          className="select"
          value={channel}
          onChange={(e) => setChannel(e.target.value as 'email' | 'widget')}
          data-testid="program-channel"
        >
          <option value="email">{t('surveyDelivery.channels.email')}</option>
          <option value="widget">{t('surveyDelivery.channels.widget')}</option>
        </select>
      </Field>
      {channel === 'email' ? (
        <>
          <Field
            label={t('surveyDelivery.program.triggerEvent')}
            hint={t('surveyDelivery.program.triggerHint')}
          >
            <input
              className="input mono"
              required
              value={triggerEvent}
              onChange={(e) => setTriggerEvent(e.target.value)}
              data-testid="program-trigger"
            />
          </Field>
          <NumberField
            label={t('surveyDelivery.program.delayMinutes')}
            value={delayMinutes}
            set={setDelayMinutes}
            min={0}
            max={525_600}
            testId="program-delay"
          />
          <NumberField
            label={t('surveyDelivery.program.reminders')}
            value={reminders}
            set={setReminders}
            min={0}
            max={2}
            testId="program-reminders"
          />
          <label className="checkbox-label">
            <input
              className="checkbox"
              type="checkbox"
              checked={respectQuietHours}
              onChange={(e) => setRespectQuietHours(e.target.checked)}
            />
            {t('surveyDelivery.program.respectQuietHours')}
          </label>
        </>
      ) : (
        <>
          <Field label={t('surveyDelivery.program.widgetOn')}>
            <select className="select" value={on} onChange={(e) => setOn(e.target.value as WidgetOn)}>
              {(['page_view', 'event', 'delay', 'exit_intent'] as const).map((o) => (
                <option key={o} value={o}>
                  {t(`surveyDelivery.widgetOn.${o}`)}
                </option>
              ))}
            </select>
          </Field>
          {on === 'event' && (
            <Field label={t('surveyDelivery.program.widgetEvent')}>
              <input
                className="input mono"
                required
                value={widgetEvent}
                onChange={(e) => setWidgetEvent(e.target.value)}
              />
            </Field>
          )}
          {on === 'delay' && (
            <NumberField
              label={t('surveyDelivery.program.widgetDelay')}
              value={widgetDelay}
              set={setWidgetDelay}
              min={0}
              max={3600}
              testId="program-widget-delay"
            />
          )}
        </>
      )}
      <Field label={t('surveyDelivery.program.attributes')}>
        <input
          className="input mono"
          placeholder="tier=gold, city=Kyiv"
          value={attributes}
          onChange={(e) => setAttributes(e.target.value)}
        />
      </Field>
      <Field label={t('surveyDelivery.program.orgUnit')}>
        <select className="select" value={orgUnitId} onChange={(e) => setOrgUnitId(e.target.value)}>
          <option value="">{t('surveyDelivery.program.allUnits')}</option>
          {orgUnits.map((u) => (
            <option key={u.id} value={u.id}>
              {u.name}
            </option>
          ))}
        </select>
      </Field>
      <OptionalNumberField
        label={t('surveyDelivery.program.engagementMin')}
        hint={t('surveyDelivery.program.engagementHint')}
        value={engagementMin}
        set={setEngagementMin}
        testId="program-engagement-min"
      />
      <OptionalNumberField
        label={t('surveyDelivery.program.engagementMax')}
        hint={t('surveyDelivery.program.engagementHint')}
        value={engagementMax}
        set={setEngagementMax}
        testId="program-engagement-max"
      />
      <NumberField
        label={t('surveyDelivery.program.samplePercent')}
        value={samplePercent}
        set={setSamplePercent}
        min={0}
        max={100}
        testId="program-sample"
      />
      <NumberField
        label={t('surveyDelivery.program.expiresAfterHours')}
        value={expiresAfterHours}
        set={setExpiresAfterHours}
        min={1}
        max={8760}
        testId="program-expiry"
      />
      <Field label={t('surveyDelivery.program.quarantineDays')}>
        <input
          className="input"
          type="number"
          min={0}
          max={365}
          placeholder={t('surveyDelivery.program.workspaceDefault')}
          value={quarantineDays}
          onChange={(e) => setQuarantineDays(e.target.value)}
        />
      </Field>
      <Field label={t('surveyDelivery.program.maxPer90Days')}>
        <input
          className="input"
          type="number"
          min={1}
          max={90}
          placeholder={t('surveyDelivery.program.workspaceDefault')}
          value={maxPer90Days}
          onChange={(e) => setMaxPer90Days(e.target.value)}
        />
      </Field>
      <button
        className="button button-primary"
        type="submit"
        disabled={busy || !surveyId}
        data-testid="program-save"
      >
        {submitLabel}
      </button>
    </form>
  )
}

/** The audience's engagement bounds from the two boxes; undefined when both are empty. */
export function engagementBounds(min: string, max: string): { min?: number; max?: number } | undefined {
  if (min === '' && max === '') return undefined
  return { ...(min === '' ? {} : { min: Number(min) }), ...(max === '' ? {} : { max: Number(max) }) }
}

function OptionalNumberField(props: {
  label: string
  hint: string
  value: string
  set(value: string): void
  testId: string
}) {
  return (
    <Field label={props.label} hint={props.hint}>
      <input
        className="input"
        type="number"
        min={0}
        max={100}
        step={1}
        value={props.value}
        data-testid={props.testId}
        onChange={(e) => props.set(e.target.value)}
      />
    </Field>
  )
}

function NumberField(props: {
  label: string
  value: number
  set(n: number): void
  min: number
  max: number
  testId: string
}) {
  return (
    <Field label={props.label}>
      <input
        className="input"
        type="number"
        min={props.min}
        max={props.max}
        value={props.value}
        data-testid={props.testId}
        onChange={(e) => props.set(Number(e.target.value))}
      />
    </Field>
  )
}
